/* SPDX-License-Identifier: MIT */
/*
 * Memory-protection costs, in instructions: mapping and unmapping one 4 KiB
 * user page (steady state: its table exists), and switching between two
 * user address spaces (TTBR0 + ASID on an MMU, the region set on an MPU).
 */
#include "kernel/arch.h"
#include "kernel/mm.h"
#include "test/harness/kbench.h"

#define ROUNDS 64

KBENCH(mmu_map_page)
{
	size_t align = arch_as_align(PAGE_SIZE);
	paddr_t pa = mm_page_alloc(align / PAGE_SIZE, align / PAGE_SIZE);
	struct arch_as *as;
	uint32_t map = 0, unmap = 0, t;
	vaddr_t va = arch_user_va(pa);

	if (!pa || arch_as_create(&as))
		return;
	/* Warm up: the first map of an area allocates its table. */
	arch_as_map(as, va, pa, PAGE_SIZE, MEM_RW | MEM_USER);
	arch_as_unmap(as, va, PAGE_SIZE);
	for (int i = 0; i < ROUNDS; i++) {
		t = kbench_now();
		arch_as_map(as, va, pa, PAGE_SIZE, MEM_RW | MEM_USER);
		map += kbench_since(t);
		t = kbench_now();
		arch_as_unmap(as, va, PAGE_SIZE);
		unmap += kbench_since(t);
	}
	kbench_report("mmu_map_page", map / ROUNDS, "instr");
	kbench_report("mmu_unmap_page", unmap / ROUNDS, "instr");
	arch_as_destroy(as);
	mm_page_free(pa, align / PAGE_SIZE);
}

KBENCH(as_switch)
{
	struct arch_as *a, *b;
	uint32_t total = 0, t;

	if (arch_as_create(&a))
		return;
	if (arch_as_create(&b)) {
		arch_as_destroy(a);
		return;
	}
	arch_as_switch(a);
	arch_as_switch(b);
	for (int i = 0; i < ROUNDS; i++) {
		t = kbench_now();
		arch_as_switch((i & 1) ? b : a);
		total += kbench_since(t);
	}
	arch_as_switch(NULL);
	kbench_report("as_switch", total / ROUNDS, "instr");
	arch_as_destroy(a);
	arch_as_destroy(b);
}
