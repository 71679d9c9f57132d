/* SPDX-License-Identifier: MIT */
/*
 * Linked only into sotto-fail.elf: a test that must fail, so the runner's own
 * tests can prove that a failing image makes `make test` fail.
 */
#include "test/harness/ktest.h"

KTEST(deliberate, fails)
{
	KT_ASSERT_EQ(1 + 1, 3);
}
