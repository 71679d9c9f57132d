/* SPDX-License-Identifier: MIT */
/*
 * Memory domains on whatever protection the board has (MMU or MPU):
 * partitions map where user code sees them, refuse overlaps and overflow
 * with exact errors, and the access check is overflow safe.
 */
#include "kernel/arch.h"
#include "kernel/domain.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "test/harness/ktest.h"

#define PART_SIZE PAGE_SIZE

static struct domain dom;
static paddr_t mem; /* 4 partition-sized, partition-aligned blocks */
static size_t mem_pages;

static paddr_t block(int i)
{
	return mem + (paddr_t)i * arch_as_align(PART_SIZE);
}

static void setup(void)
{
	size_t align = arch_as_align(PART_SIZE);

	mem_pages = 4 * align / PAGE_SIZE;
	mem = mm_page_alloc(mem_pages, align / PAGE_SIZE);
	KT_ASSERT(mem != 0);
	KT_ASSERT_EQ(domain_init(&dom, "test"), 0);
}

static void teardown(void)
{
	arch_as_switch(NULL);
	if (dom.as)
		domain_deinit(&dom);
	if (mem)
		mm_page_free(mem, mem_pages);
	mem = 0;
}
KTEST_SUITE(domain, setup, teardown);

KTEST(domain, partition_is_mapped_at_its_user_address)
{
	paddr_t pa;
	uint32_t attr;

	KT_ASSERT_EQ(domain_add_partition(&dom, block(0), PART_SIZE, MEM_RW | MEM_USER), 0);
	KT_ASSERT_EQ(dom.nparts, 1);
	KT_ASSERT_EQ(arch_as_lookup(dom.as, domain_va(block(0)) + 8, &pa, &attr), 0);
	KT_ASSERT_EQ(pa, block(0) + 8);
	KT_ASSERT_EQ(attr & (MEM_RW | MEM_USER | MEM_X), MEM_RW | MEM_USER);
	KT_ASSERT_EQ(domain_remove_partition(&dom, block(0)), 0);
	KT_ASSERT_EQ(arch_as_lookup(dom.as, domain_va(block(0)), &pa, &attr), -ENOENT);
	KT_ASSERT_EQ(domain_remove_partition(&dom, block(0)), -ENOENT);
}

KTEST(domain, rejects_overlap_and_bad_partitions)
{
	KT_ASSERT_EQ(domain_add_partition(&dom, block(1), PART_SIZE, MEM_R | MEM_USER), 0);
	KT_ASSERT_EQ(domain_add_partition(&dom, block(1), PART_SIZE, MEM_R | MEM_USER), -EEXIST);
	KT_ASSERT_EQ(domain_add_partition(&dom, block(0), 2 * arch_as_align(PART_SIZE), MEM_R),
		     -EEXIST);
	KT_ASSERT_EQ(domain_add_partition(&dom, block(2), PART_SIZE, MEM_RW | MEM_X | MEM_USER),
		     -EINVAL);
	KT_ASSERT_EQ(domain_add_partition(&dom, block(2) + 4, PART_SIZE, MEM_R | MEM_USER),
		     -EINVAL);
	KT_ASSERT_EQ(domain_add_partition(&dom, block(2), 0, MEM_R | MEM_USER), -EINVAL);
	KT_ASSERT_EQ(domain_add_partition(&dom, 0xfffff000u, 0x2000, MEM_R | MEM_USER), -EINVAL);
	KT_ASSERT_EQ(dom.nparts, 1); /* failures changed nothing */
}

KTEST(domain, partition_table_is_bounded)
{
	int added = 0, rc = 0;
	paddr_t extra = mm_page_alloc(DOMAIN_MAX_PARTITIONS * 2, 1);

	KT_ASSERT(extra != 0);
	/* Every other page, so no two partitions could be merged. */
	for (int i = 0; i < DOMAIN_MAX_PARTITIONS + 1 && !rc; i++) {
		rc = domain_add_partition(&dom, extra + (paddr_t)i * 2 * PAGE_SIZE, PAGE_SIZE,
					  MEM_R | MEM_USER);
		added += !rc;
	}
	KT_ASSERT_EQ(rc, -ENOSPC);
	KT_ASSERT_LE(added, DOMAIN_MAX_PARTITIONS);
	KT_ASSERT_EQ(dom.nparts, (unsigned int)added);
	domain_deinit(&dom);
	KT_ASSERT_EQ(domain_init(&dom, "test"), 0);
	mm_page_free(extra, DOMAIN_MAX_PARTITIONS * 2);
}

KTEST(domain, access_check_is_overflow_safe)
{
	vaddr_t va0 = domain_va(block(0)), va1 = domain_va(block(1));

	KT_ASSERT_EQ(domain_add_partition(&dom, block(0), PART_SIZE, MEM_RW | MEM_USER), 0);
	KT_ASSERT_EQ(domain_add_partition(&dom, block(1), PART_SIZE, MEM_R | MEM_USER), 0);
	KT_ASSERT(domain_can_access(&dom, va0, PART_SIZE, MEM_RW));
	KT_ASSERT(domain_can_access(&dom, va0 + 16, 32, MEM_W));
	KT_ASSERT(!domain_can_access(&dom, va1, 4, MEM_W)); /* read-only partition */
	KT_ASSERT(domain_can_access(&dom, va1, PART_SIZE, MEM_R));
	KT_ASSERT(!domain_can_access(&dom, va1, PART_SIZE + 1, MEM_R));
	KT_ASSERT(!domain_can_access(&dom, 0xfffffff0u, 0x20, MEM_R));
	KT_ASSERT(!domain_can_access(&dom, va0, (size_t)-1, MEM_R));
	KT_ASSERT(!domain_can_access(&dom, 0, 4, MEM_R));
	/* Privileged-only partitions are not user accessible. */
	KT_ASSERT_EQ(domain_add_partition(&dom, block(2), PART_SIZE, MEM_RW), 0);
	KT_ASSERT(!domain_can_access(&dom, domain_va(block(2)), 4, MEM_R));
}

KTEST(domain, adjacent_partitions_form_one_range)
{
	size_t a = arch_as_align(PART_SIZE);

	if (a != PART_SIZE)
		KT_SKIP("partitions are not contiguous on this board's granule");
	KT_ASSERT_EQ(domain_add_partition(&dom, block(0), PART_SIZE, MEM_RW | MEM_USER), 0);
	KT_ASSERT_EQ(domain_add_partition(&dom, block(1), PART_SIZE, MEM_RW | MEM_USER), 0);
	KT_ASSERT(domain_can_access(&dom, domain_va(block(0)) + PART_SIZE - 8, 16, MEM_RW));
	KT_ASSERT(!domain_can_access(&dom, domain_va(block(1)) + PART_SIZE - 8, 16, MEM_R));
}

KTEST(domain, deinit_returns_all_memory)
{
	struct page_stats before, after;

	domain_deinit(&dom);
	mm_page_stats(&before);
	for (int round = 0; round < 20; round++) {
		KT_ASSERT_EQ(domain_init(&dom, "churn"), 0);
		for (int i = 0; i < 4; i++)
			KT_ASSERT_EQ(
				domain_add_partition(&dom, block(i), PART_SIZE, MEM_RW | MEM_USER),
				0);
		domain_switch(&dom);
		domain_switch(NULL);
		domain_deinit(&dom);
	}
	mm_page_stats(&after);
	KT_ASSERT_EQ(after.free, before.free);
	KT_ASSERT_EQ(domain_init(&dom, "test"), 0);
}

/* Buffers from the shared heap never share a page: each maps into its own domains. */
KTEST(domain, buffer_heap_gives_private_pages)
{
	struct heap_stats before, after;
	uint8_t *b[4];
	size_t sizes[4] = {100, PAGE_SIZE, PAGE_SIZE + 8, 3 * PAGE_SIZE};
	struct domain other;

	heap_stats(&buf_heap, &before);
	for (int i = 0; i < 4; i++) {
		size_t align = arch_as_align(sizes[i]);

		b[i] = mm_buffer_alloc(sizes[i]);
		KT_ASSERT(b[i] != NULL);
		KT_ASSERT(mem_is_aligned((uintptr_t)b[i], align));
		KT_ASSERT_EQ(b[i][0], 0);
		/* The rest of its last granule belongs to it too: nobody else is there. */
		for (int j = 0; j < i; j++) {
			uintptr_t lo = (uintptr_t)b[j];
			uintptr_t hi = lo + mem_align_up(sizes[j], arch_as_align(sizes[j]));

			KT_ASSERT((uintptr_t)b[i] >= hi || (uintptr_t)b[i] + sizes[i] <= lo);
		}
	}
	/* Buffer 1 in this domain only: the other domain cannot see it. */
	KT_ASSERT_EQ(domain_add_partition(&dom, (paddr_t)b[1], PAGE_SIZE, MEM_RW | MEM_USER), 0);
	KT_ASSERT_EQ(domain_init(&other, "other"), 0);
	KT_ASSERT(domain_can_access(&dom, domain_va((paddr_t)b[1]), PAGE_SIZE, MEM_RW));
	KT_ASSERT(!domain_can_access(&other, domain_va((paddr_t)b[1]), 4, MEM_R));
	domain_deinit(&other);
	KT_ASSERT_EQ(domain_remove_partition(&dom, (paddr_t)b[1]), 0);
	for (int i = 0; i < 4; i++)
		mm_buffer_free(b[i]);
	heap_stats(&buf_heap, &after);
	KT_ASSERT_EQ(after.used, before.used);
	KT_ASSERT_EQ(after.allocs, before.allocs);
}
