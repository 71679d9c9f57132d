#!/usr/bin/env python3
"""`make test`: run every test stage, keep each stage's log, add the counts up.

    testall.py MAKE [VAR=value ...]

Each stage is a make target whose output ends with "N passed, M failed"; a
stage that exits non-zero without reporting a failure (a build error, a
timeout) counts as one failure. The last line is the grand total.
"""

import os
import re
import subprocess
import sys
import time

SUMMARY_RE = re.compile(r"^(?:\w+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$", re.M)

# (stage name, make target, extra make variables)
STAGES = [
    ("format", "format-check", []),
    ("unit", "test-unit", []),
    ("wavcheck", "test-wavcheck", []),
    ("tools", "test-tools", []),
    ("ipc4py", "test-ipc4py", []),
    ("fuzz-ipc4", "test-fuzz-ipc4", []),
    ("target-virt-a15", "test-target", ["BOARD=virt-a15"]),
    ("target-zcu102-r5", "test-target", ["BOARD=zcu102-r5"]),
    ("e2e-virt-a15", "e2e", ["BOARD=virt-a15"]),
    ("ipc-virt-a15", "test-ipc", ["BOARD=virt-a15"]),
    ("e2e-ipc-virt-a15", "e2e-ipc", ["BOARD=virt-a15"]),
    ("runner", "test-runner", ["BOARD=virt-a15"]),
]


def run_stage(make, base_vars, name, target, extra, logdir):
    cmd = [make, "--no-print-directory"] + base_vars + extra + [target]
    log_path = os.path.join(logdir, name + ".log")
    print("==> %s: %s" % (name, " ".join(cmd)), flush=True)
    start = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = []
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace")
            sys.stdout.write(line)
            log.write(line)
            out.append(line)
        rc = proc.wait()
    text = "".join(out)
    sums = SUMMARY_RE.findall(text)
    if sums:
        passed, failed, skipped = (int(x or 0) for x in sums[-1])
    else:
        passed, failed, skipped = (1, 0, 0) if rc == 0 else (0, 1, 0)
    if rc != 0 and failed == 0:
        failed = 1
    return passed, failed, skipped, rc, time.monotonic() - start


def main():
    make = sys.argv[1] if len(sys.argv) > 1 else "make"
    base_vars = [a for a in sys.argv[2:] if "=" in a and not a.startswith("BOARD=")]
    logdir = os.path.join("build", "test-logs")
    os.makedirs(logdir, exist_ok=True)
    rows = []
    for name, target, extra in STAGES:
        rows.append((name,) + run_stage(make, base_vars, name, target, extra, logdir))
    print("\n%-18s %7s %7s %7s %6s %8s" % ("stage", "passed", "failed", "skipped", "exit", "seconds"))
    tp = tf = ts = 0
    for name, p, f, s, rc, secs in rows:
        print("%-18s %7d %7d %7d %6d %8.1f" % (name, p, f, s, rc, secs))
        tp, tf, ts = tp + p, tf + f, ts + s
    print("logs in %s/" % logdir)
    print("%d passed, %d failed" % (tp, tf))
    return 1 if tf else 0


if __name__ == "__main__":
    sys.exit(main())
