/* SPDX-License-Identifier: MIT */
/*
 * Threads: kernel threads, and user threads that run unprivileged in a
 * memory domain. Every thread has its own kernel stack; a user thread also
 * has a user stack with an unmapped guard page below it.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <arch/context.h>

#include "kernel/mem.h"
#include "kernel/object.h"
#include "kernel/sched.h"
#include "kernel/timer.h"
#include "kernel/upcall.h"

#define THREAD_MAX	    64
#define THREAD_NAME_MAX	    16
#define THREAD_KSTACK_PAGES 2
#define THREAD_USTACK_MIN   PAGE_SIZE
#define THREAD_LOG_BURST    8 /* sys_log lines a thread may print back to back */

struct domain;
struct mutex;
struct upcall_call;

enum thread_state {
	THREAD_UNUSED,
	THREAD_READY,
	THREAD_RUNNING,
	THREAD_BLOCKED,
	THREAD_DEAD, /* exited or killed; waits to be joined */
};

struct thread_stats {
	uint64_t run_time; /* counter ticks spent running */
	uint32_t switches; /* times switched in */
	uint32_t syscalls; /* system calls made */
	uint32_t upcalls;  /* upcalls made (kernel/upcall.h); not seen by user code */
};

/* What the thread_stats system call copies out: struct sot_thread_stats. */
#define THREAD_STATS_USER_SIZE offsetof(struct thread_stats, upcalls)
_Static_assert(THREAD_STATS_USER_SIZE == 16, "the SDK's struct sot_thread_stats");

struct thread {
	struct arch_context ctx;
	uint32_t nsyscalls; /* counted by the arch system call entry: must follow ctx */
	struct kobj obj;    /* reachable through handles */
	enum thread_state state;
	char name[THREAD_NAME_MAX];
	uint8_t base_prio; /* as set */
	uint8_t prio;	   /* effective: raised by priority inheritance */
	uint64_t deadline; /* absolute counter value, 0 = none */
	unsigned int slice;

	struct thread *next; /* ready queue or wait queue link */
	struct waitq *wq;    /* the wait queue it blocks on */
	int wake_result;
	bool blocked_on_mutex;	/* wq is a kernel mutex's (priority inheritance follows it) */
	struct timeout timeout; /* block timeout */
	struct mutex *mutexes;	/* kernel mutexes it holds (inheritance, release on kill) */
	paddr_t futex_key;	/* the word it sleeps on in futex_wait() */
	uint64_t log_last;	/* sys_log rate limit: last line, tokens left, lines dropped */
	unsigned int log_tokens;
	unsigned int log_dropped;

	struct domain *domain;	    /* NULL: kernel thread; an upcall's while in one */
	struct upcall_call *upcall; /* the upcall in progress (kernel/upcall.c), or NULL */
	struct upcall_checked upcall_checked;
	paddr_t kstack;
	paddr_t ustack;	     /* guard + stack pages */
	size_t ustack_size;  /* without the guard */
	size_t ustack_guard; /* guard bytes below the stack */

	void (*entry)(void *arg);
	void *arg;
	vaddr_t uentry;
	uintptr_t uarg;

	int exit_code;
	bool killed;
	struct waitq joiners;
	struct thread_stats stats;
	uint64_t run_since;
};

_Static_assert(offsetof(struct thread, nsyscalls) == ARCH_CONTEXT_SIZE, "syscall counter");

/* Create a ready kernel thread running @fn(@arg) at priority @prio. 0, -EINVAL, -ENOMEM, -EAGAIN. */
int thread_create(struct thread **out, const char *name, void (*fn)(void *), void *arg, int prio);

/*
 * Create a ready user thread in @d: it enters user mode at @entry with
 * @arg in the first argument register and a fresh @stack_size user stack
 * (a guard page below it stays unmapped). The thread holds a reference on
 * nothing in @d: the caller keeps @d alive while it runs.
 */
int thread_create_user(struct thread **out, const char *name, struct domain *d, vaddr_t entry,
		       uintptr_t arg, size_t stack_size, int prio);

/* End the current thread with @code (in an upcall: end the upcall, kernel/upcall.h). */
__attribute__((noreturn)) void thread_exit(int code);

/*
 * Wait for @t to end, collect its exit code and free it. 0, -EINVAL (it is
 * the caller), -ETIMEDOUT after @timeout_us (TIMEOUT_FOREVER: no limit).
 */
int thread_join(struct thread *t, int *code, uint64_t timeout_us);

/* The running thread. */
struct thread *thread_current(void);

void thread_sleep_us(uint64_t us);
void thread_set_priority(struct thread *t, int prio);

/* Give @t an absolute deadline (counter ticks; 0 clears): EDF within its level. */
void thread_set_deadline(struct thread *t, uint64_t deadline);

/*
 * Stop every thread of @d: they become DEAD with exit code @code, are taken
 * off every queue, and release the mutexes they hold. The caller may be one
 * of them (it is stopped when it next leaves the kernel). A thread in an
 * upcall into @d is not stopped: its upcall ends with UPCALL_KILLED.
 */
void thread_kill_domain(struct domain *d, int code);

/* Called on the way back to user mode: a killed thread (or its upcall) ends here. */
void thread_check_killed(void);

/* Set up the thread table; the boot context becomes "main". */
void thread_init(void);

/* Statistics of @t (run time includes the current slice if it is running). */
void thread_get_stats(const struct thread *t, struct thread_stats *st);

/* Look a thread up by its index in the table (shell, tests); NULL if unused. */
struct thread *thread_by_index(unsigned int i);

#endif /* KERNEL_THREAD_H */
