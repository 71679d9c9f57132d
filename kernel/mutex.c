/* SPDX-License-Identifier: MIT */
#include <stddef.h>

#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/mutex.h"
#include "kernel/thread.h"
#include "kernel/upcall.h"

#define PI_CHAIN_MAX 8 /* deepest chain of owners priority inheritance follows */

void mutex_init(struct mutex *m)
{
	m->owner = NULL;
	m->depth = 0;
	m->waiters.head = NULL;
	m->next_held = NULL;
	kobj_init(&m->obj, KOBJ_MUTEX, NULL);
}

static void mutex_release(struct kobj *obj)
{
	kfree((char *)obj - offsetof(struct mutex, obj));
}

struct mutex *mutex_create(void)
{
	struct mutex *m = kzalloc(sizeof(*m));

	if (m) {
		mutex_init(m);
		m->obj.release = mutex_release;
	}
	return m;
}

/* The mutex whose wait queue @t sleeps on, if any. */
static struct mutex *blocked_on(struct thread *t)
{
	if (t->state != THREAD_BLOCKED || !t->wq || !t->blocked_on_mutex)
		return NULL;
	return (struct mutex *)((char *)t->wq - offsetof(struct mutex, waiters));
}

void mutex_update_prio_locked(struct thread *t)
{
	for (int depth = 0; t && depth < PI_CHAIN_MAX; depth++) {
		uint8_t prio = t->base_prio;
		struct mutex *m;

		for (m = t->mutexes; m; m = m->next_held)
			if (m->waiters.head && m->waiters.head->prio < prio)
				prio = m->waiters.head->prio;
		if (prio == t->prio)
			return;
		if (t->state == THREAD_READY)
			sched_unready_locked(t);
		t->prio = prio;
		if (t->state == THREAD_READY)
			sched_ready_locked(t);
		else
			sched_requeue_locked(t);
		m = blocked_on(t);
		t = m ? m->owner : NULL; /* the boost travels down the chain */
	}
}

static void take_locked(struct mutex *m, struct thread *t)
{
	kobj_get(&m->obj); /* the owner's: dropped in handoff_locked() */
	m->owner = t;
	m->depth = 1;
	m->next_held = t->mutexes;
	t->mutexes = m;
}

int mutex_lock(struct mutex *m, uint64_t timeout_us)
{
	struct thread *self = thread_current();
	unsigned long key = arch_irq_lock();
	int rc = 0;

	if (m->owner == self) {
		m->depth++;
	} else if (!m->owner) {
		take_locked(m, self);
	} else if (timeout_us == TIMEOUT_NO_WAIT) {
		rc = -ETIMEDOUT;
	} else if (upcall_no_block(self)) {
		rc = -EAGAIN; /* an upcall of the LL tick never waits */
	} else {
		/* Ownership is handed over by the unlocker: wake-up means we own it. */
		self->blocked_on_mutex = true;
		sched_enqueue_locked(&m->waiters);
		mutex_update_prio_locked(m->owner);
		rc = sched_wait_locked(timer_deadline(timeout_us));
		self->blocked_on_mutex = false;
		if (rc) {
			/* Timed out or killed: the owner may have been boosted for us. */
			if (m->owner)
				mutex_update_prio_locked(m->owner);
			rc = rc == WAKE_TIMEOUT ? -ETIMEDOUT : -EINTR;
		}
	}
	arch_irq_unlock(key);
	return rc;
}

/* Take @m off @owner's held list. */
static void unlink_held(struct thread *owner, struct mutex *m)
{
	for (struct mutex **pp = &owner->mutexes; *pp; pp = &(*pp)->next_held) {
		if (*pp == m) {
			*pp = m->next_held;
			break;
		}
	}
	m->next_held = NULL;
}

/* Give @m to its most urgent waiter, or leave it free. */
static void handoff_locked(struct mutex *m)
{
	struct thread *owner = m->owner, *next = m->waiters.head;

	unlink_held(owner, m);
	m->owner = NULL;
	m->depth = 0;
	if (next) {
		take_locked(m, next);
		sched_wake_one_locked(&m->waiters, WAKE_OK);
		mutex_update_prio_locked(next);
	}
	mutex_update_prio_locked(owner);
	kobj_put(&m->obj); /* the old owner's: @m may be gone now */
}

int mutex_unlock(struct mutex *m)
{
	unsigned long key = arch_irq_lock();

	if (m->owner != thread_current()) {
		arch_irq_unlock(key);
		return -EPERM;
	}
	if (--m->depth == 0)
		handoff_locked(m);
	arch_irq_unlock(key);
	sched_preempt_point();
	return 0;
}

void mutex_release_all_locked(struct thread *t)
{
	while (t->mutexes)
		handoff_locked(t->mutexes);
}
