/* SPDX-License-Identifier: MIT */
#include <stddef.h>

#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/sem.h"
#include "kernel/thread.h"
#include "kernel/timer.h"

void sem_init(struct sem *s, unsigned int count, unsigned int limit)
{
	s->count = count;
	s->limit = limit;
	s->waiters.head = NULL;
	kobj_init(&s->obj, KOBJ_SEM, NULL);
}

static void sem_release(struct kobj *obj)
{
	kfree((char *)obj - offsetof(struct sem, obj));
}

struct sem *sem_create(unsigned int count, unsigned int limit)
{
	struct sem *s;

	if (!limit || count > limit)
		return NULL;
	s = kzalloc(sizeof(*s));
	if (s) {
		sem_init(s, count, limit);
		s->obj.release = sem_release;
	}
	return s;
}

int sem_take(struct sem *s, uint64_t timeout_us)
{
	unsigned long key = arch_irq_lock();
	int rc = 0;

	/* A giver hands its unit straight to the woken waiter (count stays). */
	if (s->count) {
		s->count--;
	} else if (timeout_us == TIMEOUT_NO_WAIT) {
		rc = -ETIMEDOUT;
	} else {
		rc = sched_block_locked(&s->waiters, timer_deadline(timeout_us));
		if (rc)
			rc = rc == WAKE_TIMEOUT ? -ETIMEDOUT : -EINTR;
	}
	arch_irq_unlock(key);
	return rc;
}

int sem_give(struct sem *s)
{
	unsigned long key = arch_irq_lock();
	int rc = 0;

	if (!sched_wake_one_locked(&s->waiters, WAKE_OK)) {
		if (s->count < s->limit)
			s->count++;
		else
			rc = -EOVERFLOW;
	}
	arch_irq_unlock(key);
	if (!arch_irq_is_locked())
		sched_preempt_point();
	return rc;
}
