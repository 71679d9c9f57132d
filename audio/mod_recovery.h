/* SPDX-License-Identifier: MIT */
/*
 * Fault recovery of module image instances (audio/mod_recovery.c): bypass
 * at once, tell the host, restart in the recovery thread up to RESTART_MAX
 * times in RESTART_WINDOW_US, then bypass for good.
 */
#ifndef AUDIO_MOD_RECOVERY_H
#define AUDIO_MOD_RECOVERY_H

#include <stdint.h>

#include "kernel/fault.h"

#define RESTART_MAX	  3
#define RESTART_WINDOW_US 10000000u
#define MOD_RECOVERY_PRIO 9 /* below LL (1) and DP (8), above the IPC thread (10) */

struct mod_instance;

/* The recovery thread. 0 or the thread error. */
int mod_recovery_init(void);

/*
 * @m's upcall ended with @err (-EFAULT, -ETIMEDOUT, -ECANCELED; @fi the
 * fault when there was one); m->failed is set. Any thread; never blocks.
 */
void mod_fault(struct mod_instance *m, int err, const struct fault_info *fi);

/*
 * A restarted instance processed its first period (the pipeline calls it
 * for instances with m->restarted set): the fault-to-audio time is taken.
 */
void mod_recovery_period_done(struct mod_instance *m);

/* @m is being destroyed: drop it from the queue (waits for a restart under way). */
void mod_recovery_forget(struct mod_instance *m);

struct mod_recovery_stats {
	uint32_t faults, restarts, bypassed;
	/* arch_cycles() from the last fault to the end of the first period after its restart */
	uint32_t restart_cycles;
	uint32_t restart_work_cycles; /* of the last restart itself (init .. start) */
	/* The last fault: its module type, error, and the CPU fault if there was one. */
	uint32_t last_module;
	int last_err;
	struct fault_info last;
};
void mod_recovery_get_stats(struct mod_recovery_stats *st);

/* The last CPU fault of a module (zeroed when the last failure had none). */
const struct fault_info *mod_recovery_last(void);

#endif /* AUDIO_MOD_RECOVERY_H */
