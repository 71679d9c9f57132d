/* SPDX-License-Identifier: MIT */
/*
 * A send or receive that finds the ring full or empty sleeps on the queue's
 * senders or receivers; every message that goes in wakes the most urgent
 * receiver and every slot that frees up the most urgent sender, which then
 * retries. The woken thread holds no claim: an interrupt handler or a more
 * urgent thread may take the message or slot first, and it sleeps again
 * until its original deadline. No waiter keeps a buffer pointer in the
 * queue, so a thread killed while it sleeps leaves nothing behind.
 */
#include <stddef.h>
#include <string.h>

#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/msgq.h"
#include "kernel/timer.h"

_Static_assert(offsetof(struct msgq, obj) == 0, "handles cast a kobj to its msgq");

static void msgq_release(struct kobj *obj)
{
	kfree((char *)obj - offsetof(struct msgq, obj));
}

int msgq_create(struct msgq **out, size_t msg_size, unsigned int capacity)
{
	struct msgq *q;

	if (!msg_size || msg_size > MSGQ_MSG_MAX || !capacity || capacity > MSGQ_CAPACITY_MAX)
		return -EINVAL;
	/* Slots are always written before they are read: no need to clear them. */
	q = kmalloc(sizeof(*q) + msg_size * capacity);
	if (!q)
		return -ENOMEM;
	q->msg_size = (uint16_t)msg_size;
	q->capacity = (uint16_t)capacity;
	q->head = 0;
	q->count = 0;
	q->senders.head = NULL;
	q->receivers.head = NULL;
	kobj_init(&q->obj, KOBJ_MSGQ, msgq_release);
	*out = q;
	return 0;
}

size_t msgq_msg_size(const struct msgq *q)
{
	return q->msg_size;
}

unsigned int msgq_count(const struct msgq *q)
{
	return q->count;
}

static uint8_t *slot(struct msgq *q, unsigned int i)
{
	return q->slots + i * q->msg_size;
}

/* Append @msg and wake a receiver. Caller holds the irq lock; @q is not full. */
static void put_locked(struct msgq *q, const void *msg)
{
	unsigned int tail = q->head + q->count;

	if (tail >= q->capacity)
		tail -= q->capacity;
	memcpy(slot(q, tail), msg, q->msg_size);
	q->count++;
	sched_wake_one_locked(&q->receivers, WAKE_OK);
}

/* Remove the oldest message into @buf and wake a sender. Caller holds the irq lock; @q is not empty. */
static void get_locked(struct msgq *q, void *buf)
{
	memcpy(buf, slot(q, q->head), q->msg_size);
	if (++q->head == q->capacity)
		q->head = 0;
	q->count--;
	sched_wake_one_locked(&q->senders, WAKE_OK);
}

/*
 * Sleep on @wq until woken or @deadline (0: none). Whoever still sleeps on
 * @other, the opposite side, was owed a wake-up that a thread killed
 * between its wake-up and its retry took with it: wake them to retry, so a
 * kill never strands a waiter. Caller holds the irq lock. 0, -ETIMEDOUT or -EINTR.
 */
static int wait_locked(struct waitq *wq, struct waitq *other, uint64_t deadline)
{
	int rc;

	if (other->head)
		sched_wake_all_locked(other, WAKE_OK);
	rc = sched_block_locked(wq, deadline);
	if (rc == WAKE_OK)
		return 0;
	return rc == WAKE_TIMEOUT ? -ETIMEDOUT : -EINTR;
}

/* After a wake-up: switch now if it was to a more urgent thread (not in an interrupt handler). */
static void preempt_point(void)
{
	if (!arch_irq_is_locked())
		sched_preempt_point();
}

int msgq_send(struct msgq *q, const void *msg, uint64_t timeout_us)
{
	uint64_t deadline = timeout_us == TIMEOUT_NO_WAIT ? 0 : timer_deadline(timeout_us);
	unsigned long key = arch_irq_lock();
	int rc = 0;

	while (!rc && q->count == q->capacity) {
		if (timeout_us == TIMEOUT_NO_WAIT)
			rc = -ETIMEDOUT;
		else
			rc = wait_locked(&q->senders, &q->receivers, deadline);
	}
	if (!rc)
		put_locked(q, msg);
	arch_irq_unlock(key);
	preempt_point();
	return rc;
}

int msgq_recv(struct msgq *q, void *buf, uint64_t timeout_us)
{
	uint64_t deadline = timeout_us == TIMEOUT_NO_WAIT ? 0 : timer_deadline(timeout_us);
	unsigned long key = arch_irq_lock();
	int rc = 0;

	while (!rc && !q->count) {
		if (timeout_us == TIMEOUT_NO_WAIT)
			rc = -ETIMEDOUT;
		else
			rc = wait_locked(&q->receivers, &q->senders, deadline);
	}
	if (!rc)
		get_locked(q, buf);
	arch_irq_unlock(key);
	preempt_point();
	return rc;
}
