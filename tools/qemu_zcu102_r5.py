#!/usr/bin/env python3
"""Boot an image on the Cortex-R5F of QEMU's xlnx-zcu102 machine.

    qemu_zcu102_r5.py [--qemu BINARY] [QEMU ARGUMENTS ...]

QEMU 7.2 only runs the RPU when it is the boot CPU *and* it is powered on
through QOM after the machine was created: the machine starts halted (-S),
then the monitor gets

    qom-set /machine/soc/rpu-cluster/rpu-cpu[0] start-powered-off false
    system_reset
    cont

(measured on QEMU 7.2; docs/boards.md). The serial console stays on this
process's stdin/stdout, exactly as with the other boards, so qemu_runner.py
and `make run` work unchanged; the monitor sits on a private unix socket.

The arguments are passed to QEMU after the machine options. When they hold
-S themselves (make debug), the RPU is powered and reset but not continued:
the debugger does that. SIGTERM, SIGINT and SIGHUP are forwarded to QEMU; the
exit status is QEMU's (128 + signal number if a signal ended it). QEMU gets
KILL_GRACE seconds to obey a forwarded signal, then SIGKILL: under -icount a
guest can livelock QEMU's timer loop (see docs/boards.md, zcu102-r5), and a
livelocked QEMU never handles SIGTERM. If this wrapper dies, so does QEMU.
"""

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

MACHINE = [
    "-M", "xlnx-zcu102",
    "-smp", "6",  # the two R5Fs are CPUs 4 and 5: they exist only with -smp 5 or more
    "-global", "xlnx-zynqmp.boot-cpu=rpu-cpu[0]",
    "-display", "none",
    # The DisplayPort block has an audio output: a silent backend, not the host's.
    "-audiodev", "none,id=zcu102-dp",
]
RPU = "/machine/soc/rpu-cluster/rpu-cpu[0]"
BRING_UP = ["qom-set %s start-powered-off false" % RPU, "system_reset"]
PROMPT = b"(qemu) "
CONNECT_TIMEOUT = 20.0
KILL_GRACE = 5.0
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent():
    """In the QEMU child: SIGKILL when the wrapper goes away, whatever killed it."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


class Monitor:
    """The human monitor on a unix socket: send a command, read to the prompt."""

    def __init__(self, path, proc):
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("QEMU monitor socket %s did not come up" % path)
                time.sleep(0.02)
        self.sock.settimeout(CONNECT_TIMEOUT)
        self._read_to_prompt()

    def _read_to_prompt(self):
        data = b""
        while not data.endswith(PROMPT):
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("QEMU monitor closed: %r" % data[-200:])
            data += chunk
        return data[:-len(PROMPT)].decode("utf-8", "replace")

    def command(self, line):
        self.sock.sendall(line.encode() + b"\n")
        reply = self._read_to_prompt()
        # The monitor echoes the line; anything after it is an error message.
        text = reply.replace("\r", "").split("\n", 1)[1:] if "\n" in reply else []
        text = "".join(text).strip()
        if text:
            raise RuntimeError("monitor: %s: %s" % (line, text))

    def close(self):
        self.sock.close()


def main(argv):
    qemu = "qemu-system-aarch64"
    if len(argv) >= 2 and argv[0] == "--qemu":
        qemu, argv = argv[1], argv[2:]
    hold = "-S" in argv
    tmp = tempfile.mkdtemp(prefix="sotto-zcu102-")
    sock = os.path.join(tmp, "monitor.sock")
    cmd = [qemu] + MACHINE + ["-monitor", "unix:%s,server=on,wait=off" % sock, "-S"]
    cmd += [a for a in argv if a != "-S"]
    proc = subprocess.Popen(cmd, preexec_fn=die_with_parent)
    forwarded = []

    def forward(signum, _frame):
        if proc.poll() is None:
            proc.send_signal(signum)
            forwarded.append(time.monotonic())

    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, forward)
    try:
        mon = Monitor(sock, proc)
        for line in BRING_UP + ([] if hold else ["cont"]):
            mon.command(line)
        mon.close()
    except (RuntimeError, OSError) as e:
        sys.stderr.write("qemu_zcu102_r5: %s\n" % e)
        if proc.poll() is None:
            proc.terminate()
            forwarded.append(time.monotonic())
    finally:
        while True:
            try:
                rc = proc.wait(0.2)
                break
            except subprocess.TimeoutExpired:
                if forwarded and time.monotonic() - forwarded[0] > KILL_GRACE:
                    proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    return 128 - rc if rc < 0 else rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
