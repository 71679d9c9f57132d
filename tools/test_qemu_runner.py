#!/usr/bin/env python3
"""Tests of the QEMU runner, and of the shell through it.

Fake commands check the runner's rules; the real images check that a failing
image fails the run, that a hang is caught by the timeout, and that the shell
answers on the serial console (help, info, log, test, line editing).

Environment (set by `make test-runner`): SOTTO_QEMU (the board's QEMU command),
SOTTO_QEMU_IMAGE (how the image is passed, "{}" standing for its path),
SOTTO_O (build folder of the board), SOTTO_BOARD, SOTTO_MAKE.
"""

import os
import shlex
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu_runner  # noqa: E402

QEMU = shlex.split(os.environ.get("SOTTO_QEMU", ""))
IMAGE_ARGS = os.environ.get("SOTTO_QEMU_IMAGE", "-kernel {}")
OUT = os.environ.get("SOTTO_O", "build/virt-a15")
BOARD = os.environ.get("SOTTO_BOARD", "virt-a15")
DETERMINISTIC = ["-icount", "shift=0,align=off,sleep=off", "-rtc", "clock=vm"]


def image(name):
    return shlex.split(IMAGE_ARGS.format(os.path.join(OUT, name)))


def sh(script):
    return ["sh", "-c", script]


class RunnerRules(unittest.TestCase):
    def test_passing_run(self):
        problems, _ = qemu_runner.run(
            sh("echo PASS a.b; echo SKIP a.c: no irq; echo '1 passed, 0 failed, 1 skipped'"),
            10, echo=False)
        self.assertEqual(problems, [])

    def test_nonzero_exit_fails_despite_summary(self):
        problems, _ = qemu_runner.run(sh("echo PASS a.b; echo '1 passed, 0 failed'; exit 3"),
                                      10, echo=False)
        self.assertIn("exit status 3", problems)

    def test_missing_summary_fails(self):
        problems, _ = qemu_runner.run(sh("echo PASS a.b"), 10, echo=False)
        self.assertIn("no summary line", problems)

    def test_summary_must_match_lines(self):
        problems, _ = qemu_runner.run(sh("echo PASS a.b; echo '2 passed, 0 failed'"), 10,
                                      echo=False)
        self.assertTrue(any("disagrees" in p for p in problems), problems)

    def test_failed_count_fails(self):
        problems, _ = qemu_runner.run(
            sh("echo 'FAIL a.b: x.c:3: 1 != 2'; echo '0 passed, 1 failed'"), 10, echo=False)
        self.assertIn("1 test(s) failed", problems)

    def test_no_tests_fails(self):
        # Regression: `make test-target TEST_ONLY=typo` ran nothing and passed.
        problems, _ = qemu_runner.run(
            sh("echo \"no tests in suite 'typo' (try 'test list')\"; "
               "echo '0 passed, 0 failed, 0 skipped'"), 10, echo=False)
        self.assertEqual(problems, ["no tests ran"])
        problems, _ = qemu_runner.run(
            sh("echo SKIP a.b: no irq; echo '0 passed, 0 failed, 1 skipped'"), 10, echo=False)
        self.assertEqual(problems, [])  # it ran, and skipped

    def test_timeout_kills_and_fails(self):
        problems, _ = qemu_runner.run(sh("echo booting; exec sleep 60"), 1.5, echo=False)
        self.assertIn("timeout", problems)

    def test_panic_fails(self):
        problems, _ = qemu_runner.run(
            sh("echo 'PANIC: unhandled fault'; echo '0 passed, 0 failed'"), 10, echo=False)
        self.assertIn("kernel panic", problems)

    def test_parse_results(self):
        results, summary = qemu_runner.parse_results(
            "junk\nPASS s.t\nFAIL s.u: f.c:1: why\n1 passed, 1 failed, 0 skipped\n")
        self.assertEqual(results, [("PASS", "s.t", ""), ("FAIL", "s.u", "f.c:1: why")])
        self.assertEqual(summary, (1, 1, 0))


@unittest.skipUnless(QEMU, "SOTTO_QEMU not set (run through make test-runner)")
class RealImages(unittest.TestCase):
    def test_failing_image_fails(self):
        problems, out = qemu_runner.run(
            QEMU + DETERMINISTIC + image("sotto-fail.elf"), 120, echo=False)
        self.assertIn("FAIL deliberate.fails", out)
        self.assertIn("exit status 1", problems)
        self.assertIn("1 test(s) failed", problems)

    def test_hanging_image_times_out(self):
        # The shell image never exits: as a test image it must be caught.
        problems, out = qemu_runner.run(QEMU + image("sotto.elf"), 4, echo=False)
        self.assertIn("sotto> ", out)
        self.assertIn("timeout", problems)
        self.assertIn("no summary line", problems)


@unittest.skipUnless(QEMU, "SOTTO_QEMU not set (run through make test-runner)")
class Shell(unittest.TestCase):
    """Boots exactly what a newcomer types, `make run`, and talks to the shell."""

    @classmethod
    def setUpClass(cls):
        log = os.path.join(OUT, "shell-test.log")
        cmd = [os.environ.get("SOTTO_MAKE", "make"), "--no-print-directory", "-s",
               "BOARD=" + BOARD, "run"]
        cls.s = qemu_runner.QemuSession(cmd, log)
        cls.s.expect(r"shell ready after \d+ instructions", 30)
        cls.s.expect(r"sotto> ", 30)

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    def cmd(self, line, pattern, timeout=30):
        mark = self.s.mark()
        self.s.send(line + "\r")
        m = self.s.expect(pattern, timeout, start=mark)
        # The next prompt; a log line (the demo runs in real time) may follow it.
        self.s.expect(r"sotto> ", timeout, start=m.end())
        return m

    def test_banner(self):
        out = self.s.output
        self.assertIn("Sotto audio DSP microkernel", out)
        self.assertIn("board    " + BOARD, out)
        self.assertRegex(out, r"cpu      ARM Cortex-A15 r\dp\d \(MIDR 41[0-9a-f]fc0f[0-9a-f]")
        self.assertRegex(out, r"\n  text\s+40000000-")

    def test_help_lists_commands(self):
        self.cmd("help", r"reboot\s+reset the board")
        for name in ("help", "info", "test", "log"):
            self.assertRegex(self.s.output, r"\n  %s\s+\S" % name)

    def test_info(self):
        self.cmd("info", r"uptime   \d+\.\d{6} s, \d+ ticks")

    def test_log_level(self):
        self.cmd("log dbg", r"log level: dbg")
        self.cmd("log", r"log level: dbg")
        self.cmd("log bogus", r"usage: log")
        self.cmd("log inf", r"log level: inf")

    def test_runs_a_suite(self):
        self.cmd("test ringbuf", r"\n4 passed, 0 failed, 0 skipped")

    def test_demo_retuned_while_stopped(self):
        # Regression: `demo stop` deleted the pipeline but kept pointers to its
        # instances, so `demo volume` / `demo freq` configured freed memory
        # (kheap: bad free, later a data abort).
        mark = self.s.mark()
        self.cmd("demo stop", r"demo: stopped, the codec is free")
        self.cmd("demo volume -20", r"volume -2000 mB at the next start")
        self.cmd("demo freq 300", r"tone 300\.000 Hz -1000 mB, volume -2000 mB at the next start")
        self.cmd("demo start", r"demo: running, tone 300\.000 Hz -1000 mB, volume -2000 mB;")
        self.cmd("demo status", r"demo: running, tone 300\.000 Hz -1000 mB, volume -2000 mB;")
        # Retuning the running demo still reaches its instances.
        self.cmd("demo volume -6", r"demo: running, tone 300\.000 Hz -1000 mB, volume -600 mB;")
        self.cmd("demo freq 440", r"demo: running, tone 440\.000 Hz -1000 mB, volume -600 mB;")
        out = self.s.output[mark:]
        for bad in ("bad free", "PANIC", "abort", "error"):
            self.assertNotIn(bad, out)

    def test_unknown_command(self):
        self.cmd("frobnicate", r"frobnicate: unknown command")

    def test_line_editing(self):
        # "hlp", two lefts, insert "e" -> "help"; then ^U wipes a half-typed line.
        self.cmd("hlp\x1b[D\x1b[De", r"reboot\s+reset the board")
        self.cmd("garbage\x15info", r"uptime   ")
        # history: up arrow repeats "info"
        self.cmd("\x1b[A", r"uptime   ")


class CountingResult(unittest.TextTestResult):
    pass


def main():
    runner = unittest.TextTestRunner(verbosity=2, resultclass=CountingResult, stream=sys.stdout)
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = runner.run(suite)
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
