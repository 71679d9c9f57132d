/* SPDX-License-Identifier: MIT */
/* Kernel counting semaphore with a limit; waiters are woken most urgent first. */
#ifndef KERNEL_SEM_H
#define KERNEL_SEM_H

#include <stdint.h>

#include "kernel/object.h"
#include "kernel/sched.h"

struct sem {
	struct kobj obj;
	unsigned int count;
	unsigned int limit;
	struct waitq waiters;
};

/* @count initial units, never more than @limit (>= 1). */
void sem_init(struct sem *s, unsigned int count, unsigned int limit);

/* A heap-allocated semaphore object for handles; NULL if no memory or bad limits. */
struct sem *sem_create(unsigned int count, unsigned int limit);

/* Take a unit: 0; -ETIMEDOUT (-EAGAIN-like: none within @timeout_us); -EINTR (killed). */
int sem_take(struct sem *s, uint64_t timeout_us);

/* Give a unit (any context, also interrupts): 0 or -EOVERFLOW at the limit. */
int sem_give(struct sem *s);

#endif /* KERNEL_SEM_H */
