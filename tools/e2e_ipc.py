#!/usr/bin/env python3
"""End to end through IPC4: sotto-ctl drives the shell image (sotto.elf,
`-append nodemo`) under QEMU the way a host driver would, and the codec's
WAV is checked afterwards.

    e2e_ipc.py --qemu "QEMU ARGS" --image sotto.elf --wavcheck build/host/wavcheck
               --out build/virt-a15/e2e-ipc

1. `mem` on the serial shell: the heap and page statistics at boot.
2. sotto-ctl builds tools/graphs/e2e.sotto: pipeline 1 tone 1 kHz -> volume
   -> HDA, pipeline 2 host ring 0 -> eq_iir (-6 dB at 3 kHz) -> volume -> HDA.
   `test ipc4_handler` in the shell then skips (host pipelines exist) and
   leaves both pipelines alone.
3. Pipeline 1 runs; volume.0 steps from 0 to -18 dB through LARGE_CONFIG_SET
   while it plays; it is paused (the codec's DMA position stands still,
   checked with LARGE_CONFIG_GET of dai_copier.0) and resumed (the link
   restarts primed: one short silence in the WAV); reset.
4. Pipeline 2 runs while the host streams a 3 kHz WAV into ring 0; after
   the data ends the firmware reports the ring's underrun as a notification.
5. Teardown; `mem` again: every figure as at boot.
6. The WAV: the tone at 1 kHz and -6 dBFS, then each volume step as a level
   plateau, never rising, ending at -24 dBFS after the pause; the host part
   at 3 kHz and -6 dBFS + the EQ's gain at 3 kHz, THD+N below -60 dB.

Time runs with -icount shift=0,sleep=on: the guest's clock advances one ns
per instruction while it works and with the host's clock while it idles, so
a slow host slows the guest's time instead of making it miss ticks.
Every check prints one PASS/FAIL line; the last line is "N passed, M failed".
"""

import argparse
import math
import os
import re
import struct
import subprocess
import sys
import threading
import time
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402
import ipc4  # noqa: E402
import ipclink  # noqa: E402
import qemu_runner  # noqa: E402
import shmring  # noqa: E402
import sottoctl  # noqa: E402

TIME = ["-icount", "shift=0,align=off,sleep=on", "-rtc", "clock=vm"]
GRAPH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "graphs", "e2e.sotto")
RAMP_DB = [0, -3, -6, -9, -12, -15, -18]
TONE_DB = -6.0
HOST_FREQ = 3000
HOST_DB = -6.0
WINDOW_S = 0.01
SILENT_DB = -70.0


def mem_stats(s):
    """The shell's `mem` lines as {pool: {key: int}}."""
    mark = s.mark()
    s.send("mem\r")
    s.expect(r"pages +free=.*\n", 20, start=mark)
    out = {}
    for m in re.finditer(r"^(kheap|buffers|pages) +(.*)$", s.output[mark:], re.M):
        out[m.group(1)] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", m.group(2))}
    return out


def make_sine(path, freq, db, seconds, rate=48000):
    amp = 32767 * 10 ** (db / 20.0)
    frames = bytearray()
    for n in range(int(seconds * rate)):
        v = int(round(amp * math.sin(2 * math.pi * freq * n / rate)))
        frames += struct.pack("<hh", v, v)
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))


def read_left(path):
    with wave.open(path, "rb") as w:
        rate, ch, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        data = w.readframes(w.getnframes())
    if width != 2:
        raise ValueError("%d-byte samples" % width)
    samples = struct.unpack("<%dh" % (len(data) // 2), data)
    return rate, list(samples[::ch])


def windows(left, rate):
    """(start_s, level dBFS (AES17: a full-scale sine is 0), zero crossings) per window."""
    n = int(rate * WINDOW_S)
    out = []
    for i in range(0, len(left) - n + 1, n):
        w = left[i:i + n]
        rms = math.sqrt(sum(x * x for x in w) / n)
        db = 20 * math.log10(rms * math.sqrt(2) / 32768) if rms > 0 else -200.0
        zc = sum(1 for a, b in zip(w, w[1:]) if (a < 0) != (b < 0))
        out.append((i / rate, db, zc))
    return out


def write_segment(path, left, rate, start_s, end_s):
    seg = left[int(start_s * rate):int(end_s * rate)]
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(struct.pack("<%dh" % len(seg), *seg))


def dma_frames(ctl, name, inst):
    blob = ctl.config_get(name, inst)
    return struct.unpack_from("<I", blob, 0)[0] if len(blob) >= 4 else None


def run(c, args):
    os.makedirs(args.out, exist_ok=True)
    wav = os.path.join(args.out, "ipc.wav")
    host_wav = os.path.join(args.out, "host-3k.wav")
    shm = e2e.shm_path("ipc")
    sock = os.path.join(args.out, "ipc.sock")
    for p in (wav, sock):
        if os.path.exists(p):
            os.unlink(p)
    make_sine(host_wav, HOST_FREQ, HOST_DB, 2.0)
    shmring.create_window(shm)
    qa = e2e.AUDIODEV_RE.sub("-audiodev wav,id=snd0,path=%s,out.frequency=48000" % wav,
                             args.qemu)
    qa = e2e.SHM_RE.sub("mem-path=" + shm, qa)
    qa = re.sub(r"path=[^,\s]*\.sock", "path=" + sock, qa)
    cmd = qa.split() + TIME + ["-kernel", args.image, "-append", "nodemo"]
    log = os.path.join(args.out, "ipc.log")
    s = qemu_runner.QemuSession(cmd, log)
    notes = []
    try:
        s.expect(r"sotto> ", 60)
        boot_mem = mem_stats(s)
        c.check(set(boot_mem) == {"kheap", "buffers", "pages"}, "ipc.mem_at_boot",
                repr(boot_mem))
        graph = sottoctl.load_graph(GRAPH)
        with ipclink.Link(sock, shm, timeout=20) as link:
            ctl = sottoctl.Ctl(link, log=lambda line: print("  sotto-ctl: " + line),
                               timeout=20)
            steps(c, s, ctl, graph, shm, host_wav)
            notes = [ipc4.decode_notification(p, e, d) for p, e, d in link.notifications()]
        after = mem_stats(s)
        for pool in ("kheap", "buffers", "pages"):
            for key in ("allocs", "used", "free", "largest", "runs"):
                if key in boot_mem.get(pool, {}):
                    c.check(after.get(pool, {}).get(key) == boot_mem[pool][key],
                            "ipc.%s_%s_back_to_boot" % (pool, key),
                            "boot %s, now %s" % (boot_mem[pool][key],
                                                 after.get(pool, {}).get(key)))
    except Exception as e:  # a failed step is a failed check, with the log kept
        c.check(False, "ipc.session", "%s: %s (log %s)" % (type(e).__name__, e, log))
    finally:
        s.close()
        if os.path.exists(shm):
            os.unlink(shm)
    names = [n.get("notif_name") for n in notes]
    c.check("FW_READY" in names, "ipc.fw_ready_notified", repr(names))
    # Every audio event the firmware logged reached the host as a RESOURCE_EVENT.
    logged = [(int(m, 16), int(i), int(v)) for m, i, v in re.findall(
        r"W: audio: instance ([0-9a-f]+)\.(\d+): \w+ \((\d+)\)", s.output)]
    heard = [(n["module_id"], n["instance_id"], n["data"][0]) for n in notes
             if n.get("notif_name") == "RESOURCE_EVENT" and "module_id" in n]
    c.check(heard == logged, "ipc.every_event_notified",
            "logged %s, notified %s" % (logged, heard))
    analyse(c, args, wav)


def shell_suite_skips(c, s, ctl):
    """`test ipc4_handler` typed in the shell while the host has pipelines: the
    suite skips instead of deleting them (its teardown deletes every host
    pipeline), and they are still there."""
    mark = s.mark()
    s.send("test ipc4_handler\r")
    m = s.expect(r"^(\d+) passed, (\d+) failed, (\d+) skipped", 30, start=mark)
    s.expect(r"sotto> ", 30, start=m.end())
    skips = re.findall(r"^SKIP ipc4_handler\.\w+: host pipelines exist", s.output[mark:m.end()],
                       re.M)
    c.check(m.group(1) == "0" and m.group(2) == "0" and int(m.group(3)) == len(skips) > 0,
            "ipc.shell_suite_skips_with_host_pipelines", m.group(0))
    c.check(ctl.get_state(1) == "RESET" and ctl.get_state(2) == "RESET",
            "ipc.host_pipelines_survive_shell_suite")


def steps(c, s, ctl, graph, shm, host_wav):
    ctl.build(graph)
    c.check(ctl.get_state(1) == "RESET" and ctl.get_state(2) == "RESET", "ipc.built")
    shell_suite_skips(c, s, ctl)

    # Pipeline 1: the tone, a volume ramp, pause and resume.
    ctl.set_state(1, "running")
    c.check(ctl.get_state(1) == "RUNNING", "ipc.tone_running")
    time.sleep(0.5)
    for db in RAMP_DB[1:]:
        ctl.config_set("volume", 0, sottoctl.module_config("volume", [("gain", str(db))]))
        time.sleep(0.25)
    blob = ctl.config_get("volume", 0)
    got = sottoctl.decode_config("volume", blob)
    c.check(str(RAMP_DB[-1] * 100) in repr(got), "ipc.volume_read_back", repr(got))
    ctl.set_state(1, "paused")
    c.check(ctl.get_state(1) == "PAUSED", "ipc.tone_paused")
    f0 = dma_frames(ctl, "dai_copier", 0)
    time.sleep(0.3)
    f1 = dma_frames(ctl, "dai_copier", 0)
    c.check(f0 is not None and f0 == f1 and f0 > 0, "ipc.paused_dma_stands_still",
            "frames %s then %s" % (f0, f1))
    ctl.set_state(1, "running")
    time.sleep(0.4)
    f2 = dma_frames(ctl, "dai_copier", 0)
    c.check(f2 is not None and f1 is not None and f2 > f1, "ipc.resumed_dma_moves",
            "frames %s then %s" % (f1, f2))
    ctl.set_state(1, "reset")
    c.check(ctl.get_state(1) == "RESET", "ipc.tone_reset")

    # Pipeline 2: host playback through the EQ.
    ctl.set_state(2, "paused")  # prepared: the host ring is laid out
    fed = {}

    def feed():
        try:
            with shmring.Window(shm) as win:
                fed["frames"] = shmring.play_wav(win, 0, host_wav, stall_timeout=20,
                                                 wait_drain=True)
        except Exception as e:
            fed["error"] = repr(e)

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    time.sleep(0.2)  # some of it in the ring before the stream starts
    ctl.set_state(2, "running")
    t.join(60)
    c.check(fed.get("frames") == 96000, "ipc.host_fed_the_ring", repr(fed))
    ctl.set_state(2, "eos")
    c.check(ctl.get_state(2) == "EOS", "ipc.host_eos")
    time.sleep(0.3)  # the ring runs dry: an underrun for the host
    ctl.teardown(graph)
    for ppl in (1, 2):
        try:
            ctl.get_state(ppl)
            gone = False
        except sottoctl.IpcError as e:
            gone = e.status == ipc4.Status.INVALID_RESOURCE_ID
        c.check(gone, "ipc.pipeline%d_deleted" % ppl)


def plateaus(tone):
    """Runs of windows within 0.5 dB of each other: [(start_s, mean dB, windows)]."""
    out = []
    for t, db, _ in tone:
        if out and abs(out[-1][1] - db) <= 0.5:
            s0, m, n = out[-1]
            out[-1] = (s0, (m * n + db) / (n + 1), n + 1)
        else:
            out.append((t, db, 1))
    return out


def analyse(c, args, wav):
    try:
        rate, left = read_left(wav)
    except (OSError, ValueError, EOFError, wave.Error) as e:
        c.check(False, "ipc.wav_readable", str(e))
        return
    win = windows(left, rate)
    zc_tone, zc_host = 2 * 1000 * WINDOW_S, 2 * HOST_FREQ * WINDOW_S
    host = [w for w in win if w[1] > SILENT_DB and abs(w[2] - zc_host) <= 2]
    tone = [w for w in win if w[1] > SILENT_DB and abs(w[2] - zc_tone) <= 2 and
            (not host or w[0] < host[0][0] - 0.05)]
    c.check(len(tone) >= 100, "ipc.tone_captured", "%d windows" % len(tone))
    c.check(len(host) >= 150, "ipc.host_captured", "%d windows" % len(host))
    if not tone or not host:
        return
    c.check(tone[-1][0] < host[0][0], "ipc.tone_then_host")

    # The ramp: plateaus at every step, never louder than the one before.
    # Consecutive windows, both away from a silence (the start, the restart after the pause).
    full = set(int(round(t / WINDOW_S)) for t, _, _ in tone)
    inner = [w for w in tone if all(int(round(w[0] / WINDOW_S)) + d in full for d in (-1, 1))]
    levels = [db for _, db, _ in inner]
    c.near("ipc.tone_level_first", levels[0] if levels else None, TONE_DB, 0.3)
    c.near("ipc.tone_level_last", levels[-1] if levels else None, TONE_DB + RAMP_DB[-1], 0.3)
    rises = [(round(t, 2), round(a, 2), round(b, 2))
             for (t, a, _), (t2, b, _) in zip(inner, inner[1:])
             if t2 - t < 1.5 * WINDOW_S and b > a + 0.3]
    c.check(not rises, "ipc.ramp_never_rises", repr(rises[:5]))
    # The pause does not show (the codec's stream stops, QEMU records nothing), the
    # restart does: the link starts again primed with ~62 ms of silence, then the
    # tone goes on at the last step.
    idx = sorted(full)
    holes = [(a * WINDOW_S, (b - a) * WINDOW_S) for a, b in zip(idx, idx[1:]) if b - a > 3]
    c.check(len(holes) == 1 and 0.05 <= holes[0][1] <= 0.1, "ipc.restart_gap",
            "gaps (start, length) %s" % holes)
    if holes:
        after = [db for t, db, _ in inner if t > holes[0][0] + holes[0][1]]
        c.check(len(after) > 10 and all(abs(db - levels[-1]) <= 0.3 for db in after),
                "ipc.resumed_at_last_step", "levels after the gap %s" % after[:5])
    flats = [p for p in plateaus(tone) if p[2] >= 5]
    for db in RAMP_DB:
        want = TONE_DB + db
        c.check(any(abs(m - want) <= 0.3 for _, m, _ in flats),
                "ipc.ramp_step_%ddB" % -db, "plateaus %s" % [(round(t, 2), round(m, 2), n)
                                                          for t, m, n in flats])

    # Quality of each part, by wavcheck, on the steady stretches.
    first_end = flats[0][0] + flats[0][2] * WINDOW_S if flats else tone[0][0] + 0.3
    tone_seg = os.path.join(args.out, "ipc-tone.wav")
    write_segment(tone_seg, left, rate, tone[0][0] + 0.05, first_end - 0.02)
    r, out = e2e.wavcheck(args, tone_seg)
    ch = e2e.chan(r)
    c.near("ipc.tone_freq_1000", ch.get("freq_hz"), 1000.0, 1.0)
    c.check(ch.get("thdn_db") is not None and ch["thdn_db"] < -60, "ipc.tone_thdn_below_-60",
            "got %s" % ch.get("thdn_db"))

    eq = sottoctl.eq_response_db(sottoctl.module_config("eq_iir", [("peak", "3000:-6:1")]),
                                 HOST_FREQ)
    host_seg = os.path.join(args.out, "ipc-host.wav")
    write_segment(host_seg, left, rate, host[0][0] + 0.05, host[-1][0] - 0.05)
    r, out = e2e.wavcheck(args, host_seg)
    ch = e2e.chan(r)
    c.near("ipc.host_freq_3000", ch.get("freq_hz"), float(HOST_FREQ), 1.0)
    c.near("ipc.host_level_eq", ch.get("rms_dbfs"), HOST_DB + eq, 0.2)
    c.check(ch.get("thdn_db") is not None and ch["thdn_db"] < -60, "ipc.host_thdn_below_-60",
            "got %s" % ch.get("thdn_db"))
    c.check(ch.get("gaps") == [] and ch.get("discontinuities") == [], "ipc.host_no_gap",
            "gaps %s discontinuities %s" % (ch.get("gaps"), ch.get("discontinuities")))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qemu", required=True, help="the board's QEMU arguments")
    ap.add_argument("--image", required=True, help="the shell image (sotto.elf)")
    ap.add_argument("--wavcheck", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    c = e2e.Checks()
    run(c, args)
    print("%d passed, %d failed" % (c.passed, c.failed))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
