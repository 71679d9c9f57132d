/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: fixed priorities (0 most urgent .. SCHED_PRIO_LEVELS-1),
 * round-robin with a time slice inside a level, and earliest deadline first
 * among the threads of a level that carry a deadline (they run before the
 * level's other threads). Preemptive: a wake-up of a more urgent thread, or
 * the end of a slice, switches at the next interrupt exit or kernel exit.
 *
 * Blocking goes through wait queues; every *_locked function wants the
 * interrupt lock held (arch_irq_lock()).
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#define SCHED_PRIO_LEVELS 32
#define SCHED_PRIO_IDLE	  SCHED_PRIO_LEVELS /* the idle thread's own level */
#define SCHED_SLICE_TICKS 5

struct thread;

/* Threads waiting for something, most urgent first. */
struct waitq {
	struct thread *head;
};

#define WAITQ_INIT   \
	{            \
		NULL \
	}

/* Wake reasons a blocked thread sees. */
#define WAKE_OK	     0
#define WAKE_TIMEOUT (-ETIMEDOUT)
#define WAKE_KILLED  (-EINTR)

/* Set up the ready queues, adopt the boot context as thread "main", start idle. */
void sched_init(void);

/* True if @a should run before @b. */
bool sched_before(const struct thread *a, const struct thread *b);

/* Make @t ready (it must not be on any queue). */
void sched_ready_locked(struct thread *t);

/* Take @t off the ready queue. */
void sched_unready_locked(struct thread *t);

/* The current thread stops running (its state already says why): run the next. */
void sched_switch_locked(void);

/* Give the CPU to another ready thread of the same or a more urgent level. */
void sched_yield(void);

/*
 * Block the current thread on @wq until woken or until the counter reaches
 * @deadline (0: no timeout). Returns WAKE_OK, WAKE_TIMEOUT or WAKE_KILLED.
 */
int sched_block_locked(struct waitq *wq, uint64_t deadline);

/*
 * The same in two steps, for callers that must act once the thread is on
 * the queue but before it sleeps (priority inheritance): enqueue, then wait.
 */
void sched_enqueue_locked(struct waitq *wq);
int sched_wait_locked(uint64_t deadline);

/* Wake the most urgent waiter of @wq with @result; false if nobody waited. */
bool sched_wake_one_locked(struct waitq *wq, int result);

/* Wake @t, blocked on some queue, with @result. */
void sched_wake_thread_locked(struct thread *t, int result);

/* Wake every waiter; returns how many. */
int sched_wake_all_locked(struct waitq *wq, int result);

/* Remove @t from whatever wait queue holds it (kill, priority change). */
void sched_waitq_remove_locked(struct thread *t);

/* Re-sort @t after its effective priority or deadline changed. */
void sched_requeue_locked(struct thread *t);

/* Ask for a switch at the next opportunity (interrupt or kernel exit). */
void sched_request_resched(void);

/* Called at interrupt exit and on the way back to user mode. */
void sched_preempt_point(void);

/* Timer tick hook: time slices. */
void sched_tick(void);

/* Counters for tests and the shell. */
uint32_t sched_switch_count(void);

#endif /* KERNEL_SCHED_H */
