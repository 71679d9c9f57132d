/* SPDX-License-Identifier: MIT */
/*
 * Message queues and timers from user mode through the real system calls
 * (programs in test/user/user_objs.c): a queue between two domains with
 * blocking both ways and FIFO order, every error of the msgq calls
 * (length, rights, type, handle, pointers, timeouts) leaving the queue as
 * it was, a receive whose buffer disappears while it sleeps, and periodic,
 * one-shot and overrunning timer waits. Each test ends with its objects
 * freed and the kernel heap as it found it.
 */
#include <string.h>

#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/fault.h"
#include "kernel/ktimer.h"
#include "kernel/mm.h"
#include "kernel/msgq.h"
#include "kernel/sem.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "test/harness/ktest.h"
#include "test/harness/utest.h"
#include "test/user/user_objs.h"

#define MAIN_PRIO 16
#define UO	  (*(struct uobj_shared *)utest_k(&uobj_shared))

static struct domain dom_a, dom_b;
static struct thread *threads[2];
static struct msgq *q;
static struct ktimer *tmr;
static struct sem *sem;
static unsigned int msgqs_before, timers_before, sems_before;
static struct heap_stats heap_before;
static uint32_t kernel_word = 0x600dcafe;

static void setup(void)
{
	if (utest_domain_init(&dom_a, "obj-a"))
		KT_SKIP("test programs cannot be mapped on this board");
	KT_ASSERT_EQ(utest_domain_init(&dom_b, "obj-b"), 0);
	memset(&UO, 0, sizeof(UO));
	msgqs_before = kobj_live(KOBJ_MSGQ);
	timers_before = kobj_live(KOBJ_TIMER);
	sems_before = kobj_live(KOBJ_SEM);
	heap_stats(&kheap, &heap_before);
}

static void put_all(void)
{
	if (q)
		kobj_put(&q->obj);
	if (tmr)
		kobj_put(&tmr->obj);
	if (sem)
		kobj_put(&sem->obj);
	q = NULL;
	tmr = NULL;
	sem = NULL;
}

/* Also after a failed test: stop whatever still runs, then drop every handle and object. */
static void teardown(void)
{
	thread_kill_domain(&dom_a, -EINTR);
	thread_kill_domain(&dom_b, -EINTR);
	for (int i = 0; i < 2; i++) {
		if (threads[i])
			thread_join(threads[i], NULL, TIMEOUT_FOREVER);
		threads[i] = NULL;
	}
	arch_as_switch(NULL);
	if (dom_a.as)
		domain_deinit(&dom_a);
	if (dom_b.as)
		domain_deinit(&dom_b);
	put_all();
}
KTEST_SUITE(objuser, setup, teardown);

static struct thread *start(int i, struct domain *d, void (*fn)(uintptr_t), uintptr_t arg, int prio)
{
	threads[i] = utest_start(d, "uobj", fn, arg, prio);
	return threads[i];
}

static void join(int i)
{
	int code = -1;

	KT_ASSERT_EQ(thread_join(threads[i], &code, TIMEOUT_FOREVER), 0);
	threads[i] = NULL;
	KT_ASSERT_EQ(code, 0);
}

/* Drop every handle and the test's references: all objects freed, the heap as before. */
static void release_and_check(void)
{
	struct heap_stats now;

	obj_revoke_all(&dom_a);
	obj_revoke_all(&dom_b);
	put_all();
	KT_ASSERT_EQ(kobj_live(KOBJ_MSGQ), msgqs_before);
	KT_ASSERT_EQ(kobj_live(KOBJ_TIMER), timers_before);
	KT_ASSERT_EQ(kobj_live(KOBJ_SEM), sems_before);
	heap_stats(&kheap, &now);
	KT_ASSERT_EQ(now.allocs, heap_before.allocs);
	KT_ASSERT_EQ(now.used, heap_before.used);
	KT_ASSERT_EQ(now.free, heap_before.free);
}

/* A queue from domain A (send only) to domain B (receive only). */
static void queue_a_to_b(unsigned int capacity)
{
	KT_ASSERT_EQ(msgq_create(&q, UOBJ_MSG_SIZE, capacity), 0);
	UO.h[0] = obj_grant(&dom_a, &q->obj, RIGHT_WRITE);
	UO.h[1] = obj_grant(&dom_b, &q->obj, RIGHT_READ);
	KT_ASSERT_GT(UO.h[0], 0);
	KT_ASSERT_GT(UO.h[1], 0);
}

#define N_MSGS 40

/* The receiver is the more urgent: it sleeps on the empty queue before every message. */
KTEST(objuser, msgq_receiver_blocks_across_domains)
{
	struct thread *rx;

	queue_a_to_b(4);
	rx = start(1, &dom_b, uo_msgq_receiver, N_MSGS, MAIN_PRIO - 2);
	KT_ASSERT_EQ(rx->state, THREAD_BLOCKED);
	KT_ASSERT_EQ(UO.recvd, 0);
	start(0, &dom_a, uo_msgq_sender, N_MSGS, MAIN_PRIO - 1);
	join(0);
	join(1);
	KT_ASSERT_EQ(UO.first_rc, 0);
	KT_ASSERT_EQ(UO.sent, N_MSGS);
	KT_ASSERT_EQ(UO.recvd, N_MSGS);
	if (UO.bad)
		KT_FAIL("%u bad messages, the first: %ld carried %ld", (unsigned)UO.bad,
			(long)UO.r[0], (long)UO.r[1]);
	KT_ASSERT_EQ(msgq_count(q), 0);
	release_and_check();
}

/* The sender is the more urgent: it fills the queue and sleeps until the receiver drains it. */
KTEST(objuser, msgq_sender_blocks_across_domains)
{
	struct thread *tx;

	queue_a_to_b(4);
	tx = start(0, &dom_a, uo_msgq_sender, N_MSGS, MAIN_PRIO - 1);
	KT_ASSERT_EQ(tx->state, THREAD_BLOCKED);
	KT_ASSERT_EQ(UO.sent, 4);
	KT_ASSERT_EQ(msgq_count(q), 4);
	start(1, &dom_b, uo_msgq_receiver, N_MSGS, MAIN_PRIO - 2);
	join(1);
	join(0);
	KT_ASSERT_EQ(UO.first_rc, 0);
	KT_ASSERT_EQ(UO.sent, N_MSGS);
	KT_ASSERT_EQ(UO.recvd, N_MSGS);
	if (UO.bad)
		KT_FAIL("%u bad messages, the first: %ld carried %ld", (unsigned)UO.bad,
			(long)UO.r[0], (long)UO.r[1]);
	release_and_check();
}

/* A's handle number means nothing in B's table. */
KTEST(objuser, msgq_handle_of_other_domain_is_ebadf)
{
	int err = 0, ha;
	struct kobj *o;

	queue_a_to_b(4);
	ha = obj_grant(&dom_a, &q->obj, RIGHT_WRITE); /* slot 1: B has only slot 0 */
	o = obj_lookup(&dom_a, ha, KOBJ_MSGQ, RIGHT_WRITE, &err);
	KT_ASSERT(o == &q->obj); /* good in A */
	kobj_put(o);
	UO.h[0] = ha;
	start(1, &dom_b, uo_msgq_sender, 1, MAIN_PRIO - 1);
	join(1);
	KT_ASSERT_EQ(UO.first_rc, -EBADF);
	KT_ASSERT_EQ(UO.sent, 0);
	KT_ASSERT_EQ(msgq_count(q), 0);
	release_and_check();
}

KTEST(objuser, msgq_errors_leave_queue_unchanged)
{
	static const int32_t want[UOBJ_RESULTS] = {
		-EINVAL, -EINVAL,    -EINVAL,	 -EACCES,    -EACCES,	 -EINVAL,
		-EBADF,	 -ETIMEDOUT, -EFAULT,	 -ETIMEDOUT, 0,		 -EFAULT,
		-EFAULT, 0,	     0,		 1,	     -ETIMEDOUT, 0,
		0,	 -ETIMEDOUT, -ETIMEDOUT, 0,	     -EBADF,	 -EBADF,
	};
	unsigned int faults = fault_contained_count();
	struct kmsg {
		uint32_t seq, check, from, pad;
	} m;
	struct thread *t;
	uint64_t t0;

	KT_ASSERT_EQ(msgq_create(&q, UOBJ_MSG_SIZE, 2), 0);
	sem = sem_create(0, 1);
	KT_ASSERT(sem != NULL);
	UO.h[0] = obj_grant(&dom_a, &q->obj, RIGHT_WRITE);
	UO.h[1] = obj_grant(&dom_a, &q->obj, RIGHT_READ);
	UO.h[2] = obj_grant(&dom_a, &sem->obj, RIGHT_WAIT | RIGHT_SIGNAL);
	UO.kaddr = (uint32_t)(uintptr_t)&kernel_word;
	dom_a.fault_on_bad_pointer = false; /* bad pointers return -EFAULT */

	t0 = arch_counter();
	t = start(0, &dom_a, uo_msgq_errors, 0, MAIN_PRIO - 1);
	KT_ASSERT_EQ(UO.step, 1); /* asleep on the empty queue for 3 ms */
	KT_ASSERT_EQ(t->state, THREAD_BLOCKED);
	thread_sleep_us(1000);
	KT_ASSERT_EQ(UO.step, 1);
	thread_sleep_us(2500);
	KT_ASSERT_EQ(UO.step, 3); /* now asleep on the full queue for 2 ms */
	KT_ASSERT_EQ(t->state, THREAD_BLOCKED);
	KT_ASSERT_EQ(msgq_count(q), 2);
	join(0);
	KT_ASSERT_GE(timer_cycles_to_us(arch_counter() - t0), 5000);
	KT_ASSERT_LT(timer_cycles_to_us(arch_counter() - t0), 5600);

	for (int i = 0; i < UOBJ_RESULTS; i++)
		if (UO.r[i] != want[i])
			KT_FAIL("r[%d]: %ld, want %ld", i, (long)UO.r[i], (long)want[i]);
	KT_ASSERT_EQ(kernel_word, 0x600dcafe);
	KT_ASSERT_EQ(fault_contained_count(), faults);
	/* What is left is exactly the two messages that went in, in order. */
	KT_ASSERT_EQ(msgq_count(q), 2);
	for (uint32_t seq = 1; seq <= 2; seq++) {
		KT_ASSERT_EQ(msgq_recv(q, &m, TIMEOUT_NO_WAIT), 0);
		KT_ASSERT_EQ(m.seq, seq);
		KT_ASSERT_EQ(m.check, uobj_check(seq));
	}
	KT_ASSERT_EQ(obj_revoke(&dom_a, UO.h[0]), -EBADF); /* the program gave it up */
	release_and_check();
}

/*
 * The receiver's buffer is taken out of its domain while it sleeps: the
 * copy after the wake-up checks again and fails; nothing reaches the page.
 */
KTEST(objuser, msgq_buffer_gone_while_blocked)
{
	size_t size = arch_as_align(PAGE_SIZE);
	struct kmsg {
		uint32_t seq, check, from, pad;
	} m = {5, 0, 0, 0};
	paddr_t page = mm_page_alloc(size / PAGE_SIZE, size / PAGE_SIZE);
	struct thread *rx;
	bool untouched = true;

	KT_ASSERT(page != 0);
	queue_a_to_b(2);
	dom_b.fault_on_bad_pointer = false;
	KT_ASSERT_EQ(domain_add_partition(&dom_b, page, size, MEM_RW | MEM_USER), 0);
	UO.r[0] = 1;
	rx = start(1, &dom_b, uo_msgq_recv_into, domain_va(page), MAIN_PRIO - 1);
	KT_ASSERT_EQ(rx->state, THREAD_BLOCKED);
	KT_ASSERT_EQ(domain_remove_partition(&dom_b, page), 0);
	KT_ASSERT_EQ(msgq_send(q, &m, TIMEOUT_NO_WAIT), 0);
	join(1);
	KT_ASSERT_EQ(UO.r[0], -EFAULT);
	for (size_t i = 0; i < size; i++)
		untouched = untouched && ((volatile uint8_t *)page)[i] == 0;
	mm_page_free(page, size / PAGE_SIZE);
	KT_ASSERT(untouched);
	release_and_check();
}

KTEST(objuser, timer_periodic_and_overruns)
{
	static const int32_t want[17] = {0, 1, 1, 1, 1, 1, 4,	       1, 0,
					 0, 0, 0, 1, 0, 0, -ETIMEDOUT, 0};
	uint64_t t0, us;

	KT_ASSERT_EQ(ktimer_create(&tmr), 0);
	UO.h[0] = obj_grant(&dom_a, &tmr->obj, RIGHT_WRITE | RIGHT_WAIT);
	KT_ASSERT_GT(UO.h[0], 0);
	t0 = arch_counter();
	start(0, &dom_a, uo_timer_periodic, 0, MAIN_PRIO - 1);
	join(0);
	us = timer_cycles_to_us(arch_counter() - t0);
	for (int i = 0; i < 17; i++)
		if (UO.r[i] != want[i])
			KT_FAIL("r[%d]: %ld, want %ld", i, (long)UO.r[i], (long)want[i]);
	/* 5 ticks, 4.5 ms asleep, the tick at 10 ms, a 2 ms one-shot, a 2 ms timeout. */
	KT_ASSERT_GE(us, 14000);
	KT_ASSERT_LT(us, 14600);
	KT_ASSERT(!tmr->running);
	release_and_check();
}

KTEST(objuser, timer_rights_and_arguments)
{
	static const int32_t want[11] = {
		-EACCES, -EACCES, -EACCES, -EINVAL, -EINVAL, -EINVAL, -EINVAL, 0, -EBADF, 0, 1,
	};

	KT_ASSERT_EQ(ktimer_create(&tmr), 0);
	KT_ASSERT_EQ(msgq_create(&q, UOBJ_MSG_SIZE, 1), 0);
	UO.h[0] = obj_grant(&dom_a, &tmr->obj, RIGHT_WRITE | RIGHT_WAIT);
	UO.h[1] = obj_grant(&dom_a, &tmr->obj, RIGHT_WAIT);
	UO.h[2] = obj_grant(&dom_a, &q->obj, RIGHT_ALL);
	UO.h[3] = obj_grant(&dom_a, &tmr->obj, RIGHT_WRITE);
	start(0, &dom_a, uo_timer_errors, 0, MAIN_PRIO - 1);
	join(0);
	for (int i = 0; i < 11; i++)
		if (UO.r[i] != want[i])
			KT_FAIL("r[%d]: %ld, want %ld", i, (long)UO.r[i], (long)want[i]);
	release_and_check();
}

/* Fill the caller-saved VFP registers with a pattern no user program uses. */
static void scribble_vfp(void)
{
	__asm__ volatile("movw r0, #0xdead\n\t"
			 ".irp n, " UOBJ_VFP_SCRATCH "\n\t"
			 "vmov d\\n, r0, r0\n\t"
			 ".endr"
			 :
			 :
			 : "r0", "d0", "d1", "d2", "d3", "d4", "d5", "d6",
			   "d7" UOBJ_VFP_HIGH_CLOBBERS);
}

/*
 * Regression: a user thread's VFP registers must come back from a system
 * call that blocked while other code used them (the SDK stub tells the
 * compiler they survive). The msgq stream test lost a NEON-held constant
 * this way before vec_svc (arch/arm/vectors.S) saved and restored the
 * caller-saved VFP registers around the handler.
 */
KTEST(objuser, syscall_keeps_user_vfp_registers)
{
	UO.r[0] = -1;
	start(0, &dom_a, uo_vfp_kept, 2000, MAIN_PRIO - 1);
	scribble_vfp(); /* while it sleeps in the kernel */
	join(0);
	KT_ASSERT_EQ(UO.r[0], 0); /* registers that changed across the call */
}
