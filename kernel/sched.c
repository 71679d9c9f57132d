/* SPDX-License-Identifier: MIT */
/*
 * Ready queues: one list per level, kept in run order (deadline threads by
 * deadline, then the rest first-come first-served), and a bitmap of the
 * non-empty levels. The idle thread lives on its own extra level.
 */
#include <stddef.h>

#include "kernel/arch.h"
#include "kernel/domain.h"
#include "kernel/errno.h"
#include "kernel/fault.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/upcall.h"

#define LEVELS (SCHED_PRIO_LEVELS + 1)

static struct thread *ready[LEVELS];
static uint32_t ready_bits;	/* non-empty levels 0..31; the idle level is never marked */
volatile uint8_t sched_resched; /* a switch is due: the system call exit checks it */
static uint32_t nswitches;

struct thread *sched_current; /* the running thread (thread.c reads it) */

static inline bool before(const struct thread *a, const struct thread *b)
{
	if (a->prio != b->prio)
		return a->prio < b->prio;
	if (a->deadline && b->deadline)
		return a->deadline < b->deadline;
	return a->deadline && !b->deadline;
}

bool sched_before(const struct thread *a, const struct thread *b)
{
	return before(a, b);
}

/* Insert @t into list @head after every thread that runs before it or ties with it. */
static void list_insert(struct thread **head, struct thread *t)
{
	struct thread **pp = head;

	while (*pp && !before(t, *pp))
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
}

static bool list_remove(struct thread **head, struct thread *t)
{
	for (struct thread **pp = head; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			t->next = NULL;
			return true;
		}
	}
	return false;
}

void sched_ready_locked(struct thread *t)
{
	t->state = THREAD_READY;
	list_insert(&ready[t->prio], t);
	if (t->prio < SCHED_PRIO_LEVELS)
		ready_bits |= 1u << t->prio;
	if (sched_current && t != sched_current && before(t, sched_current))
		sched_resched = true;
}

void sched_unready_locked(struct thread *t)
{
	list_remove(&ready[t->prio], t);
	if (!ready[t->prio] && t->prio < SCHED_PRIO_LEVELS)
		ready_bits &= ~(1u << t->prio);
}

static struct thread *pick_locked(void)
{
	/* The idle thread is always ready on its own level. */
	return ready[ready_bits ? __builtin_ctz(ready_bits) : SCHED_PRIO_IDLE];
}

void sched_switch_locked(void)
{
	struct thread *prev = sched_current, *next;
	uint64_t now;

	if (prev->state == THREAD_RUNNING)
		sched_ready_locked(prev);
	next = pick_locked();
	sched_unready_locked(next);
	next->state = THREAD_RUNNING;
	sched_resched = next->killed; /* a killed thread must still take its exit work */
	if (next == prev)
		return;
	now = arch_counter();
	prev->stats.run_time += now - prev->run_since;
	next->run_since = now;
	next->stats.switches++;
	next->slice = SCHED_SLICE_TICKS;
	nswitches++;
	/* Kernel threads run in whatever address space is loaded. */
	if (next->domain && next->domain != prev->domain)
		arch_as_switch(next->domain->as);
	sched_current = next;
	arch_context_switch(&prev->ctx, &next->ctx);
}

void sched_yield(void)
{
	unsigned long key = arch_irq_lock();

	sched_switch_locked();
	arch_irq_unlock(key);
}

static void block_timeout(struct timeout *to)
{
	struct thread *t = (struct thread *)((char *)to - offsetof(struct thread, timeout));

	if (t->state != THREAD_BLOCKED)
		return;
	sched_waitq_remove_locked(t);
	t->wake_result = WAKE_TIMEOUT;
	sched_ready_locked(t);
}

void sched_enqueue_locked(struct waitq *wq)
{
	struct thread *t = sched_current;

	t->state = THREAD_BLOCKED;
	t->wq = wq;
	t->wake_result = WAKE_OK;
	if (wq)
		list_insert(&wq->head, t);
}

int sched_wait_locked(uint64_t deadline)
{
	struct thread *t = sched_current;

	if (t->killed) {
		sched_waitq_remove_locked(t);
		t->state = THREAD_RUNNING;
		return WAKE_KILLED;
	}
	if (deadline)
		timeout_arm(&t->timeout, deadline, block_timeout);
	sched_switch_locked();
	if (deadline)
		timeout_cancel(&t->timeout);
	return t->wake_result;
}

int sched_block_locked(struct waitq *wq, uint64_t deadline)
{
	/* Code the LL tick upcalls must not stop the tick (docs/kernel.md "Upcalls"). */
	if (sched_current && upcall_no_block(sched_current))
		return -EAGAIN;
	sched_enqueue_locked(wq);
	return sched_wait_locked(deadline);
}

void sched_waitq_remove_locked(struct thread *t)
{
	if (t->wq)
		list_remove(&t->wq->head, t);
	t->wq = NULL;
}

void sched_wake_thread_locked(struct thread *t, int result)
{
	sched_waitq_remove_locked(t);
	t->wake_result = result;
	sched_ready_locked(t);
}

bool sched_wake_one_locked(struct waitq *wq, int result)
{
	if (!wq->head)
		return false;
	sched_wake_thread_locked(wq->head, result);
	return true;
}

int sched_wake_all_locked(struct waitq *wq, int result)
{
	int n = 0;

	while (sched_wake_one_locked(wq, result))
		n++;
	return n;
}

void sched_requeue_locked(struct thread *t)
{
	if (t->state == THREAD_READY) {
		sched_unready_locked(t);
		sched_ready_locked(t);
	} else if (t->state == THREAD_BLOCKED && t->wq) {
		list_remove(&t->wq->head, t);
		list_insert(&t->wq->head, t);
	} else if (t->state == THREAD_RUNNING) {
		struct thread *first = pick_locked();

		if (first && before(first, t))
			sched_resched = true;
	}
}

void sched_request_resched(void)
{
	sched_resched = true;
}

void sched_preempt_point(void)
{
	unsigned long key;

	if (!sched_resched)
		return;
	key = arch_irq_lock();
	if (sched_resched)
		sched_switch_locked();
	arch_irq_unlock(key);
}

/* Round-robin: a thread without a deadline shares its level in slices; upcall budgets. */
void sched_tick(void)
{
	struct thread *t = sched_current;

	upcall_tick();
	if (!t || t->deadline || t->prio == SCHED_PRIO_IDLE)
		return;
	if (t->slice && --t->slice)
		return;
	if (ready[t->prio])
		sched_resched = true;
	t->slice = SCHED_SLICE_TICKS;
}

uint32_t sched_switch_count(void)
{
	return nswitches;
}
