/* SPDX-License-Identifier: MIT */
/*
 * Fault recovery of module image instances. An instance whose upcall
 * faulted, ran over its budget or was stopped is bypassed at once (the
 * adapter passes its input through, or plays silence), the host is told, and
 * the recovery thread restarts it: its state zeroed, init, its last
 * configuration, prepare with the same streams, start if its pipeline runs.
 * Up to RESTART_MAX restarts in RESTART_WINDOW_US; past that it stays
 * bypassed. Other pipelines never wait for any of it.
 */
#include <string.h>

#include "audio/mod_recovery.h"
#include "audio/module_adapter.h"
#include "audio/module_image.h"
#include "audio/notify.h"
#include "audio/pipeline.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/fault.h"
#include "kernel/log.h"
#include "kernel/sem.h"
#include "kernel/thread.h"
#include "kernel/timer.h"

#define QUEUE 16

static struct {
	struct mod_instance *q[QUEUE];
	uint32_t head, tail;
	struct sem wake;
	struct thread *thread;
	struct mod_instance *volatile current; /* being restarted */
	struct mod_recovery_stats st;
} rec;

void mod_fault(struct mod_instance *m, int err, const struct fault_info *fi)
{
	unsigned long key = arch_irq_lock();
	bool queued = false, full = false;

	rec.st.faults++;
	m->fault_cycles = arch_cycles();
	rec.st.last_module = m->mod.desc->id;
	rec.st.last_err = err;
	if (fi)
		rec.st.last = *fi;
	else
		memset(&rec.st.last, 0, sizeof(rec.st.last));
	full = !m->recovering && !m->dying && rec.head - rec.tail >= QUEUE;
	if (full) { /* more failures at once than restarts are queued for: no restart */
		m->bypassed = true;
		rec.st.bypassed++;
	}
	if (!m->recovering && !m->dying && !full) {
		bool already = false;

		for (uint32_t i = rec.tail; i != rec.head; i++)
			already |= rec.q[i % QUEUE] == m;
		if (!already)
			rec.q[rec.head++ % QUEUE] = m;
		queued = !already;
	}
	arch_irq_unlock(key);
	audio_notify2(AUDIO_EV_MODULE_FAULT, m->mod.desc->id, m->mod.instance_id,
		      fi ? (uint32_t)fi->cls : (uint32_t)-err, fi ? (uint32_t)fi->addr : 0);
	if (full)
		audio_notify2(AUDIO_EV_MODULE_BYPASSED, m->mod.desc->id, m->mod.instance_id,
			      (uint32_t)-err, 0);
	if (queued)
		sem_give(&rec.wake);
}

void mod_recovery_period_done(struct mod_instance *m)
{
	m->restarted = false;
	rec.st.restart_cycles = arch_cycles() - m->fault_cycles;
}

void mod_recovery_forget(struct mod_instance *m)
{
	unsigned long key = arch_irq_lock();

	for (uint32_t i = rec.tail; i != rec.head; i++)
		if (rec.q[i % QUEUE] == m)
			rec.q[i % QUEUE] = NULL;
	arch_irq_unlock(key);
	while (rec.current == m) /* its restart is under way: wait for it */
		thread_sleep_us(1000);
}

static bool over_limit(struct mod_instance *m)
{
	uint64_t now = timer_uptime_us();

	if (!m->restarts || now - m->restart_window_start > RESTART_WINDOW_US) {
		m->restart_window_start = now;
		m->restarts = 0;
	}
	return m->restarts >= RESTART_MAX;
}

static void recover(struct mod_instance *m)
{
	int rc = -EAGAIN;

	if (m->bypassed || !m->failed)
		return;
	while (rc && !over_limit(m)) {
		uint32_t c0 = arch_cycles();

		m->restarts++;
		rc = mod_restart(m);
		rec.st.restart_work_cycles = arch_cycles() - c0;
		if (rc)
			LOG_WRN("audio: %s.%lu: restart failed (%d)", m->mod.desc->name,
				(unsigned long)m->mod.instance_id, rc);
	}
	if (!rc) {
		rec.st.restarts++;
		m->restarted = true;
		LOG_INF("audio: %s.%lu restarted (%lu of %u)", m->mod.desc->name,
			(unsigned long)m->mod.instance_id, (unsigned long)m->restarts, RESTART_MAX);
		return;
	}
	m->bypassed = true;
	rec.st.bypassed++;
	LOG_WRN("audio: %s.%lu: %u restarts in %u s used up: bypassed for good", m->mod.desc->name,
		(unsigned long)m->mod.instance_id, RESTART_MAX, RESTART_WINDOW_US / 1000000u);
	audio_notify2(AUDIO_EV_MODULE_BYPASSED, m->mod.desc->id, m->mod.instance_id,
		      (uint32_t)-m->failed, 0);
}

static void worker(void *arg)
{
	(void)arg;
	for (;;) {
		struct mod_instance *m = NULL;
		unsigned long key;

		sem_take(&rec.wake, TIMEOUT_FOREVER);
		key = arch_irq_lock();
		while (!m && rec.tail != rec.head)
			m = rec.q[rec.tail++ % QUEUE];
		rec.current = m;
		arch_irq_unlock(key);
		if (m)
			recover(m);
		rec.current = NULL;
	}
}

int mod_recovery_init(void)
{
	sem_init(&rec.wake, 0, QUEUE);
	return thread_create(&rec.thread, "recovery", worker, NULL, MOD_RECOVERY_PRIO);
}

void mod_recovery_get_stats(struct mod_recovery_stats *st)
{
	unsigned long key = arch_irq_lock();

	*st = rec.st;
	arch_irq_unlock(key);
}

const struct fault_info *mod_recovery_last(void)
{
	return &rec.st.last;
}
