/* SPDX-License-Identifier: MIT */
/*
 * Interrupt controller: enable/disable, pending state, CPU masking and the
 * handler table, driven by a software-generated interrupt (board.test_irq).
 */
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/errno.h"
#include "kernel/irq.h"
#include "test/harness/ktest.h"

static volatile int hits;

static void count_hit(void *arg)
{
	hits += (int)(intptr_t)arg;
}

/* Delivery tests need an interrupt that reaches the CPU by itself. */
static void need_delivery(void)
{
	if (board.irq_polled)
		KT_SKIP("interrupts are polled on this board, never delivered");
}

/* Give a raised interrupt a few instructions to reach the CPU. */
static void settle(void)
{
	for (volatile int i = 0; i < 100; i++)
		;
}

static void setup(void)
{
	hits = 0;
	KT_ASSERT_EQ(irq_connect(board.test_irq, count_hit, (void *)1), 0);
}

static void teardown(void)
{
	irq_disconnect(board.test_irq);
}
KTEST_SUITE(gic, setup, teardown);

KTEST(gic, enabled_line_is_delivered)
{
	need_delivery();
	arch_irq_enable(board.test_irq);
	KT_ASSERT(arch_irq_is_enabled(board.test_irq));
	arch_irq_raise(board.test_irq);
	settle();
	KT_ASSERT_EQ(hits, 1);
	KT_ASSERT(!arch_irq_is_pending(board.test_irq));
}

KTEST(gic, disabled_line_stays_pending)
{
	uint32_t before = irq_count(board.test_irq);

	need_delivery();
	arch_irq_disable(board.test_irq);
	KT_ASSERT(!arch_irq_is_enabled(board.test_irq));
	arch_irq_raise(board.test_irq);
	settle();
	KT_ASSERT_EQ(hits, 0);
	KT_ASSERT(arch_irq_is_pending(board.test_irq));
	arch_irq_enable(board.test_irq);
	settle();
	KT_ASSERT_EQ(hits, 1);
	KT_ASSERT_EQ(irq_count(board.test_irq), before + 1);
}

KTEST(gic, cpu_mask_defers_delivery)
{
	unsigned long key;

	need_delivery();
	arch_irq_enable(board.test_irq);
	key = arch_irq_lock();
	KT_ASSERT(arch_irq_is_locked());
	arch_irq_raise(board.test_irq);
	settle();
	KT_ASSERT_EQ(hits, 0);
	arch_irq_unlock(key);
	settle();
	KT_ASSERT_EQ(hits, 1);
}

KTEST(gic, nested_lock_keys)
{
	unsigned long k1 = arch_irq_lock();
	unsigned long k2 = arch_irq_lock();

	arch_irq_unlock(k2);
	KT_ASSERT(arch_irq_is_locked());
	arch_irq_unlock(k1);
	KT_ASSERT(!arch_irq_is_locked());
}

KTEST(gic, connect_rejects_bad_requests)
{
	KT_ASSERT_EQ(irq_connect(IRQ_LINES, count_hit, NULL), -EINVAL);
	KT_ASSERT_EQ(irq_connect(board.test_irq, NULL, NULL), -EINVAL);
	KT_ASSERT_EQ(irq_connect(board.test_irq, count_hit, NULL), -EBUSY);
}

/* A line with no handler is counted and masked, not left to storm. */
KTEST(gic, unhandled_line_is_masked)
{
	unsigned int line = board.test_irq + 1;
	uint32_t before = irq_spurious_count();

	need_delivery();
	arch_irq_enable(line);
	arch_irq_raise(line);
	settle();
	KT_ASSERT_EQ(irq_spurious_count(), before + 1);
	KT_ASSERT(!arch_irq_is_enabled(line));
}

KTEST(gic, controller_size)
{
	KT_ASSERT_GE(arch_irq_count(), 64);
	KT_ASSERT_LE(arch_irq_count(), IRQ_LINES);
}
