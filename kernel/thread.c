/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "kernel/arch.h"
#include "kernel/domain.h"
#include "kernel/errno.h"
#include "kernel/fault.h"
#include "kernel/mm.h"
#include "kernel/mutex.h"
#include "kernel/thread.h"
#include "kernel/upcall.h"

extern struct thread *sched_current;

static struct thread threads[THREAD_MAX];
static struct thread *idle_thread;

struct thread *thread_current(void)
{
	return sched_current;
}

struct thread *thread_by_index(unsigned int i)
{
	return i < THREAD_MAX && threads[i].state != THREAD_UNUSED ? &threads[i] : NULL;
}

/* The last reference to a thread object is gone: its slot can be reused. */
static void thread_release(struct kobj *obj)
{
	struct thread *t = (struct thread *)((char *)obj - offsetof(struct thread, obj));

	t->state = THREAD_UNUSED;
}

static struct thread *slot_alloc(const char *name, int prio)
{
	unsigned long key = arch_irq_lock();
	struct thread *t = NULL;

	for (unsigned int i = 0; i < THREAD_MAX; i++) {
		if (threads[i].state == THREAD_UNUSED) {
			t = &threads[i];
			memset(t, 0, sizeof(*t));
			t->state = THREAD_DEAD; /* claimed, not runnable yet */
			break;
		}
	}
	arch_irq_unlock(key);
	if (!t)
		return NULL;
	strncpy(t->name, name, sizeof(t->name) - 1);
	t->base_prio = t->prio = (uint8_t)prio;
	t->log_tokens = THREAD_LOG_BURST; /* a full burst of sys_log lines from the start */
	kobj_init(&t->obj, KOBJ_THREAD, thread_release);
	return t;
}

/* Give back what a dead thread still holds (its stacks). */
static void thread_free_stacks(struct thread *t)
{
	if (t->kstack)
		mm_page_free(t->kstack, THREAD_KSTACK_PAGES);
	if (t->ustack) {
		domain_remove_partition(t->domain, t->ustack + t->ustack_guard);
		mm_page_free(t->ustack, (t->ustack_guard + t->ustack_size) / PAGE_SIZE);
	}
	t->kstack = t->ustack = 0;
}

/* First code of every new thread: interrupts are still masked from the switch. */
static void thread_start(void)
{
	struct thread *t = sched_current;

	arch_irq_unlock(0);
	thread_check_killed(); /* killed before it ever ran */
	if (t->domain)
		arch_user_enter(t->uentry, t->uarg, 0,
				domain_va(t->ustack + t->ustack_guard + t->ustack_size));
	t->entry(t->arg);
	thread_exit(0);
}

static int start_thread(struct thread *t)
{
	unsigned long key;

	t->kstack = mm_page_alloc_raw(THREAD_KSTACK_PAGES, 1); /* never read before written */
	if (!t->kstack)
		return -ENOMEM;
	arch_context_init(&t->ctx, t->kstack + THREAD_KSTACK_PAGES * PAGE_SIZE, thread_start);
	key = arch_irq_lock();
	if (t->domain)
		t->domain->nthreads++;
	sched_ready_locked(t);
	arch_irq_unlock(key);
	sched_preempt_point();
	return 0;
}

static int check_prio(int prio)
{
	return prio < 0 || prio >= SCHED_PRIO_LEVELS ? -EINVAL : 0;
}

int thread_create(struct thread **out, const char *name, void (*fn)(void *), void *arg, int prio)
{
	struct thread *t;
	int rc;

	if (check_prio(prio) || !fn)
		return -EINVAL;
	t = slot_alloc(name, prio);
	if (!t)
		return -EAGAIN;
	t->entry = fn;
	t->arg = arg;
	*out = t;
	rc = start_thread(t);
	if (rc)
		kobj_put(&t->obj);
	return rc;
}

int thread_create_user(struct thread **out, const char *name, struct domain *d, vaddr_t entry,
		       uintptr_t arg, size_t stack_size, int prio)
{
	size_t align, guard;
	struct thread *t;
	int rc;

	if (check_prio(prio) || !d || stack_size < THREAD_USTACK_MIN)
		return -EINVAL;
	align = arch_as_align(stack_size);
	stack_size = mem_align_up(stack_size, align);
	guard = align; /* the block below the stack is never mapped anywhere */
	t = slot_alloc(name, prio);
	if (!t)
		return -EAGAIN;
	t->ustack = mm_page_alloc_raw((guard + stack_size) / PAGE_SIZE, align / PAGE_SIZE);
	rc = t->ustack ? 0 : -ENOMEM;
	if (!rc) {
		/* Whatever the pages held before must not reach the new thread. */
		memset((void *)(t->ustack + guard), 0, stack_size);
		t->ustack_size = stack_size;
		t->ustack_guard = guard;
		rc = domain_add_partition(d, t->ustack + guard, stack_size, MEM_RW | MEM_USER);
		if (rc) {
			mm_page_free(t->ustack, (guard + stack_size) / PAGE_SIZE);
			t->ustack = 0;
		}
	}
	t->domain = d;
	t->uentry = entry;
	t->uarg = arg;
	if (!rc)
		rc = start_thread(t);
	if (rc) {
		thread_free_stacks(t);
		kobj_put(&t->obj);
		return rc;
	}
	*out = t;
	return 0;
}

/* Mark @t dead and wake its joiners. Caller holds the irq lock. */
static void die_locked(struct thread *t, int code)
{
	if (t->state == THREAD_READY)
		sched_unready_locked(t);
	else if (t->state == THREAD_BLOCKED) {
		sched_waitq_remove_locked(t);
		timeout_cancel(&t->timeout);
	}
	mutex_release_all_locked(t);
	t->exit_code = code;
	t->state = THREAD_DEAD;
	if (t->domain)
		t->domain->nthreads--;
	sched_wake_all_locked(&t->joiners, WAKE_OK);
}

void thread_exit(int code)
{
	if (sched_current->upcall)
		upcall_exit(code);
	arch_irq_lock();
	die_locked(sched_current, code);
	sched_switch_locked();
	panic("thread: a dead thread ran again");
}

int thread_join(struct thread *t, int *code, uint64_t timeout_us)
{
	uint64_t deadline = timer_deadline(timeout_us);
	unsigned long key;
	int rc = 0;

	if (t == sched_current)
		return -EINVAL;
	key = arch_irq_lock();
	while (t->state != THREAD_DEAD && !rc) {
		if (timeout_us == TIMEOUT_NO_WAIT)
			rc = WAKE_TIMEOUT;
		else
			rc = sched_block_locked(&t->joiners, deadline);
	}
	if (rc) {
		arch_irq_unlock(key);
		return rc == WAKE_TIMEOUT ? -ETIMEDOUT : rc;
	}
	arch_irq_unlock(key);
	if (code)
		*code = t->exit_code;
	thread_free_stacks(t);
	kobj_put(&t->obj);
	return 0;
}

void thread_sleep_us(uint64_t us)
{
	uint64_t deadline = timer_deadline(us); /* 0: never */
	unsigned long key = arch_irq_lock();

	while (!deadline || arch_counter() < deadline) {
		int rc = sched_block_locked(NULL, deadline);

		if (rc == WAKE_KILLED || rc == -EAGAIN) /* killed, or in a no-block upcall */
			break;
	}
	arch_irq_unlock(key);
}

void thread_set_priority(struct thread *t, int prio)
{
	unsigned long key;

	if (check_prio(prio))
		return;
	key = arch_irq_lock();
	t->base_prio = (uint8_t)prio;
	mutex_update_prio_locked(t);
	arch_irq_unlock(key);
	sched_preempt_point();
}

void thread_set_deadline(struct thread *t, uint64_t deadline)
{
	unsigned long key = arch_irq_lock();

	if (t->state == THREAD_READY)
		sched_unready_locked(t);
	t->deadline = deadline;
	if (t->state == THREAD_READY)
		sched_ready_locked(t);
	else
		sched_requeue_locked(t);
	arch_irq_unlock(key);
	sched_preempt_point();
}

/*
 * Killed threads end themselves, so that each unwinds what it holds (object
 * references of a system call in progress, mutexes): a blocked one is woken
 * with WAKE_KILLED and returns -EINTR through its call; every one ends at
 * its next exit from the kernel (system call or interrupt) towards user mode.
 */
void thread_kill_domain(struct domain *d, int code)
{
	unsigned long key = arch_irq_lock();

	for (unsigned int i = 0; i < THREAD_MAX; i++) {
		struct thread *t = &threads[i];

		if (t->domain != d || t->state == THREAD_UNUSED || t->state == THREAD_DEAD ||
		    t->killed)
			continue;
		if (t->upcall) {
			upcall_abort_locked(t, UPCALL_KILLED);
			continue;
		}
		t->killed = true;
		t->exit_code = code;
		if (t->state == THREAD_BLOCKED)
			sched_wake_thread_locked(t, WAKE_KILLED);
		if (t == sched_current)
			sched_request_resched();
	}
	arch_irq_unlock(key);
}

void thread_get_stats(const struct thread *t, struct thread_stats *st)
{
	unsigned long key = arch_irq_lock();

	*st = t->stats;
	st->syscalls = t->nsyscalls;
	if (t == sched_current)
		st->run_time += arch_counter() - t->run_since;
	arch_irq_unlock(key);
}

void thread_check_killed(void)
{
	if (!sched_current->killed)
		return;
	if (sched_current->upcall)
		upcall_end_killed();
	thread_exit(sched_current->exit_code);
}

static void idle_loop(void *arg)
{
	(void)arg;
	for (;;) {
		unsigned long key = arch_irq_lock();

		arch_idle();
		arch_irq_unlock(key);
		sched_preempt_point();
	}
}

void thread_init(void)
{
	struct thread *main = slot_alloc("main", SCHED_PRIO_LEVELS / 2);

	main->state = THREAD_RUNNING;
	main->run_since = arch_counter();
	sched_current = main;
	idle_thread = slot_alloc("idle", SCHED_PRIO_LEVELS - 1);
	idle_thread->base_prio = idle_thread->prio = SCHED_PRIO_IDLE;
	idle_thread->entry = idle_loop;
	if (start_thread(idle_thread))
		panic("thread: no memory for the idle thread");
}
