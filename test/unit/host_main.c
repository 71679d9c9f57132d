/* SPDX-License-Identifier: MIT */
/*
 * Host unit-test driver: the pure-logic suites of test/unit/ built with the
 * host compiler under ASan/UBSan. `unit_tests [suite]`.
 */
#include "test/harness/ktest.h"

int main(int argc, char **argv)
{
	return ktest_run(argc > 1 ? argv[1] : NULL) ? 1 : 0;
}
