/* SPDX-License-Identifier: MIT */
/*
 * Expiry (interrupt context) counts and wakes every waiter; the first to
 * run takes the count and the others, finding none, sleep again. With one
 * waiter per timer, the usual case, that is one wake-up per expiry.
 */
#include <stddef.h>
#include <string.h>

#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/ktimer.h"
#include "kernel/mm.h"

_Static_assert(offsetof(struct ktimer, obj) == 0, "handles cast a kobj to its ktimer");

void ktimer_init(struct ktimer *t)
{
	memset(t, 0, sizeof(*t));
	kobj_init(&t->obj, KOBJ_TIMER, NULL);
}

/* The last reference is gone: disarm first, the interrupt must not see freed memory. */
static void ktimer_release(struct kobj *obj)
{
	struct ktimer *t = (struct ktimer *)((char *)obj - offsetof(struct ktimer, obj));

	timeout_cancel(&t->timeout);
	kfree(t);
}

int ktimer_create(struct ktimer **out)
{
	struct ktimer *t = kmalloc(sizeof(*t));

	if (!t)
		return -ENOMEM;
	ktimer_init(t);
	t->obj.release = ktimer_release;
	*out = t;
	return 0;
}

int ktimer_check(uint64_t first_us, uint32_t period_us)
{
	if (first_us > KTIMER_FIRST_MAX_US)
		return -EINVAL;
	if (period_us && period_us < KTIMER_PERIOD_MIN_US)
		return -EINVAL;
	return 0;
}

static void count_locked(struct ktimer *t, uint64_t n)
{
	uint64_t sum = t->expirations + n;

	t->expirations = sum > KTIMER_COUNT_MAX ? KTIMER_COUNT_MAX : (uint32_t)sum;
}

/*
 * Timer interrupt: count this expiry and every whole period that passed
 * unseen (a late interrupt), re-arm a periodic timer at its next multiple
 * of the period, wake the waiters.
 */
static void expired(struct timeout *to)
{
	struct ktimer *t = (struct ktimer *)((char *)to - offsetof(struct ktimer, timeout));
	uint64_t n = 1;

	if (t->period) {
		uint64_t now = arch_counter(), next = to->deadline + t->period;

		if (next <= now) {
			uint64_t missed = (now - next) / t->period + 1;

			n += missed;
			next += missed * t->period;
		}
		timeout_arm(&t->timeout, next, expired);
	} else {
		t->running = false;
	}
	count_locked(t, n);
	sched_wake_all_locked(&t->waiters, WAKE_OK);
}

/* @us in counter cycles, 0 for 0; else at least 1: the expiry divides by it. */
static uint64_t period_cycles(uint32_t us)
{
	uint64_t cycles = timer_us_to_cycles(us);

	return us && !cycles ? 1 : cycles;
}

int ktimer_start(struct ktimer *t, uint64_t first_us, uint32_t period_us)
{
	unsigned long key;
	int rc = ktimer_check(first_us, period_us);

	if (rc)
		return rc;
	key = arch_irq_lock();
	timeout_cancel(&t->timeout);
	t->period = period_cycles(period_us);
	t->expirations = 0;
	t->running = true;
	timeout_arm(&t->timeout, timer_deadline(first_us), expired);
	arch_irq_unlock(key);
	return 0;
}

void ktimer_stop(struct ktimer *t)
{
	unsigned long key = arch_irq_lock();

	timeout_cancel(&t->timeout);
	t->running = false;
	sched_wake_all_locked(&t->waiters, WAKE_OK);
	arch_irq_unlock(key);
	if (!arch_irq_is_locked())
		sched_preempt_point();
}

int ktimer_wait(struct ktimer *t, uint64_t timeout_us)
{
	uint64_t deadline = timeout_us == TIMEOUT_NO_WAIT ? 0 : timer_deadline(timeout_us);
	unsigned long key = arch_irq_lock();
	int rc = 0;

	while (!rc && !t->expirations && t->running) {
		if (timeout_us == TIMEOUT_NO_WAIT)
			rc = -ETIMEDOUT;
		else
			rc = sched_block_locked(&t->waiters, deadline);
	}
	if (!rc) {
		rc = (int)t->expirations;
		t->expirations = 0;
	} else {
		rc = rc == WAKE_TIMEOUT ? -ETIMEDOUT : -EINTR;
	}
	arch_irq_unlock(key);
	return rc;
}
