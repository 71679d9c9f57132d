/* SPDX-License-Identifier: MIT */
#include <stdbool.h>

#include "audio/dp_sched.h"
#include "audio/ll_sched.h"
#include "audio/pipeline.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/log.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/timer.h"

static struct pipeline *running; /* sorted by prio */
static struct ll_stats stats;
static struct thread *ll_thread;
static struct waitq ll_wake = WAITQ_INIT;
static volatile uint32_t extra_load;

void ll_add(struct pipeline *p)
{
	unsigned long key = arch_irq_lock();
	struct pipeline **pp = &running;
	bool was_idle = !running;

	while (*pp && (*pp)->prio <= p->prio)
		pp = &(*pp)->next;
	p->next = *pp;
	*pp = p;
	if (was_idle)
		sched_wake_one_locked(&ll_wake, WAKE_OK);
	arch_irq_unlock(key);
}

void ll_remove(struct pipeline *p)
{
	unsigned long key = arch_irq_lock();

	for (struct pipeline **pp = &running; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	}
	p->next = NULL;
	arch_irq_unlock(key);
}

void ll_get_stats(struct ll_stats *st)
{
	unsigned long key = arch_irq_lock();

	*st = stats;
	arch_irq_unlock(key);
}

void ll_reset_stats(void)
{
	unsigned long key = arch_irq_lock();

	stats = (struct ll_stats){0};
	arch_irq_unlock(key);
}

void ll_set_load(uint32_t cycles)
{
	extra_load = cycles;
}

static void burn(uint32_t cycles)
{
	uint32_t t = arch_cycles();

	while (arch_cycles() - t < cycles)
		;
}

/* One tick: every running pipeline's LL modules, then the DP releases. */
static void ll_tick(void)
{
	uint32_t t = arch_cycles();

	for (struct pipeline *p = running; p; p = p->next)
		pipe_run_ll(p);
	if (extra_load)
		burn(extra_load);
	dp_release();
	stats.cost_last = arch_cycles() - t;
	stats.cost_total += stats.cost_last;
	if (stats.cost_last > stats.cost_max)
		stats.cost_max = stats.cost_last;
	stats.ticks++;
}

static void ll_loop(void *arg)
{
	uint64_t period = timer_us_to_cycles(LL_PERIOD_US);
	uint64_t next;

	(void)arg;
	for (;;) {
		unsigned long key = arch_irq_lock();

		while (!running)
			sched_block_locked(&ll_wake, 0);
		arch_irq_unlock(key);
		next = arch_counter() + period;
		while (running) {
			key = arch_irq_lock();
			while (arch_counter() < next)
				sched_block_locked(NULL, next);
			arch_irq_unlock(key);
			ll_tick();
			next += period;
			if (arch_counter() >= next) {
				/* The work ran into the next tick: skip what was missed. */
				uint64_t late = arch_counter() - next;
				uint32_t missed = (uint32_t)(late / period) + 1;

				stats.overruns += missed;
				LOG_WRN("ll: overrun, tick took %lu cycles, %lu tick(s) missed",
					(unsigned long)stats.cost_last, (unsigned long)missed);
				next += (uint64_t)missed * period;
			}
		}
	}
}

int ll_init(void)
{
	return thread_create(&ll_thread, "ll", ll_loop, NULL, LL_PRIO);
}
