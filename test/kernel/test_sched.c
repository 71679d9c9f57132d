/* SPDX-License-Identifier: MIT */
/*
 * Kernel threads and the scheduler: create/exit/join, strict priorities,
 * preemption on wake-up, round-robin slices, EDF among deadline threads,
 * priority inheritance through a mutex, sleeps and timeouts. The test runs
 * in "main" (priority 16).
 */
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/errno.h"
#include "kernel/mutex.h"
#include "kernel/sem.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "test/harness/ktest.h"

#define MAIN_PRIO 16

static volatile int order[8];
static volatile int order_n;
static struct sem gate;

static void record(void *arg)
{
	order[order_n++] = (int)(intptr_t)arg;
}

static void wait_gate_then_record(void *arg)
{
	sem_take(&gate, TIMEOUT_FOREVER);
	record(arg);
}

static void exit_with(void *arg)
{
	thread_exit((int)(intptr_t)arg);
}

static void setup(void)
{
	order_n = 0;
	sem_init(&gate, 0, 8);
}
KTEST_SUITE(sched, setup, NULL);

KTEST(sched, create_run_join_exit_code)
{
	struct thread *t;
	int code = 0;

	KT_ASSERT_EQ(thread_create(&t, "child", exit_with, (void *)42, MAIN_PRIO + 1), 0);
	KT_ASSERT_EQ(thread_join(t, &code, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(code, 42);
	KT_ASSERT_EQ(thread_join(thread_current(), &code, TIMEOUT_FOREVER), -EINVAL);
}

KTEST(sched, bad_arguments)
{
	struct thread *t;

	KT_ASSERT_EQ(thread_create(&t, "x", record, NULL, SCHED_PRIO_LEVELS), -EINVAL);
	KT_ASSERT_EQ(thread_create(&t, "x", record, NULL, -1), -EINVAL);
	KT_ASSERT_EQ(thread_create(&t, "x", NULL, NULL, 3), -EINVAL);
}

/* A more urgent thread runs at once when created; a less urgent one waits. */
KTEST(sched, priority_preempts_creator)
{
	struct thread *hi, *lo;

	KT_ASSERT_EQ(thread_create(&lo, "lo", record, (void *)2, MAIN_PRIO + 1), 0);
	KT_ASSERT_EQ(order_n, 0);
	KT_ASSERT_EQ(thread_create(&hi, "hi", record, (void *)1, MAIN_PRIO - 1), 0);
	KT_ASSERT_EQ(order_n, 1); /* hi already ran */
	KT_ASSERT_EQ(thread_join(lo, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(thread_join(hi, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(order[0], 1);
	KT_ASSERT_EQ(order[1], 2);
}

/* A semaphore give from a less urgent context wakes the waiter immediately. */
KTEST(sched, wake_preempts_giver)
{
	struct thread *hi;

	KT_ASSERT_EQ(thread_create(&hi, "hi", wait_gate_then_record, (void *)7, MAIN_PRIO - 2), 0);
	KT_ASSERT_EQ(order_n, 0); /* blocked on the gate */
	KT_ASSERT_EQ(sem_give(&gate), 0);
	KT_ASSERT_EQ(order_n, 1); /* ran before sem_give returned */
	KT_ASSERT_EQ(thread_join(hi, NULL, TIMEOUT_FOREVER), 0);
}

/* Deadline threads of one level run earliest deadline first. */
KTEST(sched, edf_order_within_a_level)
{
	struct thread *t[3];
	uint64_t now = arch_counter();
	const uint64_t dl[3] = {now + 3000, now + 1000, now + 2000};

	for (int i = 0; i < 3; i++) {
		KT_ASSERT_EQ(
			thread_create(&t[i], "edf", record, (void *)(intptr_t)i, MAIN_PRIO + 1), 0);
		thread_set_deadline(t[i], dl[i]);
	}
	thread_sleep_us(1000); /* let the level run */
	KT_ASSERT_EQ(order_n, 3);
	KT_ASSERT_EQ(order[0], 1);
	KT_ASSERT_EQ(order[1], 2);
	KT_ASSERT_EQ(order[2], 0);
	for (int i = 0; i < 3; i++)
		KT_ASSERT_EQ(thread_join(t[i], NULL, TIMEOUT_FOREVER), 0);
}

static volatile uint32_t spins[2];
static volatile bool stop_spinning;

static void spin(void *arg)
{
	while (!stop_spinning)
		spins[(intptr_t)arg]++;
}

/* Two spinning threads of one level share it in time slices. */
KTEST(sched, round_robin_slices)
{
	struct thread *a, *b;
	uint32_t switches = sched_switch_count();

	if (board.irq_polled)
		KT_SKIP("the tick is polled on this board: spinning threads are never preempted");
	stop_spinning = false;
	spins[0] = spins[1] = 0;
	KT_ASSERT_EQ(thread_create(&a, "rr0", spin, (void *)0, MAIN_PRIO + 1), 0);
	KT_ASSERT_EQ(thread_create(&b, "rr1", spin, (void *)1, MAIN_PRIO + 1), 0);
	thread_sleep_us(30000); /* 30 ticks: six 5-tick slices */
	stop_spinning = true;
	KT_ASSERT_EQ(thread_join(a, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(thread_join(b, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_GT(spins[0], 1000);
	KT_ASSERT_GT(spins[1], 1000);
	KT_ASSERT_GE(sched_switch_count() - switches, 6);
}

static struct mutex pi_lock;
static volatile int pi_seen_prio;
static struct thread *pi_low;

static void pi_low_fn(void *arg)
{
	(void)arg;
	mutex_lock(&pi_lock, TIMEOUT_FOREVER);
	sem_take(&gate, TIMEOUT_FOREVER); /* hold the lock until main lets go */
	pi_seen_prio = thread_current()->prio;
	mutex_unlock(&pi_lock);
	pi_seen_prio = pi_seen_prio * 100 + thread_current()->prio;
}

static void pi_high_fn(void *arg)
{
	(void)arg;
	mutex_lock(&pi_lock, TIMEOUT_FOREVER);
	record((void *)9);
	mutex_unlock(&pi_lock);
}

/* The holder of a mutex runs at its most urgent waiter's priority, and drops back after. */
KTEST(sched, priority_inheritance)
{
	struct thread *high;

	mutex_init(&pi_lock);
	KT_ASSERT_EQ(thread_create(&pi_low, "pi-low", pi_low_fn, NULL, MAIN_PRIO - 1), 0);
	thread_set_priority(pi_low, MAIN_PRIO + 5); /* now it waits on the gate, holding the lock */
	KT_ASSERT(pi_lock.owner == pi_low);
	KT_ASSERT_EQ(pi_low->prio, MAIN_PRIO + 5);
	KT_ASSERT_EQ(thread_create(&high, "pi-high", pi_high_fn, NULL, MAIN_PRIO - 3), 0);
	KT_ASSERT_EQ(pi_low->prio, MAIN_PRIO - 3); /* boosted to the waiter's level */
	KT_ASSERT_EQ(pi_low->base_prio, MAIN_PRIO + 5);
	sem_give(&gate);
	KT_ASSERT_EQ(thread_join(high, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(thread_join(pi_low, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(pi_seen_prio, (MAIN_PRIO - 3) * 100 + MAIN_PRIO + 5);
	KT_ASSERT_EQ(order_n, 1);
	KT_ASSERT_EQ(mutex_unlock(&pi_lock), -EPERM);
}

KTEST(sched, sleep_and_timeouts)
{
	uint64_t t0 = arch_counter();
	struct thread *t;

	thread_sleep_us(3000);
	KT_ASSERT_GE(arch_counter() - t0, timer_us_to_cycles(3000));
	KT_ASSERT_LT(arch_counter() - t0, timer_us_to_cycles(4000));
	KT_ASSERT_EQ(sem_take(&gate, 2000), -ETIMEDOUT);
	KT_ASSERT_EQ(sem_take(&gate, TIMEOUT_NO_WAIT), -ETIMEDOUT);
	KT_ASSERT_EQ(thread_create(&t, "blocked", wait_gate_then_record, NULL, MAIN_PRIO + 1), 0);
	KT_ASSERT_EQ(thread_join(t, NULL, 2000), -ETIMEDOUT);
	sem_give(&gate);
	KT_ASSERT_EQ(thread_join(t, NULL, TIMEOUT_FOREVER), 0);
}

KTEST(sched, semaphore_limit)
{
	struct sem s;

	sem_init(&s, 0, 2);
	KT_ASSERT_EQ(sem_give(&s), 0);
	KT_ASSERT_EQ(sem_give(&s), 0);
	KT_ASSERT_EQ(sem_give(&s), -EOVERFLOW);
	KT_ASSERT_EQ(sem_take(&s, TIMEOUT_NO_WAIT), 0);
	KT_ASSERT_EQ(sem_take(&s, TIMEOUT_NO_WAIT), 0);
	KT_ASSERT_EQ(sem_take(&s, TIMEOUT_NO_WAIT), -ETIMEDOUT);
}

KTEST(sched, per_thread_statistics)
{
	struct thread *t;
	struct thread_stats st;

	if (board.irq_polled)
		KT_SKIP("the tick is polled on this board: spinning threads are never preempted");
	stop_spinning = false;
	KT_ASSERT_EQ(thread_create(&t, "stats", spin, (void *)0, MAIN_PRIO + 1), 0);
	thread_sleep_us(2000);
	thread_get_stats(t, &st);
	KT_ASSERT_GE(st.switches, 1);
	KT_ASSERT_GT(st.run_time, timer_us_to_cycles(1000));
	stop_spinning = true;
	KT_ASSERT_EQ(thread_join(t, NULL, TIMEOUT_FOREVER), 0);
}
