/* SPDX-License-Identifier: MIT */
#include "test/kernel/leak_check.h"
#include "kernel/arch.h"
#include "kernel/mm.h"
#include "test/harness/ktest.h"

void leak_snap(struct leak_snap *s)
{
	unsigned long key = arch_irq_lock();

	heap_stats(&kheap, &s->heap);
	mm_page_stats(&s->pages);
	for (unsigned int i = 0; i < KOBJ_TYPE_COUNT; i++)
		s->live[i] = kobj_live((enum kobj_type)i);
	arch_irq_unlock(key);
}

static int heap_intact(void)
{
	unsigned long key = arch_irq_lock();
	int rc = heap_check(&kheap);

	arch_irq_unlock(key);
	return rc;
}

void leak_assert_same(const struct leak_snap *before)
{
	struct leak_snap now;

	leak_snap(&now);
	for (unsigned int i = 0; i < KOBJ_TYPE_COUNT; i++)
		KT_ASSERT_EQ(now.live[i], before->live[i]);
	KT_ASSERT_EQ(now.heap.allocs, before->heap.allocs);
	KT_ASSERT_EQ(now.heap.used, before->heap.used);
	KT_ASSERT_EQ(now.heap.free, before->heap.free);
	KT_ASSERT_EQ(now.heap.largest_free, before->heap.largest_free);
	KT_ASSERT_EQ(now.heap.failed_allocs, before->heap.failed_allocs);
	KT_ASSERT_EQ(now.heap.rejected_frees, before->heap.rejected_frees);
	KT_ASSERT_EQ(heap_intact(), 0);
	KT_ASSERT_EQ(now.pages.free, before->pages.free);
	KT_ASSERT_EQ(now.pages.runs, before->pages.runs);
	KT_ASSERT_EQ(now.pages.largest_free, before->pages.largest_free);
	KT_ASSERT_EQ(now.pages.failed_allocs, before->pages.failed_allocs);
	KT_ASSERT_EQ(now.pages.rejected_frees, before->pages.rejected_frees);
}
