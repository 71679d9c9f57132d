#!/usr/bin/env python3
"""End-to-end audio tests on virt-a15: each scenario is a QEMU run of
sotto-e2e.elf with the HDA codec writing a WAV (faults: two runs, the
reference and the faulty one), judged twice: by the firmware's own checks
(PASS/FAIL lines, summary, exit status) and by tools/wavcheck on the
captured audio.

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
import ipc4  # noqa: E402
import ipclink  # noqa: E402
import qemu_runner  # noqa: E402
import shmring  # noqa: E402

DETERMINISTIC = ["-icount", "shift=0,align=off,sleep=off", "-rtc", "clock=vm"]
AUDIODEV_RE = re.compile(r"-audiodev\s+\S+")
SHM_RE = re.compile(r"mem-path=[^,\s]+")
SOCK_RE = re.compile(r"path=[^,\s]*\.sock")
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


def qemu_cmd(args, wav, extra, scenario, codec=True, sock=None):
    qa = args.qemu
    qa = AUDIODEV_RE.sub("-audiodev wav,id=snd0,path=%s,out.frequency=48000" % wav, qa)
    qa = SHM_RE.sub("mem-path=" + shm_path(scenario), qa)
    if sock:
        qa = SOCK_RE.sub("path=" + sock, qa)
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


def boot(c, args, name, wav, extra=(), codec=True, during=None, sock=None):
    """Run one scenario; returns (firmware values, serial text) or None. @sock: an IPC
    doorbell socket of the run's own instead of the Makefile's."""
    if os.path.exists(wav):
        os.unlink(wav)
    log = os.path.join(args.out, name + ".log")
    s = qemu_runner.QemuSession(qemu_cmd(args, wav, list(extra), name, codec, sock), log)
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


# ---- faults: a module faulting in pipeline A while B plays -----------------------

A_RING = 1          # A's host ring (capture)
A_FREQ = 440.0
A_LEVEL_DB = -6.0   # A's tone, straight through t_hostile
RATE = 48000
UNITY_Q27 = 1 << 27
FAULT_EVERY_S = 0.5  # t_hostile faults 500 periods after each (re)start
MARGIN_S = 0.01      # left out on either side of a fault when A's stretches are analysed


def wav_frames(path):
    """(params, frames as bytes) of a WAV."""
    with wave.open(path, "rb") as w:
        return w.getparams(), w.readframes(w.getnframes())


def write_frames(path, params, data):
    with wave.open(path, "wb") as w:
        w.setnchannels(params.nchannels)
        w.setsampwidth(params.sampwidth)
        w.setframerate(params.framerate)
        w.writeframes(data)


def wav_slice(src, dst, start, end=None):
    """Frames [@start, @end) of @src into @dst (negative @end: from the end)."""
    params, data = wav_frames(src)
    fb = params.nchannels * params.sampwidth
    n = len(data) // fb
    end = n if end is None else (end if end >= 0 else n + end)
    write_frames(dst, params, data[start * fb:max(start, end) * fb])
    return max(0, end - start)


def first_nonzero_frame(path):
    params, data = wav_frames(path)
    fb = params.nchannels * params.sampwidth
    for i in range(0, len(data), fb):
        if any(data[i:i + fb]):
            return i // fb
    return None


def run_faults(c, args, name):
    """One run of the faults scenario: the firmware's values and serial text, the codec's
    WAV, A's ring 1 recorded into NAME-a.wav, the notifications the host took."""
    wav = os.path.join(args.out, name + ".wav")
    a_wav = os.path.join(args.out, name + "-a.wav")
    sock = os.path.join(args.out, name + ".sock")
    for p in (a_wav, sock):
        if os.path.exists(p):
            os.unlink(p)
    shm = shm_path(name)
    shmring.create_window(shm)
    win = shmring.Window(shm)  # stays mapped after QEMU is gone and the file unlinked
    host = {"notes": []}

    def listen():
        """Take notifications as they come; the firmware waits until every one was taken."""
        try:
            with ipclink.Link(sock, win, timeout=20) as link:
                while True:
                    try:
                        host["notes"] += link.notifications(wait=0.2)
                    except ipclink.LinkError:  # the socket closed: QEMU has exited
                        host["notes"] += link.taken_notifications()
                        break
        except Exception as e:  # reported as a check below
            host["error"] = repr(e)

    try:
        fw, text = boot(c, args, name, wav, during=listen, sock=sock)
        # A's capture: every frame the firmware delivered is in the ring (1 MiB, 5.4 s).
        frames = fw.get("a_frames", 0)
        got = shmring.record_wav(win, A_RING, a_wav, frames / float(RATE), stall_timeout=0.5)
    finally:
        win.close()
        if os.path.exists(sock):
            os.unlink(sock)
    c.check(frames > 0 and got == frames, "%s.a_recorded" % name,
            "%d of %d frames from ring %d" % (got, frames, A_RING))
    c.check("error" not in host, "%s.host_link" % name, host.get("error", ""))
    notes = []
    for p, e, d in host["notes"]:
        try:
            notes.append(ipc4.decode_notification(p, e, d))
        except ValueError as err:
            notes.append({"notif_name": "UNDECODABLE %s" % err})
    return fw, text, wav, a_wav, notes


def resource_events(notes):
    return [n for n in notes if n.get("notif_name") == "RESOURCE_EVENT"]


def a_tone_checks(c, name, r, gaps_allowed=False):
    """A's tone: 440 Hz at -6 dBFS on both channels; unless @gaps_allowed (a
    dropout counts in THD+N), clean and unbroken too."""
    c.check(r is not None, name + ".readable")
    for i in range(2):
        ch = chan(r, i)
        c.near("%s.ch%d.freq_440" % (name, i), ch.get("freq_hz"), A_FREQ, 1.0)
        c.near("%s.ch%d.level_minus6" % (name, i), ch.get("rms_dbfs"), A_LEVEL_DB, 0.2)
        if not gaps_allowed:
            thdn = ch.get("thdn_db")
            c.check(thdn is not None and thdn < -60, "%s.ch%d.thdn_below_-60" % (name, i),
                    "got %s" % thdn)
            c.check(ch.get("gaps") == [] and ch.get("discontinuities") == [],
                    "%s.ch%d.no_gap" % (name, i),
                    "gaps %s discontinuities %s" % (ch.get("gaps"), ch.get("discontinuities")))


def b_checks(c, args, name, wav, fw, ref_wav=None):
    """B on the codec: the tone scenario's checks over 2.6 s; bit-exact against @ref_wav."""
    r, _ = wavcheck(args, wav)
    tone_checks(c, name + ".b", r, fw)
    if not r:
        return
    dur = r["signal_end_s"] - r["signal_start_s"]
    c.check(r["signal_start_s"] <= 0.065, name + ".b.starts_after_prefill",
            "tone starts at %.4f s" % r["signal_start_s"])
    c.check(2.53 <= dur <= 2.6, name + ".b.duration_2_6s", "%.4f s of tone" % dur)
    if not ref_wav:
        return
    # The reference from its first sound to 10 ms before its end (the two runs
    # may stop a period apart): every one of its frames must be in B, x 1.0.
    ref_seg = os.path.join(args.out, name + "-b-ref.wav")
    start = first_nonzero_frame(ref_wav) or 0
    n = wav_slice(ref_wav, ref_seg, start, -RATE // 100)
    r, out = wavcheck(args, wav, "--ref", ref_seg, "--gain-q27", str(UNITY_Q27),
                      "--expect-exact")
    cmp_ = (r or {}).get("compare", {})
    c.check(r is not None and cmp_.get("mismatches") == 0 and cmp_.get("compared") == n > 0,
            name + ".b.bit_exact_vs_reference", out.strip().replace("\n", " | ")[:600])
    # ... in the same place: the codec's clock does not care either.
    c.check(cmp_.get("offset") == start, name + ".b.same_timing_as_reference",
            "the reference's first sound at frame %d lands at %s" % (start, cmp_.get("offset")))
    print("    B vs reference: %s frames compared, %s mismatches, offset %s (%s; the "
          "reference starts at its frame %d)" % (cmp_.get("compared"), cmp_.get("mismatches"),
                                                  cmp_.get("offset"), cmp_.get("method"), start))


def scenario_faults(c, args):
    # The reference: t_hostile harmless, both captures as they should be.
    ref_fw, _, ref_wav, ref_a, ref_notes = run_faults(c, args, "faults_ref")
    c.check(ref_fw.get("faults") == 0 and not resource_events(ref_notes),
            "faults_ref.no_fault_no_event", repr(resource_events(ref_notes)))
    b_checks(c, args, "faults_ref", ref_wav, ref_fw)
    r, _ = wavcheck(args, ref_a)
    a_tone_checks(c, "faults_ref.a", r)

    fw, _, wav, a_wav, notes = run_faults(c, args, "faults")
    faults = [(fw.get("fault%d_ms" % i), fw.get("fault%d_frame" % i),
               fw.get("fault%d_bypass_periods" % i)) for i in range(fw.get("faults", 0))]
    print("    faults (ms after A's start, A's frame, periods bypassed until restarted): %s"
          % faults)
    print("    A late behind schedule: %s..%s frames; bypassed for good at %s ms, %s periods "
          "bypassed in all" % (fw.get("a_late_min"), fw.get("a_late_max"),
                               fw.get("bypassed_ms"), fw.get("a_bypass_periods")))

    # Notifications: one MODULE_FAULT per fault (the kernel read: a permission
    # fault at the address read), then one MODULE_BYPASSED, from t_hostile's
    # instance alone; no xrun of any gateway.
    inst = fw.get("hostile_instance")
    ev = [(n.get("event_name"), n.get("module_id"), n.get("instance_id"), n["data"][0],
           n["data"][1]) for n in resource_events(notes)]
    print("    notifications: %s" % [n.get("notif_name") if n.get("notif_name") !=
                                     "RESOURCE_EVENT" else n.get("event_name") for n in notes])
    fault = ("MODULE_FAULT", 0xF0F0, inst, fw.get("fault_class_expected"),
             fw.get("hostile_target"))
    want = [fault] * 4 + [("MODULE_BYPASSED", 0xF0F0, inst, fw.get("efault"), 0)]
    recovery = [e for e in ev if e[0] in ("MODULE_FAULT", "MODULE_BYPASSED")]
    c.check(notes and notes[0].get("notif_name") == "FW_READY", "faults.fw_ready_first",
            repr([n.get("notif_name") for n in notes[:1]]))
    c.check(recovery == want and fw.get("faults") == 4,
            "faults.a_module_fault_per_fault_then_bypassed",
            "got %s for %s faults, want %s" % (recovery, fw.get("faults"), want))
    # One notification per fault: nothing else about it (nor about anything else).
    others = [e for e in ev if e[0] not in ("MODULE_FAULT", "MODULE_BYPASSED")]
    c.check(not others, "faults.one_notification_per_fault", "also %s" % others)
    xruns = [e for e in ev if e[0] in ("GATEWAY_UNDERRUN", "GATEWAY_OVERRUN")]
    b_xruns = [e for e in xruns if e[1] == 0x0103 and e[2] == fw.get("b_dai_instance")]
    c.check(not b_xruns, "faults.b_no_gateway_xrun_notified", repr(b_xruns))
    c.check(not xruns, "faults.no_gateway_xrun_notified", repr(xruns))

    # B: as if A were not there, bit for bit.
    b_checks(c, args, "faults", wav, fw, ref_wav)

    # A: when it faulted, and what the host heard.
    c.check(len(faults) == 4, "faults.a_four_faults", repr(faults))
    period = fw.get("period_frames", 48)
    restart = 0
    for i, (ms, frame, bypassed) in enumerate(faults):
        # 500 clean periods after A's start or after the restart before. The
        # frame is where A's stream stood when the fault hit: the faulting
        # period delivered nothing; the next one is the restarted instance's
        # first (or the bypass's, if the restart took longer).
        want_frame = restart + int(FAULT_EVERY_S * RATE)
        c.check(frame == want_frame, "faults.a_fault%d_after_500_periods" % i,
                "fault at frame %s, want %d" % (frame, want_frame))
        c.check(ms is not None and abs(ms / 1000.0 - FAULT_EVERY_S * (i + 1)) <= 0.02,
                "faults.a_fault%d_at_%dms" % (i, 1000 * FAULT_EVERY_S * (i + 1)),
                "at %s ms" % ms)
        if i < len(faults) - 1:
            c.check(bypassed is not None and bypassed <= 2,
                    "faults.a_fault%d_restarted_within_2_periods" % i,
                    "%s periods bypassed" % bypassed)
            restart = frame + (1 + (bypassed or 0)) * period
    late = (fw.get("a_late_max", 1 << 30) - fw.get("a_late_min", 0))
    c.check(late <= 2 * period, "faults.a_late_at_most_2_periods",
            "%d frames (%.2f periods)" % (late, late / float(period)))
    if faults:
        # After the restart limit A runs bypassed: every period from the last fault on.
        after = (fw.get("a_frames", 0) - faults[-1][1]) // period
        c.check(fw.get("a_is_bypassed") == 1 and after - 2 <= fw.get("a_bypass_periods", 0)
                <= after, "faults.a_bypassed_to_the_end",
                "%s of %d periods after the last fault" % (fw.get("a_bypass_periods"), after))

    # The whole capture: the tone, and any gap (a run of silence, wavcheck's
    # -70 dBFS for 0.5 ms or more) at most 2 periods long; one frame more for
    # a sample of the tone next to the gap that is itself below -70 dBFS.
    r, out = wavcheck(args, a_wav)
    a_tone_checks(c, "faults.a", r, gaps_allowed=True)
    longest = (2 * period + 1.5) / RATE
    for i in range(2):
        ch = chan(r, i)
        gaps = ch.get("gaps")
        c.check(gaps is not None and ch.get("gaps_total") == len(gaps)
                and all(g[1] <= longest for g in gaps),
                "faults.a.ch%d.gaps_at_most_2_periods" % i,
                "%s gaps: %s" % (ch.get("gaps_total"), gaps))
        c.check(ch.get("discontinuities") == [], "faults.a.ch%d.no_discontinuity" % i,
                "discontinuities %s" % ch.get("discontinuities"))
        print("    A ch%d: %s gaps %s, %s discontinuities" % (i, ch.get("gaps_total"), gaps,
                                                           ch.get("discontinuities_total")))
    # Each stretch between faults, on its own: the tone, clean.
    edges = [0] + [f[1] for f in faults if f[1] is not None] + [fw.get("a_frames", 0)]
    margin = int(MARGIN_S * RATE)
    for i, (a, b) in enumerate(zip(edges, edges[1:])):
        seg = os.path.join(args.out, "faults-a-stretch%d.wav" % i)
        wav_slice(a_wav, seg, a + (margin if i else 0), b - margin)
        r, _ = wavcheck(args, seg)
        a_tone_checks(c, "faults.a.stretch%d" % i, r)
    # And all of it against the reference run's capture, stricter than the
    # stretches: the bypass passed every frame through and no restart lost
    # one, so A's stream is the reference's, frame for frame, from frame 0.
    ref_seg = os.path.join(args.out, "faults-a-ref.wav")
    n = wav_slice(ref_a, ref_seg, 0, min(fw.get("a_frames", 0), ref_fw.get("a_frames", 0)))
    r, out = wavcheck(args, a_wav, "--ref", ref_seg, "--gain-q27", str(UNITY_Q27),
                      "--expect-exact")
    cmp_ = (r or {}).get("compare", {})
    c.check(r is not None and cmp_.get("mismatches") == 0 and cmp_.get("compared") == n > 0
            and cmp_.get("offset") == 0, "faults.a.bit_exact_vs_reference",
            out.strip().replace("\n", " | ")[:600])
    print("    A vs reference: %s frames compared, %s mismatches, offset %s"
          % (cmp_.get("compared"), cmp_.get("mismatches"), cmp_.get("offset")))


SCENARIOS = {
    "tone": scenario_tone,
    "underrun": scenario_underrun,
    "host": scenario_host,
    "nocodec": scenario_nocodec,
    "faults": scenario_faults,
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
