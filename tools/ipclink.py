#!/usr/bin/env python3
"""Host side of Sotto's IPC transport (docs/host-shm.md, "The IPC mailbox").

The mailbox lives in the shared window (tools/shmring.py maps it); the
doorbell is QEMU's pci-serial, whose other end is a unix socket QEMU listens
on (IPC_SOCK in arch/arm/boards/virt-a15.mk). Library and CLI, Python 3
standard library only:

    ipclink.py [--sock PATH] [--shm PATH] [--timeout S] info
    ipclink.py [--sock PATH] [--shm PATH] [--timeout S] request PRIMARY EXT [HEXPAYLOAD]
    ipclink.py [--sock PATH] [--shm PATH] [--timeout S] notifications

As a library:

    import ipclink
    with ipclink.Link(sock_path, shm_path) as link:     # waits for the firmware
        primary, ext, payload = link.request(0x1234, 0, b"hello")
        for primary, ext, data in link.notifications():
            ...

One request is in flight at a time. request() writes the inbox (payload,
then size/primary/extension, then seq), sends the doorbell byte 'M' and waits
for 'R' with the outbox holding its seq; if no answer comes for RING_AGAIN
seconds it sends 'M' again (the firmware answers a doorbell for a seq it has
already answered by sending 'R' again, and changes nothing). 'N' bytes that
arrive meanwhile make it drain the notification ring into a queue that
notifications() hands out.
"""

import argparse
import os
import select
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shmring  # noqa: E402

# drivers/ipc/ipc_layout.h (tools/test_ipclink.py checks these against it)
MBOX_MAGIC = 0x4B4E494C
MBOX_VERSION = 1
MBOX_NOT_READY, MBOX_READY = 0, 1
CTRL_SIZE = 0x100
INBOX_OFF = 0x1000
OUTBOX_OFF = 0x2000
BOX_SIZE = 0x1000
BOX_HDR = 16
PAYLOAD_MAX = BOX_SIZE - BOX_HDR
NOTIFY_OFF = 0x3000
NOTIFY_ENTRIES = 256
NOTIFY_ENTRY_SIZE = 16
NOTIFY_DATA = 8
MBOX_USED = 0x4000

BELL_MSG, BELL_REPLY, BELL_NOTIFY = b"M", b"R", b"N"
REPLY_ERROR = 0xFFFFFFFF
ERR_MSGSIZE, ERR_HANDLER, ERR_REPLY_SIZE = 1, 2, 3
ERR_NAMES = {ERR_MSGSIZE: "request too big", ERR_HANDLER: "handler failed",
             ERR_REPLY_SIZE: "reply too big"}

# Control block words (byte offsets from the mailbox start).
C_MAGIC, C_VERSION, C_FW_STATE, C_EPOCH = 0x00, 0x04, 0x08, 0x0C
C_CTRL_SIZE, C_INBOX_OFF, C_OUTBOX_OFF, C_BOX_SIZE = 0x10, 0x14, 0x18, 0x1C
C_PAYLOAD_MAX, C_NOTIFY_OFF, C_NOTIFY_ENTRIES, C_NOTIFY_ENTRY_SIZE = 0x20, 0x24, 0x28, 0x2C
C_NOTIFY_HEAD, C_NOTIFY_OVERFLOWS = 0x30, 0x34
C_MESSAGES, C_REPLIES, C_BAD_MESSAGES, C_NOTIFICATIONS, C_RESENDS = 0x38, 0x3C, 0x40, 0x44, 0x48
C_NOTIFY_TAIL = 0x80
CTRL_FIELDS = [
    ("magic", C_MAGIC), ("version", C_VERSION), ("fw_state", C_FW_STATE), ("epoch", C_EPOCH),
    ("ctrl_size", C_CTRL_SIZE), ("inbox_off", C_INBOX_OFF), ("outbox_off", C_OUTBOX_OFF),
    ("box_size", C_BOX_SIZE), ("payload_max", C_PAYLOAD_MAX), ("notify_off", C_NOTIFY_OFF),
    ("notify_entries", C_NOTIFY_ENTRIES), ("notify_entry_size", C_NOTIFY_ENTRY_SIZE),
    ("notify_head", C_NOTIFY_HEAD), ("notify_overflows", C_NOTIFY_OVERFLOWS),
    ("messages", C_MESSAGES), ("replies", C_REPLIES), ("bad_messages", C_BAD_MESSAGES),
    ("notifications", C_NOTIFICATIONS), ("resends", C_RESENDS), ("notify_tail", C_NOTIFY_TAIL),
]
# The identity words and the values they must hold.
IDENTITY = {"magic": MBOX_MAGIC, "version": MBOX_VERSION, "ctrl_size": CTRL_SIZE,
            "inbox_off": INBOX_OFF, "outbox_off": OUTBOX_OFF, "box_size": BOX_SIZE,
            "payload_max": PAYLOAD_MAX, "notify_off": NOTIFY_OFF,
            "notify_entries": NOTIFY_ENTRIES, "notify_entry_size": NOTIFY_ENTRY_SIZE}

# Box header words.
B_SEQ, B_SIZE, B_PRIMARY, B_EXTENSION = 0x0, 0x4, 0x8, 0xC

M32 = 0xFFFFFFFF
RING_AGAIN = 0.5  # seconds without an answer before the doorbell is rung again
POLL = 0.05       # longest sleep on the socket between looks at the outbox
RESYNC_TIMEOUT = 5.0  # how long a re-initialising firmware may take to be ready again


class LinkError(Exception):
    """No firmware, no answer, or a mailbox that makes no sense."""


class ErrorReply(LinkError):
    """The firmware answered with a transport error reply (IPC_REPLY_ERROR)."""

    def __init__(self, code, payload):
        self.code = code
        self.detail = int.from_bytes(payload[:4], "little", signed=True) if len(payload) >= 4 \
            else None
        what = ERR_NAMES.get(code, "error %d" % code)
        if code == ERR_HANDLER and self.detail is not None:
            what += " (%d)" % self.detail
        super().__init__("firmware error reply: " + what)


def default_sock(board="virt-a15"):
    """The board's default IPC_SOCK for `make run` (build/<board>/ipc.sock of this tree)."""
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                         "build", board, "ipc.sock"))


def connect(path, timeout=10.0):
    """Connect to QEMU's doorbell socket, retrying while QEMU starts."""
    deadline = time.monotonic() + timeout
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            s.setblocking(False)
            return s
        except OSError as e:
            s.close()
            if time.monotonic() >= deadline:
                raise LinkError("cannot connect to %s: %s" % (path, e)) from e
            time.sleep(0.05)


class Link:
    """The mailbox and the doorbell. Use as a context manager or call close()."""

    def __init__(self, sock_path, shm, timeout=10.0):
        """@shm: a path, or a shmring.Window already open (left open by close())."""
        self._own_win = not isinstance(shm, shmring.Window)
        self.win = shmring.Window(shm) if self._own_win else shm
        self.sock = None
        try:
            self.sock = connect(sock_path, timeout)
            self.base = self._wait_ready(timeout)
            self._notes = []
            self.tail = self.u32(C_NOTIFY_TAIL)
            self.epoch = self.u32(C_EPOCH)
            self.last = self._settle(timeout)
        except BaseException:
            self.close()
            raise

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        if self._own_win and self.win is not None:
            self.win.close()
        self.win = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the window ----------------------------------------------------------
    def u32(self, off):
        """Mailbox word at @off (from the mailbox start)."""
        return self.win.u32(self.base + off)

    def _set_u32(self, off, value):
        self.win.set_u32(self.base + off, value)

    def ctrl(self):
        """The control block as a dict."""
        return {name: self.u32(off) for name, off in CTRL_FIELDS}

    def _wait_ready(self, timeout):
        h = self.win.wait_ready(timeout)
        base, size = h["mailbox_off"], h["mailbox_size"]
        if base % 4 or size < MBOX_USED or base + size > self.win.size:
            raise LinkError("window header: mailbox at %#x size %#x makes no sense"
                            % (base, size))
        self.base = base
        deadline = time.monotonic() + timeout
        while not (self.u32(C_MAGIC) == MBOX_MAGIC and self.u32(C_FW_STATE) == MBOX_READY):
            if time.monotonic() >= deadline:
                raise LinkError("mailbox not ready after %.1f s (magic %08x state %d)"
                                % (timeout, self.u32(C_MAGIC), self.u32(C_FW_STATE)))
            time.sleep(0.01)
        c = self.ctrl()
        bad = {k: c[k] for k, v in IDENTITY.items() if c[k] != v}
        if bad:
            raise LinkError("mailbox identity words make no sense: %r" % bad)
        return base

    def _settle(self, timeout):
        """The seq of the last answered request; waits out one left pending by an earlier host."""
        pending, answered = self.u32(INBOX_OFF + B_SEQ), self.u32(OUTBOX_OFF + B_SEQ)
        if pending and pending != answered:
            self._await(pending, timeout)
        return self.u32(OUTBOX_OFF + B_SEQ)

    # -- the doorbell --------------------------------------------------------
    def ring(self):
        """Send the doorbell byte 'M'."""
        self.sock.sendall(BELL_MSG)

    def _pump(self, wait):
        """Wait up to @wait s for doorbell bytes; drain the ring on 'N'. Returns the bytes."""
        r, _, _ = select.select([self.sock], [], [], max(wait, 0))
        if not r:
            return b""
        try:
            data = self.sock.recv(4096)
        except BlockingIOError:
            return b""
        if not data:
            raise LinkError("the doorbell socket was closed (QEMU gone?)")
        if BELL_NOTIFY in data:
            self._drain()
        return data

    def _await(self, seq, timeout):
        """Wait until the outbox holds @seq, ringing again now and then."""
        deadline = time.monotonic() + timeout
        rung = time.monotonic()
        while self.u32(OUTBOX_OFF + B_SEQ) != seq:
            now = time.monotonic()
            if now >= deadline:
                raise LinkError("no reply to seq %d within %.1f s" % (seq, timeout))
            if self.u32(C_EPOCH) != self.epoch or self.u32(C_FW_STATE) != MBOX_READY:
                raise LinkError("the firmware re-initialised the mailbox")
            if now - rung >= RING_AGAIN:
                self.ring()
                rung = now
            self._pump(min(POLL, deadline - now))

    def _resync(self):
        """After the firmware laid the mailbox out again (a new epoch): start over from it."""
        epoch = self.u32(C_EPOCH)
        if epoch == self.epoch:
            return
        self._wait_ready(RESYNC_TIMEOUT)
        self.epoch = self.u32(C_EPOCH)
        self.tail = self.u32(C_NOTIFY_TAIL)
        self.last = self.u32(OUTBOX_OFF + B_SEQ)

    # -- requests ------------------------------------------------------------
    def next_seq(self):
        return (self.last + 1) & M32 or 1

    def request(self, primary, ext, payload=b"", timeout=5.0, size=None):
        """Send one request and wait for its reply: (primary, ext, payload).
        ErrorReply for a transport error reply, LinkError when none comes.
        @size (tests only) declares another payload size than len(payload)."""
        payload = bytes(payload)
        self._resync()
        if size is None:
            if len(payload) > PAYLOAD_MAX:
                raise ValueError("payload of %d bytes, at most %d" % (len(payload), PAYLOAD_MAX))
            size = len(payload)
        seq = self.next_seq()
        start = self.base + INBOX_OFF + BOX_HDR
        n = min(len(payload), PAYLOAD_MAX)
        self.win.mm[start:start + n] = payload[:n]
        self._set_u32(INBOX_OFF + B_SIZE, size)
        self._set_u32(INBOX_OFF + B_PRIMARY, primary)
        self._set_u32(INBOX_OFF + B_EXTENSION, ext)
        self._set_u32(INBOX_OFF + B_SEQ, seq)  # last: it publishes the rest (x86 keeps store order)
        self.ring()
        self._await(seq, timeout)
        self.last = seq
        self._pump(0)  # take what else came meanwhile: 'N' (drained now), stale 'R'
        rsize = self.u32(OUTBOX_OFF + B_SIZE)
        rprimary = self.u32(OUTBOX_OFF + B_PRIMARY)
        rext = self.u32(OUTBOX_OFF + B_EXTENSION)
        if rsize > PAYLOAD_MAX:
            raise LinkError("reply to seq %d claims %d bytes" % (seq, rsize))
        start = self.base + OUTBOX_OFF + BOX_HDR
        rpayload = bytes(self.win.mm[start:start + rsize])
        if rprimary == REPLY_ERROR:
            raise ErrorReply(rext, rpayload)
        return rprimary, rext, rpayload

    # -- notifications -------------------------------------------------------
    def _drain(self):
        self._resync()
        head = self.u32(C_NOTIFY_HEAD)
        fill = (head - self.tail) & M32
        if fill > NOTIFY_ENTRIES:
            raise LinkError("notification head %d is %d entries ahead of tail %d"
                            % (head, fill, self.tail))
        for _ in range(fill):
            off = NOTIFY_OFF + (self.tail % NOTIFY_ENTRIES) * NOTIFY_ENTRY_SIZE
            start = self.base + off + 8
            self._notes.append((self.u32(off), self.u32(off + 4),
                                bytes(self.win.mm[start:start + NOTIFY_DATA])))
            self.tail = (self.tail + 1) & M32
        if fill:
            self._set_u32(C_NOTIFY_TAIL, self.tail)

    def notifications(self, wait=0.0):
        """Every notification queued so far, oldest first, as (primary, ext, data): those
        taken while waiting for replies, then the ring's. @wait: first wait that long
        for an 'N' if there are none."""
        self._pump(0)
        self._drain()
        if not self._notes and wait > 0:
            deadline = time.monotonic() + wait
            while not self._notes and time.monotonic() < deadline:
                self._pump(min(POLL, deadline - time.monotonic()))
                self._drain()
        out, self._notes = self._notes, []
        return out

    def taken_notifications(self):
        """The notifications taken from the ring while waiting for replies and not yet
        returned by notifications(), oldest first, as (primary, ext, data); they are
        returned once. Reads nothing: what is still in the ring stays there."""
        out, self._notes = self._notes, []
        return out

    def overflows(self):
        """Notifications the firmware dropped because the ring was full."""
        return self.u32(C_NOTIFY_OVERFLOWS)


def info(link):
    c = link.ctrl()
    lines = ["mailbox at window +%#x" % link.base]
    hexa = ("magic", "ctrl_size", "inbox_off", "outbox_off", "box_size", "notify_off")
    lines += ["  %-18s %s" % (k, "%#x" % v if k in hexa else v) for k, v in c.items()]
    lines.append("  inbox seq %d, outbox seq %d" % (link.u32(INBOX_OFF + B_SEQ),
                                                   link.u32(OUTBOX_OFF + B_SEQ)))
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sock", default=default_sock())
    ap.add_argument("--shm", default=shmring.default_path())
    ap.add_argument("--timeout", type=float, default=5.0)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("info")
    rq = sub.add_parser("request")
    rq.add_argument("primary", type=lambda v: int(v, 0))
    rq.add_argument("ext", type=lambda v: int(v, 0))
    rq.add_argument("payload", nargs="?", default="")
    sub.add_parser("notifications")
    args = ap.parse_args(argv)
    try:
        with Link(args.sock, args.shm, args.timeout) as link:
            if args.cmd == "info":
                print(info(link))
            elif args.cmd == "request":
                p, e, data = link.request(args.primary, args.ext, bytes.fromhex(args.payload),
                                          args.timeout)
                print("primary %08x extension %08x payload %s" % (p, e, data.hex()))
            else:
                for p, e, data in link.notifications():
                    print("primary %08x extension %08x data %s" % (p, e, data.hex()))
                print("overflows %d" % link.overflows())
    except (LinkError, shmring.ShmError, ValueError) as e:
        print("ipclink: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
