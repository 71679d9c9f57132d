/* SPDX-License-Identifier: MIT */
/*
 * Timer objects from kernel threads: one-shot and periodic expiry on time
 * and without drift, overruns counted, stop and restart, argument checks,
 * waiters served most urgent first, a wait from interrupt context, and a
 * timer freed while armed that never fires into freed memory. The test
 * runs in "main" (priority 16).
 */
#include <string.h>

#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/ktimer.h"
#include "kernel/mm.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "test/harness/ktest.h"

#define MAIN_PRIO 16

static struct ktimer *kt;
static unsigned int live_before;
static struct heap_stats heap_before;
static struct timeout isr_timeout;
static volatile int order[4];
static volatile int order_n;

static void setup(void)
{
	live_before = kobj_live(KOBJ_TIMER);
	heap_stats(&kheap, &heap_before);
	order_n = 0;
	KT_ASSERT_EQ(ktimer_create(&kt), 0);
}

static void teardown(void)
{
	timeout_cancel(&isr_timeout);
	if (kt)
		kobj_put(&kt->obj);
	kt = NULL;
}
KTEST_SUITE(ktimer, setup, teardown);

static uint64_t us_since(uint64_t t0)
{
	return timer_cycles_to_us(arch_counter() - t0);
}

/* Drop the test's timer: it must be freed, the heap exactly as before. */
static void put_timer_check_freed(void)
{
	struct heap_stats now;

	kobj_put(&kt->obj);
	kt = NULL;
	heap_stats(&kheap, &now);
	KT_ASSERT_EQ(kobj_live(KOBJ_TIMER), live_before);
	KT_ASSERT_EQ(now.allocs, heap_before.allocs);
	KT_ASSERT_EQ(now.used, heap_before.used);
	KT_ASSERT_EQ(now.free, heap_before.free);
}

KTEST(ktimer, oneshot_expires_once_on_time)
{
	uint64_t t0 = arch_counter();

	KT_ASSERT_EQ(ktimer_wait(kt, TIMEOUT_FOREVER), 0); /* never started: stopped */
	KT_ASSERT_EQ(ktimer_start(kt, 2000, 0), 0);
	KT_ASSERT_EQ(ktimer_wait(kt, TIMEOUT_NO_WAIT), -ETIMEDOUT);
	KT_ASSERT_EQ(ktimer_wait(kt, TIMEOUT_FOREVER), 1);
	KT_ASSERT_GE(us_since(t0), 2000);
	KT_ASSERT_LT(us_since(t0), 2100);
	KT_ASSERT(!kt->running);
	KT_ASSERT_EQ(ktimer_wait(kt, TIMEOUT_NO_WAIT), 0);
	thread_sleep_us(3000);
	KT_ASSERT_EQ(ktimer_wait(kt, TIMEOUT_NO_WAIT), 0); /* it did not fire again */
	put_timer_check_freed();
}

/* Expiries land on start + n * period however late each waiter wakes: no drift. */
KTEST(ktimer, periodic_without_drift)
{
	uint64_t t0 = arch_counter();
	int total = 0;

	KT_ASSERT_EQ(ktimer_start(kt, 1000, 1000), 0);
	for (int i = 0; i < 20; i++) {
		total += ktimer_wait(kt, TIMEOUT_FOREVER);
		for (volatile int spin = 0; spin < 2000; spin++) /* late every time */
			;
	}
	KT_ASSERT_EQ(total, 20);
	KT_ASSERT_GE(us_since(t0), 20000);
	KT_ASSERT_LT(us_since(t0), 20000 + 500);
	ktimer_stop(kt);
	put_timer_check_freed();
}

KTEST(ktimer, overruns_are_counted)
{
	uint64_t t0;

	KT_ASSERT_EQ(ktimer_start(kt, 1000, 1000), 0);
	thread_sleep_us(5500);
	KT_ASSERT_EQ(ktimer_wait(kt, TIMEOUT_NO_WAIT), 5);
	t0 = arch_counter();
	KT_ASSERT_EQ(ktimer_wait(kt, TIMEOUT_FOREVER), 1); /* back in step: the 6 ms expiry */
	KT_ASSERT_LT(us_since(t0), 600);
	/*
	 * Periods missed with interrupts off are counted by the one late expiry
	 * (taken at the unlock, or at the next poll point where the tick is polled).
	 */
	{
		unsigned long key = arch_irq_lock();
		uint64_t until = arch_counter() + timer_us_to_cycles(3500);

		while (arch_counter() < until)
			;
		arch_irq_unlock(key);
	}
	KT_ASSERT_EQ(ktimer_wait(kt, TIMEOUT_FOREVER), 3);
	ktimer_stop(kt);
	put_timer_check_freed();
}

KTEST(ktimer, stop_and_restart)
{
	KT_ASSERT_EQ(ktimer_start(kt, 1000, 1000), 0);
	thread_sleep_us(2500);
	ktimer_stop(kt);
	thread_sleep_us(3000);
	KT_ASSERT_EQ(ktimer_wait(kt, TIMEOUT_FOREVER), 2); /* what was counted before the stop */
	KT_ASSERT_EQ(ktimer_wait(kt, TIMEOUT_FOREVER), 0); /* stopped: returns at once */
	KT_ASSERT_EQ(ktimer_start(kt, 1000, 1000), 0);
	thread_sleep_us(2500);
	KT_ASSERT_EQ(ktimer_start(kt, 5000, 0), 0); /* a restart clears the count */
	KT_ASSERT_EQ(ktimer_wait(kt, TIMEOUT_NO_WAIT), -ETIMEDOUT);
	KT_ASSERT_EQ(ktimer_wait(kt, 2000), -ETIMEDOUT);
	KT_ASSERT_EQ(ktimer_wait(kt, TIMEOUT_FOREVER), 1);
	put_timer_check_freed();
}

KTEST(ktimer, bad_arguments_change_nothing)
{
	KT_ASSERT_EQ(ktimer_start(kt, KTIMER_FIRST_MAX_US + 1, 0), -EINVAL);
	KT_ASSERT_EQ(ktimer_start(kt, TIMEOUT_FOREVER, 0), -EINVAL);
	KT_ASSERT_EQ(ktimer_start(kt, 1000, 1), -EINVAL);
	KT_ASSERT_EQ(ktimer_start(kt, 1000, KTIMER_PERIOD_MIN_US - 1), -EINVAL);
	KT_ASSERT(!kt->running);
	KT_ASSERT_EQ(ktimer_check(KTIMER_FIRST_MAX_US, KTIMER_PERIOD_MIN_US), 0);
	KT_ASSERT_EQ(ktimer_check(0, 0), 0);
	/* A running timer keeps running as it was. */
	KT_ASSERT_EQ(ktimer_start(kt, 1000, 0), 0);
	KT_ASSERT_EQ(ktimer_start(kt, 1000, 50), -EINVAL);
	KT_ASSERT(kt->running);
	KT_ASSERT_EQ(kt->period, 0);
	KT_ASSERT_EQ(ktimer_wait(kt, TIMEOUT_FOREVER), 1);
	put_timer_check_freed();
}

static void waiter(void *arg)
{
	int n = ktimer_wait(kt, TIMEOUT_FOREVER);

	order[order_n++] = (int)(intptr_t)arg * 10 + n;
}

/* One expiry, two waiters: the more urgent takes it, the other waits for the next. */
KTEST(ktimer, waiters_served_most_urgent_first)
{
	struct thread *lo, *hi;

	KT_ASSERT_EQ(ktimer_start(kt, 1000, 1000), 0);
	KT_ASSERT_EQ(thread_create(&lo, "lo", waiter, (void *)1, MAIN_PRIO - 1), 0);
	KT_ASSERT_EQ(thread_create(&hi, "hi", waiter, (void *)2, MAIN_PRIO - 2), 0);
	thread_sleep_us(1500);
	KT_ASSERT_EQ(order_n, 1);
	KT_ASSERT_EQ(order[0], 21);
	KT_ASSERT_EQ(lo->state, THREAD_BLOCKED);
	KT_ASSERT_EQ(thread_join(lo, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(thread_join(hi, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(order[1], 11);
	ktimer_stop(kt);
	put_timer_check_freed();
}

/* A stop wakes every waiter; with nothing counted they see 0. */
KTEST(ktimer, stop_wakes_waiters)
{
	struct thread *a, *b;

	KT_ASSERT_EQ(ktimer_start(kt, 100000, 0), 0);
	KT_ASSERT_EQ(thread_create(&a, "a", waiter, (void *)1, MAIN_PRIO - 1), 0);
	KT_ASSERT_EQ(thread_create(&b, "b", waiter, (void *)2, MAIN_PRIO - 2), 0);
	KT_ASSERT_EQ(order_n, 0);
	ktimer_stop(kt);
	KT_ASSERT_EQ(order_n, 2); /* both ran before the stop returned */
	KT_ASSERT_EQ(order[0], 20);
	KT_ASSERT_EQ(order[1], 10);
	KT_ASSERT_EQ(thread_join(a, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(thread_join(b, NULL, TIMEOUT_FOREVER), 0);
	put_timer_check_freed();
}

static volatile int isr_rc[2];

static void isr_wait(struct timeout *to)
{
	(void)to;
	isr_rc[0] = ktimer_wait(kt, TIMEOUT_NO_WAIT);
	isr_rc[1] = ktimer_wait(kt, TIMEOUT_NO_WAIT);
}

/* From an interrupt handler a wait only looks, and takes the count. */
KTEST(ktimer, interrupt_wait_no_wait)
{
	KT_ASSERT_EQ(ktimer_start(kt, 500, 500), 0);
	isr_rc[0] = isr_rc[1] = 99;
	timeout_arm(&isr_timeout, arch_counter() + timer_us_to_cycles(1700), isr_wait);
	thread_sleep_us(2000);
	KT_ASSERT_EQ(isr_rc[0], 3);
	KT_ASSERT_EQ(isr_rc[1], -ETIMEDOUT);
	ktimer_stop(kt);
	put_timer_check_freed();
}

/* The last reference dropped while armed: the timeout goes with it. */
KTEST(ktimer, freed_while_armed_never_fires)
{
	uint8_t *reuse;
	bool intact = true;

	KT_ASSERT_EQ(ktimer_start(kt, 200, KTIMER_PERIOD_MIN_US), 0);
	thread_sleep_us(500);
	put_timer_check_freed();
	/* The same heap block, filled: an expiry of the freed timer would write into it. */
	reuse = kmalloc(sizeof(struct ktimer));
	KT_ASSERT(reuse != NULL);
	memset(reuse, 0xa5, sizeof(struct ktimer));
	thread_sleep_us(2000);
	for (size_t i = 0; i < sizeof(struct ktimer); i++)
		intact = intact && reuse[i] == 0xa5;
	kfree(reuse);
	KT_ASSERT(intact);
	KT_ASSERT_EQ(heap_check(&kheap), 0);
}
