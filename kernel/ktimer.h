/* SPDX-License-Identifier: MIT */
/*
 * Timer objects: a one-shot or periodic timer threads wait on. Kernel code
 * creates one and grants it to a domain; its threads start, stop and wait
 * on it through the handle. A wait returns how many times the timer expired
 * since the last wait, so a thread that falls behind sees its overruns.
 * Expiry runs in the timer interrupt (a struct timeout of kernel/timer.h);
 * a periodic timer re-arms at absolute multiples of its period: no drift.
 */
#ifndef KERNEL_KTIMER_H
#define KERNEL_KTIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/object.h"
#include "kernel/sched.h"
#include "kernel/timer.h"

#define KTIMER_PERIOD_MIN_US 100 /* shorter periods would flood the CPU with interrupts */
#define KTIMER_FIRST_MAX_US  (24ull * 3600 * 1000000) /* first expiry at most a day away */
#define KTIMER_COUNT_MAX     INT32_MAX /* expirations saturate here (wait returns an int) */

struct ktimer {
	struct kobj obj; /* first: handles reach the timer through it */
	struct timeout timeout;
	uint64_t period;      /* counter cycles; 0: one-shot */
	uint32_t expirations; /* since the last wait */
	bool running;	      /* armed: it will expire again */
	struct waitq waiters;
};

/* A stopped timer embedded in another object (no release: the owner frees it). */
void ktimer_init(struct ktimer *t);

/* A heap-allocated stopped timer with the creator's reference; 0 or -ENOMEM. */
int ktimer_create(struct ktimer **out);

/*
 * 0 if ktimer_start() accepts @first_us and @period_us, else -EINVAL:
 * @first_us above KTIMER_FIRST_MAX_US, or a @period_us that is neither 0
 * (one-shot) nor at least KTIMER_PERIOD_MIN_US.
 */
int ktimer_check(uint64_t first_us, uint32_t period_us);

/*
 * (Re)start @t: first expiry @first_us from now (0: at once), then every
 * @period_us (0: one-shot). Clears the expiration count. 0 or -EINVAL (see
 * ktimer_check(); @t is unchanged then).
 */
int ktimer_start(struct ktimer *t, uint64_t first_us, uint32_t period_us);

/* Stop @t; its waiters return what is counted so far, 0 if nothing. */
void ktimer_stop(struct ktimer *t);

/*
 * Wait until @t has expired at least once since the last wait and return
 * how often (>= 1, clearing the count); 0 at once if @t is stopped and
 * nothing is counted (it would never return otherwise); -ETIMEDOUT after
 * @timeout_us (TIMEOUT_NO_WAIT: only looks); -EINTR if the thread was killed.
 * Interrupt handlers may call it with TIMEOUT_NO_WAIT.
 */
int ktimer_wait(struct ktimer *t, uint64_t timeout_us);

#endif /* KERNEL_KTIMER_H */
