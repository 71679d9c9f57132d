#!/usr/bin/env python3
"""Host tests of tools/ipc4.py: every constant against audio/ipc4.h (and the
limits against audio/ipc4_decode.h), the golden words test/unit/test_ipc4.c
also checks, and the reply / notification decoders. Prints "N passed, M failed"."""

import io
import os
import re
import struct
import sys
import traceback
from contextlib import redirect_stdout

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ipc4 as I  # noqa: E402

IPC4_H = os.path.join(HERE, "..", "audio", "ipc4.h")
DECODE_H = os.path.join(HERE, "..", "audio", "ipc4_decode.h")
DECODE_C = os.path.join(HERE, "..", "audio", "ipc4_decode.c")
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def header_text(path):
    with open(path, encoding="utf-8") as f:
        return re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)


def c_enum(text, name):
    """NAME -> value of the C enum called name (values may name earlier ones)."""
    body = re.search(r"enum %s \{(.*?)\};" % name, text, re.S).group(1)
    values = {}
    for entry in body.split(","):
        entry = entry.strip()
        if not entry:
            continue
        key, expr = (p.strip() for p in entry.split("="))
        values[key] = eval(expr, {}, dict(values))  # noqa: S307 - our own header
    return values


@test
def fields_and_masks_match_header():
    text = header_text(IPC4_H)
    fields = re.findall(r"#define IPC4_(F_\w+)\s+(\d+), (\d+)", text)
    assert len(fields) > 30, fields
    for name, shift, width in fields:
        assert getattr(I, name) == (int(shift), int(width)), name
    masks = re.findall(r"#define IPC4_(\w+_RSVD)\s+0x([0-9a-f]+)u", text)
    assert len(masks) >= 7, masks
    for name, value in masks:
        assert getattr(I, name) == int(value, 16), name
    for name in ("RSP_BIT", "TGT_BIT", "PRI_HW_RSVD", "EXT_HW_RSVD", "PRI_TYPE_MASK"):
        expr = re.search(r"#define IPC4_%s\s+\((.*?)\)[ \t]*\n" % name, text).group(1)
        assert getattr(I, name) == eval(expr.replace("u", ""), {}), name  # noqa: S307
    assert I.PPL_PRIO_MAX == int(re.search(r"IPC4_PPL_PRIO_MAX (\d+)", text).group(1))


@test
def enums_match_header():
    text = header_text(IPC4_H)
    for c_name, prefix, cls in (("ipc4_glb_type", "IPC4_GLB_", I.GlbType),
                                ("ipc4_mod_type", "IPC4_MOD_", I.ModType),
                                ("ipc4_status", "IPC4_", I.Status),
                                ("ipc4_ppl_state", "IPC4_PPL_", I.PplState),
                                ("ipc4_notif_type", "IPC4_NOTIF_", I.NotifType),
                                ("ipc4_resource_type", "IPC4_RES_", I.ResType),
                                ("ipc4_res_event", "IPC4_RES_EV_", I.ResEvent)):
        c_values = {k[len(prefix):]: v for k, v in c_enum(text, c_name).items()}
        py_values = {k: int(v) for k, v in cls.__members__.items()}
        assert c_values == py_values, (c_name, set(c_values.items()) ^ set(py_values.items()))


@test
def limits_match_decoder():
    text = header_text(DECODE_H)
    assert I.MAX_PIPELINES == int(re.search(r"IPC4_MAX_PIPELINES (\d+)", text).group(1))
    text = header_text(DECODE_C)
    body = re.search(r"struct ipc4_limits ipc4_limits_default = \{(.*?)\};", text, re.S).group(1)
    values = {k: I.MAX_PIPELINES if v == "IPC4_MAX_PIPELINES" else int(v, 0)
              for k, v in re.findall(r"\.(\w+) = (\w+)", body)}
    assert values == I.LIMITS_DEFAULT, values


@test
def golden_words():
    """The same words as test/unit/test_ipc4.c ipc4.golden_words."""
    assert I.create_pipeline(3, 2, 5) == (0x11031005, 0)
    assert I.create_pipeline(31, 7, 0x7FF, 15, True) == (0x111F3FFF, 0x00F00001)
    assert I.delete_pipeline(3) == (0x12030000, 0)
    assert I.set_pipeline_state(3, I.PplState.RUNNING) == (0x13030004, 0)
    assert I.set_pipelines_state(I.PplState.PAUSED, True) == (0x13000003, 0x3)
    assert I.get_pipeline_state(3) == (0x14000003, 0)
    assert I.load_library(2, 1, 0x100) == (0x18010002, 0x100)
    assert I.init_instance(0x0202, 1, 3, 0, True, 10) == (0x40010202, 0x1003000A)
    assert I.large_config_set(0x0204, 0, 40) == (0x44000204, 0x30000028)
    assert I.large_config_get(0x0202, 1, 64) == (0x43010202, 0x20000040)
    assert I.bind(0x0201, 0, 1, 0x0202, 0, 2) == (0x45000201, 0x0A000202)
    assert I.bind(0x0201, 0, 0, 0x0202, 0, 0, unbind=True)[0] == 0x46000201
    assert I.delete_instance(0x0202, 1) == (0x4B010202, 0)
    assert I.reply_primary(0x11031005, I.Status.INVALID_RESOURCE_ID) == 0x31000009
    assert I.reply_primary(0x40010202, 0) == 0x60000000
    assert I.notif_primary(I.NotifType.FW_READY) == 0x1B080000
    assert I.notif_primary(I.NotifType.RESOURCE_EVENT) == 0x1B050000
    assert I.resource_id(0x0202, 3) == 0x00030202


@test
def encoders_mask_fields():
    assert I.create_pipeline(0x1FF, 0xFF, 0xFFF, 0xFF, True) == (0x11FFFFFF, 0x00F00001)
    assert I.bind(0x1FFFF, 0x1FF, 0xF, 0x1FFFF, 0x1FF, 0xF) == (0x45FFFFFF, 0x3FFFFFFF)
    assert I.get(0xDEADBEEF, I.F_TYPE) == 0x1E
    assert I.put(0x3F, I.F_TYPE) == 0x1F000000


@test
def ppl_list_payload():
    assert I.ppl_list([3, 0, 31]) == struct.pack("<4I", 3, 3, 0, 31)


@test
def fragments_cover_the_blob():
    blob = bytes(range(100))
    frags = I.large_config_fragments(0x0204, 1, blob, 40, param_id=2)
    assert [len(p) for _, _, p in frags] == [40, 40, 20]
    assert b"".join(p for _, _, p in frags) == blob
    (p0, e0, _), (_, e1, _), (_, e2, _) = frags
    assert p0 == I.mod_primary(I.ModType.LARGE_CONFIG_SET, 0x0204, 1)
    assert e0 == I.large_config_ext(100, 2, True, False)
    assert e1 == I.large_config_ext(40, 2, False, False)
    assert e2 == I.large_config_ext(80, 2, False, True)
    one = I.large_config_fragments(0x0204, 0, blob[:8], 40)
    assert one == [(I.large_config_set(0x0204, 0, 8)[0], I.large_config_ext(8), blob[:8])]
    empty = I.large_config_fragments(0x0204, 0, b"", 40)
    assert empty == [(I.large_config_set(0x0204, 0, 0)[0], I.large_config_ext(0), b"")]


@test
def replies():
    r = I.decode_reply(0x31000009, 0, request=0x11031005)
    assert r["status"] == 9 and r["status_name"] == "INVALID_RESOURCE_ID"
    assert r["type_name"] == "CREATE_PIPELINE" and not r["module"]
    r = I.decode_reply(0x64000079, 0x30000028)
    assert r["module"] and r["type_name"] == "LARGE_CONFIG_SET"
    assert r["status_name"] == "INVALID_CONFIG_DATA_LEN" and r["ext"] == 0x30000028
    assert I.status_name(8) == "?"
    for bad in ((0x11000000, None), (0x31000000, 0x12000000)):
        try:
            I.decode_reply(bad[0], 0, request=bad[1])
            raise AssertionError("accepted 0x%08x" % bad[0])
        except ValueError:
            pass


@test
def notifications():
    n = I.decode_notification(0x1B080000)
    assert n["notif_name"] == "FW_READY" and n["low"] == 0
    # the words of test/unit/test_ipc4.c ipc4.resource_events
    pri, ext = I.resource_event(I.ResEvent.GATEWAY_UNDERRUN, I.ResType.MODULE_INSTANCE,
                                I.resource_id(0x0103, 2))
    assert (pri, ext) == (0x1B050006, 0x00020103)
    assert I.resource_event(I.ResEvent.MODULE_FAULT, 0, 0x0202)[0] == 0x1B058000
    assert I.resource_event(I.ResEvent.EVENTS_DROPPED, I.ResType.PIPELINE, 3) == \
        (0x1B058001, 0x01000003)
    n = I.decode_notification(pri, ext, I.resource_data([7]))
    assert n["event_name"] == "GATEWAY_UNDERRUN" and n["data"] == [7, 0]
    assert (n["module_id"], n["instance_id"]) == (0x0103, 2)
    n = I.decode_notification(0x1B058000, 0x0202, I.resource_data([1, 0x1000]))
    assert n["event_name"] == "MODULE_FAULT" and n["data"] == [1, 0x1000]
    n = I.decode_notification(0x1B050003, 0x0202, I.resource_data([-22]))
    assert n["event_name"] == "PROCESS_DATA_ERROR" and n["data"][0] == 0xFFFFFFEA
    assert len(I.resource_data()) == 8
    # the words of test/security/test_module_syscalls.c mod_sys.module_notification_words
    assert I.module_notification(5, 0x0202, 1, 4) == (0x1B0C0005, 0x04010202)
    n = I.decode_notification(0x1B0C1234, 0x0603F0F0, bytes.fromhex("4433221188776655"))
    assert n["notif_name"] == "MODULE_NOTIFICATION" and n["event_id"] == 0x1234
    assert (n["module_id"], n["instance_id"], n["size"]) == (0xF0F0, 3, 6)
    assert n["payload"] == bytes.fromhex("443322118877")
    assert I.decode_notification(0x1B0C0000, 0x00000202)["payload"] == b""
    for bad in (0x11000000, 0x3B080000, 0x5B080000):
        try:
            I.decode_notification(bad)
            raise AssertionError("accepted 0x%08x" % bad)
        except ValueError:
            pass


@test
def describe_lines():
    assert I.describe(*I.create_pipeline(3, 2, 5)) == \
        "CREATE_PIPELINE ppl_id=3 prio=2 mem_pages=5 core=0 lp=0"
    assert I.describe(*I.bind(0x0201, 0, 1, 0x0202, 0, 2)) == \
        "BIND module=0x0201 instance=0 src_queue=1 dst_module=514 dst_instance=0 dst_queue=2"
    assert I.describe(0x31000009) == "reply CREATE_PIPELINE status=9 (INVALID_RESOURCE_ID) " \
        "ext=0x00000000"
    assert I.describe(I.glb_primary(5)) == "TYPE_5"
    out = io.StringIO()
    with redirect_stdout(out):
        assert I.main(["describe", "0x12030000"]) == 0
    assert out.getvalue() == "DELETE_PIPELINE ppl_id=3\n"


def main():
    passed = failed = 0
    for fn in TESTS:
        try:
            fn()
            print("PASS ipc4py.%s" % fn.__name__)
            passed += 1
        except Exception:  # noqa: BLE001 - report every failure the same way
            print("FAIL ipc4py.%s" % fn.__name__)
            traceback.print_exc(file=sys.stdout)
            failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
