/* SPDX-License-Identifier: MIT */
/*
 * The low-latency (LL) scheduler: one high-priority thread woken every
 * LL_PERIOD_US on absolute deadlines, which runs the LL modules of every
 * running pipeline in pipeline-priority order, then releases the DP
 * modules that have work. Each tick's and each pipeline's cost is measured
 * with the cycle counter (instructions under -icount); a tick whose work
 * runs past the next deadline is an overrun: counted and reported.
 */
#ifndef AUDIO_LL_SCHED_H
#define AUDIO_LL_SCHED_H

#include <stdint.h>

#define LL_PERIOD_US 1000
#define LL_PRIO	     1 /* thread priority: above everything but interrupt work */

struct pipeline;

struct ll_stats {
	uint32_t ticks;
	uint32_t overruns;  /* ticks whose work ran past the next tick */
	uint32_t cost_last; /* cycles of the last tick's work */
	uint32_t cost_max;
	uint64_t cost_total;
};

/* Start the LL thread (idle until a pipeline runs). */
int ll_init(void);

/* Run @p every tick from the next one on / stop running it. */
void ll_add(struct pipeline *p);
void ll_remove(struct pipeline *p);

void ll_get_stats(struct ll_stats *st);
void ll_reset_stats(void);

/* Extra cycles of busy work per tick (tests provoke an overrun with it). */
void ll_set_load(uint32_t cycles);

#endif /* AUDIO_LL_SCHED_H */
