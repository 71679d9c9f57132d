/* SPDX-License-Identifier: MIT */
/*
 * Kernel message queue: a ring of fixed-size messages in one kernel heap
 * block. Senders block while it is full, receivers while it is empty;
 * messages leave in the order they came and waiters are woken most urgent
 * first. Interrupt handlers may send and receive with TIMEOUT_NO_WAIT.
 */
#ifndef KERNEL_MSGQ_H
#define KERNEL_MSGQ_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/object.h"
#include "kernel/sched.h"

#define MSGQ_MSG_MAX	  256 /* bytes per message: the syscalls bounce one on the kernel stack */
#define MSGQ_CAPACITY_MAX 64  /* messages per queue: at most 16 KiB of kernel heap each */

struct msgq {
	struct kobj obj; /* first: handles reach the queue through it */
	uint16_t msg_size;
	uint16_t capacity;
	uint16_t head;	/* slot of the oldest message */
	uint16_t count; /* messages queued */
	struct waitq senders;
	struct waitq receivers;
	uint8_t slots[]; /* capacity * msg_size bytes */
};

/*
 * A queue of @capacity messages of @msg_size bytes, with the creator's
 * reference; the last kobj_put() frees it. 0, -EINVAL (a size or capacity
 * of 0 or above the MSGQ_*_MAX bounds) or -ENOMEM.
 */
int msgq_create(struct msgq **out, size_t msg_size, unsigned int capacity);

/*
 * Append the msg_size bytes at @msg. 0; -ETIMEDOUT when still full after
 * @timeout_us (TIMEOUT_NO_WAIT tries once: the only form for interrupt
 * handlers); -EINTR if the thread was killed.
 */
int msgq_send(struct msgq *q, const void *msg, uint64_t timeout_us);

/* Take the oldest message into @buf (msg_size bytes). Errors as msgq_send(). */
int msgq_recv(struct msgq *q, void *buf, uint64_t timeout_us);

/* Bytes per message. */
size_t msgq_msg_size(const struct msgq *q);

/* Messages queued right now (tests, the shell). */
unsigned int msgq_count(const struct msgq *q);

#endif /* KERNEL_MSGQ_H */
