/* SPDX-License-Identifier: MIT */
/*
 * Benchmarks for the bench image (make bench). Each one measures with the
 * CPU cycle counter, which counts executed instructions exactly under
 * QEMU's -icount shift=0, and reports its figures:
 *
 *   KBENCH(mmu_map_page) { ... kbench_report("mmu_map_page", n, "instr"); }
 *
 * Benchmarks print numbers; they never pass or fail on a value.
 */
#ifndef TEST_KBENCH_H
#define TEST_KBENCH_H

#include <stdint.h>

struct kbench {
	const char *name;
	void (*fn)(void);
};

#define KBENCH(bname)                                                                         \
	static void kbench_fn_##bname(void);                                                  \
	static const struct kbench kbench_##bname __attribute__((                             \
		used, section(".kbench." #bname), aligned(4))) = {#bname, kbench_fn_##bname}; \
	static void kbench_fn_##bname(void)

/* Print "bench NAME BOARD VALUE UNIT". */
void kbench_report(const char *name, uint32_t value, const char *unit);

/* Cycle counter now; kbench_since() is the count since @start minus the cost of reading it. */
uint32_t kbench_now(void);
uint32_t kbench_since(uint32_t start);

/* Run every benchmark; returns how many there were. */
int kbench_run_all(void);

#endif /* TEST_KBENCH_H */
