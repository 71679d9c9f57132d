#!/usr/bin/env python3
"""End-to-end audio tests on virt-a15: each scenario is one QEMU run of
sotto-e2e.elf with the HDA codec writing a WAV, judged twice: by the
firmware's own checks (PASS/FAIL lines, summary, exit status) and by
tools/wavcheck on the captured audio.

    e2e.py --qemu "QEMU ARGS" --image sotto-e2e.elf --wavcheck build/host/wavcheck
           --out build/virt-a15/e2e [--only NAME ...]

Every check prints one PASS/FAIL line; the last line is "N passed, M failed".
Runs are deterministic (-icount): the codec is paced by the virtual clock.
"""

import argparse
import json
import math
import os
import random
import re
import struct
import subprocess
import sys
import threading
import time
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu_runner  # noqa: E402
import shmring  # noqa: E402

DETERMINISTIC = ["-icount", "shift=0,align=off,sleep=off", "-rtc", "clock=vm"]
AUDIODEV_RE = re.compile(r"-audiodev\s+\S+")
SHM_RE = re.compile(r"mem-path=[^,\s]+")
TIMEOUT = 60


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, ok, name, detail=""):
        if ok:
            self.passed += 1
            print("PASS e2e.%s" % name)
        else:
            self.failed += 1
            print("FAIL e2e.%s%s" % (name, ": " + detail if detail else ""))
        sys.stdout.flush()
        return ok

    def near(self, name, got, want, tol):
        return self.check(got is not None and abs(got - want) <= tol, name,
                          "got %s, want %s +- %s" % (got, want, tol))


def shm_path(scenario):
    """A host window of this run's own (docs/host-shm.md)."""
    return "/dev/shm/sotto-e2e-%d-%s" % (os.getpid(), scenario)


def qemu_cmd(args, wav, extra, scenario, codec=True):
    qa = args.qemu
    qa = AUDIODEV_RE.sub("-audiodev wav,id=snd0,path=%s,out.frequency=48000" % wav, qa)
    qa = SHM_RE.sub("mem-path=" + shm_path(scenario), qa)
    if not codec:
        qa = qa.replace("-device hda-output,audiodev=snd0", "")
    return (qa.split() + DETERMINISTIC + extra +
            ["-kernel", args.image, "-append", scenario])


def fw_values(text):
    """The firmware's "e2e: key=value" lines as a dict of ints."""
    vals = {}
    for m in re.finditer(r"^e2e: (.*)$", text, re.M):
        for kv in m.group(1).split():
            k, _, v = kv.partition("=")
            if v.lstrip("-").isdigit():
                vals[k] = int(v)
    return vals


def boot(c, args, name, wav, extra=(), codec=True, during=None):
    """Run one scenario; returns (firmware values, serial text) or None."""
    if os.path.exists(wav):
        os.unlink(wav)
    log = os.path.join(args.out, name + ".log")
    s = qemu_runner.QemuSession(qemu_cmd(args, wav, list(extra), name, codec), log)
    worker = None
    if during:
        worker = threading.Thread(target=during, daemon=True)
        worker.start()
    rc = s.wait(TIMEOUT)
    timed_out = rc is None
    s.close()
    if worker:
        worker.join(10)
    if os.path.exists(shm_path(name)):
        os.unlink(shm_path(name))
    problems = qemu_runner.judge(s.output, rc, timed_out)
    # The firmware's own PASS/FAIL lines count as checks too.
    results, _ = qemu_runner.parse_results(s.output)
    for verdict, test, reason in results:
        c.check(verdict == "PASS", "%s.fw.%s" % (name, test.replace("e2e.", "")), reason)
    c.check(not problems, "%s.run" % name, "; ".join(problems) + " (log %s)" % log)
    return fw_values(s.output), s.output


def wavcheck(args, wav, *opts):
    p = subprocess.run([args.wavcheck, wav, "--json"] + list(opts),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        return json.JSONDecoder().raw_decode(p.stdout.strip())[0], p.stdout + p.stderr
    except ValueError:
        return None, p.stdout + p.stderr


def chan(r, i=0):
    return r["per_channel"][i] if r and "per_channel" in r else {}


def tone_checks(c, name, r, fw, gaps_allowed=False):
    """The tone -> volume -> HDA result: format, frequency, level, distortion."""
    c.check(r is not None, name + ".wav_readable")
    if not r:
        return
    c.check(r["rate"] == 48000, name + ".rate_48000", "got %s" % r["rate"])
    c.check(r["channels"] == 2, name + ".stereo", "got %s" % r["channels"])
    want_db = (fw.get("tone_amp_mb", 0) + fw.get("volume_mb", 0)) / 100.0
    for i in range(2):
        ch = chan(r, i)
        c.near("%s.ch%d.freq_1000" % (name, i), ch.get("freq_hz"), 1000.0, 1.0)
        # wavcheck's RMS level is AES17 dBFS (a full-scale sine is 0 dBFS),
        # so it compares directly with the tone's peak amplitude.
        rms = ch.get("rms_dbfs")
        tone_db = fw.get("tone_amp_mb", 0) / 100.0
        c.near("%s.ch%d.level_minus6" % (name, i), None if rms is None else rms - tone_db,
               want_db - tone_db, 0.2)
        if not gaps_allowed:
            thdn = ch.get("thdn_db")  # null when the fit failed or the channel is silent
            c.check(thdn is not None and thdn < -60, "%s.ch%d.thdn_below_-60" % (name, i),
                    "got %s" % thdn)
            c.check(ch.get("gaps") == [] and ch.get("discontinuities") == [],
                    "%s.ch%d.no_gap" % (name, i),
                    "gaps %s discontinuities %s" % (ch.get("gaps"), ch.get("discontinuities")))


def scenario_tone(c, args):
    wav = os.path.join(args.out, "tone.wav")
    fw, _ = boot(c, args, "tone", wav)
    r, out = wavcheck(args, wav)
    tone_checks(c, "tone", r, fw)
    if r:
        # 2 s of running: the link's prefill (62 ms of silence: a 64 ms DMA
        # buffer, full but for one period) first, then the tone; stopping drops
        # what was still queued, and the capture ends with the stream: the
        # tone runs unbroken to the last frame.
        dur = r["signal_end_s"] - r["signal_start_s"]
        c.check(r["signal_start_s"] <= 0.065, "tone.starts_after_prefill",
                "tone starts at %.4f s" % r["signal_start_s"])
        c.check(1.93 <= dur <= 2.0, "tone.duration_2s", "%.4f s of tone" % dur)
        c.check(r["duration_s"] - r["signal_end_s"] < 0.001, "tone.clean_stop",
                "signal to %s of %s s" % (r["signal_end_s"], r["duration_s"]))


def scenario_underrun(c, args):
    wav = os.path.join(args.out, "underrun.wav")
    fw, _ = boot(c, args, "underrun", wav)
    r, out = wavcheck(args, wav)
    tone_checks(c, "underrun", r, fw, gaps_allowed=True)
    if not r:
        return
    gaps = chan(r).get("gaps", [])
    c.check(len(gaps) == 1, "underrun.one_gap", "gaps %s" % gaps)
    if gaps:
        start, length = gaps[0]
        stall = fw.get("stall_at_ms", 0) / 1000.0
        stall_len = fw.get("stall_ms", 0) / 1000.0
        # The link plays what it had queued (tens of ms), then silence until
        # the LL thread is back: the gap lies inside the stall (shifted by the
        # link's latency) and is shorter than the stall plus the padding.
        c.check(stall <= start <= stall + stall_len, "underrun.gap_in_stall",
                "gap at %.4f s, stall %.4f..%.4f s" % (start, stall, stall + stall_len))
        c.check(0.005 <= length <= stall_len + 0.005, "underrun.gap_length",
                "%.4f s for a %.3f s stall" % (length, stall_len))
        # Recovered: the tone plays on to the end.
        c.check(r["signal_end_s"] - start > 1.4, "underrun.recovered",
                "signal ends %.3f s after the gap" % (r["signal_end_s"] - start))


def make_host_input(path, seconds=1.5, rate=48000):
    """A stereo S16 test signal that catches any reordering or rounding slip:
    left a 997 Hz sine at -6 dBFS plus noise, right seeded white noise at
    -10 dBFS, a full-scale pair of samples every 0.25 s."""
    rnd = random.Random(20261121)
    frames = []
    for n in range(int(seconds * rate)):
        left = 0.5 * math.sin(2 * math.pi * 997 * n / rate) + rnd.uniform(-0.05, 0.05)
        right = rnd.uniform(-0.316, 0.316)
        if n % (rate // 4) == 0:
            left, right = 32767 / 32768.0, -1.0
        frames.append(struct.pack("<hh", max(-32768, min(32767, round(left * 32768))),
                                  max(-32768, min(32767, round(right * 32768)))))
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(frames))
    return int(seconds * rate)


def scenario_host(c, args):
    wav = os.path.join(args.out, "host.wav")
    src = os.path.join(args.out, "host-input.wav")
    n = make_host_input(src)
    shm = shm_path("host")
    shmring.create_window(shm)
    host = {}

    def feed():
        try:
            with shmring.Window(shm) as win:
                win.wait_ready(timeout=20)
                host["frames"] = shmring.play_wav(win, 0, src, stall_timeout=20)
        except Exception as e:  # reported as a check below
            host["error"] = repr(e)

    fw, _ = boot(c, args, "host", wav, during=feed)
    c.check("error" not in host and host.get("frames") == n, "host.fed_the_ring",
            "host side: %s" % host)
    c.check(fw.get("host_frames") == n, "host.firmware_saw_all_frames",
            "%s of %d" % (fw.get("host_frames"), n))
    r, out = wavcheck(args, wav, "--ref", src, "--gain-q27", str(fw.get("volume_gain_q27", 0)),
                      "--expect-exact")
    cmp_ = (r or {}).get("compare", {})
    c.check(r is not None and cmp_.get("mismatches") == 0 and cmp_.get("compared") == n,
            "host.bit_exact_input_times_gain", out.strip().replace("\n", " | ")[:600])


def scenario_nocodec(c, args):
    wav = os.path.join(args.out, "nocodec.wav")
    _, text = boot(c, args, "nocodec", wav, codec=False)
    c.check("hda: no codec on the link" in text, "nocodec.logged")


SCENARIOS = {
    "tone": scenario_tone,
    "underrun": scenario_underrun,
    "host": scenario_host,
    "nocodec": scenario_nocodec,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qemu", required=True, help="the board's QEMU arguments")
    ap.add_argument("--image", required=True)
    ap.add_argument("--wavcheck", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    c = Checks()
    for name, fn in SCENARIOS.items():
        if args.only and name not in args.only:
            continue
        print("==> e2e %s" % name)
        t0 = time.monotonic()
        fn(c, args)
        print("    (%.1f s)" % (time.monotonic() - t0))
    print("%d passed, %d failed" % (c.passed, c.failed))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
