#!/usr/bin/env python3
"""`make bench`: boot images in deterministic mode and print the figures.

    bench.py MAKE BOARD=name

Under -icount shift=0,align=off,sleep=off the PMU cycle counter counts
executed instructions exactly, so every figure is an instruction count that
repeats run after run. Each figure is printed as
"bench NAME BOARD VALUE UNIT", then all of them again as a table.
"""

import os
import re
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu_runner  # noqa: E402

DETERMINISTIC = ["-icount", "shift=0,align=off,sleep=off", "-rtc", "clock=vm"]
BENCH_RE = re.compile(r"^bench (\S+) (\S+) (\d+) (\S+)$", re.M)


def make_var(make, board, var):
    # The benchmark runs get a host window of their own (not make run's).
    shm = "SHM=build/%s/bench.shm" % board
    sock = "IPC_SOCK=build/%s/bench-ipc.sock" % board
    out = subprocess.run([make, "--no-print-directory", "-s", "BOARD=" + board, shm, sock,
                          "print-" + var], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def boot_to_shell(qemu, image_args, board):
    s = qemu_runner.QemuSession(qemu + DETERMINISTIC + image_args)
    try:
        m = s.expect(r"shell ready after (\d+) instructions", 60)
    finally:
        s.close()
    return [("boot_to_shell", board, int(m.group(1)), "instr")]


def main():
    make = sys.argv[1] if len(sys.argv) > 1 else "make"
    board = "virt-a15"
    for a in sys.argv[2:]:
        if a.startswith("BOARD="):
            board = a.split("=", 1)[1]
    subprocess.run([make, "--no-print-directory", "BOARD=" + board, "images"], check=True)
    out = make_var(make, board, "O")
    qemu = shlex.split(make_var(make, board, "QEMU_CMD"))
    image = lambda name: shlex.split(make_var(make, board, "QEMU_IMAGE_ARGS").format(
        os.path.join(out, name)))
    figures = boot_to_shell(qemu, image("sotto.elf"), board)
    bench_image = os.path.join(out, "sotto-bench.elf")
    if os.path.exists(bench_image):
        s = qemu_runner.QemuSession(qemu + DETERMINISTIC + image("sotto-bench.elf"))
        rc = s.wait(300)
        s.close()
        figures += [(n, b, int(v), u) for n, b, v, u in BENCH_RE.findall(s.output)]
        if rc != 0 or "benchmarks done" not in s.output:
            print("bench image failed (exit %s):\n%s" % (rc, s.output[-2000:]))
            return 1
    for f in figures:
        print("bench %s %s %d %s" % f)
    print("\n%-28s %-10s %12s %s" % ("figure", "board", "value", "unit"))
    for f in figures:
        print("%-28s %-10s %12d %s" % f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
