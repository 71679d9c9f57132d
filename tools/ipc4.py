#!/usr/bin/env python3
"""IPC4 messages on the host side: the constants and encoders of audio/ipc4.h
(docs/ipc4.md), Python 3 standard library only.

    import ipc4
    pri, ext = ipc4.create_pipeline(ppl_id=0, prio=0)
    pri, ext = ipc4.init_instance(0x0202, 0, ppl_id=0, param_dwords=len(blob) // 4)
    r = ipc4.decode_reply(reply_pri, reply_ext)      # {'status': 0, 'status_name': ...}
    print(ipc4.describe(pri, ext))                   # "CREATE_PIPELINE ppl_id=0 ..."

A field is a (shift, width) pair, as in the C header: get(word, F_TYPE),
put(value, F_TYPE). Encoders mask every value to its field and return the
(primary, extension) pair; the firmware checks ranges. tools/test_ipc4.py
checks every constant here against audio/ipc4.h.

    ipc4.py describe PRIMARY [EXT]    decode two header words (hex or decimal)
"""

import enum
import struct
import sys


def get(word, field):
    """Bits [shift, shift + width) of word."""
    shift, width = field
    return (word >> shift) & ((1 << width) - 1)


def put(value, field):
    """value masked to the field's width and moved to its shift."""
    shift, width = field
    return (int(value) & ((1 << width) - 1)) << shift


# ---- every message ----------------------------------------------------------

F_TYPE = (24, 5)
F_STATUS = (0, 24)
RSP_BIT = 1 << 29
TGT_BIT = 1 << 30
PRI_HW_RSVD = 1 << 31
EXT_HW_RSVD = 3 << 30
PRI_TYPE_MASK = 0x1F << 24


class GlbType(enum.IntEnum):
    BOOT_CONFIG = 0
    ROM_CONTROL = 1
    IPCGATEWAY_CMD = 2
    PERF_MEASUREMENTS_CMD = 13
    CHAIN_DMA = 14
    LOAD_MULTIPLE_MODULES = 15
    UNLOAD_MULTIPLE_MODULES = 16
    CREATE_PIPELINE = 17
    DELETE_PIPELINE = 18
    SET_PIPELINE_STATE = 19
    GET_PIPELINE_STATE = 20
    GET_PIPELINE_CONTEXT_SIZE = 21
    SAVE_PIPELINE = 22
    RESTORE_PIPELINE = 23
    LOAD_LIBRARY = 24
    LOAD_LIBRARY_PREPARE = 25
    INTERNAL_MESSAGE = 26
    NOTIFICATION = 27
    ENTER_GDB = 31


class ModType(enum.IntEnum):
    INIT_INSTANCE = 0
    CONFIG_GET = 1
    CONFIG_SET = 2
    LARGE_CONFIG_GET = 3
    LARGE_CONFIG_SET = 4
    BIND = 5
    UNBIND = 6
    SET_DX = 7
    SET_D0IX = 8
    ENTER_MODULE_RESTORE = 9
    EXIT_MODULE_RESTORE = 10
    DELETE_INSTANCE = 11


class Status(enum.IntEnum):
    SUCCESS = 0
    ERROR_INVALID_PARAM = 1
    UNKNOWN_MESSAGE_TYPE = 2
    OUT_OF_MEMORY = 3
    BUSY = 4
    BAD_STATE = 5
    FAILURE = 6
    INVALID_REQUEST = 7
    INVALID_RESOURCE_ID = 9
    RESOURCE_ID_EXISTS = 10
    INVALID_RESOURCE_STATE = 12
    POWER_TRANSITION_FAILED = 13
    INVALID_MANIFEST = 14
    UNAVAILABLE = 15
    LOAD_ADDRESS_OUT_OF_RANGE = 42
    CSE_VALIDATION_FAILED = 44
    MOD_MGMT_ERROR = 100
    MOD_LOAD_CL_FAILED = 101
    MOD_LOAD_INVALID_HASH = 102
    MOD_INSTANCE_EXISTS = 103
    MOD_NOT_INITIALIZED = 104
    MOD_INVALID_ID = 110
    MOD_INST_INVALID_ID = 111
    QUEUE_INVALID_ID = 112
    QUEUE_DST_INVALID_ID = 113
    INVALID_CORE_ID = 116
    INVALID_CONFIG_PARAM_ID = 120
    INVALID_CONFIG_DATA_LEN = 121
    INVALID_CONFIG_DATA_STRUCT = 122
    PIPELINE_STATE_NOT_SET = 164


def status_name(status):
    """"INVALID_RESOURCE_ID" for 9, "?" for a number IPC4 does not name."""
    try:
        return Status(status).name
    except ValueError:
        return "?"


# ---- pipelines ----------------------------------------------------------------


class PplState(enum.IntEnum):
    INVALID = 0
    UNINITIALIZED = 1
    RESET = 2
    PAUSED = 3
    RUNNING = 4
    EOS = 5
    ERROR_STOP = 6
    SAVED = 7


PPL_PRIO_MAX = 7
F_PPL_ID = (16, 8)
F_CP_MEM_PAGES = (0, 11)
F_CP_PRIO = (11, 5)
F_CP_LP = (0, 1)
F_CP_ATTR = (4, 16)
F_CP_CORE = (20, 4)
CP_EXT_RSVD = 0x3F00000E
DP_PRI_RSVD = 0x0000FFFF
DP_EXT_RSVD = 0x3FFFFFFF
F_SPS_STATE = (0, 16)
F_SPS_MULTI = (0, 1)
F_SPS_SYNC = (1, 1)
SPS_EXT_RSVD = 0x3FFFFFFC
F_GPS_ID = (0, 8)
GPS_PRI_RSVD = 0x00FFFF00
GPS_EXT_RSVD = 0x3FFFFFFF
F_GPS_RPL_STATE = (0, 5)
F_LL_DMA = (0, 5)
F_LL_LIB = (16, 4)
LL_PRI_RSVD = 0x00F0FFE0
F_LL_OFFSET = (0, 30)

# ---- modules ------------------------------------------------------------------

F_MOD_ID = (0, 16)
F_MOD_INST = (16, 8)
F_II_PARAM_SIZE = (0, 16)
F_II_PPL = (16, 8)
F_II_CORE = (24, 4)
F_II_DOMAIN = (28, 1)
F_II_EXT_INIT = (29, 1)
F_LC_OFF_SIZE = (0, 20)
F_LC_PARAM = (20, 8)
F_LC_FINAL = (28, 1)
F_LC_INIT = (29, 1)
F_BIND_DST_MOD = (0, 16)
F_BIND_DST_INST = (16, 8)
F_BIND_DST_QUEUE = (24, 3)
F_BIND_SRC_QUEUE = (27, 3)
DI_EXT_RSVD = 0x3FFFFFFF

# Sotto's limits (ipc4_limits_default in audio/ipc4_decode.c).
MAX_PIPELINES = 32
LIMITS_DEFAULT = {"n_cores": 1, "max_payload": 4080, "max_pipelines": MAX_PIPELINES,
                  "max_instances": 16, "max_queues": 8, "max_blob": 4096}

# Module ids of the built-in module types (docs/modules.md).
MODULES = {"dai_out": 0x0101, "dai_in": 0x0102, "dai_copier": 0x0103, "host_copier": 0x0104,
           "tone": 0x0201, "volume": 0x0202, "mixer": 0x0203, "eq_iir": 0x0204,
           "copier": 0x0205, "src": 0x0206}

# ---- notifications --------------------------------------------------------------

F_NOTIF_TYPE = (16, 8)
F_NOTIF_LOW = (0, 16)


class NotifType(enum.IntEnum):
    PHRASE_DETECTED = 4
    RESOURCE_EVENT = 5
    LOG_BUFFER_STATUS = 6
    TIMESTAMP_CAPTURED = 7
    FW_READY = 8
    FW_AUD_CLASS_RESULT = 9
    EXCEPTION_CAUGHT = 10
    MODULE_NOTIFICATION = 12
    UAOL_EVENT = 13
    PROBE_DATA_AVAILABLE = 14
    WATCHDOG_TIMEOUT = 15
    MANAGEMENT_SERVICE = 16


class ResType(enum.IntEnum):
    MODULE_INSTANCE = 0
    PIPELINE = 1
    GATEWAY = 2
    EDF_TASK = 3


class ResEvent(enum.IntEnum):
    BUDGET_VIOLATION = 0
    MIXER_UNDERRUN = 1
    STREAM_DATA_SEGMENT = 2
    PROCESS_DATA_ERROR = 3
    STACK_OVERFLOW = 4
    BUFFERING_MODE_CHANGED = 5
    GATEWAY_UNDERRUN = 6
    GATEWAY_OVERRUN = 7
    EDF_DOMAIN_UNSTABLE = 8
    WATCHDOG = 9
    MODULE_FAULT = 0x8000  # the first of Sotto's own (VENDOR)
    VENDOR = 0x8000
    EVENTS_DROPPED = 0x8001
    MODULE_BYPASSED = 0x8002


# A resource event as Sotto sends it: the event in primary bits 0..15, the
# resource in the extension, data[0] and data[1] as the notification's 8 bytes.
F_RE_EVENT = (0, 16)
F_RE_RES_ID = (0, 24)
F_RE_RES_TYPE = (24, 4)
RE_DATA_WORDS = 2


# A module notification (a module's ipc_msg_send) as Sotto sends it: the module's event id
# in primary bits 0..15, the instance's resource id and the data size in the extension,
# the data (zero past its size) as the notification's 8 bytes.
F_MN_EVENT = (0, 16)
F_MN_RES_ID = (0, 24)
F_MN_SIZE = (24, 4)
MN_DATA_MAX = 8


def resource_id(module_id, instance_id):
    """A module instance's resource id: the low 24 bits of its module messages."""
    return put(module_id, F_MOD_ID) | put(instance_id, F_MOD_INST)


# ---- encoders --------------------------------------------------------------------


def glb_primary(msg_type):
    return put(msg_type, F_TYPE)


def mod_primary(msg_type, module_id, instance_id):
    return TGT_BIT | put(msg_type, F_TYPE) | resource_id(module_id, instance_id)


def create_pipeline(ppl_id, prio=0, mem_pages=0, core=0, lp=False, attributes=0):
    return (glb_primary(GlbType.CREATE_PIPELINE) | put(ppl_id, F_PPL_ID) |
            put(prio, F_CP_PRIO) | put(mem_pages, F_CP_MEM_PAGES),
            put(core, F_CP_CORE) | put(lp, F_CP_LP) | put(attributes, F_CP_ATTR))


def delete_pipeline(ppl_id):
    return glb_primary(GlbType.DELETE_PIPELINE) | put(ppl_id, F_PPL_ID), 0


def set_pipeline_state(ppl_id, state):
    return (glb_primary(GlbType.SET_PIPELINE_STATE) | put(ppl_id, F_PPL_ID) |
            put(state, F_SPS_STATE), 0)


def set_pipelines_state(state, sync=False):
    """Header of a multi-pipeline state change; the payload is ppl_list(ids)."""
    return (glb_primary(GlbType.SET_PIPELINE_STATE) | put(state, F_SPS_STATE),
            put(1, F_SPS_MULTI) | put(sync, F_SPS_SYNC))


def ppl_list(ids):
    """Payload of set_pipelines_state(): {count, id[count]}, little-endian words."""
    return struct.pack("<%dI" % (len(ids) + 1), len(ids), *ids)


def get_pipeline_state(ppl_id):
    return glb_primary(GlbType.GET_PIPELINE_STATE) | put(ppl_id, F_GPS_ID), 0


def load_library(dma_id, lib_id, offset=0):
    return (glb_primary(GlbType.LOAD_LIBRARY) | put(dma_id, F_LL_DMA) | put(lib_id, F_LL_LIB),
            put(offset, F_LL_OFFSET))


def init_instance(module_id, instance_id, ppl_id, core=0, dp=False, param_dwords=0):
    return (mod_primary(ModType.INIT_INSTANCE, module_id, instance_id),
            put(param_dwords, F_II_PARAM_SIZE) | put(ppl_id, F_II_PPL) | put(core, F_II_CORE) |
            put(dp, F_II_DOMAIN))


def large_config_ext(off_size, param_id=0, init=True, final=True):
    return (put(off_size, F_LC_OFF_SIZE) | put(param_id, F_LC_PARAM) | put(init, F_LC_INIT) |
            put(final, F_LC_FINAL))


def large_config_set(module_id, instance_id, off_size, param_id=0, init=True, final=True):
    """One fragment: off_size is the blob's size when init, else this fragment's offset."""
    return (mod_primary(ModType.LARGE_CONFIG_SET, module_id, instance_id),
            large_config_ext(off_size, param_id, init, final))


def large_config_get(module_id, instance_id, off_size, param_id=0, init=True):
    return (mod_primary(ModType.LARGE_CONFIG_GET, module_id, instance_id),
            large_config_ext(off_size, param_id, init, False))


def large_config_fragments(module_id, instance_id, blob, chunk, param_id=0):
    """The (primary, ext, payload) messages that send blob in pieces of at most chunk bytes."""
    out, off = [], 0
    while True:
        piece = blob[off:off + chunk]
        init, final = off == 0, off + len(piece) >= len(blob)
        pri, ext = large_config_set(module_id, instance_id, len(blob) if init else off,
                                    param_id, init, final)
        out.append((pri, ext, piece))
        off += len(piece)
        if final:
            return out


def bind(module_id, instance_id, src_queue, dst_module_id, dst_instance_id, dst_queue,
         unbind=False):
    """Output src_queue of (module_id, instance_id) to input dst_queue of the destination."""
    return (mod_primary(ModType.UNBIND if unbind else ModType.BIND, module_id, instance_id),
            put(dst_module_id, F_BIND_DST_MOD) | put(dst_instance_id, F_BIND_DST_INST) |
            put(dst_queue, F_BIND_DST_QUEUE) | put(src_queue, F_BIND_SRC_QUEUE))


def delete_instance(module_id, instance_id):
    return mod_primary(ModType.DELETE_INSTANCE, module_id, instance_id), 0


def reply_primary(request, status):
    return (request & (TGT_BIT | PRI_TYPE_MASK)) | RSP_BIT | put(status, F_STATUS)


def notif_primary(notif_type, low=0):
    return glb_primary(GlbType.NOTIFICATION) | put(notif_type, F_NOTIF_TYPE) | put(low, F_NOTIF_LOW)


def resource_event(event, res_type, res_id):
    """The (primary, ext) of a resource event; its data words go in resource_data()."""
    return (notif_primary(NotifType.RESOURCE_EVENT, event),
            put(res_id, F_RE_RES_ID) | put(res_type, F_RE_RES_TYPE))


def module_notification(event_id, module_id, instance_id, size):
    """The (primary, ext) of a module notification; its data bytes go in the 8 data bytes."""
    return (notif_primary(NotifType.MODULE_NOTIFICATION, event_id),
            put(resource_id(module_id, instance_id), F_MN_RES_ID) | put(size, F_MN_SIZE))


def resource_data(words=()):
    """The 8 data bytes of a notification: up to two words, zero-padded."""
    words = list(words) + [0] * (RE_DATA_WORDS - len(words))
    return struct.pack("<2I", *[w & 0xFFFFFFFF for w in words])


# ---- decoders (what the host receives) ---------------------------------------------


def _type_name(module, msg_type):
    enum_cls = ModType if module else GlbType
    try:
        return enum_cls(msg_type).name
    except ValueError:
        return "TYPE_%d" % msg_type


def decode_reply(primary, ext=0, request=None):
    """The fields of a reply; raises ValueError if it is none (or not request's)."""
    if not primary & RSP_BIT:
        raise ValueError("0x%08x is not a reply" % primary)
    if request is not None and (primary ^ request) & (TGT_BIT | PRI_TYPE_MASK):
        raise ValueError("reply 0x%08x does not answer 0x%08x" % (primary, request))
    module = bool(primary & TGT_BIT)
    status = get(primary, F_STATUS)
    return {"module": module, "type": get(primary, F_TYPE),
            "type_name": _type_name(module, get(primary, F_TYPE)), "status": status,
            "status_name": status_name(status), "ext": ext}


def decode_notification(primary, ext=0, data=b""):
    """The fields of a firmware notification (data: its 8 bytes); a resource event's too."""
    if primary & (RSP_BIT | TGT_BIT) or get(primary, F_TYPE) != GlbType.NOTIFICATION:
        raise ValueError("0x%08x is not a notification" % primary)
    out = {"notif_type": get(primary, F_NOTIF_TYPE), "low": get(primary, F_NOTIF_LOW)}
    try:
        out["notif_name"] = NotifType(out["notif_type"]).name
    except ValueError:
        out["notif_name"] = "NOTIF_%d" % out["notif_type"]
    out["ext"] = ext
    out["data"] = list(struct.unpack("<2I", (bytes(data) + bytes(8))[:8]))
    if out["notif_type"] == NotifType.RESOURCE_EVENT:
        event, res_type, res_id = get(primary, F_RE_EVENT), get(ext, F_RE_RES_TYPE), \
            get(ext, F_RE_RES_ID)
        out.update(event_type=event, resource_type=res_type, resource_id=res_id)
        try:
            out["event_name"] = ResEvent(event).name
        except ValueError:
            out["event_name"] = "EVENT_%d" % event
        if res_type == ResType.MODULE_INSTANCE:
            out["module_id"], out["instance_id"] = get(res_id, F_MOD_ID), get(res_id, F_MOD_INST)
    elif out["notif_type"] == NotifType.MODULE_NOTIFICATION:
        res_id, size = get(ext, F_MN_RES_ID), get(ext, F_MN_SIZE)
        out.update(event_id=get(primary, F_MN_EVENT), resource_id=res_id,
                   module_id=get(res_id, F_MOD_ID), instance_id=get(res_id, F_MOD_INST),
                   size=size, payload=(bytes(data) + bytes(8))[:min(size, MN_DATA_MAX)])
    return out


def describe(primary, ext=0):
    """One line naming the message and its fields, for logs."""
    module = bool(primary & TGT_BIT)
    t = get(primary, F_TYPE)
    name = _type_name(module, t)
    if primary & RSP_BIT:
        return "reply %s status=%d (%s) ext=0x%08x" % (name, get(primary, F_STATUS),
                                                        status_name(get(primary, F_STATUS)), ext)
    if module:
        head = "%s module=0x%04x instance=%d" % (name, get(primary, F_MOD_ID),
                                                 get(primary, F_MOD_INST))
        fields = {
            ModType.INIT_INSTANCE: [("ppl", F_II_PPL), ("core", F_II_CORE),
                                    ("dp", F_II_DOMAIN), ("param_dwords", F_II_PARAM_SIZE)],
            ModType.LARGE_CONFIG_GET: [("off_size", F_LC_OFF_SIZE), ("param", F_LC_PARAM),
                                       ("init", F_LC_INIT), ("final", F_LC_FINAL)],
            ModType.LARGE_CONFIG_SET: [("off_size", F_LC_OFF_SIZE), ("param", F_LC_PARAM),
                                       ("init", F_LC_INIT), ("final", F_LC_FINAL)],
            ModType.BIND: [("src_queue", F_BIND_SRC_QUEUE), ("dst_module", F_BIND_DST_MOD),
                           ("dst_instance", F_BIND_DST_INST), ("dst_queue", F_BIND_DST_QUEUE)],
        }
        fields[ModType.UNBIND] = fields[ModType.BIND]
        return " ".join([head] + ["%s=%d" % (n, get(ext, f)) for n, f in fields.get(t, [])])
    if t == GlbType.NOTIFICATION:
        return "NOTIFICATION type=%d low=0x%04x" % (get(primary, F_NOTIF_TYPE),
                                                    get(primary, F_NOTIF_LOW))
    pri_fields = {
        GlbType.CREATE_PIPELINE: [("ppl_id", F_PPL_ID), ("prio", F_CP_PRIO),
                                  ("mem_pages", F_CP_MEM_PAGES)],
        GlbType.DELETE_PIPELINE: [("ppl_id", F_PPL_ID)],
        GlbType.SET_PIPELINE_STATE: [("ppl_id", F_PPL_ID), ("state", F_SPS_STATE)],
        GlbType.GET_PIPELINE_STATE: [("ppl_id", F_GPS_ID)],
        GlbType.LOAD_LIBRARY: [("dma_id", F_LL_DMA), ("lib_id", F_LL_LIB)],
    }
    ext_fields = {
        GlbType.CREATE_PIPELINE: [("core", F_CP_CORE), ("lp", F_CP_LP)],
        GlbType.SET_PIPELINE_STATE: [("multi", F_SPS_MULTI), ("sync", F_SPS_SYNC)],
        GlbType.LOAD_LIBRARY: [("offset", F_LL_OFFSET)],
    }
    parts = [name] + ["%s=%d" % (n, get(primary, f)) for n, f in pri_fields.get(t, [])]
    parts += ["%s=%d" % (n, get(ext, f)) for n, f in ext_fields.get(t, [])]
    return " ".join(parts)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) in (2, 3) and argv[0] == "describe":
        words = [int(a, 0) for a in argv[1:]] + [0]
        print(describe(words[0], words[1]))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
