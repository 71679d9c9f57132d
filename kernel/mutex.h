/* SPDX-License-Identifier: MIT */
/*
 * Kernel mutex: recursive, owned, with priority inheritance — a thread that
 * holds a mutex runs at least at the priority of the most urgent thread
 * waiting for it, transitively through chains of mutexes.
 */
#ifndef KERNEL_MUTEX_H
#define KERNEL_MUTEX_H

#include <stdint.h>

#include "kernel/object.h"
#include "kernel/sched.h"

struct thread;

struct mutex {
	struct kobj obj;
	struct thread *owner;
	unsigned int depth; /* recursive locks by the owner */
	struct waitq waiters;
	struct mutex *next_held; /* in the owner's list of held mutexes */
};

void mutex_init(struct mutex *m);

/* A heap-allocated mutex object for handles; NULL if no memory. */
struct mutex *mutex_create(void);

/* 0; -ETIMEDOUT (none within @timeout_us; TIMEOUT_NO_WAIT tries once); -EINTR (killed). */
int mutex_lock(struct mutex *m, uint64_t timeout_us);

/* 0 or -EPERM (the caller does not own @m). */
int mutex_unlock(struct mutex *m);

/* @t died: hand every mutex it holds to its next waiter (or free it). */
void mutex_release_all_locked(struct thread *t);

/* Recompute @t's effective priority from its base and its mutexes' waiters. */
void mutex_update_prio_locked(struct thread *t);

#endif /* KERNEL_MUTEX_H */
