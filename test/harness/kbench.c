/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "kernel/arch.h"
#include "kernel/board.h"
#include "test/harness/kbench.h"

extern const struct kbench __kbench_start[], __kbench_end[];

static uint32_t read_cost; /* instructions of one kbench_now() + kbench_since() pair */

uint32_t kbench_now(void)
{
	return arch_cycles();
}

uint32_t kbench_since(uint32_t start)
{
	return arch_cycles() - start - read_cost;
}

void kbench_report(const char *name, uint32_t value, const char *unit)
{
	printf("bench %s %s %lu %s\n", name, board.name, (unsigned long)value, unit);
}

int kbench_run_all(void)
{
	uint32_t t = arch_cycles();

	read_cost = arch_cycles() - t;
	for (const struct kbench *b = __kbench_start; b < __kbench_end; b++)
		b->fn();
	return (int)(__kbench_end - __kbench_start);
}
