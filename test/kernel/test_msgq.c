/* SPDX-License-Identifier: MIT */
/*
 * Kernel message queues from kernel threads and from the timer interrupt:
 * bounds, FIFO order across the ring's wrap, blocking both ways, waiters
 * served most urgent first, timeouts, TIMEOUT_NO_WAIT in interrupt context,
 * and storage given back to the heap. The test runs in "main" (priority 16).
 */
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/msgq.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "test/harness/ktest.h"

#define MAIN_PRIO 16

struct kmsg {
	uint32_t seq;
	uint32_t check;
};

static struct msgq *q;
static unsigned int live_before;
static struct heap_stats heap_before;
static volatile int order[8];
static volatile int order_n;

static struct kmsg msg(uint32_t seq)
{
	return (struct kmsg){seq, ~seq * 2654435761u};
}

static bool msg_ok(const struct kmsg *m, uint32_t seq)
{
	return m->seq == seq && m->check == ~seq * 2654435761u;
}

static void setup(void)
{
	live_before = kobj_live(KOBJ_MSGQ);
	heap_stats(&kheap, &heap_before);
	order_n = 0;
	q = NULL;
}

static struct timeout isr_timeout;

static void teardown(void)
{
	timeout_cancel(&isr_timeout); /* a failed test may leave it armed */
	if (q)
		kobj_put(&q->obj);
	q = NULL;
}
KTEST_SUITE(msgq, setup, teardown);

/* Drop the test's queue: it must be freed, the heap exactly as before. */
static void put_queue_check_freed(void)
{
	struct heap_stats now;

	kobj_put(&q->obj);
	q = NULL;
	heap_stats(&kheap, &now);
	KT_ASSERT_EQ(kobj_live(KOBJ_MSGQ), live_before);
	KT_ASSERT_EQ(now.allocs, heap_before.allocs);
	KT_ASSERT_EQ(now.used, heap_before.used);
	KT_ASSERT_EQ(now.free, heap_before.free);
}

static int send_seq(uint32_t seq, uint64_t timeout_us)
{
	struct kmsg m = msg(seq);

	return msgq_send(q, &m, timeout_us);
}

/* Receive and return the sequence number; -1 if the message is corrupt, the error if none. */
static int recv_seq(uint64_t timeout_us)
{
	struct kmsg m = {0, 0};
	int rc = msgq_recv(q, &m, timeout_us);

	if (rc)
		return rc;
	return msg_ok(&m, m.seq) ? (int)m.seq : -1;
}

KTEST(msgq, create_bounds)
{
	struct msgq *bad = NULL;

	KT_ASSERT_EQ(msgq_create(&bad, 0, 4), -EINVAL);
	KT_ASSERT_EQ(msgq_create(&bad, MSGQ_MSG_MAX + 1, 4), -EINVAL);
	KT_ASSERT_EQ(msgq_create(&bad, 8, 0), -EINVAL);
	KT_ASSERT_EQ(msgq_create(&bad, 8, MSGQ_CAPACITY_MAX + 1), -EINVAL);
	KT_ASSERT_EQ(msgq_create(&bad, (size_t)-1, 1), -EINVAL);
	KT_ASSERT(bad == NULL);
	KT_ASSERT_EQ(kobj_live(KOBJ_MSGQ), live_before);
	/* The largest queue takes its whole ring from the heap, and gives it back. */
	KT_ASSERT_EQ(msgq_create(&q, MSGQ_MSG_MAX, MSGQ_CAPACITY_MAX), 0);
	KT_ASSERT_EQ(msgq_msg_size(q), MSGQ_MSG_MAX);
	{
		struct heap_stats now;

		heap_stats(&kheap, &now);
		KT_ASSERT_GE(now.used - heap_before.used, MSGQ_MSG_MAX * MSGQ_CAPACITY_MAX);
	}
	put_queue_check_freed();
	KT_ASSERT_EQ(msgq_create(&q, 1, 1), 0);
	put_queue_check_freed();
}

KTEST(msgq, fifo_order_across_wrap)
{
	uint32_t next_in = 0, next_out = 0;

	KT_ASSERT_EQ(msgq_create(&q, sizeof(struct kmsg), 3), 0);
	for (int round = 0; round < 10; round++) {
		for (int i = 0; i < 2; i++)
			KT_ASSERT_EQ(send_seq(next_in++, TIMEOUT_NO_WAIT), 0);
		KT_ASSERT_EQ(msgq_count(q), 2);
		for (int i = 0; i < 2; i++)
			KT_ASSERT_EQ(recv_seq(TIMEOUT_NO_WAIT), (int)next_out++);
	}
	for (int i = 0; i < 3; i++)
		KT_ASSERT_EQ(send_seq(next_in++, TIMEOUT_NO_WAIT), 0);
	KT_ASSERT_EQ(send_seq(99, TIMEOUT_NO_WAIT), -ETIMEDOUT); /* full */
	KT_ASSERT_EQ(msgq_count(q), 3);
	for (int i = 0; i < 3; i++)
		KT_ASSERT_EQ(recv_seq(TIMEOUT_NO_WAIT), (int)next_out++);
	KT_ASSERT_EQ(recv_seq(TIMEOUT_NO_WAIT), -ETIMEDOUT); /* empty */
	put_queue_check_freed();
}

static void receiver(void *arg)
{
	int seq = recv_seq(TIMEOUT_FOREVER);

	order[order_n++] = (int)(intptr_t)arg * 100 + seq;
}

static void sender(void *arg)
{
	int rc = send_seq((uint32_t)(intptr_t)arg, TIMEOUT_FOREVER);

	order[order_n++] = rc;
}

/* Receivers created least urgent first: the most urgent still gets the first message. */
KTEST(msgq, receivers_served_most_urgent_first)
{
	static const int prio_off[3] = {1, 3, 2};
	struct thread *t[3];

	KT_ASSERT_EQ(msgq_create(&q, sizeof(struct kmsg), 4), 0);
	for (int i = 0; i < 3; i++) {
		KT_ASSERT_EQ(thread_create(&t[i], "rx", receiver, (void *)(intptr_t)prio_off[i],
					   MAIN_PRIO - prio_off[i]),
			     0);
		KT_ASSERT_EQ(t[i]->state, THREAD_BLOCKED); /* ran at once and blocked on empty */
	}
	for (uint32_t seq = 0; seq < 3; seq++)
		KT_ASSERT_EQ(send_seq(seq, TIMEOUT_NO_WAIT), 0); /* each send runs its receiver */
	for (int i = 0; i < 3; i++)
		KT_ASSERT_EQ(thread_join(t[i], NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(order_n, 3);
	KT_ASSERT_EQ(order[0], 300);
	KT_ASSERT_EQ(order[1], 201);
	KT_ASSERT_EQ(order[2], 102);
	put_queue_check_freed();
}

/* Blocked senders enter the ring most urgent first, after what was queued already. */
KTEST(msgq, senders_served_most_urgent_first)
{
	static const int prio_off[3] = {1, 3, 2};
	struct thread *t[3];

	KT_ASSERT_EQ(msgq_create(&q, sizeof(struct kmsg), 1), 0);
	KT_ASSERT_EQ(send_seq(100, TIMEOUT_NO_WAIT), 0);
	for (int i = 0; i < 3; i++) {
		KT_ASSERT_EQ(thread_create(&t[i], "tx", sender, (void *)(intptr_t)prio_off[i],
					   MAIN_PRIO - prio_off[i]),
			     0);
		KT_ASSERT_EQ(t[i]->state, THREAD_BLOCKED); /* full */
	}
	KT_ASSERT_EQ(recv_seq(TIMEOUT_NO_WAIT), 100);
	KT_ASSERT_EQ(recv_seq(TIMEOUT_NO_WAIT), 3);
	KT_ASSERT_EQ(recv_seq(TIMEOUT_NO_WAIT), 2);
	KT_ASSERT_EQ(recv_seq(TIMEOUT_NO_WAIT), 1);
	KT_ASSERT_EQ(recv_seq(TIMEOUT_NO_WAIT), -ETIMEDOUT);
	for (int i = 0; i < 3; i++)
		KT_ASSERT_EQ(thread_join(t[i], NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(order_n, 3);
	for (int i = 0; i < 3; i++)
		KT_ASSERT_EQ(order[i], 0);
	put_queue_check_freed();
}

#define STREAM_N 500

static volatile uint32_t stream_bad, stream_got;

static void stream_producer(void *arg)
{
	(void)arg;
	for (uint32_t i = 0; i < STREAM_N; i++)
		if (send_seq(i, TIMEOUT_FOREVER))
			stream_bad++;
}

static void stream_consumer(void *arg)
{
	(void)arg;
	for (uint32_t i = 0; i < STREAM_N; i++) {
		if (recv_seq(TIMEOUT_FOREVER) != (int)i)
			stream_bad++;
		stream_got++;
		if (i % 7 == 0)
			thread_sleep_us(50); /* let the producer fill the ring and block */
	}
}

/* Equal priorities, a small ring: each side blocks on the other many times; nothing lost or reordered. */
KTEST(msgq, stream_blocks_both_ways)
{
	uint32_t switches = sched_switch_count();
	struct thread *p, *c;

	stream_bad = stream_got = 0;
	KT_ASSERT_EQ(msgq_create(&q, sizeof(struct kmsg), 4), 0);
	KT_ASSERT_EQ(thread_create(&c, "consumer", stream_consumer, NULL, MAIN_PRIO + 1), 0);
	KT_ASSERT_EQ(thread_create(&p, "producer", stream_producer, NULL, MAIN_PRIO + 1), 0);
	KT_ASSERT_EQ(thread_join(p, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(thread_join(c, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(stream_got, STREAM_N);
	KT_ASSERT_EQ(stream_bad, 0);
	KT_ASSERT_EQ(msgq_count(q), 0);
	KT_ASSERT_GT(sched_switch_count() - switches, STREAM_N / 4);
	put_queue_check_freed();
}

KTEST(msgq, timeouts_both_ways)
{
	uint64_t t0;

	KT_ASSERT_EQ(msgq_create(&q, sizeof(struct kmsg), 1), 0);
	t0 = arch_counter();
	KT_ASSERT_EQ(recv_seq(2000), -ETIMEDOUT);
	KT_ASSERT_GE(arch_counter() - t0, timer_us_to_cycles(2000));
	KT_ASSERT_LT(arch_counter() - t0, timer_us_to_cycles(3000));
	KT_ASSERT_EQ(send_seq(1, TIMEOUT_NO_WAIT), 0);
	t0 = arch_counter();
	KT_ASSERT_EQ(send_seq(2, 2000), -ETIMEDOUT);
	KT_ASSERT_GE(arch_counter() - t0, timer_us_to_cycles(2000));
	KT_ASSERT_LT(arch_counter() - t0, timer_us_to_cycles(3000));
	KT_ASSERT_EQ(msgq_count(q), 1); /* the timed-out send left nothing behind */
	KT_ASSERT_EQ(recv_seq(TIMEOUT_NO_WAIT), 1);
	put_queue_check_freed();
}

/* Interrupt context: a struct timeout callback runs in the timer interrupt. */
static volatile int isr_rc[4];
static volatile int isr_seq;
static volatile bool isr_saw_locked;

static void isr_send_three(struct timeout *to)
{
	(void)to;
	isr_saw_locked = arch_irq_is_locked();
	for (uint32_t i = 0; i < 3; i++)
		isr_rc[i] = send_seq(i, TIMEOUT_NO_WAIT);
	isr_rc[3] = send_seq(3, TIMEOUT_NO_WAIT); /* the ring holds 3 */
}

static void isr_recv_two(struct timeout *to)
{
	(void)to;
	isr_seq = recv_seq(TIMEOUT_NO_WAIT);
	isr_rc[0] = recv_seq(TIMEOUT_NO_WAIT);
}

static void arm_isr(timeout_fn fn, uint64_t us)
{
	timeout_arm(&isr_timeout, arch_counter() + timer_us_to_cycles(us), fn);
}

/* Sends from an interrupt handler wake the blocked receivers, most urgent first. */
KTEST(msgq, interrupt_sends_wake_receivers)
{
	static const int prio_off[3] = {1, 3, 2};
	struct thread *t[3];

	isr_saw_locked = false;
	KT_ASSERT_EQ(msgq_create(&q, sizeof(struct kmsg), 3), 0);
	for (int i = 0; i < 3; i++)
		KT_ASSERT_EQ(thread_create(&t[i], "rx", receiver, (void *)(intptr_t)prio_off[i],
					   MAIN_PRIO - prio_off[i]),
			     0);
	arm_isr(isr_send_three, 500);
	for (int i = 0; i < 3; i++)
		KT_ASSERT_EQ(thread_join(t[i], NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT(isr_saw_locked);
	KT_ASSERT_EQ(isr_rc[0], 0);
	KT_ASSERT_EQ(isr_rc[1], 0);
	KT_ASSERT_EQ(isr_rc[2], 0);
	KT_ASSERT_EQ(isr_rc[3], -ETIMEDOUT); /* full: no waiting in an interrupt */
	KT_ASSERT_EQ(order_n, 3);
	KT_ASSERT_EQ(order[0], 300);
	KT_ASSERT_EQ(order[1], 201);
	KT_ASSERT_EQ(order[2], 102);
	KT_ASSERT_EQ(recv_seq(TIMEOUT_NO_WAIT), -ETIMEDOUT); /* the fourth never went in */
	put_queue_check_freed();
}

/* Receives from an interrupt handler take what is there and never wait. */
KTEST(msgq, interrupt_receive_no_wait)
{
	KT_ASSERT_EQ(msgq_create(&q, sizeof(struct kmsg), 2), 0);
	KT_ASSERT_EQ(send_seq(42, TIMEOUT_NO_WAIT), 0);
	isr_seq = isr_rc[0] = 1;
	arm_isr(isr_recv_two, 200);
	thread_sleep_us(1000);
	KT_ASSERT_EQ(isr_seq, 42);
	KT_ASSERT_EQ(isr_rc[0], -ETIMEDOUT);
	KT_ASSERT_EQ(msgq_count(q), 0);
	put_queue_check_freed();
}

static void isr_send_one(struct timeout *to)
{
	(void)to;
	isr_rc[0] = send_seq(7, TIMEOUT_NO_WAIT);
}

/* The test thread itself sleeps in msgq_recv() and the interrupt wakes it. */
KTEST(msgq, interrupt_wakes_blocked_thread)
{
	uint64_t t0 = arch_counter();

	KT_ASSERT_EQ(msgq_create(&q, sizeof(struct kmsg), 2), 0);
	isr_rc[0] = 1;
	arm_isr(isr_send_one, 1000);
	KT_ASSERT_EQ(recv_seq(TIMEOUT_FOREVER), 7);
	KT_ASSERT_EQ(isr_rc[0], 0);
	KT_ASSERT_GE(arch_counter() - t0, timer_us_to_cycles(1000));
	KT_ASSERT_LT(arch_counter() - t0, timer_us_to_cycles(2000));
	put_queue_check_freed();
}
