/* SPDX-License-Identifier: MIT */
#include <stdbool.h>

#include "audio/dp_sched.h"
#include "audio/ll_sched.h"
#include "audio/mod_recovery.h"
#include "audio/module_image.h"
#include "audio/pipeline.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/log.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/sem.h"
#include "kernel/thread.h"
#include "kernel/timer.h"

struct dp_task {
	struct mod_instance *m;
	struct thread *thread;
	struct sem go;
	uint64_t deadline;
	volatile bool busy;
	volatile bool stop;
	uint32_t
		miss_history; /* bit 0: the last run missed its deadline, bit 1 the one before ... */
	struct dp_stats stats;
	struct dp_task *next;
};

static struct dp_task *tasks;

static void dp_loop(void *arg)
{
	struct dp_task *d = arg;
	bool missed;

	for (;;) {
		sem_take(&d->go, TIMEOUT_FOREVER);
		if (d->stop)
			return;
		pipe_run_module(d->m); /* an error is counted and reported as for LL */
		missed = arch_counter() > d->deadline;
		if (missed) {
			d->stats.misses++;
			/* Reported when it starts missing, not every period of it. */
			if (!(d->miss_history & 1))
				LOG_WRN("dp: %s missed its deadline", d->m->mod.desc->name);
		}
		d->miss_history = d->miss_history << 1 | missed;
		/* Past its deadline again and again: an overrun, recovered like a fault. */
		if (__builtin_popcount(d->miss_history & DP_MISS_WINDOW_MASK) >= DP_MISS_LIMIT &&
		    d->m->img && !d->m->failed) {
			d->miss_history = 0;
			d->m->failed = -ETIMEDOUT;
			mod_fault(d->m, -ETIMEDOUT, NULL);
		}
		d->busy = false;
	}
}

int dp_attach(struct mod_instance *m)
{
	struct dp_task *d = kzalloc(sizeof(*d));
	unsigned long key;
	int rc;

	if (!d)
		return -ENOMEM;
	d->m = m;
	sem_init(&d->go, 0, 1);
	rc = mod_image_dp_attach(m); /* an image instance runs on a stack of its own */
	if (!rc)
		rc = thread_create(&d->thread, m->mod.desc->name, dp_loop, d, DP_PRIO);
	if (rc) {
		mod_image_dp_detach(m);
		kobj_put(&d->go.obj);
		kfree(d);
		return rc;
	}
	key = arch_irq_lock();
	d->next = tasks;
	tasks = d;
	m->dp = d;
	arch_irq_unlock(key);
	return 0;
}

void dp_detach(struct mod_instance *m)
{
	struct dp_task *d = m->dp;
	unsigned long key;

	if (!d)
		return;
	key = arch_irq_lock();
	for (struct dp_task **pp = &tasks; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	}
	arch_irq_unlock(key);
	d->stop = true;
	sem_give(&d->go);
	thread_join(d->thread, NULL, TIMEOUT_FOREVER);
	mod_image_dp_detach(m);
	m->dp = NULL;
	kobj_put(&d->go.obj); /* the semaphore counts as a live kernel object */
	kfree(d);
}

/* A period of input and a period of output room: there is work for one run. */
static bool has_work(const struct mod_instance *m)
{
	uint32_t out_frames;

	if (m->n_src && abuf_avail(m->src[0].buf) < m->mod.period_frames)
		return false;
	if (!m->n_snk)
		return true;
	out_frames = (uint32_t)((uint64_t)m->snk[0].stream.rate * LL_PERIOD_US / 1000000u);
	return abuf_free(m->snk[0].buf) >= out_frames;
}

void dp_release(void)
{
	uint64_t period = timer_us_to_cycles(LL_PERIOD_US);

	for (struct dp_task *d = tasks; d; d = d->next) {
		if (d->busy || !d->m->pipe || d->m->pipe->state != PIPE_RUNNING || !has_work(d->m))
			continue;
		d->busy = true;
		d->deadline = arch_counter() + period;
		d->stats.releases++;
		thread_set_deadline(d->thread, d->deadline);
		sem_give(&d->go);
	}
}

void dp_get_stats(const struct mod_instance *m, struct dp_stats *st)
{
	const struct dp_task *d = m->dp;
	struct thread_stats ts;

	*st = d ? d->stats : (struct dp_stats){0};
	if (d) {
		thread_get_stats(d->thread, &ts);
		st->syscalls = ts.syscalls;
		st->upcalls = ts.upcalls;
	}
}
