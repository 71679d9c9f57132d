/* SPDX-License-Identifier: MIT */
/*
 * The data-processing (DP) scheduler: each DP module instance has its own
 * thread. At the end of every LL tick, an instance with a full period of
 * input and room for a period of output is released with a deadline one
 * period away; released DP threads run earliest deadline first (the kernel's
 * EDF within the DP priority level). Finishing after the deadline is a
 * deadline miss: counted per instance and reported; DP_MISS_LIMIT of the last
 * 16 stop a module image instance like a fault.
 */
#ifndef AUDIO_DP_SCHED_H
#define AUDIO_DP_SCHED_H

#include <stdint.h>

#define DP_PRIO 8 /* below LL, above ordinary kernel work */

/*
 * A module image instance that misses DP_MISS_LIMIT of its last 16
 * deadlines is stopped as an overrun (-ETIMEDOUT): bypassed, reported,
 * restarted (audio/mod_recovery.h). A single call past its budget is
 * aborted anyway.
 */
#define DP_MISS_LIMIT	    8
#define DP_MISS_WINDOW_MASK 0xffffu

struct mod_instance;

struct dp_stats {
	uint32_t releases;
	uint32_t misses;
	uint32_t syscalls; /* system calls its thread made */
	uint32_t upcalls;  /* upcalls its thread made (module image instances) */
};

/* Give DP instance @m a thread (at prepare). 0, -ENOMEM, -EAGAIN. */
int dp_attach(struct mod_instance *m);

/* Stop and join its thread (at reset/delete). */
void dp_detach(struct mod_instance *m);

/* Called by the LL thread after each tick. */
void dp_release(void);

void dp_get_stats(const struct mod_instance *m, struct dp_stats *st);

#endif /* AUDIO_DP_SCHED_H */
