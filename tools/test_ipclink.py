#!/usr/bin/env python3
"""Tests of the host IPC transport from the host's side (tools/ipclink.py).

    test_ipclink.py [--qemu "QEMU ARGS"] [--image build/virt-a15/sotto.elf] [--out DIR]

First the layout constants are checked against drivers/ipc/ipc_layout.h.
Then the shell image boots under QEMU with a doorbell socket and a shared
window of this run's own (the board's QEMU line with mem-path= and the
chardev's path= rewritten, `-append nodemo`); after FW_READY, `ipc echo on`
puts the transport's echo handler in place of IPC4, and the tests talk to it
through the real socket and window; the shell's `ipc notify` makes the
firmware queue notifications. QEMU is stopped with SIGTERM at the end (and
killed if it lingers); every wait has a timeout. Without --qemu the board's
QEMU line comes from `make print-QEMU_CMD`. Prints one PASS/FAIL line per
check and "N passed, M failed" last.
"""

import argparse
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ipclink as L  # noqa: E402
import qemu_runner  # noqa: E402
import shmring  # noqa: E402

LAYOUT_H = os.path.join(HERE, "..", "drivers", "ipc", "ipc_layout.h")
SHM_RE = re.compile(r"mem-path=[^,\s]+")
SOCK_RE = re.compile(r"(-chardev\s+socket,id=ipc,(?:[^\s]*,)?path=)[^,\s]+")
BOOT_TIMEOUT = 30
RUN_TIMEOUT = 120  # the whole QEMU part


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, ok, name, detail=""):
        if ok:
            self.passed += 1
            print("PASS ipclink.%s" % name)
        else:
            self.failed += 1
            print("FAIL ipclink.%s%s" % (name, ": " + str(detail) if detail else ""))
        sys.stdout.flush()
        return ok

    def run(self, name, fn, *args):
        """Run one test function: PASS unless it raises (an AssertionError says why)."""
        try:
            fn(*args)
        except Exception as e:  # noqa: BLE001 - every failure is a FAIL line
            detail = "%s: %s" % (type(e).__name__, e)
            if not isinstance(e, (AssertionError, L.LinkError)):
                detail += "\n" + traceback.format_exc()
            return self.check(False, name, detail)
        return self.check(True, name)


def eq(got, want, what=""):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what or "value", got, want))


# -- the layout --------------------------------------------------------------
def header_defines(path):
    """Numeric #defines of the header (values that are plain numbers or 'c' chars)."""
    vals = {}
    with open(path) as f:
        text = f.read()
    for m in re.finditer(r"^#define\s+(\w+)\s+(0x[0-9a-fA-F]+|\d+|'.')u?(?=\s|$)", text, re.M):
        v = m.group(2)
        vals[m.group(1)] = ord(v[1]) if v.startswith("'") else int(v, 0)
    return vals


def struct_offsets(path, name):
    """Field -> offset from the '/* 0xNN' comments of struct @name."""
    with open(path) as f:
        text = f.read()
    body = re.search(r"struct %s \{(.*?)\n\};" % name, text, re.S).group(1)
    return {m.group(1): int(m.group(2), 16)
            for m in re.finditer(r"(\w+)(?:\[\d+\])?;\s*/\* (0x[0-9a-f]+)", body)}


def test_layout_matches_header():
    d = header_defines(LAYOUT_H)
    for cname, pyval in (("IPC_MBOX_MAGIC", L.MBOX_MAGIC), ("IPC_MBOX_VERSION", L.MBOX_VERSION),
                         ("IPC_MBOX_READY", L.MBOX_READY), ("IPC_MBOX_CTRL_SIZE", L.CTRL_SIZE),
                         ("IPC_MBOX_INBOX_OFF", L.INBOX_OFF), ("IPC_MBOX_OUTBOX_OFF", L.OUTBOX_OFF),
                         ("IPC_MBOX_BOX_SIZE", L.BOX_SIZE), ("IPC_MBOX_BOX_HDR", L.BOX_HDR),
                         ("IPC_MBOX_NOTIFY_OFF", L.NOTIFY_OFF),
                         ("IPC_MBOX_NOTIFY_ENTRIES", L.NOTIFY_ENTRIES),
                         ("IPC_MBOX_NOTIFY_ENTRY_SIZE", L.NOTIFY_ENTRY_SIZE),
                         ("IPC_MBOX_NOTIFY_DATA", L.NOTIFY_DATA), ("IPC_MBOX_USED", L.MBOX_USED),
                         ("IPC_BELL_MSG", ord(L.BELL_MSG)), ("IPC_BELL_REPLY", ord(L.BELL_REPLY)),
                         ("IPC_BELL_NOTIFY", ord(L.BELL_NOTIFY)),
                         ("IPC_REPLY_ERROR", L.REPLY_ERROR), ("IPC_ERR_MSGSIZE", L.ERR_MSGSIZE),
                         ("IPC_ERR_HANDLER", L.ERR_HANDLER),
                         ("IPC_ERR_REPLY_SIZE", L.ERR_REPLY_SIZE)):
        eq(d.get(cname), pyval, cname)
    eq(L.PAYLOAD_MAX, 4080, "payload max")
    ctrl = struct_offsets(LAYOUT_H, "ipc_mbox_ctrl")
    for name, off in L.CTRL_FIELDS:
        eq(ctrl.get(name), off, "ipc_mbox_ctrl." + name)
    box = struct_offsets(LAYOUT_H, "ipc_box_hdr")
    for name, off in (("seq", L.B_SEQ), ("size", L.B_SIZE), ("primary", L.B_PRIMARY),
                      ("extension", L.B_EXTENSION)):
        eq(box.get(name), off, "ipc_box_hdr." + name)
    eq(shmring.MAILBOX_SIZE >= L.MBOX_USED, True, "the mailbox fits its window region")


# -- against the firmware ----------------------------------------------------
class Target:
    """sotto.elf under QEMU with a socket and a window of this run's own."""

    def __init__(self, qemu, image, out):
        self.tmp = tempfile.mkdtemp(prefix="sotto-ipc-")  # short: unix socket paths are
        self.sock = os.path.join(self.tmp, "ipc.sock")   # limited to 107 bytes
        self.shm = "/dev/shm/sotto-ipclink-%d" % os.getpid()
        shmring.create_window(self.shm)
        qa = SHM_RE.sub("mem-path=" + self.shm, qemu)
        qa, n = SOCK_RE.subn(lambda m: m.group(1) + self.sock, qa)
        if n != 1:
            raise RuntimeError("no '-chardev socket,id=ipc,...path=' in the QEMU line")
        self.cmd = shlex.split(qa) + ["-kernel", image, "-append", "nodemo"]
        self.log = os.path.join(out, "ipclink.log")
        self.s = qemu_runner.QemuSession(self.cmd, self.log)
        self.link = None

    def shell(self, line, timeout=10):
        """Run a shell command; its output up to the next prompt. (The prompt need not
        end the output: a log line may follow it on the same line.)"""
        mark = self.s.mark()
        self.s.send(line + "\n")
        m = self.s.expect(r"sotto> ", timeout, start=mark)
        return self.s.output[mark:m.start()]

    def close(self):
        if self.link:
            self.link.close()
        self.s.close()  # SIGTERM to QEMU's process group, SIGKILL after 5 s
        if os.path.exists(self.shm):
            os.unlink(self.shm)
        shutil.rmtree(self.tmp, ignore_errors=True)


def pattern(n, seed):
    rnd = random.Random(seed)
    return bytes(rnd.getrandbits(8) for _ in range(n))


def t_boot_and_attach(t):
    t.s.expect(r"shell ready after", BOOT_TIMEOUT)
    t.s.expect(r"sotto> ", BOOT_TIMEOUT)
    if "ipc: mailbox at window" not in t.s.output:
        raise AssertionError("no ipc boot line")
    t.link = L.Link(t.sock, t.shm, timeout=10)
    c = t.link.ctrl()
    eq(c["fw_state"], L.MBOX_READY, "fw_state")
    eq(c["epoch"], 1, "epoch")
    eq(t.link.last, 0, "last answered seq")
    # The shell image serves IPC4 and says so (FW_READY: 0x1b080000); these tests
    # talk to the transport's echo handler instead.
    eq(list(t.link.notifications()), [(0x1B080000, 0, bytes(8))], "FW_READY at boot")
    if "ipc: echo on" not in t.shell("ipc echo on"):
        raise AssertionError("ipc echo on refused")


def t_echo_small(t):
    eq(t.link.request(0x1234, 0x5678, b"hello, firmware"), (0x1234, 0x5678, b"hello, firmware"))
    eq(t.link.u32(L.OUTBOX_OFF + L.B_SEQ), 1, "outbox seq")
    eq(t.link.u32(L.INBOX_OFF + L.B_SEQ), 1, "inbox seq")


def t_seq_follows_requests(t):
    for i in range(10):
        before = t.link.last
        p = pattern(i * 37 + 1, i)
        eq(t.link.request(0xA000 + i, i, p), (0xA000 + i, i, p), "echo %d" % i)
        eq(t.link.last, before + 1, "seq after request %d" % i)
        eq(t.link.u32(L.OUTBOX_OFF + L.B_SEQ), t.link.last, "outbox seq %d" % i)


def t_empty_and_max_payload(t):
    eq(t.link.request(1, 2), (1, 2, b""), "empty")
    p = pattern(L.PAYLOAD_MAX, 99)
    eq(t.link.request(3, 4, p), (3, 4, p), "4080 bytes")
    try:
        t.link.request(5, 6, p + b"x")
    except ValueError:
        pass
    else:
        raise AssertionError("a payload over the maximum was sent")


def t_oversize_error_reply(t):
    bad = t.link.u32(L.C_BAD_MESSAGES)
    for size in (L.PAYLOAD_MAX + 1, 0xFFFFFFFF):
        try:
            t.link.request(7, 8, b"abc", size=size)
        except L.ErrorReply as e:
            eq(e.code, L.ERR_MSGSIZE, "error code for size %d" % size)
        else:
            raise AssertionError("no error reply for size %d" % size)
    eq(t.link.u32(L.C_BAD_MESSAGES), bad + 2, "bad_messages")
    eq(t.link.request(9, 10, b"after"), (9, 10, b"after"), "the link goes on")


def t_ring_again_resends(t):
    seq = t.link.last
    resends = t.link.u32(L.C_RESENDS)
    replies = t.link.u32(L.C_REPLIES)
    t.link.ring()  # the same seq again: the firmware rings 'R' again and does nothing else
    deadline = time.monotonic() + 5
    got = b""
    while L.BELL_REPLY not in got and time.monotonic() < deadline:
        got += t.link._pump(0.1)
    eq(L.BELL_REPLY in got, True, "'R' again")
    eq(t.link.u32(L.C_RESENDS), resends + 1, "resends")
    eq(t.link.u32(L.C_REPLIES), replies, "replies")
    eq(t.link.u32(L.OUTBOX_OFF + L.B_SEQ), seq, "outbox seq")


def t_notifications(t):
    out = t.shell("ipc notify 0x1234 0x99 3")
    if "3 queued, 0 overflowed" not in out:
        raise AssertionError("shell said: %r" % out)
    notes = t.link.notifications(wait=5)
    eq([(p, e, d) for p, e, d in notes],
       [(0x1234, 0x99, i.to_bytes(4, "little") + bytes(4)) for i in range(3)], "notifications")
    eq(t.link.u32(L.C_NOTIFY_TAIL), t.link.u32(L.C_NOTIFY_HEAD), "tail caught up")
    eq(t.link.notifications(), [], "nothing more")


def t_notifications_between_replies(t):
    t.shell("ipc notify 0x77 1 2")
    # The 'N' bytes are in the socket before this request's 'R'.
    eq(t.link.request(0x55, 0, b"x"), (0x55, 0, b"x"), "request")
    eq(len(t.link._notes), 2, "taken from the ring while waiting for the reply")
    notes = t.link.notifications()
    eq([(p, e) for p, e, _ in notes], [(0x77, 1), (0x77, 1)], "kept while waiting for 'R'")


def t_notification_overflow(t):
    over = t.link.overflows()
    out = t.shell("ipc notify 0x42 7 300")
    if "256 queued, 44 overflowed" not in out:
        raise AssertionError("shell said: %r" % out)
    eq(t.link.overflows(), over + 44, "overflows in the window")
    notes = t.link.notifications(wait=5)
    eq(len(notes), 256, "entries")
    eq([int.from_bytes(d[:4], "little") for _, _, d in notes], list(range(256)), "in order")
    out = t.shell("ipc notify 0x43 0 1")
    if "1 queued" not in out:
        raise AssertionError("room again after the drain: %r" % out)
    eq([p for p, _, _ in t.link.notifications(wait=5)], [0x43], "after the drain")


def t_counters(t):
    c = t.link.ctrl()
    eq(c["replies"], c["messages"], "one reply per message")
    eq(c["messages"], t.link.last, "messages = requests sent (seq from 1)")
    eq(c["notifications"], 1 + 3 + 2 + 256 + 1, "notifications (FW_READY first)")
    out = t.shell("ipc")
    m = re.search(r"messages (\d+) replies (\d+) bad (\d+)", out)
    eq(m and tuple(int(x) for x in m.groups()),
       (c["messages"], c["replies"], c["bad_messages"]), "shell counters")


def t_taken_notifications(t):
    t.shell("ipc notify 0x78 2 2")
    eq(t.link.request(0x56, 0, b"y"), (0x56, 0, b"y"), "request")
    t.shell("ipc notify 0x79 3 1")  # after the reply: it stays in the ring
    eq([(p, e) for p, e, _ in t.link.taken_notifications()], [(0x78, 2)] * 2,
       "taken while waiting for the reply")
    eq(t.link.taken_notifications(), [], "returned once")
    eq([(p, e) for p, e, _ in t.link.notifications(wait=5)], [(0x79, 3)],
       "the ring's are left for notifications()")


def t_reconnect(t):
    last = t.link.last
    t.link.close()
    t.link = L.Link(t.sock, t.shm, timeout=10)  # QEMU listens again
    eq(t.link.last, last, "a new host goes on from the outbox")
    eq(t.link.request(0xBEEF, 1, b"again"), (0xBEEF, 1, b"again"), "request")
    eq(t.link.last, last + 1, "seq")


def t_many_requests(t):
    start = time.monotonic()
    for i in range(200):
        p = i.to_bytes(4, "little") * (i % 16)
        eq(t.link.request(i, ~i & 0xFFFFFFFF, p), (i, ~i & 0xFFFFFFFF, p), "request %d" % i)
    took = time.monotonic() - start
    print("ipclink: 200 requests in %.2f s" % took)


def t_lost_doorbell_rung_again(t):
    real, calls = t.link.ring, []

    def flaky():  # the first doorbell byte is lost on the way
        calls.append(1)
        if len(calls) > 1:
            real()
    t.link.ring = flaky
    try:
        eq(t.link.request(0x10057, 0, b"lost"), (0x10057, 0, b"lost"), "request")
    finally:
        del t.link.ring
    eq(len(calls), 2, "doorbells rung")


def t_firmware_reset_resync(t):
    t.shell("ipc reset")
    eq(t.link.u32(L.C_EPOCH), 2, "epoch")
    eq(t.link.request(0x600D, 2, b"fresh"), (0x600D, 2, b"fresh"), "request after the reset")
    eq(t.link.last, 1, "seq starts over")
    t.shell("ipc notify 0x61 0 2")
    eq([p for p, _, _ in t.link.notifications(wait=5)], [0x61, 0x61], "notifications")
    eq(t.link.u32(L.C_MESSAGES), 1, "counters start over")


QEMU_TESTS = [
    ("boot_and_attach", t_boot_and_attach),
    ("echo_small", t_echo_small),
    ("seq_follows_requests", t_seq_follows_requests),
    ("empty_and_max_payload", t_empty_and_max_payload),
    ("oversize_gets_error_reply", t_oversize_error_reply),
    ("ring_again_resends_reply", t_ring_again_resends),
    ("notifications", t_notifications),
    ("notifications_between_replies", t_notifications_between_replies),
    ("notification_overflow", t_notification_overflow),
    ("counters", t_counters),
    ("taken_notifications", t_taken_notifications),
    ("reconnect", t_reconnect),
    ("many_requests", t_many_requests),
    ("lost_doorbell_rung_again", t_lost_doorbell_rung_again),
    ("firmware_reset_resync", t_firmware_reset_resync),
]


def qemu_line(args):
    if args.qemu:
        return args.qemu
    out = subprocess.run(["make", "--no-print-directory", "-s", "BOARD=virt-a15",
                          "print-QEMU_CMD"], capture_output=True, text=True, timeout=60)
    return out.stdout.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qemu", help="the board's QEMU line (default: make print-QEMU_CMD)")
    ap.add_argument("--image", default=os.path.join("build", "virt-a15", "sotto.elf"))
    ap.add_argument("--out", default=os.path.join("build", "virt-a15"))
    args = ap.parse_args()
    c = Checks()
    c.run("layout_matches_header", test_layout_matches_header)
    if not os.path.exists(args.image):
        c.check(False, "image", "%s missing (make it first)" % args.image)
    else:
        os.makedirs(args.out, exist_ok=True)
        t = Target(qemu_line(args), args.image, args.out)
        deadline = time.monotonic() + RUN_TIMEOUT
        try:
            for name, fn in QEMU_TESTS:
                if time.monotonic() > deadline:
                    c.check(False, name, "out of time (%d s for the QEMU tests)" % RUN_TIMEOUT)
                    continue
                if not c.run(name, fn, t) and name == "boot_and_attach":
                    print("log: %s\n%s" % (t.log, t.s.output[-1500:]))
                    break
        finally:
            t.close()
        c.check(t.s.proc.poll() is not None, "qemu_stopped")
        c.check("PANIC" not in t.s.output, "no_panic", "log %s" % t.log)
    print("%d passed, %d failed" % (c.passed, c.failed))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
