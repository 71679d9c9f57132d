#!/usr/bin/env python3
"""Host side of Sotto's shared-memory window (docs/host-shm.md).

Library and CLI, Python 3 standard library only:

    shmring.py [--shm PATH] [--timeout S] info
    shmring.py [--shm PATH] [--timeout S] play RING WAVFILE
    shmring.py [--shm PATH] [--timeout S] record RING WAVFILE --seconds S

As a library:

    import shmring
    shmring.create_window(path)              # before QEMU starts: a zeroed file
    with shmring.Window(path) as win:
        win.wait_ready(timeout=10)
        print(shmring.info(win))
        shmring.play_wav(win, 0, "in.wav")
        shmring.record_wav(win, 1, "out.wav", seconds=2.0)

Every 32-bit word of the window is read and written with one aligned access
(a memoryview cast to 'I'), never byte by byte, so a position the firmware
updates meanwhile is never seen half old, half new. Data is written before
the position that publishes it; the host CPU's store order (x86) keeps that
order for the firmware to see.
"""

import argparse
import mmap
import os
import sys
import time
import wave

# drivers/ivshmem/shm_layout.h (tools/test_shmring.py checks these against it)
MAGIC = 0x4F544F53
VERSION = 1
WINDOW_MIN = 0x400000
RING_TABLE_OFF = 0x40
RINGS = 4
RING_DESC_SIZE = 0x40
HEADER_SIZE = RING_TABLE_OFF + RINGS * RING_DESC_SIZE
MAILBOX_OFF = 0x10000
MAILBOX_SIZE = 0x10000
DATA_MIN_OFF = 0x20000
DATA_ALIGN = 64

FW_NOT_READY, FW_READY = 0, 1
HOST_ABSENT, HOST_ATTACHED = 0, 1
DIR_PLAYBACK, DIR_CAPTURE = 0, 1
FMT_S16_LE, FMT_S24_4LE, FMT_S32_LE = 0, 1, 2
FW_RUNNING, FW_XRUN, FW_BADPOS = 1 << 0, 1 << 1, 1 << 2
HOST_EOS = 1 << 0

FORMATS = {FMT_S16_LE: ("S16_LE", 2), FMT_S24_4LE: ("S24_4LE", 4), FMT_S32_LE: ("S32_LE", 4)}
DIRS = {DIR_PLAYBACK: "playback", DIR_CAPTURE: "capture"}

# Header words (byte offsets).
H_MAGIC, H_VERSION, H_HEADER_SIZE, H_WINDOW_SIZE = 0x00, 0x04, 0x08, 0x0C
H_FW_STATE, H_HOST_STATE, H_BOOT_COUNT = 0x10, 0x14, 0x18
H_MAILBOX_OFF, H_MAILBOX_SIZE = 0x1C, 0x20
H_RING_TABLE_OFF, H_RING_COUNT, H_RING_DESC_SIZE = 0x24, 0x28, 0x2C
HEADER_FIELDS = [
    ("magic", H_MAGIC), ("version", H_VERSION), ("header_size", H_HEADER_SIZE),
    ("window_size", H_WINDOW_SIZE), ("fw_state", H_FW_STATE), ("host_state", H_HOST_STATE),
    ("boot_count", H_BOOT_COUNT), ("mailbox_off", H_MAILBOX_OFF),
    ("mailbox_size", H_MAILBOX_SIZE), ("ring_table_off", H_RING_TABLE_OFF),
    ("ring_count", H_RING_COUNT), ("ring_desc_size", H_RING_DESC_SIZE),
]

# Ring descriptor words (byte offsets inside the descriptor).
R_DIR, R_FORMAT, R_CHANNELS, R_RATE, R_FRAME_BYTES = 0x00, 0x04, 0x08, 0x0C, 0x10
R_DATA_OFF, R_DATA_SIZE, R_FW_FLAGS = 0x14, 0x18, 0x1C
R_WRITE, R_READ, R_HOST_FLAGS, R_XRUNS, R_ERRORS = 0x20, 0x24, 0x28, 0x2C, 0x30
RING_FIELDS = [
    ("dir", R_DIR), ("format", R_FORMAT), ("channels", R_CHANNELS), ("rate", R_RATE),
    ("frame_bytes", R_FRAME_BYTES), ("data_off", R_DATA_OFF), ("data_size", R_DATA_SIZE),
    ("fw_flags", R_FW_FLAGS), ("write", R_WRITE), ("read", R_READ),
    ("host_flags", R_HOST_FLAGS), ("xruns", R_XRUNS), ("errors", R_ERRORS),
]

M32 = 0xFFFFFFFF


class ShmError(Exception):
    """The window is missing, not ready, or holds values that make no sense."""


def default_path(board="virt-a15"):
    """The board's default SHM (arch/arm/boards/virt-a15.mk)."""
    return "/dev/shm/sotto-%s-%d" % (board, os.getuid())


def create_window(path, size=WINDOW_MIN):
    """Create (or truncate) @path as a zeroed window of @size bytes, before QEMU starts."""
    with open(path, "wb") as f:
        f.truncate(size)


class Window:
    """The mapped window. Use as a context manager or call close()."""

    def __init__(self, path):
        if sys.byteorder != "little":
            raise ShmError("the window is little-endian; this host is not")
        self.path = path
        try:
            self._f = open(path, "r+b")
        except OSError as e:
            raise ShmError("cannot open %s: %s" % (path, e)) from e
        size = os.fstat(self._f.fileno()).st_size
        if size < HEADER_SIZE or size % 4:
            self._f.close()
            raise ShmError("%s: %d bytes is no window" % (path, size))
        self.size = size
        self.mm = mmap.mmap(self._f.fileno(), size)
        self._w = memoryview(self.mm).cast("I")
        if self._w.itemsize != 4:
            self.close()
            raise ShmError("no 32-bit unsigned int on this host")

    def close(self):
        if self._w is not None:
            self._w.release()
            self._w = None
            self.mm.close()
            self._f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def u32(self, off):
        """The 32-bit word at byte offset @off (one aligned load)."""
        return self._w[off >> 2]

    def set_u32(self, off, value):
        """Store @value at byte offset @off (one aligned store)."""
        self._w[off >> 2] = value & M32

    def header(self):
        """The header words as a dict."""
        return {name: self.u32(off) for name, off in HEADER_FIELDS}

    def is_ready(self):
        return (self.u32(H_MAGIC) == MAGIC and self.u32(H_VERSION) == VERSION
                and self.u32(H_FW_STATE) == FW_READY)

    def wait_ready(self, timeout=10.0, poll=0.01, min_boot_count=0):
        """Wait for magic, version 1 and fw_state ready (and boot_count >= @min_boot_count);
        check the header; return it as a dict. ShmError on timeout or a bad header."""
        deadline = time.monotonic() + timeout
        while not (self.is_ready() and self.u32(H_BOOT_COUNT) >= min_boot_count):
            if time.monotonic() >= deadline:
                h = self.header()
                raise ShmError("%s: firmware not ready after %.1f s (magic %08x version %d "
                               "fw_state %d)" % (self.path, timeout, h["magic"], h["version"],
                                                 h["fw_state"]))
            time.sleep(poll)
        h = self.header()
        if (h["window_size"] > self.size or h["ring_table_off"] != RING_TABLE_OFF
                or h["ring_desc_size"] != RING_DESC_SIZE or h["ring_count"] > RINGS):
            raise ShmError("%s: header makes no sense: %r" % (self.path, h))
        return h

    def attach(self):
        self.set_u32(H_HOST_STATE, HOST_ATTACHED)

    def detach(self):
        self.set_u32(H_HOST_STATE, HOST_ABSENT)

    def ring(self, index):
        """Ring @index, its descriptor checked (ShmError if it makes no sense)."""
        if not 0 <= index < RINGS:
            raise ShmError("no ring %d (0..%d)" % (index, RINGS - 1))
        return Ring(self, index)


def _is_pow2(v):
    return v > 0 and v & (v - 1) == 0


class Ring:
    """One PCM ring: its descriptor (read once, checked) and the live positions."""

    def __init__(self, win, index):
        self.win = win
        self.index = index
        self.base = RING_TABLE_OFF + index * RING_DESC_SIZE
        d = {name: win.u32(self.base + off) for name, off in RING_FIELDS}
        self.dir, self.format = d["dir"], d["format"]
        self.channels, self.rate = d["channels"], d["rate"]
        self.frame_bytes, self.data_off, self.data_size = (d["frame_bytes"], d["data_off"],
                                                           d["data_size"])
        bad = None
        if self.dir not in DIRS:
            bad = "direction %d" % self.dir
        elif self.format not in FORMATS:
            bad = "format %d" % self.format
        elif not 1 <= self.channels <= 8 or not 1 <= self.rate <= 192000:
            bad = "%d channels at %d Hz" % (self.channels, self.rate)
        elif self.frame_bytes != self.channels * FORMATS[self.format][1]:
            bad = "frame of %d bytes" % self.frame_bytes
        elif (not _is_pow2(self.data_size) or self.data_size < self.frame_bytes
              or self.data_off < DATA_MIN_OFF or self.data_off % DATA_ALIGN
              or self.data_off + self.data_size > win.size):
            bad = "data at 0x%x size 0x%x" % (self.data_off, self.data_size)
        if bad:
            raise ShmError("ring %d: %s" % (index, bad))

    def _get(self, off):
        return self.win.u32(self.base + off)

    def _set(self, off, value):
        self.win.set_u32(self.base + off, value)

    @property
    def write_pos(self):
        return self._get(R_WRITE)

    @property
    def read_pos(self):
        return self._get(R_READ)

    @property
    def fw_flags(self):
        return self._get(R_FW_FLAGS)

    @property
    def xruns(self):
        return self._get(R_XRUNS)

    @property
    def errors(self):
        return self._get(R_ERRORS)

    def fill(self):
        """Bytes in the ring; ShmError if the positions are impossible."""
        n = (self.write_pos - self.read_pos) & M32
        if n > self.data_size or n % self.frame_bytes:
            raise ShmError("ring %d: positions write %08x read %08x make no sense"
                           % (self.index, self.write_pos, self.read_pos))
        return n

    def room(self):
        return self.data_size - self.fill()

    def set_eos(self, on=True):
        """Playback: the host has written its last byte (or, off, a new stream starts)."""
        flags = self._get(R_HOST_FLAGS)
        self._set(R_HOST_FLAGS, flags | HOST_EOS if on else flags & ~HOST_EOS)

    def write(self, data):
        """Playback: append the whole frames of @data that fit; return the bytes taken."""
        if self.dir != DIR_PLAYBACK:
            raise ShmError("ring %d is a capture ring" % self.index)
        n = min(len(data), self.room())
        n -= n % self.frame_bytes
        pos = self.write_pos
        done = 0
        while done < n:
            off = (pos + done) % self.data_size
            chunk = min(n - done, self.data_size - off)
            start = self.data_off + off
            self.win.mm[start:start + chunk] = data[done:done + chunk]
            done += chunk
        if n:
            self._set(R_WRITE, pos + n)  # after the data
        return n

    def read(self, max_bytes=None):
        """Capture: take up to @max_bytes (whole frames) of what the ring holds."""
        if self.dir != DIR_CAPTURE:
            raise ShmError("ring %d is a playback ring" % self.index)
        n = self.fill()
        if max_bytes is not None:
            n = min(n, max_bytes - max_bytes % self.frame_bytes)
        pos = self.read_pos
        out = bytearray()
        while len(out) < n:
            off = (pos + len(out)) % self.data_size
            chunk = min(n - len(out), self.data_size - off)
            start = self.data_off + off
            out += self.win.mm[start:start + chunk]
        if n:
            self._set(R_READ, pos + n)  # after the data was copied out
        return bytes(out)

    def skip(self):
        """Capture: drop whatever the ring holds now."""
        self.fill()
        self._set(R_READ, self.write_pos)

    def describe(self):
        name = FORMATS[self.format][0]
        flags = [f for bit, f in ((FW_RUNNING, "running"), (FW_XRUN, "xrun"),
                                  (FW_BADPOS, "badpos")) if self.fw_flags & bit]
        eos = " eos" if self._get(R_HOST_FLAGS) & HOST_EOS else ""
        return ("ring %d %-8s %s %dch %d Hz  data 0x%06x+0x%x  write %08x read %08x  "
                "xruns %d errors %d  [%s]%s" % (self.index, DIRS[self.dir], name, self.channels,
                                               self.rate, self.data_off, self.data_size,
                                               self.write_pos, self.read_pos, self.xruns,
                                               self.errors, " ".join(flags), eos))


def info(win):
    """The header and every ring, as text."""
    h = win.header()
    lines = ["window %s: %d KiB, magic %08x version %d, header 0x%x, fw_state %s, "
             "host_state %d, boot %d"
             % (win.path, win.size // 1024, h["magic"], h["version"], h["header_size"],
                "ready" if h["fw_state"] == FW_READY else "not ready (%d)" % h["fw_state"],
                h["host_state"], h["boot_count"]),
             "mailbox 0x%x+0x%x (reserved)" % (h["mailbox_off"], h["mailbox_size"])]
    for i in range(min(h["ring_count"], RINGS)):
        try:
            lines.append(win.ring(i).describe())
        except ShmError as e:
            lines.append("ring %d: INVALID: %s" % (i, e))
    return "\n".join(lines)


def _check_wav_matches(ring, channels, rate, sampwidth):
    if ring.format != FMT_S16_LE or sampwidth != 2:
        raise ValueError("ring %d is %s, the WAV %d-bit: only 16-bit S16_LE is supported"
                         % (ring.index, FORMATS[ring.format][0], 8 * sampwidth))
    if ring.channels != channels or ring.rate != rate:
        raise ValueError("ring %d is %d ch %d Hz, the WAV %d ch %d Hz"
                         % (ring.index, ring.channels, ring.rate, channels, rate))


def play_wav(win, ring_index, path, stall_timeout=10.0, poll=0.005, wait_drain=False,
             chunk_frames=4096):
    """Stream the 16-bit WAV @path into playback ring @ring_index, then set EOS.

    Clears EOS first; writes as the firmware's read position frees room,
    sleeping @poll seconds when the ring is full. ShmError if the firmware
    takes nothing for @stall_timeout seconds. With @wait_drain, waits until the
    firmware has read everything. Returns the frames written. ValueError if the
    ring is not a playback ring matching the WAV's format, channels and rate.
    """
    ring = win.ring(ring_index)
    if ring.dir != DIR_PLAYBACK:
        raise ValueError("ring %d is not a playback ring" % ring_index)
    with wave.open(path, "rb") as w:
        _check_wav_matches(ring, w.getnchannels(), w.getframerate(), w.getsampwidth())
        ring.set_eos(False)
        frames = 0
        pending = b""
        last_move = time.monotonic()
        while True:
            if not pending:
                pending = w.readframes(chunk_frames)
                if not pending:
                    break
            n = ring.write(pending)
            if n:
                pending = pending[n:]
                frames += n // ring.frame_bytes
                last_move = time.monotonic()
            else:
                if time.monotonic() - last_move > stall_timeout:
                    raise ShmError("ring %d: the firmware read nothing for %.1f s"
                                   % (ring_index, stall_timeout))
                time.sleep(poll)
    ring.set_eos(True)
    if wait_drain:
        deadline = time.monotonic() + stall_timeout
        while ring.fill():
            if time.monotonic() > deadline:
                raise ShmError("ring %d: not drained after %.1f s" % (ring_index, stall_timeout))
            time.sleep(poll)
    return frames


def record_wav(win, ring_index, path, seconds, stall_timeout=10.0, poll=0.005, skip_stale=False):
    """Drain capture ring @ring_index into the 16-bit WAV @path until @seconds of
    frames (at the ring's rate) have arrived, or nothing came for @stall_timeout
    seconds. @skip_stale drops what the ring held before. Returns the frames
    recorded (fewer than asked on a stall; the WAV is complete either way)."""
    ring = win.ring(ring_index)
    if ring.dir != DIR_CAPTURE:
        raise ValueError("ring %d is not a capture ring" % ring_index)
    _check_wav_matches(ring, ring.channels, ring.rate, 2)
    want = int(round(seconds * ring.rate)) * ring.frame_bytes
    got = 0
    if skip_stale:
        ring.skip()
    with wave.open(path, "wb") as w:
        w.setnchannels(ring.channels)
        w.setsampwidth(2)
        w.setframerate(ring.rate)
        last_move = time.monotonic()
        while got < want:
            data = ring.read(want - got)
            if data:
                w.writeframes(data)
                got += len(data)
                last_move = time.monotonic()
            elif time.monotonic() - last_move > stall_timeout:
                break
            else:
                time.sleep(poll)
    return got // ring.frame_bytes


def main(argv=None):
    p = argparse.ArgumentParser(description="Host side of the Sotto shared-memory window")
    p.add_argument("--shm", default=default_path(), help="the window file (default %(default)s)")
    p.add_argument("--timeout", type=float, default=10.0,
                   help="seconds to wait for the firmware (ready, progress)")
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("info", help="print the header and the rings")
    pp = sub.add_parser("play", help="stream a 16-bit WAV into a playback ring")
    pp.add_argument("ring", type=int)
    pp.add_argument("wav")
    pp.add_argument("--drain", action="store_true", help="wait until the firmware read it all")
    pr = sub.add_parser("record", help="drain a capture ring into a 16-bit WAV")
    pr.add_argument("ring", type=int)
    pr.add_argument("wav")
    pr.add_argument("--seconds", type=float, required=True)
    pr.add_argument("--skip-stale", action="store_true", help="drop what the ring holds first")
    args = p.parse_args(argv)
    try:
        with Window(args.shm) as win:
            if args.cmd == "info":
                print(info(win))
                return 0
            win.wait_ready(args.timeout)
            win.attach()
            try:
                if args.cmd == "play":
                    n = play_wav(win, args.ring, args.wav, stall_timeout=args.timeout,
                                 wait_drain=args.drain)
                    print("played %d frames into ring %d" % (n, args.ring))
                    return 0
                n = record_wav(win, args.ring, args.wav, args.seconds,
                               stall_timeout=args.timeout, skip_stale=args.skip_stale)
                ring = win.ring(args.ring)
                want = int(round(args.seconds * ring.rate))
                print("recorded %d of %d frames from ring %d" % (n, want, args.ring))
                return 0 if n == want else 1
            finally:
                win.detach()
    except (ShmError, ValueError, OSError, wave.Error) as e:
        print("shmring: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
