/* SPDX-License-Identifier: MIT */
/* The syscall fuzzer's knobs: the test image runs a smoke count, sotto-fuzz.elf sets its own. */
#ifndef TEST_KERNEL_TEST_FUZZ_H
#define TEST_KERNEL_TEST_FUZZ_H

#include <stdint.h>

struct fuzz_params {
	uint32_t calls; /* stop once the fuzzers made this many system calls in all */
	uint32_t seed;	/* the first run's seed; each further run takes the next */
	uint32_t seeds; /* stop after this many runs (0: no limit) */
};

extern struct fuzz_params fuzz_params;

#endif /* TEST_KERNEL_TEST_FUZZ_H */
