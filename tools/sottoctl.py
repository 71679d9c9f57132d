#!/usr/bin/env python3
"""sotto-ctl: drive Sotto's pipelines over IPC4 from the host (docs/sotto-ctl.md).

Python 3 standard library only. A library and the CLI behind tools/sotto-ctl:

    import ipclink, sottoctl
    with ipclink.Link(sock, shm) as link:
        ctl = sottoctl.Ctl(link)
        graph = sottoctl.load_graph("tools/graphs/tone-hda.sotto")
        ctl.build(graph)
        ctl.set_state(1, "running")
        ...
        ctl.teardown(graph)

Every request goes through Ctl.request(): one line per request to the log
("CREATE_PIPELINE 1: SUCCESS"), IpcError when the reply's status is not
SUCCESS or the transport answered with an error reply. Module configurations
are packed from key=value pairs exactly as the C structs of
modules/sdk/include/sotto/module_cfg.h (STRUCTS below; tools/test_sottoctl.py
checks them against the header), the eq_iir blob as
modules/eq_iir/eq_iir_design.c makes it.

Exit codes of the CLI: 0 done, 1 the firmware refused (its status printed),
2 usage or description-file error, 3 transport error (no firmware, timeout).
"""

import argparse
import cmath
import math
import os
import struct
import sys
import time
import wave

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ipc4  # noqa: E402
import ipclink  # noqa: E402
import shmring  # noqa: E402

REPO = os.path.dirname(HERE)
BOARD = "virt-a15"

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_TRANSPORT = 0, 1, 2, 3


class UsageError(ValueError):
    """A bad argument, key or value: the CLI exits 2."""


class GraphError(UsageError):
    """A description-file error: .line its 1-based line number, .msg what, .path the file
    (None when parse_graph() was given text)."""

    def __init__(self, line, msg, path=None):
        self.line, self.msg, self.path = line, msg, path
        super().__init__("%sline %d: %s" % (path + ": " if path else "", line, msg))


class IpcError(Exception):
    """A request the firmware refused (.status its IPC4 status, .name its name) or a
    transport error reply (.status None, .code and .detail from ipclink.ErrorReply).
    .request describes the request, .ext is the reply's extension (a failed
    SET_PIPELINE_STATE: the pipeline that failed)."""

    def __init__(self, request, status, ext=0, msg=None, code=None, detail=None):
        self.request = request
        self.status = status
        self.ext = ext
        self.code = code
        self.detail = detail
        self.name = ipc4.status_name(status) if status is not None else "TRANSPORT_ERROR"
        if msg is None:
            msg = "%s (%d)" % (self.name, status)
        super().__init__("%s: %s" % (request, msg))


def default_sock():
    """$SOTTO_IPC_SOCK, else the IPC_SOCK `make run` uses: build/virt-a15/ipc.sock of this tree."""
    return os.environ.get("SOTTO_IPC_SOCK") or os.path.join(REPO, "build", BOARD, "ipc.sock")


def default_shm():
    """$SOTTO_SHM, else the SHM `make run` uses (shmring.default_path())."""
    return os.environ.get("SOTTO_SHM") or shmring.default_path(BOARD)


# ---- module names -----------------------------------------------------------

NAMES = {v: k for k, v in ipc4.MODULES.items()}

# name: (sched, inputs, outputs, what) as in docs/modules.md.
MODULE_INFO = {
    "dai_out": ("LL", "1", "0", "memory DAI endpoint, playback"),
    "dai_in": ("LL", "0", "1", "memory DAI endpoint, capture"),
    "dai_copier": ("LL", "1", "0", "into a DMA-fed DAI (HDA codec)"),
    "host_copier": ("LL", "0..1", "0..1", "host <-> pipeline through host DMA"),
    "tone": ("LL", "0", "1", "sine source"),
    "volume": ("LL", "1", "1", "per-channel gain, mute, ramps"),
    "mixer": ("LL", "2..8", "1", "saturating sum"),
    "eq_iir": ("LL", "1", "1", "biquad cascade, up to 8 stages"),
    "copier": ("LL", "1", "1", "format conversion, channel map"),
    "src": ("DP", "1", "1", "44.1 <-> 48 kHz"),
}


def module_id(module):
    """The IPC4 module id of a registry name ("volume"), a number string ("0x0202") or an int."""
    if isinstance(module, int):
        mid = module
    elif module in ipc4.MODULES:
        mid = ipc4.MODULES[module]
    else:
        try:
            mid = int(module, 0)
        except (TypeError, ValueError):
            raise UsageError("unknown module %r (one of %s, or a number)"
                             % (module, ", ".join(sorted(ipc4.MODULES)))) from None
    if not 0 < mid <= 0xFFFF:
        raise UsageError("module id %#x out of range 1..0xffff" % mid)
    return mid


def module_name(mid):
    """"volume" for 0x0202, "0x0301" for an id the registry does not name."""
    return NAMES.get(mid, "0x%04x" % mid)


def inst_name(mid, inst, queue=None):
    """"tone.0", with ":Q" when a queue is given and not 0."""
    return "%s.%d%s" % (module_name(mid), inst, ":%d" % queue if queue else "")


def _check_range(what, value, lo, hi):
    if not lo <= value <= hi:
        raise UsageError("%s %d out of range %d..%d" % (what, value, lo, hi))
    return value


def parse_endpoint(text, with_queue=True):
    """"NAME.INST[:Q]" -> (module_id, instance, queue)."""
    ref, queue = text, 0
    if with_queue and ":" in text:
        ref, q = text.rsplit(":", 1)
        queue = _int("queue of %s" % text, q)
        _check_range("queue", queue, 0, 7)
    name, dot, inst = ref.rpartition(".")
    if not dot or not name:
        raise UsageError("%r is not NAME.INSTANCE%s" % (text, "[:QUEUE]" if with_queue else ""))
    inst = _check_range("instance", _int("instance of %s" % text, inst), 0, 255)
    return module_id(name), inst, queue


# ---- value parsers ---------------------------------------------------------------


def _int(key, v):
    try:
        return int(v, 0)
    except (TypeError, ValueError):
        raise UsageError("%s=%s: not an integer" % (key, v)) from None


def _float(key, v):
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise UsageError("%s=%s: not a number" % (key, v)) from None
    if not math.isfinite(f):
        raise UsageError("%s=%s: not a finite number" % (key, v))
    return f


def _round(x):
    """Nearest integer, halves away from zero (C's lround)."""
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


def _int_in(key, v, lo, hi):
    n = _int(key, v)
    if not lo <= n <= hi:
        raise UsageError("%s=%s: out of range %d..%d" % (key, v, lo, hi))
    return n


FORMATS = {"s16": 0, "s24": 1, "s32": 2}  # enum sot_pcm_format
FMT_SAME = 0xFFFFFFFF  # SOT_FMT_SAME
RAMP_DEFAULT = 0xFFFFFFFF  # SOT_VOLUME_RAMP_DEFAULT
RAMP_MAX = 1 << 20  # VOLUME_DSP_RAMP_MAX
GAIN_MB_MIN, GAIN_MB_MAX = -10000, 2000  # VOLUME_DSP_MB_MIN, VOLUME_DSP_MB_MAX
MAX_CHANNELS = 8  # SOT_PCM_MAX_CHANNELS
MAX_RATE = 192000  # SOT_PCM_MAX_RATE
HOST_DIRS = {"playback": 0, "capture": 1}  # SOT_HOST_PLAYBACK, SOT_HOST_CAPTURE
DAI_ID_HDA = 0x0010  # drivers/hda/hda.h
DMA_ID_HOST = 0x0002  # drivers/hostdma/host_dma.h


def _format(key, v, same=False):
    v = v.lower()
    if same and v == "same":
        return FMT_SAME
    if v not in FORMATS:
        raise UsageError("%s=%s: one of %s" % (key, v, "|".join((["same"] if same else [])
                                                                  + list(FORMATS))))
    return FORMATS[v]


def _periods(key, v):
    n = _int(key, v)
    if n and not 2 <= n <= 32:
        raise UsageError("%s=%s: 0 (the default) or 2..32" % (key, v))
    return n


def _rate(key, v):
    return _int_in(key, v, 1, MAX_RATE)


def _channels(key, v):
    return _int_in(key, v, 1, MAX_CHANNELS)


# ---- the C structs (modules/sdk/include/sotto/module_cfg.h) --------------------------

# struct name -> [(member, struct code)], in the header's order: "I" uint32_t,
# "i" int32_t, "8i" int32_t[8], "8B" uint8_t[8]. Little-endian, no padding.
STRUCTS = {
    "sot_endpoint_cfg": [("dai_id", "I"), ("format", "I"), ("channels", "I"), ("rate", "I")],
    "sot_dai_copier_cfg": [("dai_id", "I"), ("format", "I"), ("periods", "I")],
    "sot_host_copier_cfg": [("dma_id", "I"), ("index", "i"), ("dir", "I"), ("format", "I"),
                            ("channels", "I"), ("rate", "I"), ("pipe_format", "I"),
                            ("periods", "I")],
    "sot_copier_dma_status": [("frames", "I"), ("xruns", "I"), ("periods", "I"),
                              ("pending", "I"), ("dma_period_bytes", "I"), ("dma_bytes", "I")],
    "sot_tone_cfg": [("freq_mhz", "I"), ("amp_mb", "i"), ("ch_mask", "I"), ("format", "I"),
                     ("channels", "I"), ("rate", "I")],
    "sot_volume_cfg": [("gain_mb", "8i"), ("mute_mask", "I"), ("ramp_frames", "I")],
    "sot_copier_cfg": [("format", "I"), ("channels", "I"), ("map", "8B")],
    "sot_src_cfg": [("out_rate", "I")],
}


def struct_format(name):
    return "<" + "".join(code for _, code in STRUCTS[name])


def pack_struct(name, **fields):
    """The bytes of struct @name with every member given (arrays as sequences)."""
    values = []
    for member, code in STRUCTS[name]:
        v = fields.pop(member)
        values += list(v) if code[0].isdigit() else [v]
    if fields:
        raise TypeError("%s has no member %s" % (name, ", ".join(fields)))
    return struct.pack(struct_format(name), *values)


def unpack_struct(name, data):
    """struct @name from its bytes as a dict (arrays as lists)."""
    flat = list(struct.unpack(struct_format(name), data))
    out = {}
    for member, code in STRUCTS[name]:
        n = int(code[:-1]) if code[0].isdigit() else 0
        out[member] = flat[:n] if n else flat[0]
        flat = flat[n or 1:]
    return out


# ---- eq_iir: the EQIR blob (modules/eq_iir/eq_iir_dsp.h, eq_iir_design.c) -----------

EQ_MAGIC = 0x52495145
EQ_VERSION = 1
EQ_MAX_STAGES = 8
EQ_MAX_SHIFT = 8
EQ_COEF_FRAC = 30
EQ_HEADER = "<4I"  # magic, version, n_stages, size
EQ_STAGE = "<6i"  # b0, b1, b2, a1, a2 (Q2.30, b scaled by 2^-shift), shift
EQ_HEADER_SIZE = struct.calcsize(EQ_HEADER)
EQ_STAGE_SIZE = struct.calcsize(EQ_STAGE)

# Band keys -> (enum eq_iir_design_type name, takes a gain, default Q).
EQ_BANDS = {
    "peak": ("PEAKING", True, 1.0),
    "lowshelf": ("LOW_SHELF", True, 1 / math.sqrt(2)),
    "highshelf": ("HIGH_SHELF", True, 1 / math.sqrt(2)),
    "lowpass": ("LOW_PASS", False, 1 / math.sqrt(2)),
    "highpass": ("HIGH_PASS", False, 1 / math.sqrt(2)),
}


def eq_design_biquad(kind, freq, q, gain_db, rate):
    """eq_iir_design_biquad(): RBJ cookbook [b0, b1, b2, a1, a2] with a0 = 1.
    @kind a key of EQ_BANDS. ValueError for what the C returns -EINVAL for."""
    if not (0 < freq < rate / 2) or not q > 0 or not abs(gain_db) <= 48:
        raise ValueError("frequency must be in (0, %g), Q > 0, |gain| <= 48 dB" % (rate / 2))
    A = math.pow(10, gain_db / 40)
    w0 = 2 * math.pi * freq / rate
    cw = math.cos(w0)
    alpha = math.sin(w0) / (2 * q)
    sq = 2 * math.sqrt(A) * alpha
    if kind == "peak":
        b = [1 + alpha * A, -2 * cw, 1 - alpha * A]
        a = [1 + alpha / A, -2 * cw, 1 - alpha / A]
    elif kind == "lowshelf":
        b = [A * ((A + 1) - (A - 1) * cw + sq), 2 * A * ((A - 1) - (A + 1) * cw),
             A * ((A + 1) - (A - 1) * cw - sq)]
        a = [(A + 1) + (A - 1) * cw + sq, -2 * ((A - 1) + (A + 1) * cw),
             (A + 1) + (A - 1) * cw - sq]
    elif kind == "highshelf":
        b = [A * ((A + 1) + (A - 1) * cw + sq), -2 * A * ((A - 1) + (A + 1) * cw),
             A * ((A + 1) + (A - 1) * cw - sq)]
        a = [(A + 1) - (A - 1) * cw + sq, 2 * ((A - 1) - (A + 1) * cw),
             (A + 1) - (A - 1) * cw - sq]
    elif kind == "lowpass":
        b = [(1 - cw) / 2, 1 - cw, (1 - cw) / 2]
        a = [1 + alpha, -2 * cw, 1 - alpha]
    elif kind == "highpass":
        b = [(1 + cw) / 2, -(1 + cw), (1 + cw) / 2]
        a = [1 + alpha, -2 * cw, 1 - alpha]
    else:
        raise ValueError("unknown band type %r" % kind)
    return [b[0] / a[0], b[1] / a[0], b[2] / a[0], a[1] / a[0], a[2] / a[0]]


def _eq_q(v, frac):
    """quantise() of eq_iir_design.c: round(v * 2^frac) halves away from zero, None if
    it does not fit an int32_t."""
    x = math.ldexp(v, frac)
    if not -2147483648.5 < x < 2147483647.5:
        return None
    return -int(0.5 - x) if x < 0 else int(x + 0.5)


def eq_stage_ok(b0, b1, b2, a1, a2, shift):
    """check_stage() of eq_iir_dsp.c: shift in range, poles inside, sum |b| < 4."""
    one = 1 << EQ_COEF_FRAC
    return (0 <= shift <= EQ_MAX_SHIFT and abs(a2) < one and abs(a1) < one + a2
            and abs(b0) + abs(b1) + abs(b2) < 4 * one)


def eq_quantise(coef):
    """eq_iir_design_quantise(): (b0, b1, b2, a1, a2, shift) with the smallest b shift
    whose b's fit. ValueError for what the C returns -ERANGE for."""
    a1, a2 = _eq_q(coef[3], EQ_COEF_FRAC), _eq_q(coef[4], EQ_COEF_FRAC)
    if a1 is None or a2 is None:
        raise ValueError("the stage cannot be quantised")
    for shift in range(EQ_MAX_SHIFT + 1):
        b = [_eq_q(c, EQ_COEF_FRAC - shift) for c in coef[:3]]
        if None not in b and sum(abs(float(x)) for x in b) < math.ldexp(4, EQ_COEF_FRAC):
            break
    else:
        raise ValueError("the stage's gain does not fit")
    stage = (b[0], b[1], b[2], a1, a2, shift)
    if not eq_stage_ok(*stage):
        raise ValueError("the quantised stage is not stable")
    return stage


def eq_blob(bands, rate=48000):
    """eq_iir_design_blob(): @bands a list of (kind, freq, q, gain_db); the blob's bytes."""
    if len(bands) > EQ_MAX_STAGES:
        raise ValueError("%d bands, at most %d" % (len(bands), EQ_MAX_STAGES))
    stages = [eq_quantise(eq_design_biquad(k, f, q, g, rate)) for k, f, q, g in bands]
    return eq_pack(stages)


def eq_pack(stages):
    """The EQIR blob of quantised @stages (b0, b1, b2, a1, a2, shift)."""
    size = EQ_HEADER_SIZE + EQ_STAGE_SIZE * len(stages)
    return struct.pack(EQ_HEADER, EQ_MAGIC, EQ_VERSION, len(stages), size) + b"".join(
        struct.pack(EQ_STAGE, *s) for s in stages)


def eq_unpack(blob):
    """The stages of an EQIR blob; ValueError if eq_iir_dsp_check_config() would refuse it."""
    if len(blob) < EQ_HEADER_SIZE:
        raise ValueError("%d bytes is no EQIR blob" % len(blob))
    magic, version, n, size = struct.unpack_from(EQ_HEADER, blob)
    if magic != EQ_MAGIC or version != EQ_VERSION or n > EQ_MAX_STAGES:
        raise ValueError("not an EQIR v1 blob of at most 8 stages")
    if size != len(blob) or size != EQ_HEADER_SIZE + n * EQ_STAGE_SIZE:
        raise ValueError("EQIR size field %d, %d bytes, %d stages" % (size, len(blob), n))
    stages = [struct.unpack_from(EQ_STAGE, blob, EQ_HEADER_SIZE + k * EQ_STAGE_SIZE)
              for k in range(n)]
    for s in stages:
        if not eq_stage_ok(*s):
            raise ValueError("EQIR stage %r is refused by the firmware's check" % (s,))
    return stages


def eq_response_db(blob, freq, rate=48000):
    """Magnitude response in dB at @freq Hz of the quantised cascade in @blob (as the
    firmware runs it: 2^shift * (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2))."""
    z1 = cmath.exp(-2j * math.pi * freq / rate)
    one = float(1 << EQ_COEF_FRAC)
    h = 1.0 + 0j
    for b0, b1, b2, a1, a2, shift in eq_unpack(blob):
        num = (b0 + b1 * z1 + b2 * z1 * z1) / one * (1 << shift)
        den = 1 + (a1 * z1 + a2 * z1 * z1) / one
        h *= num / den
    return 20 * math.log10(abs(h)) if abs(h) > 0 else -math.inf


# ---- key=value -> config blob ------------------------------------------------------


def _kv_dict(module, pairs, repeatable=()):
    out = {}
    for k, v in pairs:
        if k in out and k not in repeatable:
            raise UsageError("%s: %s= given twice" % (module, k))
        out[k] = v
    return out


def _unknown(module, keys, allowed):
    extra = [k for k in keys if k not in allowed]
    if extra:
        raise UsageError("%s: unknown key %s= (keys: %s)" % (module, extra[0],
                                                              ", ".join(allowed)))


def cfg_tone(kv):
    d = _kv_dict("tone", kv)
    _unknown("tone", d, ("freq", "amp", "ch_mask", "format", "channels", "rate"))
    rate = _rate("rate", d.get("rate", "48000"))
    channels = _channels("channels", d.get("channels", "2"))
    freq_mhz = _round(_float("freq", d.get("freq", "1000")) * 1000)
    if not 0 <= freq_mhz * 2 < rate * 1000:
        raise UsageError("freq=%s: Hz from 0 to below rate / 2 (%g)" % (d.get("freq"), rate / 2))
    amp = _float("amp", d.get("amp", "-6"))
    if amp > 0 or amp < -200:
        raise UsageError("amp=%s: dB re full scale, -200..0" % d["amp"])
    ch_mask = _int_in("ch_mask", d["ch_mask"], 0, 0xFF) if "ch_mask" in d else \
        (1 << channels) - 1
    fmt = _format("format", d.get("format", "s32"))
    return pack_struct("sot_tone_cfg", freq_mhz=freq_mhz, amp_mb=_round(amp * 100),
                       ch_mask=ch_mask, format=fmt, channels=channels, rate=rate)


def _gain_mb(key, v):
    mb = _round(_float(key, v) * 100)
    if not GAIN_MB_MIN <= mb <= GAIN_MB_MAX:
        raise UsageError("%s=%s: dB in -100..20" % (key, v))
    return mb


def cfg_volume(kv):
    d = _kv_dict("volume", kv)
    keys = ["gain"] + ["gain%d" % c for c in range(MAX_CHANNELS)] + ["mute_mask", "ramp"]
    _unknown("volume", d, keys)
    gains = [_gain_mb("gain", d["gain"]) if "gain" in d else 0] * MAX_CHANNELS
    for c in range(MAX_CHANNELS):
        if "gain%d" % c in d:
            gains[c] = _gain_mb("gain%d" % c, d["gain%d" % c])
    ramp = d.get("ramp", "default")
    ramp = RAMP_DEFAULT if ramp == "default" else _int_in("ramp", ramp, 0, RAMP_MAX)
    return pack_struct("sot_volume_cfg", gain_mb=gains,
                       mute_mask=_int_in("mute_mask", d.get("mute_mask", "0"), 0, 0xFF),
                       ramp_frames=ramp)


def cfg_dai_copier(kv):
    d = _kv_dict("dai_copier", kv)
    _unknown("dai_copier", d, ("dai", "format", "periods"))
    return pack_struct("sot_dai_copier_cfg",
                       dai_id=_int_in("dai", d.get("dai", str(DAI_ID_HDA)), 0, 0xFFFFFFFF),
                       format=_format("format", d.get("format", "s16"), same=True),
                       periods=_periods("periods", d.get("periods", "0")))


def cfg_host_copier(kv):
    d = _kv_dict("host_copier", kv)
    _unknown("host_copier", d, ("dma", "ring", "dir", "format", "channels", "rate",
                                "pipe_format", "periods"))
    direction = d.get("dir", "playback")
    if direction not in HOST_DIRS:
        raise UsageError("dir=%s: playback or capture" % direction)
    return pack_struct("sot_host_copier_cfg",
                       dma_id=_int_in("dma", d.get("dma", str(DMA_ID_HOST)), 0, 0xFFFFFFFF),
                       index=_int_in("ring", d.get("ring", "0"), 0, 0x7FFFFFFF),
                       dir=HOST_DIRS[direction], format=_format("format", d.get("format", "s16")),
                       channels=_channels("channels", d.get("channels", "2")),
                       rate=_rate("rate", d.get("rate", "48000")),
                       pipe_format=_format("pipe_format", d.get("pipe_format", "same"), same=True),
                       periods=_periods("periods", d.get("periods", "0")))


def cfg_endpoint(kv, name):
    d = _kv_dict(name, kv)
    _unknown(name, d, ("dai", "format", "channels", "rate"))
    if "dai" not in d:
        raise UsageError("%s: dai= is required" % name)
    return pack_struct("sot_endpoint_cfg", dai_id=_int_in("dai", d["dai"], 0, 0xFFFFFFFF),
                       format=_format("format", d.get("format", "s16")),
                       channels=_channels("channels", d.get("channels", "2")),
                       rate=_rate("rate", d.get("rate", "48000")))


def _eq_band(key, value, rate):
    kind = key
    _, has_gain, q_default = EQ_BANDS[kind]
    parts = value.split(":")
    want = "F:GAIN_DB[:Q]" if has_gain else "F[:Q]"
    if len(parts) < (2 if has_gain else 1) or len(parts) > (3 if has_gain else 2):
        raise UsageError("%s=%s: expected %s=%s" % (key, value, key, want))
    freq = _float(key, parts[0])
    gain = _float(key, parts[1]) if has_gain else 0.0
    q = _float(key, parts[-1]) if len(parts) == (3 if has_gain else 2) else q_default
    if not 0 < freq < rate / 2:
        raise UsageError("%s=%s: frequency must be in (0, %g) Hz" % (key, value, rate / 2))
    if not q > 0:
        raise UsageError("%s=%s: Q must be > 0" % (key, value))
    if abs(gain) > 48:
        raise UsageError("%s=%s: gain must be within +-48 dB" % (key, value))
    try:
        return eq_quantise(eq_design_biquad(kind, freq, q, gain, rate))
    except ValueError as e:
        raise UsageError("%s=%s: %s" % (key, value, e)) from None


def cfg_eq_iir(kv):
    allowed = list(EQ_BANDS) + ["rate"]
    _unknown("eq_iir", [k for k, _ in kv], allowed)
    d = _kv_dict("eq_iir", kv, repeatable=EQ_BANDS)
    rate = _rate("rate", d.get("rate", "48000"))
    stages = [_eq_band(k, v, rate) for k, v in kv if k in EQ_BANDS]
    if len(stages) > EQ_MAX_STAGES:
        raise UsageError("eq_iir: %d bands, at most %d" % (len(stages), EQ_MAX_STAGES))
    return eq_pack(stages)


def cfg_copier(kv):
    d = _kv_dict("copier", kv)
    _unknown("copier", d, ("format", "channels", "map"))
    if "format" not in d:
        raise UsageError("copier: format= is required")
    channels = _int_in("channels", d.get("channels", "0"), 0, MAX_CHANNELS)
    cmap = list(range(MAX_CHANNELS))
    if "map" in d:
        items = d["map"].split(",")
        if len(items) > MAX_CHANNELS:
            raise UsageError("map=%s: at most %d entries" % (d["map"], MAX_CHANNELS))
        cmap = [0xFF] * MAX_CHANNELS
        for i, item in enumerate(items):
            cmap[i] = 0xFF if item in ("-", "x") else _int_in("map", item, 0, MAX_CHANNELS - 1)
    return pack_struct("sot_copier_cfg", format=_format("format", d["format"]),
                       channels=channels, map=cmap)


def cfg_src(kv):
    d = _kv_dict("src", kv)
    _unknown("src", d, ("out_rate",))
    if "out_rate" not in d:
        raise UsageError("src: out_rate= is required")
    return pack_struct("sot_src_cfg", out_rate=_rate("out_rate", d["out_rate"]))


def cfg_none(name):
    def pack(kv):
        if kv:
            raise UsageError("%s: unknown key %s= (it takes no configuration)" % (name, kv[0][0]))
        return None
    return pack


# name -> (packer, whether a blob of the defaults is sent when no key is given)
PACKERS = {
    "tone": (cfg_tone, True),
    "volume": (cfg_volume, True),
    "dai_copier": (cfg_dai_copier, True),
    "host_copier": (cfg_host_copier, True),
    "eq_iir": (cfg_eq_iir, True),
    "copier": (cfg_copier, False),
    "src": (cfg_src, False),
    "mixer": (cfg_none("mixer"), False),
    "dai_out": (lambda kv: cfg_endpoint(kv, "dai_out"), False),
    "dai_in": (lambda kv: cfg_endpoint(kv, "dai_in"), False),
}


def parse_kv(items):
    """["k=v", ...] -> [(k, v), ...] in order; UsageError for an item without '='."""
    out = []
    for item in items:
        k, eq, v = item.partition("=")
        if not eq or not k:
            raise UsageError("%r is not key=value" % item)
        out.append((k, v))
    return out


def module_config(module, pairs, base_dir=None):
    """The configuration blob of @module (name or id) from key=value @pairs [(k, v)], or
    None when nothing is to be sent (no keys, for a module without defaults). blob=PATH
    (relative to @base_dir) or hex=HEX give the bytes themselves. UsageError naming the key
    for an unknown key or a bad value."""
    name = module_name(module_id(module))
    raw = [(k, v) for k, v in pairs if k in ("blob", "hex")]
    if raw:
        if len(pairs) > 1:
            raise UsageError("%s: %s= takes no other keys" % (name, raw[0][0]))
        k, v = raw[0]
        if k == "hex":
            try:
                return bytes.fromhex(v)
            except ValueError:
                raise UsageError("hex=%s: not hex bytes" % v) from None
        path = os.path.join(base_dir, v) if base_dir else v
        try:
            with open(path, "rb") as f:
                return f.read()
        except OSError as e:
            raise UsageError("blob=%s: %s" % (v, e.strerror)) from None
    if name not in PACKERS:
        if pairs:
            raise UsageError("%s: no known configuration; use blob= or hex=" % name)
        return None
    pack, always = PACKERS[name]
    if not pairs and not always:
        return None
    return pack(pairs)


def decode_config(module, blob):
    """Lines describing what config_get returned for @module, [] if nothing is known."""
    name = module_name(module_id(module))
    sname = {"dai_copier": "sot_copier_dma_status", "host_copier": "sot_copier_dma_status",
             "tone": "sot_tone_cfg", "volume": "sot_volume_cfg", "copier": "sot_copier_cfg",
             "src": "sot_src_cfg", "dai_out": "sot_endpoint_cfg",
             "dai_in": "sot_endpoint_cfg"}.get(name)
    if name == "eq_iir":
        try:
            stages = eq_unpack(blob)
        except ValueError:
            return []
        return ["eq_iir: %d stages" % len(stages)] + [
            "  stage %d: b0 %d b1 %d b2 %d a1 %d a2 %d shift %d" % ((k,) + tuple(s))
            for k, s in enumerate(stages)]
    if not sname or len(blob) != struct.calcsize(struct_format(sname)):
        return []
    return ["%s:" % sname] + ["  %-16s %s" % (k, v) for k, v in unpack_struct(sname,
                                                                               blob).items()]


# ---- the description file ---------------------------------------------------------


class Pipeline:
    def __init__(self, ppl_id, prio=0, core=0, lp=False, line=0):
        self.id, self.prio, self.core, self.lp, self.line = ppl_id, prio, core, lp, line

    def __repr__(self):
        return "Pipeline(%d, prio=%d, core=%d, lp=%s)" % (self.id, self.prio, self.core, self.lp)


class Module:
    def __init__(self, mid, inst, ppl, cfg=None, dp=False, core=0, line=0):
        self.module_id, self.instance, self.ppl = mid, inst, ppl
        self.cfg, self.dp, self.core, self.line = cfg, dp, core, line

    @property
    def name(self):
        return inst_name(self.module_id, self.instance)

    def __repr__(self):
        return "Module(%s, ppl=%d)" % (self.name, self.ppl)


class Bind:
    def __init__(self, src, dst, line=0):
        self.src, self.dst, self.line = src, dst, line  # (module_id, instance, queue) each

    def __repr__(self):
        return "Bind(%s -> %s)" % (inst_name(*self.src), inst_name(*self.dst))


class Graph:
    """What parse_graph() found: pipelines, modules and binds, each in file order."""

    def __init__(self):
        self.pipelines, self.modules, self.binds = [], [], []


def _words(line):
    text = line.split("#", 1)[0].replace("->", " -> ")
    return text.split()


def _graph_int(n, key, v, lo, hi):
    try:
        value = int(v, 0)
    except ValueError:
        raise GraphError(n, "%s=%s: not an integer" % (key, v)) from None
    if not lo <= value <= hi:
        raise GraphError(n, "%s=%s: out of range %d..%d" % (key, v, lo, hi))
    return value


def _parse_pipeline(n, words, graph):
    limits = ipc4.LIMITS_DEFAULT
    if len(words) < 2:
        raise GraphError(n, "pipeline needs an id: pipeline ID [prio=P] [core=C] [lp]")
    ppl = Pipeline(_graph_int(n, "pipeline id", words[1], 0, limits["max_pipelines"] - 1),
                   line=n)
    if any(p.id == ppl.id for p in graph.pipelines):
        raise GraphError(n, "pipeline %d declared twice" % ppl.id)
    for w in words[2:]:
        k, eq, v = w.partition("=")
        if w == "lp":
            ppl.lp = True
        elif eq and k == "prio":
            ppl.prio = _graph_int(n, k, v, 0, ipc4.PPL_PRIO_MAX)
        elif eq and k == "core":
            ppl.core = _graph_int(n, k, v, 0, 15)
        else:
            raise GraphError(n, "pipeline: unknown word %r (prio=P, core=C, lp)" % w)
    graph.pipelines.append(ppl)


def _parse_module(n, words, graph, base_dir):
    if len(words) < 2:
        raise GraphError(n, "module needs NAME.INSTANCE: module NAME.INST ppl=P [dp] [key=value]")
    try:
        mid, inst, _ = parse_endpoint(words[1], with_queue=False)
        _check_range("instance", inst, 0, ipc4.LIMITS_DEFAULT["max_instances"] - 1)
    except UsageError as e:
        raise GraphError(n, str(e)) from None
    mod = Module(mid, inst, None, line=n)
    if any((m.module_id, m.instance) == (mid, inst) for m in graph.modules):
        raise GraphError(n, "module %s declared twice" % mod.name)
    pairs = []
    for w in words[2:]:
        k, eq, v = w.partition("=")
        if w == "dp":
            mod.dp = True
        elif not eq or not k:
            raise GraphError(n, "module: %r is neither dp nor key=value" % w)
        elif k == "ppl":
            mod.ppl = _graph_int(n, k, v, 0, 255)
        elif k == "core":
            mod.core = _graph_int(n, k, v, 0, 15)
        else:
            pairs.append((k, v))
    if mod.ppl is None:
        raise GraphError(n, "module %s: ppl= is required" % mod.name)
    if not any(p.id == mod.ppl for p in graph.pipelines):
        raise GraphError(n, "module %s: pipeline %d is not declared before it"
                         % (mod.name, mod.ppl))
    try:
        mod.cfg = module_config(mid, pairs, base_dir)
    except UsageError as e:
        raise GraphError(n, str(e)) from None
    try:
        check_init_cfg("module " + mod.name, mod.cfg)
    except UsageError as e:
        raise GraphError(n, str(e)) from None
    graph.modules.append(mod)


def _parse_bind(n, words, graph):
    if len(words) != 4 or words[2] != "->":
        raise GraphError(n, "bind SRC.INST[:Q] -> DST.INST[:Q]")
    ends = []
    for w in (words[1], words[3]):
        try:
            mid, inst, q = parse_endpoint(w)
        except UsageError as e:
            raise GraphError(n, str(e)) from None
        if not any((m.module_id, m.instance) == (mid, inst) for m in graph.modules):
            raise GraphError(n, "bind: %s is not declared before it" % inst_name(mid, inst))
        ends.append((mid, inst, q))
    if ends[0][:2] == ends[1][:2]:
        raise GraphError(n, "bind: %s to itself" % inst_name(*ends[0][:2]))
    graph.binds.append(Bind(ends[0], ends[1], n))


def parse_graph(text, base_dir=None):
    """The Graph of a description file's @text (docs/sotto-ctl.md); GraphError with the
    line number otherwise. @base_dir: where blob=PATH is relative to."""
    graph = Graph()
    for n, line in enumerate(text.splitlines(), 1):
        words = _words(line)
        if not words:
            continue
        if words[0] == "pipeline":
            _parse_pipeline(n, words, graph)
        elif words[0] == "module":
            _parse_module(n, words, graph, base_dir)
        elif words[0] == "bind":
            _parse_bind(n, words, graph)
        else:
            raise GraphError(n, "unknown directive %r (pipeline, module, bind)" % words[0])
    return graph


def load_graph(path):
    """parse_graph() of the file at @path (blob= relative to its folder)."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise UsageError("%s: %s" % (path, e.strerror)) from None
    try:
        return parse_graph(text, os.path.dirname(os.path.abspath(path)))
    except GraphError as e:
        raise GraphError(e.line, e.msg, path) from None


# ---- requests ------------------------------------------------------------------------

STATES = {"reset": ipc4.PplState.RESET, "paused": ipc4.PplState.PAUSED,
          "running": ipc4.PplState.RUNNING, "eos": ipc4.PplState.EOS}


def _state_value(state):
    if isinstance(state, str):
        if state.lower() not in STATES:
            raise UsageError("state %r: one of %s" % (state, "|".join(STATES)))
        return STATES[state.lower()]
    return ipc4.PplState(state)


def state_name(value):
    try:
        return ipc4.PplState(value).name
    except ValueError:
        return "STATE_%d" % value


def check_init_cfg(name, cfg):
    """INIT_INSTANCE carries the configuration in its payload: whole dwords, one message."""
    if cfg is not None and (len(cfg) % 4 or len(cfg) > ipclink.PAYLOAD_MAX):
        raise UsageError("%s: an initial configuration of %d bytes (whole dwords, at most %d)"
                         % (name, len(cfg), ipclink.PAYLOAD_MAX))


class Ctl:
    """IPC4 requests over @link (an ipclink.Link, or anything with request(p, e, payload)).
    @log: called with one line per request (None: quiet). @timeout: seconds per request,
    passed to link.request() when given."""

    def __init__(self, link, log=None, timeout=None):
        self.link = link
        self.log = log
        self.timeout = timeout

    def _say(self, line):
        if self.log:
            self.log(line)

    def request(self, what, primary, ext, payload=b"", explain=None):
        """Send one request; the reply (primary, ext, payload) if its status is SUCCESS,
        else IpcError. @what names the request in the log line and the error; @explain(ext)
        adds what a refusal's reply extension says."""
        kw = {} if self.timeout is None else {"timeout": self.timeout}
        try:
            rp, rext, rpayload = self.link.request(primary, ext, bytes(payload), **kw)
        except ipclink.ErrorReply as e:
            self._say("%s: %s" % (what, e))
            raise IpcError(what, None, msg=str(e), code=e.code, detail=e.detail) from None
        if rp == ipclink.REPLY_ERROR:  # a link that hands error replies back as they are
            e = ipclink.ErrorReply(rext, rpayload)
            self._say("%s: %s" % (what, e))
            raise IpcError(what, None, ext=rext, msg=str(e), code=e.code, detail=e.detail)
        try:
            r = ipc4.decode_reply(rp, rext, request=primary)
        except ValueError as e:
            self._say("%s: bad reply: %s" % (what, e))
            raise IpcError(what, None, ext=rext, msg="bad reply: %s" % e) from None
        if r["status"] != ipc4.Status.SUCCESS:
            msg = "%s (%d)%s" % (r["status_name"], r["status"], explain(rext) if explain else "")
            self._say("%s: %s" % (what, msg))
            raise IpcError(what, r["status"], ext=rext, msg=msg)
        self._say("%s: SUCCESS" % what)
        return rp, rext, rpayload

    # -- pipelines ----------------------------------------------------------------
    def create_pipeline(self, ppl_id, prio=0, core=0, lp=False):
        pri, ext = ipc4.create_pipeline(ppl_id, prio=prio, core=core, lp=lp)
        return self.request("CREATE_PIPELINE %d" % ppl_id, pri, ext)

    def delete_pipeline(self, ppl_id):
        pri, ext = ipc4.delete_pipeline(ppl_id)
        return self.request("DELETE_PIPELINE %d" % ppl_id, pri, ext)

    def set_state(self, ppl_ids, state, sync=False):
        """@ppl_ids an int (the one-pipeline form) or a list (the multi-pipeline payload)."""
        value = _state_value(state)
        if isinstance(ppl_ids, int):
            pri, ext = ipc4.set_pipeline_state(ppl_ids, value)
            ext |= ipc4.put(sync, ipc4.F_SPS_SYNC)
            payload, ids = b"", str(ppl_ids)
        else:
            ppl_ids = list(ppl_ids)
            pri, ext = ipc4.set_pipelines_state(value, sync=sync)
            payload, ids = ipc4.ppl_list(ppl_ids), ",".join(str(i) for i in ppl_ids)
        what = "SET_PIPELINE_STATE %s %s%s" % (ids, value.name, " sync" if sync else "")
        explain = None if isinstance(ppl_ids, int) else (lambda e: " at pipeline %d" % e)
        return self.request(what, pri, ext, payload, explain)

    def get_state(self, ppl_id):
        """The pipeline's state name: "RESET", "PAUSED", "RUNNING", "EOS", ..."""
        pri, ext = ipc4.get_pipeline_state(ppl_id)
        _, rext, _ = self.request("GET_PIPELINE_STATE %d" % ppl_id, pri, ext)
        return state_name(ipc4.get(rext, ipc4.F_GPS_RPL_STATE))

    # -- instances ----------------------------------------------------------------
    def init_instance(self, module, instance, ppl_id, cfg=None, dp=False, core=0):
        mid = module_id(module)
        cfg = bytes(cfg or b"")
        check_init_cfg(inst_name(mid, instance), cfg)
        pri, ext = ipc4.init_instance(mid, instance, ppl_id, core=core, dp=dp,
                                      param_dwords=len(cfg) // 4)
        what = "INIT_INSTANCE %s ppl %d%s%s" % (inst_name(mid, instance), ppl_id,
                                                " dp" if dp else "",
                                                " (%d bytes)" % len(cfg) if cfg else "")
        return self.request(what, pri, ext, cfg)

    def delete_instance(self, module, instance):
        mid = module_id(module)
        pri, ext = ipc4.delete_instance(mid, instance)
        return self.request("DELETE_INSTANCE %s" % inst_name(mid, instance), pri, ext)

    def _bind(self, unbind, src_module, src_inst, dst_module, dst_inst, src_queue, dst_queue):
        smid, dmid = module_id(src_module), module_id(dst_module)
        pri, ext = ipc4.bind(smid, src_inst, src_queue, dmid, dst_inst, dst_queue, unbind=unbind)
        what = "%s %s -> %s" % ("UNBIND" if unbind else "BIND",
                                inst_name(smid, src_inst, src_queue),
                                inst_name(dmid, dst_inst, dst_queue))
        return self.request(what, pri, ext)

    def bind(self, src_module, src_inst, dst_module, dst_inst, src_queue=0, dst_queue=0):
        return self._bind(False, src_module, src_inst, dst_module, dst_inst, src_queue,
                          dst_queue)

    def unbind(self, src_module, src_inst, dst_module, dst_inst, src_queue=0, dst_queue=0):
        return self._bind(True, src_module, src_inst, dst_module, dst_inst, src_queue,
                          dst_queue)

    # -- configuration ------------------------------------------------------------
    def config_set(self, module, instance, blob, param_id=0, frag=None):
        """LARGE_CONFIG_SET @blob in fragments of at most @frag bytes (default and at most
        ipclink.PAYLOAD_MAX); the last reply."""
        mid = module_id(module)
        frag = ipclink.PAYLOAD_MAX if frag is None else frag
        if not 1 <= frag <= ipclink.PAYLOAD_MAX:
            raise UsageError("fragment size %d: 1..%d" % (frag, ipclink.PAYLOAD_MAX))
        blob = bytes(blob)
        if len(blob) >= 1 << ipc4.F_LC_OFF_SIZE[1]:
            raise UsageError("a blob of %d bytes does not fit data_off_size" % len(blob))
        reply = None
        off = 0
        for pri, ext, piece in ipc4.large_config_fragments(mid, instance, blob, frag, param_id):
            what = "LARGE_CONFIG_SET %s param %d bytes %d..%d of %d" % (
                inst_name(mid, instance), param_id, off, off + len(piece), len(blob))
            reply = self.request(what, pri, ext, piece)
            off += len(piece)
        return reply

    def config_get(self, module, instance, param_id=0, max_bytes=4096):
        """LARGE_CONFIG_GET: at most @max_bytes of the module's configuration. The first
        request asks for max_bytes (init_block); each reply's data_off_size is the bytes it
        carries; later requests give the offset to read on from, until final_block."""
        mid = module_id(module)
        name = inst_name(mid, instance)
        if not 1 <= max_bytes < 1 << ipc4.F_LC_OFF_SIZE[1]:
            raise UsageError("max_bytes %d: 1..%d" % (max_bytes,
                                                      (1 << ipc4.F_LC_OFF_SIZE[1]) - 1))
        out = b""
        while True:
            first = not out
            pri, ext = ipc4.large_config_get(mid, instance, max_bytes if first else len(out),
                                             param_id, init=first)
            what = "LARGE_CONFIG_GET %s param %d %s" % (
                name, param_id, "max %d" % max_bytes if first else "from %d" % len(out))
            _, rext, data = self.request(what, pri, ext)
            n = ipc4.get(rext, ipc4.F_LC_OFF_SIZE)
            if n != len(data):
                raise IpcError(what, None, ext=rext,
                               msg="reply says %d bytes, carries %d" % (n, len(data)))
            out += data
            if ipc4.get(rext, ipc4.F_LC_FINAL) or len(out) >= max_bytes:
                return out[:max_bytes]
            if not data:
                raise IpcError(what, None, ext=rext, msg="an empty reply that is not final")

    def raw(self, primary, ext, payload=b""):
        """Any request as words; the reply (IpcError for a reply with a status not SUCCESS)."""
        return self.request("RAW %08x %08x" % (primary, ext), primary, ext, payload)

    # -- description files -----------------------------------------------------
    def build(self, graph):
        """Create the pipelines, init the instances, bind, each in file order. On a failure
        undo what was done (unbind, delete instances, delete pipelines; in reverse) and
        re-raise."""
        done = []
        try:
            for p in graph.pipelines:
                self.create_pipeline(p.id, prio=p.prio, core=p.core, lp=p.lp)
                done.append(("pipeline", p))
            for m in graph.modules:
                self.init_instance(m.module_id, m.instance, m.ppl, cfg=m.cfg, dp=m.dp,
                                   core=m.core)
                done.append(("module", m))
            for b in graph.binds:
                self.bind(b.src[0], b.src[1], b.dst[0], b.dst[1], b.src[2], b.dst[2])
                done.append(("bind", b))
        except Exception:
            self._undo(done)
            raise

    def _undo(self, done):
        for kind, x in reversed(done):
            try:
                if kind == "bind":
                    self.unbind(x.src[0], x.src[1], x.dst[0], x.dst[1], x.src[2], x.dst[2])
                elif kind == "module":
                    self.delete_instance(x.module_id, x.instance)
                else:
                    self.delete_pipeline(x.id)
            except IpcError as e:
                self._say("undo: %s" % e)
            except ipclink.LinkError as e:  # the link is gone: nothing more can be undone
                self._say("undo: %s" % e)
                return

    def teardown(self, graph):
        """For each pipeline, last first: state RESET, then DELETE_PIPELINE (its instances
        go with it). Goes on past a refusal; raises the first IpcError at the end."""
        first = None
        for p in reversed(graph.pipelines):
            for step in (lambda: self.set_state(p.id, "reset"),
                         lambda: self.delete_pipeline(p.id)):
                try:
                    step()
                except IpcError as e:
                    first = first or e
        if first:
            raise first


# ---- notifications ---------------------------------------------------------------------


def describe_notification(primary, ext, data=b""):
    """One line for a firmware notification: FW_READY, a RESOURCE_EVENT with its event,
    resource and data words, or the raw words of anything else."""
    try:
        n = ipc4.decode_notification(primary, ext, data)
    except ValueError:
        return "not a notification: primary %08x ext %08x data %s" % (primary, ext,
                                                                       bytes(data).hex())
    if n["notif_type"] == ipc4.NotifType.FW_READY:
        return "FW_READY"
    if n["notif_type"] == ipc4.NotifType.MODULE_NOTIFICATION:
        return "MODULE_NOTIFICATION module %s event 0x%04x data %s" % (
            inst_name(n["module_id"], n["instance_id"]), n["event_id"],
            n["payload"].hex() or "-")
    if n["notif_type"] != ipc4.NotifType.RESOURCE_EVENT:
        return "%s low 0x%04x ext %08x data %s" % (n["notif_name"], n["low"], ext,
                                                   " ".join(str(d) for d in n["data"]))
    rtype = n["resource_type"]
    if rtype == ipc4.ResType.MODULE_INSTANCE and n["resource_id"] == 0:
        res = "firmware"  # EVENTS_DROPPED: no resource
    elif rtype == ipc4.ResType.MODULE_INSTANCE:
        res = "module %s" % inst_name(n["module_id"], n["instance_id"])
    elif rtype == ipc4.ResType.PIPELINE:
        res = "pipeline %d" % n["resource_id"]
    else:
        try:
            res = "%s %d" % (ipc4.ResType(rtype).name.lower(), n["resource_id"])
        except ValueError:
            res = "resource type %d id %d" % (rtype, n["resource_id"])
    d0, d1 = n["data"]
    if n["event_type"] == ipc4.ResEvent.PROCESS_DATA_ERROR:
        d0 = struct.unpack("<i", struct.pack("<I", d0))[0]  # a negative errno
    return "RESOURCE_EVENT %s %s data %d %d" % (n["event_name"], res, d0, d1)


# ---- the CLI -----------------------------------------------------------------------------


def _hexdump(data):
    lines = []
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        lines.append("%04x  %-48s %s" % (off, " ".join("%02x" % b for b in chunk),
                                        "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)))
    return lines


def _ppl_ids(text):
    try:
        ids = [int(x, 0) for x in text.split(",")]
    except ValueError:
        raise UsageError("%r is not ID[,ID...]" % text) from None
    return ids[0] if len(ids) == 1 and "," not in text else ids


def _num(text):
    try:
        return int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not a number" % text) from None


def _parser():
    ap = argparse.ArgumentParser(prog="sotto-ctl", description="Drive Sotto's pipelines "
                                 "over IPC4 (docs/sotto-ctl.md).",
                                 epilog="exit status: 0 done, 1 the firmware refused, "
                                 "2 usage or description-file error, 3 transport error")
    ap.add_argument("--sock", help="the doorbell socket (default $SOTTO_IPC_SOCK or "
                    "build/virt-a15/ipc.sock)")
    ap.add_argument("--shm", help="the shared window (default $SOTTO_SHM or %s)"
                    % shmring.default_path(BOARD).replace("%", "%%"))
    ap.add_argument("--timeout", type=float, default=5.0,
                    help="seconds to wait for the firmware and each reply (5)")
    # The same options after the command (not --timeout for notifications: its own).
    link_opts = argparse.ArgumentParser(add_help=False)
    link_opts.add_argument("--sock", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    link_opts.add_argument("--shm", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    timeout_opt = argparse.ArgumentParser(add_help=False)
    timeout_opt.add_argument("--timeout", type=float, default=argparse.SUPPRESS,
                             help=argparse.SUPPRESS)
    common = [link_opts, timeout_opt]
    sub = ap.add_subparsers(dest="cmd", metavar="CMD")
    sub.required = True
    p = sub.add_parser("create-pipeline", parents=common, help="CREATE_PIPELINE")
    p.add_argument("id", type=_num)
    p.add_argument("--prio", type=_num, default=0)
    p.add_argument("--core", type=_num, default=0)
    p.add_argument("--lp", action="store_true")
    p = sub.add_parser("delete-pipeline", parents=common, help="DELETE_PIPELINE")
    p.add_argument("id", type=_num)
    p = sub.add_parser("state", parents=common, help="SET_PIPELINE_STATE")
    p.add_argument("ids", metavar="ID[,ID...]")
    p.add_argument("state", choices=list(STATES))
    p.add_argument("--sync", action="store_true")
    p = sub.add_parser("get-state", parents=common, help="GET_PIPELINE_STATE")
    p.add_argument("id", type=_num)
    p = sub.add_parser("init", parents=common,
                       help="INIT_INSTANCE NAME.INST --ppl P [key=value ...]")
    p.add_argument("inst", metavar="NAME.INST")
    p.add_argument("--ppl", type=_num, required=True)
    p.add_argument("--dp", action="store_true")
    p.add_argument("--core", type=_num, default=0)
    p = sub.add_parser("delete", parents=common, help="DELETE_INSTANCE")
    p.add_argument("inst", metavar="NAME.INST")
    for name in ("bind", "unbind"):
        p = sub.add_parser(name, parents=common, help=name.upper() + " SRC DST (NAME.INST[:Q])")
        p.add_argument("src")
        p.add_argument("dst")
    p = sub.add_parser("config-set", parents=common,
                       help="LARGE_CONFIG_SET [key=value ... | --file PATH]")
    p.add_argument("inst", metavar="NAME.INST")
    p.add_argument("--file")
    p.add_argument("--param", type=_num, default=0)
    p.add_argument("--frag", type=_num)
    p = sub.add_parser("config-get", parents=common, help="LARGE_CONFIG_GET")
    p.add_argument("inst", metavar="NAME.INST")
    p.add_argument("--param", type=_num, default=0)
    p.add_argument("--max", type=_num, default=4096)
    p.add_argument("--out")
    p = sub.add_parser("play", parents=common, help="stream a 16-bit WAV into a playback ring")
    p.add_argument("ring", type=_num)
    p.add_argument("wav")
    p.add_argument("--wait", action="store_true", help="until the firmware has read it all")
    p = sub.add_parser("record", parents=common, help="a capture ring into a 16-bit WAV")
    p.add_argument("ring", type=_num)
    p.add_argument("wav")
    p.add_argument("--seconds", type=float, required=True)
    p = sub.add_parser("notifications", parents=[link_opts], help="print firmware notifications")
    p.add_argument("--follow", action="store_true")
    p.add_argument("--count", type=_num)
    p.add_argument("--timeout", dest="wait", type=float,
                   help="seconds to wait for them (default: take what is queued)")
    for name in ("build", "teardown"):
        p = sub.add_parser(name, parents=common, help="%s the graph of a description file" % name)
        p.add_argument("file")
    sub.add_parser("modules", parents=common, help="list the module registry")
    p = sub.add_parser("raw", parents=common, help="any request: PRIMARY EXT [HEX]")
    p.add_argument("primary", type=_num)
    p.add_argument("ext", type=_num)
    p.add_argument("payload", nargs="?", default="")
    return ap


KV_COMMANDS = ("init", "config-set")


def _parse_args(argv):
    """argparse, with the key=value words of init and config-set collected in args.kv."""
    ap = _parser()
    args, extra = ap.parse_known_args(argv)
    args.kv = []
    if extra:
        if args.cmd not in KV_COMMANDS or any(x.startswith("-") or "=" not in x
                                              for x in extra):
            ap.error("unrecognized arguments: %s" % " ".join(extra))
        args.kv = parse_kv(extra)
    return args


def _print_modules(out):
    out("%-6s  %-12s %-3s %-5s %-5s %s" % ("id", "name", "", "in", "out", "what"))
    for name, mid in sorted(ipc4.MODULES.items(), key=lambda x: x[1]):
        sched, n_in, n_out, what = MODULE_INFO.get(name, ("", "", "", ""))
        out("0x%04x  %-12s %-3s %-5s %-5s %s" % (mid, name, sched, n_in, n_out, what))


def _prepare(args):
    """Everything that needs no firmware: checked before connecting (UsageError)."""
    prep = {}
    if args.cmd in ("init", "config-set", "delete", "config-get"):
        prep["inst"] = parse_endpoint(args.inst, with_queue=False)[:2]
    if args.cmd in ("bind", "unbind"):
        prep["src"], prep["dst"] = parse_endpoint(args.src), parse_endpoint(args.dst)
    if args.cmd == "init":
        prep["cfg"] = module_config(prep["inst"][0], args.kv)
        check_init_cfg(args.inst, prep["cfg"])
    if args.cmd == "config-set":
        if args.file and args.kv:
            raise UsageError("config-set: key=value or --file, not both")
        if args.file:
            prep["blob"] = module_config(prep["inst"][0], [("blob", args.file)])
        else:
            prep["blob"] = module_config(prep["inst"][0], args.kv)
            if prep["blob"] is None:
                raise UsageError("config-set %s: nothing to send (give key=value or --file)"
                                 % args.inst)
    if args.cmd == "state":
        prep["ids"] = _ppl_ids(args.ids)
    if args.cmd in ("build", "teardown"):
        prep["graph"] = load_graph(args.file)
    if args.cmd == "raw":
        try:
            prep["payload"] = bytes.fromhex(args.payload)
        except ValueError:
            raise UsageError("raw: %r is not hex bytes" % args.payload) from None
    return prep


def _notifications(link, args, out):
    """Print what is queued; --timeout: wait that long for some; --follow: keep printing
    (until --timeout, if given); --count N: until at least N came (exit 1 if fewer by
    --timeout). Every notification taken from the ring is printed."""
    seen = 0
    deadline = None if args.wait is None else time.monotonic() + args.wait
    endless = args.follow or args.count is not None
    while True:
        if deadline is None:
            wait = 0.2 if endless else 0.0
        else:
            wait = min(0.2, max(0.0, deadline - time.monotonic()))
        for p, e, d in link.notifications(wait=wait):  # taken from the ring: print them all
            out(describe_notification(p, e, d))
            seen += 1
        if args.count is not None and seen >= args.count:
            return EXIT_OK
        if deadline is not None and time.monotonic() >= deadline:
            break
        if not endless and (deadline is None or seen):
            break
    overflows = getattr(link, "overflows", None)
    if overflows and overflows():
        out("overflows %d" % overflows())
    if args.count is not None:
        out("%d of %d notifications" % (seen, args.count))
        return EXIT_REFUSED
    if not seen:
        out("no notifications")
    return EXIT_OK


def _run(ctl, link, args, prep, out):
    cmd = args.cmd
    if cmd == "create-pipeline":
        ctl.create_pipeline(args.id, prio=args.prio, core=args.core, lp=args.lp)
    elif cmd == "delete-pipeline":
        ctl.delete_pipeline(args.id)
    elif cmd == "state":
        ctl.set_state(prep["ids"], args.state, sync=args.sync)
    elif cmd == "get-state":
        out("pipeline %d: %s" % (args.id, ctl.get_state(args.id)))
    elif cmd == "init":
        ctl.init_instance(prep["inst"][0], prep["inst"][1], args.ppl, cfg=prep["cfg"],
                          dp=args.dp, core=args.core)
    elif cmd == "delete":
        ctl.delete_instance(*prep["inst"])
    elif cmd in ("bind", "unbind"):
        (smid, sinst, sq), (dmid, dinst, dq) = prep["src"], prep["dst"]
        getattr(ctl, cmd)(smid, sinst, dmid, dinst, src_queue=sq, dst_queue=dq)
    elif cmd == "config-set":
        ctl.config_set(prep["inst"][0], prep["inst"][1], prep["blob"], param_id=args.param,
                       frag=args.frag)
    elif cmd == "config-get":
        data = ctl.config_get(prep["inst"][0], prep["inst"][1], param_id=args.param,
                              max_bytes=args.max)
        if args.out:
            with open(args.out, "wb") as f:
                f.write(data)
            out("%d bytes to %s" % (len(data), args.out))
        else:
            out("%d bytes" % len(data))
            for line in _hexdump(data) + decode_config(prep["inst"][0], data):
                out(line)
    elif cmd == "build":
        ctl.build(prep["graph"])
    elif cmd == "teardown":
        ctl.teardown(prep["graph"])
    elif cmd == "raw":
        p, e, data = ctl.raw(args.primary, args.ext, prep["payload"])
        out("reply primary %08x ext %08x payload %s" % (p, e, data.hex()))
    elif cmd == "notifications":
        return _notifications(link, args, out)
    return EXIT_OK


def _shm_command(args, shm, window_factory, out):
    """play / record: the host rings of the shared window, no IPC."""
    with window_factory(shm) as win:
        win.wait_ready(args.timeout)
        win.attach()
        try:
            if args.cmd == "play":
                n = shmring.play_wav(win, args.ring, args.wav, stall_timeout=args.timeout,
                                     wait_drain=args.wait)
                out("played %d frames into ring %d" % (n, args.ring))
                return EXIT_OK
            n = shmring.record_wav(win, args.ring, args.wav, args.seconds,
                                   stall_timeout=args.timeout)
            want = int(round(args.seconds * win.ring(args.ring).rate))
            out("recorded %d of %d frames from ring %d" % (n, want, args.ring))
            return EXIT_OK if n == want else EXIT_REFUSED
        finally:
            win.detach()


def _print_taken(link):
    """Notifications the link took from the ring while waiting for this command's replies
    would be lost once the command ends: each goes to stderr as "notification: LINE"."""
    taken = getattr(link, "taken_notifications", None)
    for p, e, d in taken() if taken else ():
        print("notification: " + describe_notification(p, e, d), file=sys.stderr)


def main(argv=None, link_factory=None, window_factory=None):
    """The CLI; returns the exit code. @link_factory(sock, shm, timeout) -> a link (default
    ipclink.Link), @window_factory(path) -> a shmring.Window: tests inject fakes."""
    out = print
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = _parse_args(argv)
    except SystemExit as e:  # argparse: --help (0) or a usage error (2)
        return e.code if isinstance(e.code, int) else EXIT_USAGE
    except UsageError as e:
        print("sotto-ctl: %s" % e, file=sys.stderr)
        return EXIT_USAGE
    sock = args.sock or default_sock()
    shm = args.shm or default_shm()
    link = None
    try:
        if args.cmd == "modules":
            _print_modules(out)
            return EXIT_OK
        prep = _prepare(args)
        if args.cmd in ("play", "record"):
            return _shm_command(args, shm, window_factory or shmring.Window, out)
        link = (link_factory or ipclink.Link)(sock, shm, args.timeout)
        ctl = Ctl(link, log=out, timeout=args.timeout)
        return _run(ctl, link, args, prep, out)
    except IpcError as e:
        if e.status is None:
            print("sotto-ctl: transport: %s" % e, file=sys.stderr)
            return EXIT_TRANSPORT
        return EXIT_REFUSED  # the request's line says why
    except UsageError as e:
        print("sotto-ctl: %s" % e, file=sys.stderr)
        return EXIT_USAGE
    except (ValueError, wave.Error) as e:  # a WAV that does not match the ring, or none
        print("sotto-ctl: %s" % e, file=sys.stderr)
        return EXIT_USAGE
    except OSError as e:
        if e.filename is not None:  # a file named on the command line, not the link
            print("sotto-ctl: %s" % e, file=sys.stderr)
            return EXIT_USAGE
        print("sotto-ctl: transport: %s" % e, file=sys.stderr)
        return EXIT_TRANSPORT
    except (ipclink.LinkError, shmring.ShmError) as e:
        print("sotto-ctl: transport: %s" % e, file=sys.stderr)
        return EXIT_TRANSPORT
    except KeyboardInterrupt:
        return EXIT_OK if args.cmd == "notifications" else 130
    finally:
        if link is not None and args.cmd != "notifications":  # that one prints them all
            _print_taken(link)
        if link is not None and hasattr(link, "close"):
            link.close()


if __name__ == "__main__":
    sys.exit(main())
