/* SPDX-License-Identifier: MIT */
/*
 * Tick and one-shot timeouts, measured against the system counter. The test
 * image runs under -icount, so counter time only moves with the CPU and the
 * bounds below are exact, not timing-dependent.
 */
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/irq.h"
#include "kernel/timer.h"
#include "test/harness/ktest.h"

/* Spinning tests need the tick to interrupt the spin. */
static void need_delivery(void)
{
	if (board.irq_polled)
		KT_SKIP("the tick is polled on this board: a spin is never interrupted");
}

/* Busy-wait (interrupts on) until the counter passes @until. */
static void spin_until(uint64_t until)
{
	while (arch_counter() < until)
		;
}

/* Sleep in WFI until @until. */
static void idle_until(uint64_t until)
{
	while (arch_counter() < until) {
		unsigned long key = arch_irq_lock();

		arch_idle();
		arch_irq_unlock(key);
	}
}

KTEST(timer, tick_rate_spinning)
{
	uint64_t period = timer_tick_cycles();
	uint64_t t0, t1, c0;
	uint32_t irq0 = irq_count(board.timer_irq);

	need_delivery();
	KT_ASSERT_EQ(period, arch_counter_freq() / TIMER_TICK_HZ);
	t0 = timer_ticks();
	c0 = arch_counter();
	spin_until(c0 + 100 * period);
	t1 = timer_ticks();
	KT_ASSERT_GE(t1 - t0, 99);
	KT_ASSERT_LE(t1 - t0, 101);
	/* One interrupt per tick: the handler is not counting a backlog. */
	KT_ASSERT_GE(irq_count(board.timer_irq) - irq0, 99);
}

KTEST(timer, tick_rate_idle)
{
	unsigned long key = arch_irq_lock();
	uint64_t t0, c0;

	/* A polled tick is only counted at a poll point (arch_idle): catch up first. */
	arch_idle();
	arch_irq_unlock(key);
	t0 = timer_ticks();
	c0 = arch_counter();
	idle_until(c0 + 50 * timer_tick_cycles());
	KT_ASSERT_GE(timer_ticks() - t0, 49);
	KT_ASSERT_LE(timer_ticks() - t0, 51);
}

KTEST(timer, uptime_matches_ticks)
{
	uint64_t us = timer_uptime_us();
	uint64_t ticks = timer_ticks();

	/* Ticks count whole milliseconds since timer_init(). */
	KT_ASSERT_LE(ticks * 1000, us);
	KT_ASSERT_LT(us, (ticks + 2) * 1000);
}

struct probe {
	struct timeout to;
	uint64_t fired_at;
	int fired;
	int order;
};

static int fire_seq;

static void on_fire(struct timeout *t)
{
	struct probe *p = (struct probe *)t;

	p->fired_at = arch_counter();
	p->fired++;
	p->order = ++fire_seq;
}

KTEST(timer, oneshot_fires_once_on_time)
{
	struct probe p = {0};
	uint64_t deadline = arch_counter() + timer_us_to_cycles(3500);

	timeout_arm(&p.to, deadline, on_fire);
	idle_until(deadline + 5 * timer_tick_cycles());
	KT_ASSERT_EQ(p.fired, 1);
	KT_ASSERT_GE(p.fired_at, deadline);
	/* Fired by its own deadline, not the next tick: well under a tick late. */
	KT_ASSERT_LT(p.fired_at - deadline, timer_tick_cycles() / 4);
	KT_ASSERT(!p.to.armed);
}

KTEST(timer, oneshots_fire_in_deadline_order)
{
	struct probe a = {0}, b = {0}, c = {0};
	uint64_t now = arch_counter(), ms = timer_us_to_cycles(1000);

	fire_seq = 0;
	timeout_arm(&a.to, now + 3 * ms, on_fire);
	timeout_arm(&b.to, now + 1 * ms + 7, on_fire);
	timeout_arm(&c.to, now + 2 * ms, on_fire);
	idle_until(now + 5 * ms);
	KT_ASSERT_EQ(b.order, 1);
	KT_ASSERT_EQ(c.order, 2);
	KT_ASSERT_EQ(a.order, 3);
}

KTEST(timer, cancel_prevents_firing)
{
	struct probe p = {0};
	uint64_t now = arch_counter();

	timeout_arm(&p.to, now + timer_us_to_cycles(2000), on_fire);
	KT_ASSERT(timeout_cancel(&p.to));
	KT_ASSERT(!timeout_cancel(&p.to));
	idle_until(now + timer_us_to_cycles(4000));
	KT_ASSERT_EQ(p.fired, 0);
}

KTEST(timer, past_deadline_fires_at_once)
{
	struct probe p = {0};

	need_delivery();
	timeout_arm(&p.to, arch_counter() - 10, on_fire);
	spin_until(arch_counter() + 100);
	KT_ASSERT_EQ(p.fired, 1);
}

KTEST(timer, conversions)
{
	uint32_t f = arch_counter_freq();

	KT_ASSERT_EQ(timer_us_to_cycles(1000000), f);
	KT_ASSERT_EQ(timer_cycles_to_us(f), 1000000);
	KT_ASSERT_EQ(timer_cycles_to_us((uint64_t)f * 5000 + f / 2), 5000500000ull);
}
