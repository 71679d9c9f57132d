#!/usr/bin/env python3
"""Host tests of tools/sottoctl.py (sotto-ctl), no QEMU: a fake link records the
requests and answers from a small Python model of the firmware's IPC4 handler.

Covers the configuration packers (golden bytes, and the struct member lists
of modules/sdk/include/sotto/module_cfg.h parsed from the header), the eq_iir
design against the cookbook and golden blobs of eq_iir_design_blob(), the
description-file parser, build / rollback / teardown, LARGE_CONFIG fragments
and reads, IpcError, notifications and the CLI's exit codes.

    test_sottoctl.py [--also OTHER_TEST.py ...]

--also runs other test scripts first (their output passed through) and adds
their "N passed, M failed" to this file's, so the last line totals all of
them (make test-tools). Prints "N passed, M failed" last.
"""

import argparse
import io
import math
import os
import re
import struct
import subprocess
import sys
import tempfile
import unittest
import wave
from contextlib import redirect_stderr, redirect_stdout

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ipc4  # noqa: E402
import ipclink  # noqa: E402
import shmring  # noqa: E402
import sottoctl as C  # noqa: E402

REPO = os.path.dirname(HERE)
MODULE_CFG_H = os.path.join(REPO, "modules", "sdk", "include", "sotto", "module_cfg.h")
PCM_H = os.path.join(REPO, "modules", "sdk", "include", "sotto", "pcm.h")
EQ_DSP_H = os.path.join(REPO, "modules", "eq_iir", "eq_iir_dsp.h")
VOLUME_DSP_H = os.path.join(REPO, "modules", "volume", "volume_dsp.h")
HDA_H = os.path.join(REPO, "drivers", "hda", "hda.h")
HOST_DMA_H = os.path.join(REPO, "drivers", "hostdma", "host_dma.h")
GRAPHS = os.path.join(HERE, "graphs")
SCRIPT = os.path.join(HERE, "sotto-ctl")
PMAX = ipclink.PAYLOAD_MAX
S = ipc4.Status

# The structs of module_cfg.h, written by hand from the header (little-endian, no padding).
LAYOUTS = {
    "sot_endpoint_cfg": ("<4I", 16),
    "sot_dai_copier_cfg": ("<3I", 12),
    "sot_host_copier_cfg": ("<IiIIIIII", 32),
    "sot_copier_dma_status": ("<6I", 24),
    "sot_tone_cfg": ("<IiIIII", 24),
    "sot_volume_cfg": ("<8iII", 40),
    "sot_copier_cfg": ("<II8B", 16),
    "sot_src_cfg": ("<I", 4),
}

# eq_iir_design_blob() of the C design (modules/eq_iir/eq_iir_design.c, built on the host)
# for peak 3000 Hz -6 dB Q 1 at 48 kHz, then with high shelf 10 kHz +24 dB and low pass
# 8 kHz (Q 1/sqrt(2)).
EQ_GOLDEN_PEAK = bytes.fromhex(
    "45514952010000000100000028000000c01f35396ea8e7a231d18e2b6ea8e7a2f1f0c32400000000")
EQ_GOLDEN_3 = bytes.fromhex(
    "45514952010000000300000058000000c01f35396ea8e7a231d18e2b6ea8e7a2f1f0c32400000000"
    "c5cbde4d97a78eb1ad7fcd1b12093a1f11c3b10d02000000235bec0946b6d813235bec0973934ed8"
    "19d9620f00000000")
EQ_FLAT = bytes.fromhex("45514952" "01000000" "00000000" "10000000")


def c_text(path):
    with open(path, encoding="utf-8") as f:
        return re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)


def c_defines(*paths):
    out = {}
    for path in paths:
        for name, value in re.findall(r"#define (\w+)\s+\(?(-?(?:0x[0-9a-fA-F]+|\d+))u?\b",
                                      c_text(path)):
            out[name] = int(value, 0)
    return out


def header_structs():
    """struct name -> [(member, struct code)] parsed from module_cfg.h."""
    defs = c_defines(PCM_H, MODULE_CFG_H)
    codes = {"uint32_t": "I", "int32_t": "i", "uint8_t": "B"}
    out = {}
    for name, body in re.findall(r"struct (\w+) \{(.*?)\};", c_text(MODULE_CFG_H), re.S):
        members = []
        for decl in body.split(";"):
            decl = decl.strip()
            if not decl:
                continue
            ctype, names = decl.split(None, 1)
            for member in names.split(","):
                member = member.strip()
                arr = re.match(r"(\w+)\[(\w+)\]$", member)
                if arr:
                    n = defs.get(arr.group(2)) or int(arr.group(2))
                    members.append((arr.group(1), "%d%s" % (n, codes[ctype])))
                else:
                    members.append((member, codes[ctype]))
        out[name] = members
    return out


def expand(fmt):
    """"<II8B" -> "IIBBBBBBBB": struct codes one per element."""
    return "".join(c * int(n or 1) for n, c in re.findall(r"(\d*)([a-zA-Z])", fmt.lstrip("<")))


def cookbook(kind, f, gain, q, fs):
    """RBJ cookbook, written again here: [b0, b1, b2, a1, a2] / a0."""
    A = 10 ** (gain / 40)
    w0 = 2 * math.pi * f / fs
    c, alpha = math.cos(w0), math.sin(w0) / (2 * q)
    if kind == "peak":
        b, a = [1 + alpha * A, -2 * c, 1 - alpha * A], [1 + alpha / A, -2 * c, 1 - alpha / A]
    elif kind == "highshelf":
        r = 2 * math.sqrt(A) * alpha
        b = [A * ((A + 1) + (A - 1) * c + r), -2 * A * ((A - 1) + (A + 1) * c),
             A * ((A + 1) + (A - 1) * c - r)]
        a = [(A + 1) - (A - 1) * c + r, 2 * ((A - 1) - (A + 1) * c), (A + 1) - (A - 1) * c - r]
    else:  # lowpass
        b, a = [(1 - c) / 2, 1 - c, (1 - c) / 2], [1 + alpha, -2 * c, 1 - alpha]
    return [b[0] / a[0], b[1] / a[0], b[2] / a[0], a[1] / a[0], a[2] / a[0]]


# ---- a fake link with a model of the firmware ----------------------------------------


class FakeLink:
    """Records (primary, ext, payload) of every request. Answers from `script` (a list of
    replies or exceptions) when set, else from a model of the IPC4 handler. `fail(primary,
    ext, payload)` may return a status to refuse a request with."""

    def __init__(self):
        self.sent = []
        self.script = None
        self.fail = None
        self.notes = []    # in the notification ring
        self.arrive = []   # sent by the firmware while the next request waits for its reply
        self.taken = []    # taken from the ring while waiting for replies (as ipclink does)
        self.closed = False
        self.ppl = {}      # id -> state
        self.inst = {}     # (module_id, instance) -> ppl id
        self.binds = set()  # (src mid, src inst, src q, dst mid, dst inst, dst q)
        self.cfg = {}      # (module_id, instance) -> the last blob (init or LARGE_CONFIG_SET)
        self.frag = None   # the LARGE_CONFIG_SET in transfer
        self.get_blob = {}  # (module_id, instance) -> what LARGE_CONFIG_GET reads
        self.get_limit = 0

    def close(self):
        self.closed = True

    def request(self, primary, ext, payload=b"", timeout=None):
        payload = bytes(payload)
        self.sent.append((primary, ext, payload))
        self.taken, self.arrive = self.taken + self.arrive, []
        if self.script is not None:
            r = self.script.pop(0)
            if isinstance(r, BaseException):
                raise r
            return r
        status = self.fail(primary, ext, payload) if self.fail else None
        rext, rpayload = 0, b""
        if status is None:
            status, rext, rpayload = self.handle(primary, ext, payload)
        return ipc4.reply_primary(primary, status), rext, rpayload

    def notifications(self, wait=0.0):
        out, self.taken, self.notes = self.taken + self.notes, [], []
        return out

    def taken_notifications(self):
        out, self.taken = self.taken, []
        return out

    def overflows(self):
        return 0

    def handle(self, pri, ext, payload):
        g = ipc4.get
        t = g(pri, ipc4.F_TYPE)
        if not pri & ipc4.TGT_BIT:
            if t == ipc4.GlbType.CREATE_PIPELINE:
                pid = g(pri, ipc4.F_PPL_ID)
                if pid in self.ppl:
                    return S.RESOURCE_ID_EXISTS, 0, b""
                self.ppl[pid] = ipc4.PplState.RESET
                return S.SUCCESS, 0, b""
            if t == ipc4.GlbType.DELETE_PIPELINE:
                pid = g(pri, ipc4.F_PPL_ID)
                if pid not in self.ppl:
                    return S.INVALID_RESOURCE_ID, 0, b""
                del self.ppl[pid]
                gone = {k for k, p in self.inst.items() if p == pid}
                self.inst = {k: p for k, p in self.inst.items() if p != pid}
                self.binds = {b for b in self.binds if b[:2] not in gone and b[3:5] not in gone}
                return S.SUCCESS, 0, b""
            if t == ipc4.GlbType.SET_PIPELINE_STATE:
                if g(ext, ipc4.F_SPS_MULTI):
                    count = struct.unpack_from("<I", payload)[0]
                    ids = struct.unpack_from("<%dI" % count, payload, 4)
                else:
                    ids = [g(pri, ipc4.F_PPL_ID)]
                for pid in ids:
                    if pid not in self.ppl:
                        return S.INVALID_RESOURCE_ID, pid, b""
                    self.ppl[pid] = g(pri, ipc4.F_SPS_STATE)
                return S.SUCCESS, 0, b""
            if t == ipc4.GlbType.GET_PIPELINE_STATE:
                pid = g(pri, ipc4.F_GPS_ID)
                if pid not in self.ppl:
                    return S.INVALID_RESOURCE_ID, 0, b""
                return S.SUCCESS, ipc4.put(self.ppl[pid], ipc4.F_GPS_RPL_STATE), b""
            return S.UNAVAILABLE, 0, b""
        key = (g(pri, ipc4.F_MOD_ID), g(pri, ipc4.F_MOD_INST))
        if t == ipc4.ModType.INIT_INSTANCE:
            if len(payload) != 4 * g(ext, ipc4.F_II_PARAM_SIZE):
                return S.INVALID_CONFIG_DATA_LEN, 0, b""
            if key in self.inst:
                return S.RESOURCE_ID_EXISTS, 0, b""
            if g(ext, ipc4.F_II_PPL) not in self.ppl:
                return S.INVALID_RESOURCE_ID, 0, b""
            self.inst[key] = g(ext, ipc4.F_II_PPL)
            self.cfg[key] = payload
            return S.SUCCESS, 0, b""
        if key not in self.inst:
            return S.INVALID_RESOURCE_ID, 0, b""
        if t == ipc4.ModType.DELETE_INSTANCE:
            del self.inst[key]
            self.binds = {b for b in self.binds if key not in (b[:2], b[3:5])}
            return S.SUCCESS, 0, b""
        if t in (ipc4.ModType.BIND, ipc4.ModType.UNBIND):
            dst = (g(ext, ipc4.F_BIND_DST_MOD), g(ext, ipc4.F_BIND_DST_INST))
            if dst not in self.inst:
                return S.INVALID_RESOURCE_ID, 0, b""
            b = key + (g(ext, ipc4.F_BIND_SRC_QUEUE),) + dst + (g(ext, ipc4.F_BIND_DST_QUEUE),)
            if t == ipc4.ModType.BIND:
                self.binds.add(b)
            elif b in self.binds:
                self.binds.remove(b)
            else:
                return S.INVALID_RESOURCE_ID, 0, b""
            return S.SUCCESS, 0, b""
        if t == ipc4.ModType.LARGE_CONFIG_SET:
            return self._config_set(key, ext, payload)
        if t == ipc4.ModType.LARGE_CONFIG_GET:
            return self._config_get(key, ext)
        return S.UNAVAILABLE, 0, b""

    def _config_set(self, key, ext, payload):
        g = ipc4.get
        off_size, param = g(ext, ipc4.F_LC_OFF_SIZE), g(ext, ipc4.F_LC_PARAM)
        if g(ext, ipc4.F_LC_INIT):
            self.frag = {"key": key, "param": param, "size": off_size, "data": b""}
        elif not self.frag or (self.frag["key"], self.frag["param"]) != (key, param):
            return S.INVALID_REQUEST, 0, b""
        elif off_size != len(self.frag["data"]):
            self.frag = None
            return S.INVALID_REQUEST, 0, b""
        f = self.frag
        f["data"] += payload
        if len(f["data"]) > f["size"] or (g(ext, ipc4.F_LC_FINAL) and
                                          len(f["data"]) != f["size"]):
            self.frag = None
            return S.INVALID_CONFIG_DATA_LEN, 0, b""
        if g(ext, ipc4.F_LC_FINAL):
            self.cfg[key] = f["data"]
            self.frag = None
        return S.SUCCESS, 0, b""

    def _config_get(self, key, ext):
        g = ipc4.get
        blob = self.get_blob.get(key, self.cfg.get(key, b""))
        if g(ext, ipc4.F_LC_INIT):
            self.get_limit, off = g(ext, ipc4.F_LC_OFF_SIZE), 0
        else:
            off = g(ext, ipc4.F_LC_OFF_SIZE)
        n = max(0, min(PMAX, len(blob) - off, self.get_limit - off))
        final = off + n >= len(blob)
        return (S.SUCCESS, ipc4.large_config_ext(n, g(ext, ipc4.F_LC_PARAM), False, final),
                blob[off:off + n])


def quiet_ctl(link=None):
    link = link or FakeLink()
    lines = []
    return C.Ctl(link, log=lines.append), link, lines


def run_cli(argv, link=None, factory=None, window_factory=None):
    """main(argv) with a fake link; (exit code, stdout, stderr, link, factory calls)."""
    link = link or FakeLink()
    calls = []

    def default_factory(sock, shm, timeout):
        calls.append((sock, shm, timeout))
        return link
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = C.main(argv, link_factory=factory or default_factory,
                    window_factory=window_factory)
    return rc, out.getvalue(), err.getvalue(), link, calls


def read_graph(name):
    with open(os.path.join(GRAPHS, name), encoding="utf-8") as f:
        return C.parse_graph(f.read())


# ---- configuration packers --------------------------------------------------------------


class StructsMatchHeader(unittest.TestCase):
    def test_member_lists_match_module_cfg_h(self):
        parsed = header_structs()
        self.assertEqual(set(parsed), set(C.STRUCTS))
        for name, members in parsed.items():
            self.assertEqual(C.STRUCTS[name], members, name)

    def test_hand_written_layouts_match(self):
        parsed = header_structs()
        self.assertEqual(set(LAYOUTS), set(parsed))
        for name, (fmt, size) in LAYOUTS.items():
            self.assertEqual(struct.calcsize(fmt), size, name)
            self.assertEqual(struct.calcsize(C.struct_format(name)), size, name)
            self.assertEqual(expand(C.struct_format(name)), expand(fmt), name)
            self.assertEqual(expand("".join(code for _, code in parsed[name])), expand(fmt), name)

    def test_constants_match_headers(self):
        d = c_defines(MODULE_CFG_H, PCM_H, EQ_DSP_H, VOLUME_DSP_H, HDA_H, HOST_DMA_H)
        self.assertEqual(d["SOT_FMT_SAME"], C.FMT_SAME)
        self.assertEqual(d["SOT_VOLUME_RAMP_DEFAULT"], C.RAMP_DEFAULT)
        self.assertEqual(d["SOT_HOST_PLAYBACK"], C.HOST_DIRS["playback"])
        self.assertEqual(d["SOT_HOST_CAPTURE"], C.HOST_DIRS["capture"])
        self.assertEqual(d["SOT_PCM_MAX_CHANNELS"], C.MAX_CHANNELS)
        self.assertEqual(d["SOT_PCM_MAX_RATE"], C.MAX_RATE)
        self.assertEqual(d["EQ_IIR_DSP_MAGIC"], C.EQ_MAGIC)
        self.assertEqual(d["EQ_IIR_DSP_VERSION"], C.EQ_VERSION)
        self.assertEqual(d["EQ_IIR_DSP_MAX_STAGES"], C.EQ_MAX_STAGES)
        self.assertEqual(d["EQ_IIR_DSP_MAX_SHIFT"], C.EQ_MAX_SHIFT)
        self.assertEqual(d["EQ_IIR_DSP_COEF_FRAC"], C.EQ_COEF_FRAC)
        self.assertEqual(d["VOLUME_DSP_MB_MIN"], C.GAIN_MB_MIN)
        self.assertEqual(d["VOLUME_DSP_MB_MAX"], C.GAIN_MB_MAX)
        self.assertEqual(d["DAI_ID_HDA"], C.DAI_ID_HDA)
        self.assertEqual(d["DMA_ID_HOST"], C.DMA_ID_HOST)
        body = re.search(r"enum sot_pcm_format \{(.*?)\};", c_text(PCM_H), re.S).group(1)
        names = [x.strip() for x in body.split(",") if x.strip()]
        self.assertEqual(names, ["SOT_PCM_S16_LE", "SOT_PCM_S24_4LE", "SOT_PCM_S32_LE"])
        self.assertEqual([C.FORMATS[f] for f in ("s16", "s24", "s32")], [0, 1, 2])


def cfg(module, **kw):
    return C.module_config(module, [(k, str(v)) for k, v in kw.items()])


class Packers(unittest.TestCase):
    def test_tone_golden(self):
        blob = C.module_config("tone", C.parse_kv(
            ["freq=1000", "amp=-6", "channels=2", "rate=48000", "format=s16"]))
        self.assertEqual(blob, bytes.fromhex("40420f00" "a8fdffff" "03000000" "00000000"
                                             "02000000" "80bb0000"))
        self.assertEqual(cfg("tone", freq=440.5, amp=-0.5, ch_mask=1, format="s24", channels=1,
                             rate=44100),
                         struct.pack("<IiIIII", 440500, -50, 1, 1, 1, 44100))
        # No key: the firmware's own defaults (tone_init()), all channels.
        self.assertEqual(C.module_config("tone", []),
                         struct.pack("<IiIIII", 1000000, -600, 3, 2, 2, 48000))

    def test_volume_golden(self):
        self.assertEqual(cfg("volume", gain=-6),
                         bytes.fromhex("a8fdffff" * 8 + "00000000" + "ffffffff"))
        blob = C.module_config("volume", C.parse_kv(
            ["gain=-6", "gain1=-3.25", "gain7=20", "mute_mask=0x4", "ramp=480"]))
        self.assertEqual(blob, struct.pack("<8iII", -600, -325, -600, -600, -600, -600, -600,
                                           2000, 4, 480))
        self.assertEqual(cfg("volume", ramp=0)[-4:], bytes(4))
        self.assertEqual(C.module_config("volume", []), struct.pack("<8iII", *([0] * 9),
                                                                    0xFFFFFFFF))

    def test_copiers_golden(self):
        self.assertEqual(C.module_config("dai_copier", []),
                         bytes.fromhex("10000000" "00000000" "00000000"))
        self.assertEqual(cfg("dai_copier", dai=0x11, format="same", periods=8),
                         struct.pack("<3I", 0x11, 0xFFFFFFFF, 8))
        self.assertEqual(C.module_config("host_copier", []),
                         struct.pack("<IiIIIIII", 2, 0, 0, 0, 2, 48000, 0xFFFFFFFF, 0))
        self.assertEqual(cfg("host_copier", dma=2, ring=1, dir="capture", format="s32",
                             channels=4, rate=96000, pipe_format="s24", periods=4),
                         struct.pack("<IiIIIIII", 2, 1, 1, 2, 4, 96000, 1, 4))

    def test_copier_src_endpoint_golden(self):
        self.assertEqual(cfg("copier", format="s32", channels=2, map="1,0"),
                         struct.pack("<II8B", 2, 2, 1, 0, *([0xFF] * 6)))
        self.assertEqual(cfg("copier", format="s16"),
                         struct.pack("<II8B", 0, 0, *range(8)))
        self.assertEqual(cfg("copier", format="s16", channels=3, map="0,-,1"),
                         struct.pack("<II8B", 0, 3, 0, 0xFF, 1, *([0xFF] * 5)))
        self.assertEqual(cfg("src", out_rate=44100), struct.pack("<I", 44100))
        self.assertEqual(cfg("dai_out", dai=1), struct.pack("<4I", 1, 0, 2, 48000))
        # No key, no blob: the module's own defaults stand.
        for name in ("copier", "src", "mixer", "dai_in", 0x0301):
            self.assertIsNone(C.module_config(name, []), name)

    def test_raw_overrides(self):
        self.assertEqual(C.module_config("volume", [("hex", "0102aabb")]), b"\x01\x02\xaa\xbb")
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "b.bin"), "wb") as f:
                f.write(b"\x05" * 8)
            self.assertEqual(C.module_config("tone", [("blob", "b.bin")], base_dir=d),
                             b"\x05" * 8)
            self.assertEqual(C.module_config(0x0301, [("blob", os.path.join(d, "b.bin"))]),
                             b"\x05" * 8)

    def test_errors_name_the_key(self):
        cases = [
            ("tone", [("freq", "abc")], "freq"),
            ("tone", [("freq", "24000")], "freq"),
            ("tone", [("amp", "3")], "amp"),
            ("tone", [("format", "s8")], "format"),
            ("tone", [("channels", "9")], "channels"),
            ("tone", [("bogus", "1")], "bogus"),
            ("tone", [("freq", "1"), ("freq", "2")], "freq"),
            ("volume", [("gain", "30")], "gain"),
            ("volume", [("gain3", "-101")], "gain3"),
            ("volume", [("ramp", "sometimes")], "ramp"),
            ("volume", [("ramp", str((1 << 20) + 1))], "ramp"),
            ("volume", [("gain8", "0")], "gain8"),
            ("dai_copier", [("periods", "1")], "periods"),
            ("host_copier", [("dir", "sideways")], "dir"),
            ("host_copier", [("pipe_format", "s8")], "pipe_format"),
            ("eq_iir", [("peak", "30000:3")], "peak"),
            ("eq_iir", [("peak", "1000")], "peak"),
            ("eq_iir", [("lowpass", "1000:0")], "lowpass"),
            ("eq_iir", [("highshelf", "1000:60")], "highshelf"),
            ("eq_iir", [("notch", "1000")], "notch"),
            ("eq_iir", [("peak", "100:1")] * 9, "9 bands"),
            ("copier", [("channels", "2")], "format"),
            ("copier", [("format", "s16"), ("map", "0,9")], "map"),
            ("src", [("rate", "1")], "rate"),
            ("src", [], None),
            ("mixer", [("gain", "1")], "gain"),
            ("dai_out", [("format", "s16")], "dai"),
            ("volume", [("hex", "zz")], "hex"),
            ("volume", [("hex", "00"), ("gain", "1")], "hex"),
            ("volume", [("blob", "/nonexistent/blob")], "blob"),
            (0x0301, [("x", "1")], "blob="),
        ]
        for module, pairs, key in cases:
            if key is None:  # src: out_rate= is required once a key is given
                with self.assertRaises(C.UsageError):
                    C.cfg_src(pairs)
                continue
            with self.assertRaises(C.UsageError, msg=(module, pairs)) as cm:
                C.module_config(module, pairs)
            self.assertIn(key, str(cm.exception), (module, pairs))

    def test_parse_kv_and_endpoints(self):
        self.assertEqual(C.parse_kv(["a=1", "b=x=y"]), [("a", "1"), ("b", "x=y")])
        with self.assertRaises(C.UsageError):
            C.parse_kv(["novalue"])
        self.assertEqual(C.parse_endpoint("mixer.0:1"), (0x0203, 0, 1))
        self.assertEqual(C.parse_endpoint("0x0202.3"), (0x0202, 3, 0))
        for bad in ("mixer", "mixer.x", "nosuch.0", "mixer.0:8", ".0", "0x0.1"):
            with self.assertRaises(C.UsageError, msg=bad):
                C.parse_endpoint(bad)


# ---- eq_iir ------------------------------------------------------------------------------


class EqDesign(unittest.TestCase):
    def check_stage(self, stage, coef):
        b0, b1, b2, a1, a2, shift = stage
        one = 1 << 30
        # The smallest shift whose b's fit Q2.30 with sum |b| < 4 (before rounding).
        want = next(s for s in range(9) if all(abs(c) * 2 ** (30 - s) < 2 ** 31 - 1
                                               for c in coef[:3])
                    and sum(abs(c) for c in coef[:3]) * 2 ** -s < 4)
        self.assertEqual(shift, want)
        for q, c in zip((b0, b1, b2), coef[:3]):
            self.assertLessEqual(abs(q - c * 2 ** (30 - shift)), 1)
        for q, c in zip((a1, a2), coef[3:]):
            self.assertLessEqual(abs(q - c * one), 1)

    def test_peak_matches_cookbook_within_1_lsb(self):
        blob = cfg("eq_iir", peak="3000:-6:1")
        self.assertEqual(len(blob), 16 + 24)
        self.assertEqual(struct.unpack_from("<4I", blob), (C.EQ_MAGIC, 1, 1, 40))
        stage = struct.unpack_from("<6i", blob, 16)
        self.check_stage(stage, cookbook("peak", 3000, -6, 1, 48000))
        self.assertEqual(blob, EQ_GOLDEN_PEAK)

    def test_three_bands_match_c_design(self):
        blob = C.module_config("eq_iir", C.parse_kv(
            ["peak=3000:-6:1", "highshelf=10000:24", "lowpass=8000"]))
        self.assertEqual(blob, EQ_GOLDEN_3)
        stages = C.eq_unpack(blob)
        self.assertEqual(stages[1][5], 2)  # +24 dB needs b scaled down by 4
        q = 1 / math.sqrt(2)
        for stage, coef in zip(stages, (cookbook("peak", 3000, -6, 1, 48000),
                                        cookbook("highshelf", 10000, 24, q, 48000),
                                        cookbook("lowpass", 8000, 0, q, 48000))):
            self.check_stage(stage, coef)

    def test_flat_blob(self):
        self.assertEqual(C.module_config("eq_iir", []), EQ_FLAT)
        self.assertEqual(cfg("eq_iir", rate=44100), EQ_FLAT)
        self.assertEqual(C.eq_response_db(EQ_FLAT, 1000), 0.0)

    def test_quantise_rounds_halves_away_from_zero(self):
        self.assertEqual(C._eq_q(0.5 / 2 ** 30, 30), 1)
        self.assertEqual(C._eq_q(-0.5 / 2 ** 30, 30), -1)
        self.assertEqual(C._eq_q(-1.5 / 2 ** 30, 30), -2)
        self.assertIsNone(C._eq_q(2.0, 30))
        self.assertEqual(C._eq_q(-2.0, 30), -2 ** 31)

    def test_response(self):
        blob = cfg("eq_iir", peak="3000:-6:1")
        self.assertAlmostEqual(C.eq_response_db(blob, 3000), -6.0, places=4)
        self.assertAlmostEqual(C.eq_response_db(blob, 20, 48000), 0.0, places=2)
        self.assertLess(C.eq_response_db(blob, 1000), -0.5)
        shelf = cfg("eq_iir", lowshelf="200:6")
        self.assertAlmostEqual(C.eq_response_db(shelf, 5), 6.0, places=2)
        self.assertAlmostEqual(C.eq_response_db(shelf, 200), 3.0, places=1)
        lp = cfg("eq_iir", lowpass="1000")
        self.assertAlmostEqual(C.eq_response_db(lp, 1000), -3.01, places=1)
        self.assertLess(C.eq_response_db(lp, 10000), -35)

    def test_highpass_and_eq_blob(self):
        bands = [("highpass", 100, 0.5, 0), ("lowshelf", 300, 2, -12)]
        blob = C.eq_blob(bands, 44100)
        self.assertEqual(blob, C.module_config("eq_iir", C.parse_kv(
            ["highpass=100:0.5", "lowshelf=300:-12:2", "rate=44100"])))
        self.assertLess(C.eq_response_db(blob, 10, 44100), -30)
        self.assertAlmostEqual(C.eq_response_db(blob, 15000, 44100), 0.0, places=2)
        with self.assertRaises(ValueError):
            C.eq_blob([("peak", 1000, 1, 0)] * 9)
        with self.assertRaises(ValueError):
            C.eq_design_biquad("notch", 1000, 1, 0, 48000)

    def test_unpack_refuses_what_the_firmware_refuses(self):
        for bad in (EQ_FLAT[:12], b"XXXX" + EQ_FLAT[4:], EQ_FLAT + bytes(4),
                    C.eq_pack([(0, 0, 0, 0, 1 << 30, 0)])):
            with self.assertRaises(ValueError):
                C.eq_unpack(bad)


# ---- description files -----------------------------------------------------------------

GOOD = """\
# a comment line
pipeline 3 prio=2 core=0 lp    # trailing comment
pipeline 4
module tone.0 ppl=3 freq=500 format=s16
module 0x0206.1 ppl=4 dp out_rate=44100
module mixer.2 ppl=4
module volume.5 ppl=4 core=0 gain=-3
bind tone.0->mixer.2:1
bind src.1 -> mixer.2
bind mixer.2 -> volume.5
"""


class Graphs(unittest.TestCase):
    def test_good_file(self):
        g = C.parse_graph(GOOD)
        self.assertEqual([(p.id, p.prio, p.core, p.lp, p.line) for p in g.pipelines],
                         [(3, 2, 0, True, 2), (4, 0, 0, False, 3)])
        self.assertEqual([(m.name, m.ppl, m.dp, m.line) for m in g.modules],
                         [("tone.0", 3, False, 4), ("src.1", 4, True, 5),
                          ("mixer.2", 4, False, 6), ("volume.5", 4, False, 7)])
        self.assertEqual(g.modules[0].cfg, cfg("tone", freq=500, format="s16"))
        self.assertEqual(g.modules[1].cfg, struct.pack("<I", 44100))
        self.assertIsNone(g.modules[2].cfg)
        self.assertEqual([(b.src, b.dst, b.line) for b in g.binds],
                         [((0x0201, 0, 0), (0x0203, 2, 1), 8), ((0x0206, 1, 0), (0x0203, 2, 0), 9),
                          ((0x0203, 2, 0), (0x0202, 5, 0), 10)])

    def test_errors_carry_the_line(self):
        head = "pipeline 1\nmodule tone.0 ppl=1\nmodule volume.0 ppl=1\n"
        cases = [
            ("pipe 1\n", 1, "unknown directive"),
            ("pipeline\n", 1, "needs an id"),
            ("pipeline x\n", 1, "not an integer"),
            ("pipeline 32\n", 1, "out of range"),
            ("pipeline 1\n\npipeline 1\n", 3, "twice"),
            ("pipeline 1 prio=8\n", 1, "prio"),
            ("pipeline 1 fast\n", 1, "fast"),
            ("pipeline 1\nmodule tone.0\n", 2, "ppl= is required"),
            ("pipeline 1\nmodule tone.0 ppl=2\npipeline 2\n", 2, "not declared"),
            ("pipeline 1\nmodule tone ppl=1\n", 2, "NAME.INSTANCE"),
            ("pipeline 1\nmodule tone.16 ppl=1\n", 2, "instance"),
            ("pipeline 1\nmodule nosuch.0 ppl=1\n", 2, "unknown module"),
            ("pipeline 1\n# x\nmodule tone.0 ppl=1 freq=abc\n", 3, "freq"),
            ("pipeline 1\nmodule tone.0 ppl=1 loud\n", 2, "loud"),
            (head + "module tone.0 ppl=1\n", 4, "twice"),
            (head + "bind tone.0 volume.0\n", 4, "bind SRC"),
            (head + "bind tone.0 -> mixer.0\n", 4, "not declared"),
            (head + "bind tone.0 -> tone.0\n", 4, "itself"),
            (head + "bind tone.0 -> volume.0:9\n", 4, "queue"),
            ("pipeline 1\nmodule copier.0 ppl=1 hex=010203\n", 2, "whole dwords"),
        ]
        for text, line, what in cases:
            with self.assertRaises(C.GraphError, msg=text) as cm:
                C.parse_graph(text)
            self.assertEqual(cm.exception.line, line, text)
            self.assertIn("line %d: " % line, str(cm.exception))
            self.assertIn(what, str(cm.exception), text)

    def test_example_files_parse(self):
        g = read_graph("tone-hda.sotto")
        self.assertEqual([p.id for p in g.pipelines], [1])
        self.assertEqual([m.name for m in g.modules], ["tone.0", "volume.0", "dai_copier.0"])
        g = read_graph("host-eq-hda.sotto")
        self.assertEqual([p.id for p in g.pipelines], [2])
        self.assertEqual([m.name for m in g.modules],
                         ["host_copier.0", "eq_iir.0", "volume.0", "dai_copier.0"])
        self.assertEqual(g.modules[1].cfg, EQ_GOLDEN_PEAK)
        g = read_graph("e2e.sotto")
        self.assertEqual([p.id for p in g.pipelines], [1, 2])
        self.assertEqual([(m.name, m.ppl) for m in g.modules],
                         [("tone.0", 1), ("volume.0", 1), ("dai_copier.0", 1),
                          ("host_copier.0", 2), ("eq_iir.0", 2), ("volume.1", 2),
                          ("dai_copier.1", 2)])
        self.assertEqual(len(g.binds), 5)
        self.assertEqual(g.modules[0].cfg, cfg("tone", freq=1000, amp=-6, format="s16"))
        self.assertEqual(g.modules[3].cfg, struct.pack("<IiIIIIII", 2, 0, 0, 0, 2, 48000,
                                                       0xFFFFFFFF, 0))
        self.assertEqual(g.modules[4].cfg, EQ_GOLDEN_PEAK)
        for m in (g.modules[2], g.modules[6]):
            self.assertEqual(m.cfg, struct.pack("<3I", 0x10, 0, 0))

    def test_load_graph_resolves_blob_and_names_the_file(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "v.bin"), "wb") as f:
                f.write(bytes(40))
            path = os.path.join(d, "g.sotto")
            with open(path, "w") as f:
                f.write("pipeline 1\nmodule volume.0 ppl=1 blob=v.bin\nmodule x.0 ppl=1\n")
            with self.assertRaises(C.GraphError) as cm:
                C.load_graph(path)
            self.assertEqual(cm.exception.line, 3)
            self.assertIn(path, str(cm.exception))
            with open(path, "w") as f:
                f.write("pipeline 1\nmodule volume.0 ppl=1 blob=v.bin\n")
            self.assertEqual(C.load_graph(path).modules[0].cfg, bytes(40))


# ---- requests ------------------------------------------------------------------------------


def tone_hda_requests(g):
    """What build() of tone-hda.sotto must send, from tools/ipc4.py's encoders."""
    tone, vol, dai = (m.cfg for m in g.modules)
    return [
        ipc4.create_pipeline(1, prio=0) + (b"",),
        ipc4.init_instance(0x0201, 0, 1, param_dwords=6) + (tone,),
        ipc4.init_instance(0x0202, 0, 1, param_dwords=10) + (vol,),
        ipc4.init_instance(0x0103, 0, 1, param_dwords=3) + (dai,),
        ipc4.bind(0x0201, 0, 0, 0x0202, 0, 0) + (b"",),
        ipc4.bind(0x0202, 0, 0, 0x0103, 0, 0) + (b"",),
    ]


class Build(unittest.TestCase):
    def test_build_order_and_words(self):
        ctl, link, lines = quiet_ctl()
        g = read_graph("tone-hda.sotto")
        ctl.build(g)
        self.assertEqual(link.sent, tone_hda_requests(g))
        self.assertEqual(link.sent[0][:2], (0x11010000, 0))  # golden CREATE_PIPELINE 1
        self.assertEqual(lines, ["CREATE_PIPELINE 1: SUCCESS",
                                 "INIT_INSTANCE tone.0 ppl 1 (24 bytes): SUCCESS",
                                 "INIT_INSTANCE volume.0 ppl 1 (40 bytes): SUCCESS",
                                 "INIT_INSTANCE dai_copier.0 ppl 1 (12 bytes): SUCCESS",
                                 "BIND tone.0 -> volume.0: SUCCESS",
                                 "BIND volume.0 -> dai_copier.0: SUCCESS"])
        self.assertEqual(link.binds, {(0x0201, 0, 0, 0x0202, 0, 0),
                                      (0x0202, 0, 0, 0x0103, 0, 0)})

    def test_build_words_of_options(self):
        ctl, link, _ = quiet_ctl()
        ctl.build(C.parse_graph(GOOD))
        self.assertEqual(link.sent[0][:2], ipc4.create_pipeline(3, prio=2, core=0, lp=True))
        self.assertEqual(link.sent[3][:2], ipc4.init_instance(0x0206, 1, 4, dp=True,
                                                              param_dwords=1))
        self.assertEqual(link.sent[4][:2], ipc4.init_instance(0x0203, 2, 4))
        self.assertEqual(link.sent[4][2], b"")
        self.assertEqual(link.sent[6][:2], ipc4.bind(0x0201, 0, 0, 0x0203, 2, 1))

    def test_build_rolls_back_on_a_refused_bind(self):
        ctl, link, lines = quiet_ctl()
        g = read_graph("tone-hda.sotto")

        def refuse_second_bind(pri, ext, payload):
            if ipc4.get(pri, ipc4.F_TYPE) == ipc4.ModType.BIND and pri & ipc4.TGT_BIT and \
                    ipc4.get(pri, ipc4.F_MOD_ID) == 0x0202:
                return S.INVALID_RESOURCE_ID
            return None
        link.fail = refuse_second_bind
        with self.assertRaises(C.IpcError) as cm:
            ctl.build(g)
        self.assertEqual(cm.exception.status, S.INVALID_RESOURCE_ID)
        self.assertEqual(cm.exception.request, "BIND volume.0 -> dai_copier.0")
        self.assertEqual(link.sent[:6], tone_hda_requests(g))
        self.assertEqual(link.sent[6:], [
            ipc4.bind(0x0201, 0, 0, 0x0202, 0, 0, unbind=True) + (b"",),
            ipc4.delete_instance(0x0103, 0) + (b"",),
            ipc4.delete_instance(0x0202, 0) + (b"",),
            ipc4.delete_instance(0x0201, 0) + (b"",),
            ipc4.delete_pipeline(1) + (b"",),
        ])
        self.assertIn("BIND volume.0 -> dai_copier.0: INVALID_RESOURCE_ID (9)", lines)
        self.assertEqual((link.ppl, link.inst, link.binds), ({}, {}, set()))

    def test_build_rolls_back_on_a_refused_init_and_keeps_the_first_error(self):
        ctl, link, lines = quiet_ctl()
        link.ppl[2] = ipc4.PplState.RESET  # pipeline 2 exists already: the second create fails
        with self.assertRaises(C.IpcError) as cm:
            ctl.build(read_graph("e2e.sotto"))
        self.assertEqual(cm.exception.status, S.RESOURCE_ID_EXISTS)
        self.assertEqual(len(link.sent), 2 + 1)  # create 1, create 2 (refused), delete 1
        self.assertEqual(link.sent[2][:2], ipc4.delete_pipeline(1))
        self.assertEqual(set(link.ppl), {2})

    def test_teardown_order(self):
        ctl, link, _ = quiet_ctl()
        g = read_graph("e2e.sotto")
        ctl.build(g)
        del link.sent[:]
        ctl.teardown(g)
        self.assertEqual(link.sent, [
            ipc4.set_pipeline_state(2, ipc4.PplState.RESET) + (b"",),
            ipc4.delete_pipeline(2) + (b"",),
            ipc4.set_pipeline_state(1, ipc4.PplState.RESET) + (b"",),
            ipc4.delete_pipeline(1) + (b"",),
        ])
        self.assertEqual((link.ppl, link.inst), ({}, {}))

    def test_teardown_goes_on_and_raises_the_first_refusal(self):
        ctl, link, _ = quiet_ctl()
        g = read_graph("e2e.sotto")
        link.ppl[1] = ipc4.PplState.RUNNING  # pipeline 2 does not exist
        with self.assertRaises(C.IpcError) as cm:
            ctl.teardown(g)
        self.assertEqual(cm.exception.request, "SET_PIPELINE_STATE 2 RESET")
        self.assertEqual(len(link.sent), 4)
        self.assertEqual(link.ppl, {})


class Requests(unittest.TestCase):
    def test_pipeline_words(self):
        ctl, link, _ = quiet_ctl()
        ctl.create_pipeline(5, prio=3, core=0, lp=True)
        ctl.set_state(5, "running")
        ctl.set_state(5, "paused", sync=True)
        ctl.create_pipeline(6)
        ctl.set_state([6, 5], "RUNNING", sync=True)
        self.assertEqual(ctl.get_state(5), "RUNNING")
        ctl.set_state([5], "eos")
        ctl.delete_pipeline(5)
        self.assertEqual(link.sent, [
            ipc4.create_pipeline(5, prio=3, lp=True) + (b"",),
            ipc4.set_pipeline_state(5, 4) + (b"",),
            (ipc4.set_pipeline_state(5, 3)[0], 1 << 1, b""),
            ipc4.create_pipeline(6) + (b"",),
            ipc4.set_pipelines_state(4, sync=True) + (struct.pack("<3I", 2, 6, 5),),
            ipc4.get_pipeline_state(5) + (b"",),
            ipc4.set_pipelines_state(5) + (struct.pack("<2I", 1, 5),),
            ipc4.delete_pipeline(5) + (b"",),
        ])
        self.assertEqual(link.sent[1][0], 0x13050004)  # golden: RUNNING for pipeline 5
        with self.assertRaises(C.UsageError):
            ctl.set_state(1, "flying")

    def test_get_state_names(self):
        ctl, link, _ = quiet_ctl()
        link.script = [(ipc4.reply_primary(ipc4.get_pipeline_state(1)[0], 0), 6, b""),
                       (ipc4.reply_primary(ipc4.get_pipeline_state(1)[0], 0), 30, b"")]
        self.assertEqual(ctl.get_state(1), "ERROR_STOP")
        self.assertEqual(ctl.get_state(1), "STATE_30")

    def test_instance_words(self):
        ctl, link, _ = quiet_ctl()
        ctl.create_pipeline(0)
        ctl.init_instance("mixer", 1, 0)
        ctl.init_instance(0x0202, 2, 0, cfg=bytes(40), dp=True, core=0)
        ctl.bind("volume", 2, "mixer", 1, src_queue=0, dst_queue=3)
        ctl.unbind("volume", 2, "mixer", 1, dst_queue=3)
        ctl.delete_instance("0x0202", 2)
        self.assertEqual(link.sent[1:], [
            ipc4.init_instance(0x0203, 1, 0) + (b"",),
            ipc4.init_instance(0x0202, 2, 0, dp=True, param_dwords=10) + (bytes(40),),
            ipc4.bind(0x0202, 2, 0, 0x0203, 1, 3) + (b"",),
            ipc4.bind(0x0202, 2, 0, 0x0203, 1, 3, unbind=True) + (b"",),
            ipc4.delete_instance(0x0202, 2) + (b"",),
        ])
        with self.assertRaises(C.UsageError):
            ctl.init_instance("tone", 0, 0, cfg=b"abc")

    def test_config_set_fragments(self):
        frag = 100
        cases = {  # blob size, fragment size -> [(init, final, data_off_size, bytes)]
            (0, None): [(1, 1, 0, 0)],
            (1, None): [(1, 1, 1, 1)],
            (PMAX, None): [(1, 1, PMAX, PMAX)],
            (PMAX + 1, None): [(1, 0, PMAX + 1, PMAX), (0, 1, PMAX, 1)],
            (3 * frag, frag): [(1, 0, 300, 100), (0, 0, 100, 100), (0, 1, 200, 100)],
            (3 * frag + 1, frag): [(1, 0, 301, 100), (0, 0, 100, 100), (0, 0, 200, 100),
                                   (0, 1, 300, 1)],
        }
        for (size, fsize), want in cases.items():
            ctl, link, _ = quiet_ctl()
            link.inst[(0x0204, 1)] = 0
            blob = bytes((i * 7 + 3) & 0xFF for i in range(size))
            ctl.config_set("eq_iir", 1, blob, param_id=5, frag=fsize)
            got = [(ipc4.get(e, ipc4.F_LC_INIT), ipc4.get(e, ipc4.F_LC_FINAL),
                    ipc4.get(e, ipc4.F_LC_OFF_SIZE), len(p)) for _, e, p in link.sent]
            self.assertEqual(got, want, (size, fsize))
            for pri, ext, _ in link.sent:
                self.assertEqual(pri, ipc4.mod_primary(ipc4.ModType.LARGE_CONFIG_SET, 0x0204, 1))
                self.assertEqual(ipc4.get(ext, ipc4.F_LC_PARAM), 5)
            self.assertEqual(b"".join(p for _, _, p in link.sent), blob)
            self.assertEqual(link.cfg[(0x0204, 1)], blob)  # the model assembled it whole
        ctl, _, _ = quiet_ctl()
        for bad in (0, PMAX + 1):
            with self.assertRaises(C.UsageError):
                ctl.config_set("eq_iir", 1, b"x", frag=bad)

    def test_config_set_stops_at_a_refused_fragment(self):
        ctl, link, _ = quiet_ctl()
        link.inst[(0x0204, 0)] = 0
        link.fail = lambda p, e, d: S.BUSY if not ipc4.get(e, ipc4.F_LC_INIT) else None
        with self.assertRaises(C.IpcError) as cm:
            ctl.config_set("eq_iir", 0, bytes(250), frag=100)
        self.assertEqual(cm.exception.name, "BUSY")
        self.assertEqual(cm.exception.request,
                         "LARGE_CONFIG_SET eq_iir.0 param 0 bytes 100..200 of 250")
        self.assertEqual(len(link.sent), 2)

    def test_config_get_loop(self):
        ctl, link, _ = quiet_ctl()
        key = (0x0103, 0)
        link.inst[key] = 0
        status = struct.pack("<6I", 48000, 1, 1000, 0, 384, 12288)
        link.get_blob[key] = status
        self.assertEqual(ctl.config_get("dai_copier", 0), status)
        self.assertEqual(link.sent, [ipc4.large_config_get(0x0103, 0, 4096) + (b"",)])
        big = bytes(i & 0xFF for i in range(5000))
        for max_bytes, want, offs in ((8192, big, [(1, 8192), (0, PMAX)]),
                                      (4096, big[:4096], [(1, 4096), (0, PMAX)]),
                                      (PMAX, big[:PMAX], [(1, PMAX)]),
                                      (10, big[:10], [(1, 10)])):
            link.get_blob[key] = big
            del link.sent[:]
            self.assertEqual(ctl.config_get("dai_copier", 0, param_id=2, max_bytes=max_bytes),
                             want, max_bytes)
            self.assertEqual([(ipc4.get(e, ipc4.F_LC_INIT), ipc4.get(e, ipc4.F_LC_OFF_SIZE))
                              for _, e, _ in link.sent], offs, max_bytes)
            for pri, ext, payload in link.sent:
                self.assertEqual(pri, ipc4.mod_primary(ipc4.ModType.LARGE_CONFIG_GET, 0x0103, 0))
                self.assertEqual(ipc4.get(ext, ipc4.F_LC_PARAM), 2)
                self.assertEqual(ipc4.get(ext, ipc4.F_LC_FINAL), 0)
                self.assertEqual(payload, b"")

    def test_config_get_protocol_errors(self):
        pri = ipc4.large_config_get(0x0202, 0, 4096)[0]
        ok = ipc4.reply_primary(pri, 0)
        for reply, what in (((ok, ipc4.large_config_ext(8, 0, False, True), bytes(4)), "says 8"),
                            ((ok, ipc4.large_config_ext(0, 0, False, False), b""), "empty")):
            ctl, link, _ = quiet_ctl()
            link.script = [reply]
            with self.assertRaises(C.IpcError) as cm:
                ctl.config_get("volume", 0)
            self.assertIsNone(cm.exception.status)
            self.assertIn(what, str(cm.exception))

    def test_raw(self):
        ctl, link, _ = quiet_ctl()
        p, e, d = ctl.raw(*ipc4.create_pipeline(7))
        self.assertEqual((p, e, d), (ipc4.reply_primary(ipc4.create_pipeline(7)[0], 0), 0, b""))
        with self.assertRaises(C.IpcError) as cm:
            ctl.raw(*ipc4.create_pipeline(7))
        self.assertEqual(cm.exception.name, "RESOURCE_ID_EXISTS")


class Errors(unittest.TestCase):
    def test_refusal(self):
        ctl, link, lines = quiet_ctl()
        with self.assertRaises(C.IpcError) as cm:
            ctl.bind("tone", 0, "volume", 0)
        e = cm.exception
        self.assertEqual((e.status, e.name, e.request, e.ext),
                         (9, "INVALID_RESOURCE_ID", "BIND tone.0 -> volume.0", 0))
        self.assertEqual(str(e), "BIND tone.0 -> volume.0: INVALID_RESOURCE_ID (9)")
        self.assertEqual(lines, ["BIND tone.0 -> volume.0: INVALID_RESOURCE_ID (9)"])

    def test_failed_multi_state_names_the_pipeline_in_ext(self):
        ctl, link, _ = quiet_ctl()
        ctl.create_pipeline(1)
        with self.assertRaises(C.IpcError) as cm:
            ctl.set_state([1, 4], "running")
        self.assertEqual((cm.exception.status, cm.exception.ext), (S.INVALID_RESOURCE_ID, 4))
        self.assertEqual(str(cm.exception),
                         "SET_PIPELINE_STATE 1,4 RUNNING: INVALID_RESOURCE_ID (9) at pipeline 4")

    def test_transport_error_replies(self):
        ctl, link, lines = quiet_ctl()
        link.script = [ipclink.ErrorReply(ipclink.ERR_HANDLER, struct.pack("<i", -22)),
                       (ipclink.REPLY_ERROR, ipclink.ERR_MSGSIZE, b"")]
        with self.assertRaises(C.IpcError) as cm:
            ctl.create_pipeline(1)
        e = cm.exception
        self.assertEqual((e.status, e.code, e.detail, e.name),
                         (None, ipclink.ERR_HANDLER, -22, "TRANSPORT_ERROR"))
        self.assertIn("handler failed (-22)", str(e))
        with self.assertRaises(C.IpcError) as cm:
            ctl.delete_pipeline(1)
        self.assertEqual((cm.exception.status, cm.exception.code), (None, ipclink.ERR_MSGSIZE))
        self.assertIn("request too big", str(cm.exception))
        self.assertEqual(len(lines), 2)

    def test_a_reply_that_answers_something_else(self):
        ctl, link, _ = quiet_ctl()
        link.script = [(ipc4.reply_primary(ipc4.delete_pipeline(1)[0], 0), 0, b""),
                       (ipc4.create_pipeline(1)[0], 0, b"")]
        for _ in range(2):
            with self.assertRaises(C.IpcError) as cm:
                ctl.create_pipeline(1)
            self.assertIsNone(cm.exception.status)

    def test_link_errors_pass_through(self):
        ctl, link, _ = quiet_ctl()
        link.script = [ipclink.LinkError("no reply to seq 3 within 5.0 s")]
        with self.assertRaises(ipclink.LinkError):
            ctl.create_pipeline(1)

    def test_timeout_is_passed_to_the_link(self):
        seen = []

        class L(FakeLink):
            def request(self, primary, ext, payload=b"", timeout=None):
                seen.append(timeout)
                return super().request(primary, ext, payload)
        C.Ctl(L(), timeout=2.5).create_pipeline(1)
        C.Ctl(L()).create_pipeline(1)
        self.assertEqual(seen, [2.5, None])


# ---- notifications --------------------------------------------------------------------------


class Notifications(unittest.TestCase):
    def event(self, ev, rtype, rid, data=()):
        p, e = ipc4.resource_event(ev, rtype, rid)
        return p, e, ipc4.resource_data(data)

    def test_decode(self):
        D = C.describe_notification
        E, R = ipc4.ResEvent, ipc4.ResType
        self.assertEqual(D(ipc4.notif_primary(ipc4.NotifType.FW_READY), 0), "FW_READY")
        self.assertEqual(D(*self.event(E.GATEWAY_UNDERRUN, R.MODULE_INSTANCE,
                                       ipc4.resource_id(0x0103, 1), [3])),
                         "RESOURCE_EVENT GATEWAY_UNDERRUN module dai_copier.1 data 3 0")
        self.assertEqual(D(*self.event(E.PROCESS_DATA_ERROR, R.MODULE_INSTANCE,
                                       ipc4.resource_id(0x0204, 0), [-22 & 0xFFFFFFFF])),
                         "RESOURCE_EVENT PROCESS_DATA_ERROR module eq_iir.0 data -22 0")
        self.assertEqual(D(*self.event(E.GATEWAY_OVERRUN, R.PIPELINE, 2, [1, 2])),
                         "RESOURCE_EVENT GATEWAY_OVERRUN pipeline 2 data 1 2")
        self.assertEqual(D(*self.event(E.MODULE_FAULT, R.MODULE_INSTANCE,
                                       ipc4.resource_id(0x0301, 4), [1, 0x1000])),
                         "RESOURCE_EVENT MODULE_FAULT module 0x0301.4 data 1 4096")
        self.assertEqual(D(*self.event(E.EVENTS_DROPPED, R.MODULE_INSTANCE, 0, [5])),
                         "RESOURCE_EVENT EVENTS_DROPPED firmware data 5 0")
        self.assertEqual(D(*self.event(E.MODULE_BYPASSED, R.MODULE_INSTANCE,
                                       ipc4.resource_id(0x0202, 1), [14])),
                         "RESOURCE_EVENT MODULE_BYPASSED module volume.1 data 14 0")
        p, e = ipc4.module_notification(7, 0x0201, 0, 5)
        self.assertEqual(D(p, e, bytes([1, 2, 3, 4, 5, 0, 0, 0])),
                         "MODULE_NOTIFICATION module tone.0 event 0x0007 data 0102030405")
        self.assertEqual(D(*self.event(0x1234, R.EDF_TASK, 7)),
                         "RESOURCE_EVENT EVENT_4660 edf_task 7 data 0 0")
        self.assertIn("LOG_BUFFER_STATUS", D(ipc4.notif_primary(ipc4.NotifType.LOG_BUFFER_STATUS,
                                                                3), 0))
        self.assertIn("not a notification", D(0x12345678, 0))

    def test_cli_prints_them(self):
        link = FakeLink()
        link.notes = [(ipc4.notif_primary(ipc4.NotifType.FW_READY), 0, bytes(8)),
                      self.event(ipc4.ResEvent.GATEWAY_UNDERRUN, 0, ipc4.resource_id(0x103, 0),
                                 [1])]
        rc, out, _, _, _ = run_cli(["notifications"], link)
        self.assertEqual(rc, 0)
        self.assertEqual(out.splitlines(), [
            "FW_READY", "RESOURCE_EVENT GATEWAY_UNDERRUN module dai_copier.0 data 1 0"])
        rc, out, _, _, _ = run_cli(["notifications"], link)
        self.assertEqual((rc, out), (0, "no notifications\n"))
        link.notes = [(ipc4.notif_primary(ipc4.NotifType.FW_READY), 0, bytes(8))] * 3
        rc, out, _, _, _ = run_cli(["notifications", "--count", "2"], link)
        self.assertEqual((rc, len(out.splitlines())), (0, 3))  # all that were taken
        link.notes = [(ipc4.notif_primary(ipc4.NotifType.FW_READY), 0, bytes(8))]
        rc, out, _, _, _ = run_cli(["notifications", "--count", "3", "--timeout", "0.05"], link)
        self.assertEqual(rc, 1)
        self.assertIn("1 of 3 notifications", out)
        rc, out, _, _, _ = run_cli(["notifications", "--follow", "--timeout", "0.05"], link)
        self.assertEqual(rc, 0)

    def test_other_commands_print_those_taken_meanwhile(self):
        # Regression: the link takes notifications from the ring while it waits for a
        # reply; commands other than `notifications` dropped them, and a later
        # `sotto-ctl notifications` said there were none.
        fw = (ipc4.notif_primary(ipc4.NotifType.FW_READY), 0, bytes(8))
        under = self.event(ipc4.ResEvent.GATEWAY_UNDERRUN, 0, ipc4.resource_id(0x103, 0), [1])
        err_line = self.event(ipc4.ResEvent.PROCESS_DATA_ERROR, 0, ipc4.resource_id(0x204, 0),
                              [-5 & 0xFFFFFFFF])
        link = FakeLink()
        link.arrive = [fw, under]
        link.notes = [err_line]  # still in the ring after the request
        rc, out, err, _, _ = run_cli(["create-pipeline", "1"], link)
        self.assertEqual((rc, out), (0, "CREATE_PIPELINE 1: SUCCESS\n"))
        self.assertEqual(err.splitlines(), [
            "notification: FW_READY",
            "notification: RESOURCE_EVENT GATEWAY_UNDERRUN module dai_copier.0 data 1 0"])
        # What stayed in the ring is left for `notifications`, on stdout.
        rc, out, err, _, _ = run_cli(["notifications"], link)
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(out.splitlines(),
                         ["RESOURCE_EVENT PROCESS_DATA_ERROR module eq_iir.0 data -5 0"])
        # state, get-state, config-get, build, and a refused request: the same.
        for argv in (["state", "1", "running"], ["get-state", "1"], ["config-get", "tone.0"],
                     ["build", os.path.join(GRAPHS, "tone-hda.sotto")],
                     ["delete-pipeline", "9"]):
            link = FakeLink()
            if argv[0] != "build":
                link.ppl[1] = ipc4.PplState.RESET
                link.inst[(0x0201, 0)] = 1
            link.arrive = [under]
            rc, _, err, _, _ = run_cli(argv, link)
            self.assertEqual(err.splitlines()[-1:], [
                "notification: RESOURCE_EVENT GATEWAY_UNDERRUN module dai_copier.0 data 1 0"],
                argv)
            self.assertEqual(rc, 1 if argv[0] == "delete-pipeline" else 0, argv)
        # No notifications: nothing on stderr.
        rc, _, err, _, _ = run_cli(["create-pipeline", "2"], FakeLink())
        self.assertEqual((rc, err), (0, ""))


# ---- the CLI ------------------------------------------------------------------------------


class Cli(unittest.TestCase):
    def test_one_line_per_request_and_exit_codes(self):
        rc, out, _, link, calls = run_cli(["--sock", "/s", "--shm", "/m", "--timeout", "2",
                                           "create-pipeline", "1", "--prio", "2"])
        self.assertEqual((rc, out), (0, "CREATE_PIPELINE 1: SUCCESS\n"))
        self.assertEqual(calls, [("/s", "/m", 2.0)])
        self.assertEqual(link.sent, [ipc4.create_pipeline(1, prio=2) + (b"",)])
        self.assertTrue(link.closed)
        rc, out, _, _, _ = run_cli(["create-pipeline", "1"], link)
        self.assertEqual((rc, out), (1, "CREATE_PIPELINE 1: RESOURCE_ID_EXISTS (10)\n"))
        rc, out, _, _, _ = run_cli(["bind", "tone.0", "volume.0:1"], link)
        self.assertEqual((rc, out), (1, "BIND tone.0 -> volume.0:1: INVALID_RESOURCE_ID (9)\n"))

    def test_options_after_the_command(self):
        rc, _, _, _, calls = run_cli(["get-state", "1", "--sock", "/a", "--timeout", "1"])
        self.assertEqual(calls, [("/a", C.default_shm(), 1.0)])

    def test_usage_errors_exit_2_without_connecting(self):
        for argv in (["bogus"], [], ["create-pipeline"], ["create-pipeline", "x"],
                     ["init", "tone.0", "freq=1"], ["init", "tone.0", "--ppl", "1", "freq=abc"],
                     ["init", "tone.0", "--ppl", "1", "nokey"], ["delete-pipeline", "1", "x=1"],
                     ["config-set", "copier.0"], ["config-set", "volume.0", "--file", "/x",
                                                  "gain=1"],
                     ["state", "1,x", "running"], ["state", "1", "flying"],
                     ["bind", "tone.0", "nosuch.1"], ["build", "/nonexistent.sotto"],
                     ["raw", "1", "2", "xyz"], ["config-get", "tone"],
                     ["init", "copier.0", "--ppl", "0", "hex=0102"]):
            rc, _, err, link, calls = run_cli(argv)
            self.assertEqual(rc, 2, argv)
            self.assertEqual(calls, [], argv)
            self.assertTrue(err, argv)

    def test_description_file_error_exit_2(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bad.sotto")
            with open(path, "w") as f:
                f.write("pipeline 1\nmodule tone.0 ppl=1 freq=x\n")
            rc, _, err, _, calls = run_cli(["build", path])
        self.assertEqual((rc, calls), (2, []))
        self.assertIn("line 2: ", err)
        self.assertIn("freq", err)

    def test_transport_errors_exit_3(self):
        def no_firmware(sock, shm, timeout):
            raise ipclink.LinkError("cannot connect to %s" % sock)

        def no_window(sock, shm, timeout):
            raise shmring.ShmError("cannot open %s" % shm)
        for factory in (no_firmware, no_window):
            rc, _, err, _, _ = run_cli(["create-pipeline", "1"], factory=factory)
            self.assertEqual(rc, 3)
            self.assertIn("transport", err)
        link = FakeLink()
        link.script = [ipclink.LinkError("no reply to seq 1 within 5.0 s")]
        self.assertEqual(run_cli(["get-state", "1"], link)[0], 3)
        link.script = [ipclink.ErrorReply(ipclink.ERR_HANDLER, struct.pack("<i", -5))]
        rc, out, err, _, _ = run_cli(["get-state", "1"], link)
        self.assertEqual(rc, 3)
        self.assertIn("handler failed (-5)", err)
        link.script = [BrokenPipeError(32, "Broken pipe")]
        self.assertEqual(run_cli(["get-state", "1"], link)[0], 3)

    def test_state_init_config_commands(self):
        link = FakeLink()
        cmds = [["create-pipeline", "1"], ["create-pipeline", "2"],
                ["init", "tone.0", "--ppl", "1", "freq=500", "amp=-12", "format=s16"],
                ["init", "volume.0", "gain=-3", "--ppl", "1"],
                ["bind", "tone.0", "volume.0"],
                ["config-set", "volume.0", "gain=-20", "ramp=480", "--frag", "16"],
                ["state", "1,2", "paused", "--sync"], ["state", "1", "running"],
                ["unbind", "tone.0", "volume.0"], ["delete", "volume.0"],
                ["delete-pipeline", "1"]]
        for argv in cmds:
            rc, out, err, _, _ = run_cli(argv, link)
            self.assertEqual(rc, 0, (argv, out, err))
        self.assertEqual(link.sent[2], ipc4.init_instance(0x0201, 0, 1, param_dwords=6) +
                         (cfg("tone", freq=500, amp=-12, format="s16"),))
        self.assertEqual(link.sent[3][2], cfg("volume", gain=-3))
        sets = [s for s in link.sent if ipc4.get(s[0], ipc4.F_TYPE) == ipc4.ModType.LARGE_CONFIG_SET
                and s[0] & ipc4.TGT_BIT]
        self.assertEqual(len(sets), 3)  # 40 bytes in 16-byte fragments
        self.assertEqual(b"".join(s[2] for s in sets), cfg("volume", gain=-20, ramp=480))
        self.assertEqual(link.sent[8], ipc4.set_pipelines_state(3, sync=True) +
                         (struct.pack("<3I", 2, 1, 2),))
        self.assertEqual(link.sent[9], ipc4.set_pipeline_state(1, 4) + (b"",))
        rc, out, _, _, _ = run_cli(["get-state", "2"], link)
        self.assertEqual(out.splitlines(), ["GET_PIPELINE_STATE 2: SUCCESS", "pipeline 2: PAUSED"])

    def test_config_set_file_and_config_get(self):
        link = FakeLink()
        link.inst[(0x0104, 0)] = 0
        link.get_blob[(0x0104, 0)] = struct.pack("<6I", 960, 2, 20, 0, 192, 768)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "b.bin")
            with open(path, "wb") as f:
                f.write(bytes(range(32)))
            rc, _, _, _, _ = run_cli(["config-set", "host_copier.0", "--file", path,
                                      "--param", "3"], link)
            self.assertEqual(rc, 0)
            self.assertEqual(link.cfg[(0x0104, 0)], bytes(range(32)))
            self.assertEqual(ipc4.get(link.sent[0][1], ipc4.F_LC_PARAM), 3)
            rc, out, _, _, _ = run_cli(["config-get", "host_copier.0"], link)
            self.assertEqual(rc, 0)
            self.assertIn("24 bytes", out)
            self.assertIn("0000  c0 03 00 00 02 00 00 00", out)
            self.assertRegex(out, r"xruns\s+2\n")
            self.assertRegex(out, r"dma_bytes\s+768\n")
            outfile = os.path.join(d, "o.bin")
            rc, out, _, _, _ = run_cli(["config-get", "host_copier.0", "--max", "8",
                                        "--out", outfile], link)
            self.assertEqual(rc, 0)
            with open(outfile, "rb") as f:
                self.assertEqual(f.read(), struct.pack("<2I", 960, 2))

    def test_config_get_decodes_an_eq_blob(self):
        link = FakeLink()
        link.inst[(0x0204, 0)] = 0
        link.get_blob[(0x0204, 0)] = EQ_GOLDEN_PEAK
        rc, out, _, _, _ = run_cli(["config-get", "eq_iir.0"], link)
        self.assertEqual(rc, 0)
        self.assertIn("eq_iir: 1 stages", out)
        self.assertIn("stage 0: b0 959782848 b1 -1561876370", out)

    def test_build_teardown_raw_modules(self):
        link = FakeLink()
        path = os.path.join(GRAPHS, "e2e.sotto")
        rc, out, _, _, _ = run_cli(["build", path], link)
        self.assertEqual(rc, 0)
        self.assertEqual(len(out.splitlines()), 2 + 7 + 5)
        self.assertEqual(len(link.inst), 7)
        rc, out, _, _, _ = run_cli(["build", path], link)  # exists: refused, rolled back
        self.assertEqual(rc, 1)
        self.assertEqual(out.splitlines()[0], "CREATE_PIPELINE 1: RESOURCE_ID_EXISTS (10)")
        rc, out, _, _, _ = run_cli(["teardown", path], link)
        self.assertEqual(rc, 0)
        self.assertEqual(link.ppl, {})
        pri, ext = ipc4.create_pipeline(9)
        rc, out, _, _, _ = run_cli(["raw", hex(pri), str(ext)], link)
        self.assertEqual(rc, 0)
        self.assertIn("reply primary %08x ext 00000000" % ipc4.reply_primary(pri, 0), out)
        rc, out, _, _, calls = run_cli(["modules"])
        self.assertEqual((rc, calls), (0, []))
        for name, mid in ipc4.MODULES.items():
            self.assertIn("0x%04x  %s" % (mid, name), out)

    def test_defaults_and_environment(self):
        env = dict(os.environ)
        try:
            os.environ.pop("SOTTO_IPC_SOCK", None)
            os.environ.pop("SOTTO_SHM", None)
            self.assertEqual(C.default_sock(), os.path.join(REPO, "build", "virt-a15",
                                                            "ipc.sock"))
            self.assertEqual(C.default_sock(), ipclink.default_sock())
            self.assertEqual(C.default_shm(), shmring.default_path())
            os.environ["SOTTO_IPC_SOCK"], os.environ["SOTTO_SHM"] = "/e/sock", "/e/shm"
            self.assertEqual(run_cli(["get-state", "0"])[4], [("/e/sock", "/e/shm", 5.0)])
        finally:
            os.environ.clear()
            os.environ.update(env)

    def test_play_and_missing_window(self):
        with tempfile.TemporaryDirectory() as d:
            shm, wav_path = os.path.join(d, "win"), os.path.join(d, "in.wav")
            fake_window(shm)
            with wave.open(wav_path, "wb") as w:
                w.setnchannels(2)
                w.setsampwidth(2)
                w.setframerate(48000)
                w.writeframes(bytes(400))
            rc, out, err, _, calls = run_cli(["--shm", shm, "play", "0", wav_path])
            self.assertEqual((rc, calls), (0, []), err)
            self.assertIn("played 100 frames into ring 0", out)
            with shmring.Window(shm) as win:
                self.assertEqual(win.ring(0).fill(), 400)
            rc, _, err, _, _ = run_cli(["--shm", shm, "play", "1", wav_path])
            self.assertEqual(rc, 2)  # ring 1 is a capture ring
            rc, _, err, _, _ = run_cli(["--shm", shm, "play", "0", os.path.join(d, "none.wav")])
            self.assertEqual(rc, 2)
            rc, _, err, _, _ = run_cli(["--shm", os.path.join(d, "nothing"), "play", "0",
                                        wav_path])
            self.assertEqual(rc, 3)
            self.assertIn("cannot open", err)

    def test_record(self):
        with tempfile.TemporaryDirectory() as d:
            shm, wav_path = os.path.join(d, "win"), os.path.join(d, "out.wav")
            fake_window(shm)
            with shmring.Window(shm) as win:  # the firmware captured 100 frames into ring 1
                ring = win.ring(1)
                win.mm[ring.data_off:ring.data_off + 400] = bytes(range(200)) * 2
                win.set_u32(shmring.RING_TABLE_OFF + shmring.RING_DESC_SIZE + shmring.R_WRITE,
                            400)
            rc, out, err, _, _ = run_cli(["--shm", shm, "--timeout", "0.2", "record", "1",
                                          wav_path, "--seconds", str(100 / 48000)])
            self.assertEqual(rc, 0, err)
            self.assertIn("recorded 100 of 100 frames from ring 1", out)
            with wave.open(wav_path, "rb") as w:
                self.assertEqual(w.readframes(1000), bytes(range(200)) * 2)
            rc, out, _, _, _ = run_cli(["--shm", shm, "--timeout", "0.1", "record", "1",
                                        wav_path, "--seconds", "0.01"])
            self.assertEqual(rc, 1)  # nothing more came
            self.assertIn("recorded 0 of 480 frames", out)

    def test_the_script(self):
        def run(*argv):
            return subprocess.run([sys.executable, SCRIPT] + list(argv), capture_output=True,
                                  text=True, timeout=60)
        r = run("modules")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("0x0204  eq_iir", r.stdout)
        self.assertEqual(run("init", "tone.0", "--ppl", "1", "freq=abc").returncode, 2)
        with tempfile.TemporaryDirectory() as d:
            r = run("--sock", os.path.join(d, "s"), "--shm", os.path.join(d, "m"),
                    "--timeout", "0.1", "get-state", "1")
        self.assertEqual(r.returncode, 3, r.stderr)
        with open(SCRIPT, encoding="utf-8") as f:
            self.assertTrue(f.readline().startswith("#!/usr/bin/env python3"))
        self.assertTrue(os.access(SCRIPT, os.X_OK))


def fake_window(path):
    """A window file as host_dma_shm_reset() leaves it: ready, 4 rings of S16 stereo 48 kHz."""
    shmring.create_window(path)
    plan = [(0, 0x100000, 0x100000), (1, 0x200000, 0x100000), (0, 0x300000, 0x80000),
            (1, 0x380000, 0x80000)]
    with shmring.Window(path) as win:
        for off, v in ((shmring.H_MAGIC, shmring.MAGIC), (shmring.H_VERSION, shmring.VERSION),
                       (shmring.H_HEADER_SIZE, shmring.HEADER_SIZE),
                       (shmring.H_WINDOW_SIZE, win.size), (shmring.H_BOOT_COUNT, 1),
                       (shmring.H_MAILBOX_OFF, shmring.MAILBOX_OFF),
                       (shmring.H_MAILBOX_SIZE, shmring.MAILBOX_SIZE),
                       (shmring.H_RING_TABLE_OFF, shmring.RING_TABLE_OFF),
                       (shmring.H_RING_COUNT, shmring.RINGS),
                       (shmring.H_RING_DESC_SIZE, shmring.RING_DESC_SIZE)):
            win.set_u32(off, v)
        for i, (direction, off, size) in enumerate(plan):
            base = shmring.RING_TABLE_OFF + i * shmring.RING_DESC_SIZE
            for field, v in ((shmring.R_DIR, direction), (shmring.R_FORMAT, 0),
                             (shmring.R_CHANNELS, 2), (shmring.R_RATE, 48000),
                             (shmring.R_FRAME_BYTES, 4), (shmring.R_DATA_OFF, off),
                             (shmring.R_DATA_SIZE, size)):
                win.set_u32(base + field, v)
        win.set_u32(shmring.H_FW_STATE, shmring.FW_READY)


# ---- main ------------------------------------------------------------------------------------

SUMMARY_RE = re.compile(r"^(?:\w+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$", re.M)


def run_other(script):
    """Run another test script, pass its output through; its (passed, failed)."""
    proc = subprocess.run([sys.executable, script], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT)
    text = proc.stdout.decode("utf-8", "replace")
    sys.stdout.write(text)
    sys.stdout.flush()
    sums = SUMMARY_RE.findall(text)
    passed, failed = (int(sums[-1][0]), int(sums[-1][1])) if sums else (0, 0)
    if proc.returncode and not failed:
        failed = 1
    return passed, failed


def main(argv=None):
    ap = argparse.ArgumentParser(description="sotto-ctl's host tests")
    ap.add_argument("--also", action="append", default=[], metavar="SCRIPT",
                    help="another test script to run first and count in the total")
    args = ap.parse_args(argv)
    total_p = total_f = 0
    for script in args.also:
        p, f = run_other(script)
        total_p, total_f = total_p + p, total_f + f
    runner = unittest.TextTestRunner(verbosity=2, stream=sys.stdout)
    result = runner.run(unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]))
    failed = len(result.failures) + len(result.errors)
    passed = result.testsRun - failed - len(result.skipped)
    if args.also:
        print("sottoctl: %d passed, %d failed" % (passed, failed))
        print("total: %d passed, %d failed" % (total_p + passed, total_f + failed))
    else:
        print("%d passed, %d failed" % (passed, failed))
    return 1 if failed + total_f else 0


if __name__ == "__main__":
    sys.exit(main())
