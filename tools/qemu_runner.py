#!/usr/bin/env python3
"""Boot a Sotto image under QEMU with a hard timeout and judge its self-tests.

    qemu_runner.py [--name N] [--timeout S] [--log FILE] -- qemu-system-arm ... -kernel x.elf

The serial output is echoed and kept in the log. The run passes only if QEMU
exits by itself before the timeout with status 0, the output holds the
summary line "N passed, M failed[, K skipped]", the summary agrees with the
PASS/FAIL/SKIP lines, at least one test ran (a suite name that matches
nothing, `make test-target TEST_ONLY=typo`, is a failure), and no test
failed.

QemuSession is also the library the runner's own tests and the benchmarks
use to drive the serial shell (send a line, wait for a pattern).
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time

RESULT_RE = re.compile(r"^(PASS|FAIL|SKIP) ([\w.-]+)(?:: (.*))?$")
SUMMARY_RE = re.compile(r"^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$")


class QemuSession:
    """A QEMU process whose serial console is our stdin/stdout pipe."""

    def __init__(self, cmd, log_path=None, echo=False):
        self.output = ""
        self._lock = threading.Condition()
        self._echo = echo
        self._log = open(log_path, "w", encoding="utf-8") if log_path else None
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        while True:
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                break
            text = chunk.decode("utf-8", "replace").replace("\r", "")
            if self._echo:
                sys.stdout.write(text)
                sys.stdout.flush()
            if self._log:
                self._log.write(text)
                self._log.flush()
            with self._lock:
                self.output += text
                self._lock.notify_all()
        with self._lock:
            self._lock.notify_all()

    def expect(self, pattern, timeout=10.0, start=0):
        """Wait until @pattern (regex) appears in the output after offset @start."""
        rx = re.compile(pattern, re.M)
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                m = rx.search(self.output, start)
                if m:
                    return m
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    raise TimeoutError("no /%s/ within %.1fs; output tail:\n%s"
                                       % (pattern, timeout, self.output[-800:]))
                self._lock.wait(min(left, 0.2))

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def mark(self):
        """Offset to pass to expect() to only look at output from now on."""
        with self._lock:
            return len(self.output)

    def wait(self, timeout):
        """Wait for QEMU to exit; returns its status or None on timeout."""
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        self._reader.join(2)
        return rc

    def close(self):
        """Stop QEMU (SIGTERM lets it finish WAV files), then make sure it is gone."""
        # The command runs in its own process group (e.g. make -> qemu): stop all of it.
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._reader.join(2)
        if self._log:
            self._log.close()
            self._log = None


def parse_results(text):
    """Return (results, summary): results is a list of (verdict, name, reason),
    summary the last (passed, failed, skipped) line or None."""
    results, summary = [], None
    for line in text.splitlines():
        line = line.strip()
        m = RESULT_RE.match(line)
        if m:
            results.append((m.group(1), m.group(2), m.group(3) or ""))
            continue
        m = SUMMARY_RE.match(line)
        if m:
            summary = (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
    return results, summary


def judge(text, rc, timed_out):
    """Return a list of problems (empty when the run passed)."""
    problems = []
    results, summary = parse_results(text)
    if timed_out:
        problems.append("timeout")
    elif rc != 0:
        problems.append("exit status %d" % rc)
    if summary is None:
        problems.append("no summary line")
    else:
        counted = tuple(sum(1 for r in results if r[0] == v) for v in ("PASS", "FAIL", "SKIP"))
        if counted != summary:
            problems.append("summary %s disagrees with test lines %s" % (summary, counted))
        if summary[1]:
            problems.append("%d test(s) failed" % summary[1])
        if not sum(summary):
            problems.append("no tests ran")
    fails = [r for r in results if r[0] == "FAIL"]
    if fails and not any("failed" in p for p in problems):
        problems.append("%d FAIL line(s)" % len(fails))
    if "PANIC" in text:
        problems.append("kernel panic")
    return problems


def run(cmd, timeout, log_path=None, echo=True):
    """Run @cmd to completion; returns (problems, output)."""
    s = QemuSession(cmd, log_path, echo=echo)
    rc = s.wait(timeout)
    timed_out = rc is None
    s.close()
    return judge(s.output, rc, timed_out), s.output


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--name", default="target")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--log")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd and args.cmd[0] == "--" else args.cmd
    if not cmd:
        ap.error("no QEMU command given")
    if args.log:
        os.makedirs(os.path.dirname(os.path.abspath(args.log)), exist_ok=True)
    start = time.monotonic()
    problems, _ = run(cmd, args.timeout, args.log)
    took = time.monotonic() - start
    if problems:
        print("runner: %s: FAILED after %.1fs: %s" % (args.name, took, "; ".join(problems)))
        return 1
    print("runner: %s: ok (%.1fs)" % (args.name, took))
    return 0


if __name__ == "__main__":
    sys.exit(main())
