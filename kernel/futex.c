/* SPDX-License-Identifier: MIT */
#include "kernel/futex.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/timer.h"

#define FUTEX_BUCKETS 16

static struct waitq buckets[FUTEX_BUCKETS];

static struct waitq *bucket(paddr_t key)
{
	return &buckets[(key >> 2) % FUTEX_BUCKETS];
}

int futex_wait(paddr_t pa, uint32_t expected, uint64_t timeout_us)
{
	struct thread *self = thread_current();
	unsigned long key = arch_irq_lock();
	int rc;

	/* Read and sleep under one lock: a wake in between cannot be missed. */
	if (__atomic_load_n((uint32_t *)pa, __ATOMIC_ACQUIRE) != expected) {
		rc = -EAGAIN;
	} else if (timeout_us == TIMEOUT_NO_WAIT) {
		rc = -ETIMEDOUT;
	} else {
		self->futex_key = pa;
		rc = sched_block_locked(bucket(pa), timer_deadline(timeout_us));
		self->futex_key = 0;
		if (rc)
			rc = rc == WAKE_TIMEOUT ? -ETIMEDOUT : -EINTR;
	}
	arch_irq_unlock(key);
	return rc;
}

int futex_wake(paddr_t pa, uint32_t count)
{
	unsigned long key = arch_irq_lock();
	struct waitq *wq = bucket(pa);
	int woken = 0;

	for (struct thread *t = wq->head, *next; t && (uint32_t)woken < count; t = next) {
		next = t->next;
		if (t->futex_key != pa)
			continue;
		sched_wake_thread_locked(t, WAKE_OK);
		woken++;
	}
	arch_irq_unlock(key);
	sched_preempt_point();
	return woken;
}
