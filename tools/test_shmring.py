#!/usr/bin/env python3
"""Host tests of tools/shmring.py: a plain temp file stands in for /dev/shm and
a small Python stand-in plays the firmware. Prints "N passed, M failed"."""

import io
import os
import re
import sys
import tempfile
import threading
import time
import traceback
import wave
from contextlib import redirect_stderr, redirect_stdout

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import shmring as S  # noqa: E402

LAYOUT_H = os.path.join(HERE, "..", "drivers", "ivshmem", "shm_layout.h")
PLAN = [(S.DIR_PLAYBACK, 0x100000, 0x100000), (S.DIR_CAPTURE, 0x200000, 0x100000),
        (S.DIR_PLAYBACK, 0x300000, 0x80000), (S.DIR_CAPTURE, 0x380000, 0x80000)]


def fw_init(win, boot=1, pos=0, rate=48000, channels=2, fmt=S.FMT_S16_LE):
    """What host_dma_shm_reset() does, in Python."""
    win.set_u32(S.H_FW_STATE, S.FW_NOT_READY)
    for name, off in S.HEADER_FIELDS:
        win.set_u32(off, 0)
    for off, v in ((S.H_MAGIC, S.MAGIC), (S.H_VERSION, S.VERSION),
                   (S.H_HEADER_SIZE, S.HEADER_SIZE), (S.H_WINDOW_SIZE, win.size),
                   (S.H_BOOT_COUNT, boot), (S.H_MAILBOX_OFF, S.MAILBOX_OFF),
                   (S.H_MAILBOX_SIZE, S.MAILBOX_SIZE), (S.H_RING_TABLE_OFF, S.RING_TABLE_OFF),
                   (S.H_RING_COUNT, S.RINGS), (S.H_RING_DESC_SIZE, S.RING_DESC_SIZE)):
        win.set_u32(off, v)
    for i, (d, off, size) in enumerate(PLAN):
        base = S.RING_TABLE_OFF + i * S.RING_DESC_SIZE
        for field, v in ((S.R_DIR, d), (S.R_FORMAT, fmt), (S.R_CHANNELS, channels),
                         (S.R_RATE, rate), (S.R_FRAME_BYTES, channels * S.FORMATS[fmt][1]),
                         (S.R_DATA_OFF, off), (S.R_DATA_SIZE, size), (S.R_FW_FLAGS, 0),
                         (S.R_WRITE, pos), (S.R_READ, pos), (S.R_HOST_FLAGS, 0),
                         (S.R_XRUNS, 0), (S.R_ERRORS, 0)):
            win.set_u32(base + field, v)
    win.set_u32(S.H_FW_STATE, S.FW_READY)


def pattern(n, seed=0):
    return bytes(((k + seed) * 2654435761 >> 24) & 0xFF for k in range(n))


def ring_word(win, i, field):
    return win.u32(S.RING_TABLE_OFF + i * S.RING_DESC_SIZE + field)


def set_ring_word(win, i, field, v):
    win.set_u32(S.RING_TABLE_OFF + i * S.RING_DESC_SIZE + field, v)


def write_wav(path, data, channels=2, rate=48000, width=2):
    with wave.open(path, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(data)


class Env:
    """A temp window file (and a temp dir for WAVs)."""

    def __init__(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "shm")
        S.create_window(self.path)
        self.win = S.Window(self.path)

    def file(self, name):
        return os.path.join(self.dir.name, name)

    def close(self):
        self.win.close()
        self.dir.cleanup()


TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


@test
def constants_match_shm_layout_h(env):
    text = open(LAYOUT_H).read()
    defs = {m.group(1): int(m.group(2), 0) for m in
            re.finditer(r"#define\s+SHM_(\w+)\s+\(?(0x[0-9a-fA-F]+|\d+)u?\b", text)}
    want = {"MAGIC": S.MAGIC, "VERSION": S.VERSION, "WINDOW_MIN": S.WINDOW_MIN,
            "RING_TABLE_OFF": S.RING_TABLE_OFF, "RINGS": S.RINGS,
            "RING_DESC_SIZE": S.RING_DESC_SIZE, "MAILBOX_OFF": S.MAILBOX_OFF,
            "MAILBOX_SIZE": S.MAILBOX_SIZE, "DATA_MIN_OFF": S.DATA_MIN_OFF,
            "DATA_ALIGN": S.DATA_ALIGN, "FW_READY": S.FW_READY,
            "HOST_ATTACHED": S.HOST_ATTACHED, "DIR_PLAYBACK": S.DIR_PLAYBACK,
            "DIR_CAPTURE": S.DIR_CAPTURE, "FMT_S16_LE": S.FMT_S16_LE,
            "FMT_S24_4LE": S.FMT_S24_4LE, "FMT_S32_LE": S.FMT_S32_LE,
            "RING0_OFF": PLAN[0][1], "RING1_OFF": PLAN[1][1], "RING2_OFF": PLAN[2][1],
            "RING3_OFF": PLAN[3][1], "RING_BIG": PLAN[0][2], "RING_SMALL": PLAN[2][2]}
    for k, v in want.items():
        assert defs.get(k) == v, (k, defs.get(k), v)
    for k, v in (("FW_RUNNING", S.FW_RUNNING), ("FW_XRUN", S.FW_XRUN),
                 ("FW_BADPOS", S.FW_BADPOS), ("HOST_EOS", S.HOST_EOS)):
        m = re.search(r"#define\s+SHM_%s\s+\(1u << (\d+)\)" % k, text)
        assert m and 1 << int(m.group(1)) == v, k
    # Field offsets: "uint32_t name; /* 0xNN" in each struct.
    for struct, fields in (("shm_header", S.HEADER_FIELDS), ("shm_ring", S.RING_FIELDS)):
        body = re.search(r"struct %s \{(.*?)\};" % struct, text, re.S).group(1)
        offs = {m.group(1): int(m.group(2), 16)
                for m in re.finditer(r"uint32_t (\w+)(?:\[\d+\])?;\s*/\* (0x[0-9a-f]+)", body)}
        for name, off in fields:
            assert offs[name] == off, (struct, name, offs.get(name), off)


@test
def wait_ready_times_out_then_succeeds(env):
    t0 = time.monotonic()
    try:
        env.win.wait_ready(timeout=0.05)
        raise AssertionError("no timeout")
    except S.ShmError as e:
        assert "not ready" in str(e)
    assert time.monotonic() - t0 < 2
    threading.Timer(0.05, fw_init, (env.win,)).start()
    h = env.win.wait_ready(timeout=5)
    assert h["magic"] == S.MAGIC and h["boot_count"] == 1 and h["window_size"] == S.WINDOW_MIN


@test
def wait_ready_needs_magic_version_and_fresh_boot(env):
    fw_init(env.win)
    env.win.set_u32(S.H_VERSION, 2)
    assert not env.win.is_ready()
    env.win.set_u32(S.H_VERSION, 1)
    env.win.set_u32(S.H_MAGIC, 0x12345678)
    assert not env.win.is_ready()
    env.win.set_u32(S.H_MAGIC, S.MAGIC)
    assert env.win.is_ready()
    try:
        env.win.wait_ready(timeout=0.05, min_boot_count=2)  # a stale "ready"
        raise AssertionError("stale window accepted")
    except S.ShmError:
        pass
    env.win.set_u32(S.H_WINDOW_SIZE, 64 << 20)
    try:
        env.win.wait_ready(timeout=0.05)
        raise AssertionError("oversized window accepted")
    except S.ShmError as e:
        assert "no sense" in str(e)


@test
def info_lists_header_and_rings(env):
    fw_init(env.win)
    set_ring_word(env.win, 3, S.R_DATA_OFF, 0x3ffff0)
    text = S.info(env.win)
    assert "magic 4f544f53 version 1" in text and "fw_state ready" in text, text
    assert "ring 0 playback S16_LE 2ch 48000 Hz  data 0x100000+0x100000" in text, text
    assert "ring 1 capture" in text
    assert "ring 3: INVALID" in text
    out = io.StringIO()
    with redirect_stdout(out):
        assert S.main(["--shm", env.path, "info"]) == 0
    assert "ring 2 playback" in out.getvalue()


@test
def hostile_descriptors_refused(env):
    fw_init(env.win)
    for field, value in ((S.R_DIR, 5), (S.R_FORMAT, 9), (S.R_CHANNELS, 0), (S.R_RATE, 0),
                         (S.R_FRAME_BYTES, 8), (S.R_DATA_OFF, 0), (S.R_DATA_OFF, 0x100004),
                         (S.R_DATA_OFF, 0x3ff000), (S.R_DATA_OFF, 0xFFFFF000),
                         (S.R_DATA_SIZE, 0x100001), (S.R_DATA_SIZE, 0)):
        fw_init(env.win)
        set_ring_word(env.win, 0, field, value)
        try:
            env.win.ring(0)
            raise AssertionError("field 0x%x = 0x%x accepted" % (field, value))
        except S.ShmError:
            pass
    fw_init(env.win)
    set_ring_word(env.win, 1, S.R_WRITE, 0x200000)  # fill > size
    try:
        env.win.ring(1).read()
        raise AssertionError("impossible fill accepted")
    except S.ShmError as e:
        assert "make no sense" in str(e)
    try:
        env.win.ring(7)
        raise AssertionError("ring 7")
    except S.ShmError:
        pass


def consumer(win, index, out, stop, step=3000):
    """The firmware side of a playback ring: take what is there, a few KB at a time."""
    r = win.ring(index)
    while not stop.is_set():
        rd, wr = r.read_pos, r.write_pos
        n = min((wr - rd) & S.M32, step)
        n -= n % r.frame_bytes
        for k in range(n):
            out.append(win.mm[r.data_off + (rd + k) % r.data_size])
        set_ring_word(win, index, S.R_READ, rd + n)
        if not n:
            time.sleep(0.001)


@test
def play_streams_bit_exact_across_wraps_and_sets_eos(env):
    fw_init(env.win, pos=0xFFFFFFFF - 0x7FFFF - 40 * 4 + 1)  # ring 2: wraps ring and 2^32
    data = pattern(0x90000)  # more than the 512 KiB ring: play waits for the reader
    wav = env.file("in.wav")
    write_wav(wav, data)
    set_ring_word(env.win, 2, S.R_HOST_FLAGS, S.HOST_EOS)  # left over: play clears it
    out, stop = bytearray(), threading.Event()
    th = threading.Thread(target=consumer, args=(env.win, 2, out, stop))
    th.start()
    try:
        frames = S.play_wav(env.win, 2, wav, stall_timeout=10, wait_drain=True)
    finally:
        stop.set()
        th.join()
    assert frames == len(data) // 4
    assert bytes(out) == data
    assert ring_word(env.win, 2, S.R_HOST_FLAGS) & S.HOST_EOS
    assert ring_word(env.win, 2, S.R_WRITE) == (0xFFFFFFFF - 0x7FFFF - 160 + 1 + len(data)) & S.M32


@test
def play_checks_the_wav_against_the_ring(env):
    fw_init(env.win)
    for name, kw in (("rate.wav", {"rate": 44100}), ("mono.wav", {"channels": 1}),
                     ("s24.wav", {"width": 3})):
        write_wav(env.file(name), b"\0" * 24, **kw)
        try:
            S.play_wav(env.win, 0, env.file(name))
            raise AssertionError(name + " accepted")
        except ValueError:
            pass
    write_wav(env.file("ok.wav"), b"\0" * 16)
    try:
        S.play_wav(env.win, 1, env.file("ok.wav"))  # a capture ring
        raise AssertionError("capture ring accepted")
    except ValueError:
        pass
    assert ring_word(env.win, 0, S.R_WRITE) == 0


@test
def play_gives_up_when_the_firmware_stalls(env):
    fw_init(env.win)
    write_wav(env.file("big.wav"), pattern(0x80000 + 64))
    t0 = time.monotonic()
    try:
        S.play_wav(env.win, 2, env.file("big.wav"), stall_timeout=0.1)
        raise AssertionError("no stall")
    except S.ShmError as e:
        assert "read nothing" in str(e)
    assert time.monotonic() - t0 < 5
    assert ring_word(env.win, 2, S.R_WRITE) == 0x80000  # full, not one byte more


def producer(win, index, data, step=2000):
    """The firmware side of a capture ring."""
    r = win.ring(index)
    done = 0
    while done < len(data):
        wr, rd = r.write_pos, r.read_pos
        n = min(r.data_size - ((wr - rd) & S.M32), step, len(data) - done)
        for k in range(n):
            win.mm[r.data_off + (wr + k) % r.data_size] = data[done + k]
        set_ring_word(win, index, S.R_WRITE, wr + n)
        done += n
        if not n:
            time.sleep(0.001)


@test
def record_drains_bit_exact(env):
    fw_init(env.win, pos=0xFFFFFFFF - 0x7FFFF - 99 * 4 + 1, rate=8000)
    data = pattern(8000 * 4 * 2 + 400)  # 2 s of 8 kHz stereo, and a little more
    th = threading.Thread(target=producer, args=(env.win, 3, data))
    th.start()
    try:
        frames = S.record_wav(env.win, 3, env.file("out.wav"), 2.0, stall_timeout=10)
    finally:
        th.join()
    assert frames == 16000
    with wave.open(env.file("out.wav"), "rb") as w:
        assert (w.getnchannels(), w.getframerate(), w.getsampwidth()) == (2, 8000, 2)
        assert w.readframes(100000) == data[:64000]
    r = env.win.ring(3)
    assert r.fill() == 400


@test
def record_stops_on_stall_and_skips_stale(env):
    fw_init(env.win, rate=1000)
    env.win.mm[0x200000:0x200000 + 40] = pattern(40)
    set_ring_word(env.win, 1, S.R_WRITE, 40)
    frames = S.record_wav(env.win, 1, env.file("a.wav"), 1.0, stall_timeout=0.05)
    assert frames == 10
    set_ring_word(env.win, 1, S.R_WRITE, 80)
    frames = S.record_wav(env.win, 1, env.file("b.wav"), 1.0, stall_timeout=0.05,
                          skip_stale=True)
    assert frames == 0
    assert ring_word(env.win, 1, S.R_READ) == 80
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        rc = S.main(["--shm", env.path, "--timeout", "0.05", "record", "1", env.file("c.wav"),
                     "--seconds", "0.01"])
    assert rc == 1
    try:
        S.record_wav(env.win, 0, env.file("d.wav"), 1.0)
        raise AssertionError("playback ring accepted")
    except ValueError:
        pass


@test
def cli_play_and_missing_window(env):
    fw_init(env.win)
    write_wav(env.file("p.wav"), pattern(400))
    out = io.StringIO()
    with redirect_stdout(out):
        assert S.main(["--shm", env.path, "play", "0", env.file("p.wav")]) == 0
    assert "played 100 frames" in out.getvalue()
    assert env.win.u32(S.H_HOST_STATE) == S.HOST_ABSENT  # attached, then detached
    assert env.win.ring(0).fill() == 400
    err = io.StringIO()
    with redirect_stderr(err):
        assert S.main(["--shm", env.file("nothing"), "info"]) == 1
    assert "cannot open" in err.getvalue()


def main():
    passed = failed = 0
    for fn in TESTS:
        env = Env()
        try:
            fn(env)
            print("PASS shmring.%s" % fn.__name__)
            passed += 1
        except Exception:  # noqa: BLE001 - report every failure the same way
            print("FAIL shmring.%s" % fn.__name__)
            traceback.print_exc(file=sys.stdout)
            failed += 1
        finally:
            env.close()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
