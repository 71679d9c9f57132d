/* SPDX-License-Identifier: MIT */
/*
 * System call handlers. Each sys_x() decodes and checks its arguments —
 * user pointers through uaccess, handles through the caller's table — and
 * changes nothing until all checks passed; then it calls the kernel
 * function x() that kernel code uses too.
 */
#include <stdio.h>

#include "kernel/arch.h"
#include "kernel/domain.h"
#include "kernel/errno.h"
#include "kernel/fault.h"
#include "kernel/futex.h"
#include "kernel/mutex.h"
#include "kernel/sem.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"

#define LOG_MAX_LEN   128 /* bytes one sys_log prints */
#define LOG_BURST     8	  /* lines a thread may log back to back ... */
#define LOG_REFILL_MS 100 /* ... then one more per this many ms */

/*
 * Every handler has the dispatch table's six-register signature and uses
 * the registers its call defines; the rest are ignored by design.
 */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define SYSCALL_DEFINE(name)                                                             \
	long sys_##name(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, \
			uint32_t a5)

static uint64_t timeout_arg(uint32_t lo, uint32_t hi)
{
	return (uint64_t)hi << 32 | lo;
}

static struct domain *caller_domain(void)
{
	return thread_current()->domain;
}

static SYSCALL_DEFINE(null)
{
	return 0;
}

static SYSCALL_DEFINE(thread_exit)
{
	thread_exit((int)a0);
}

static SYSCALL_DEFINE(yield)
{
	sched_yield();
	return 0;
}

static SYSCALL_DEFINE(sleep_us)
{
	thread_sleep_us(timeout_arg(a0, a1));
	return 0;
}

/* A token bucket per thread would need state; one per domain is enough and cheaper. */
static SYSCALL_DEFINE(log)
{
	struct thread *t = thread_current();
	char buf[LOG_MAX_LEN];
	size_t len = a1 < sizeof(buf) ? a1 : sizeof(buf);
	uint64_t now = arch_counter(), refill = timer_us_to_cycles(LOG_REFILL_MS * 1000u);
	int rc;

	rc = copy_from_user(buf, a0, len);
	if (rc)
		return rc;
	if (now - t->log_last >= refill * LOG_BURST)
		t->log_tokens = LOG_BURST;
	else if (now - t->log_last >= refill && t->log_tokens < LOG_BURST)
		t->log_tokens++;
	if (!t->log_tokens) {
		t->log_dropped++;
		return -EAGAIN;
	}
	t->log_tokens--;
	t->log_last = now;
	printf("[%s] %.*s\n", t->name, (int)len, buf);
	return (long)len;
}

static SYSCALL_DEFINE(thread_stats)
{
	struct thread_stats st;

	thread_get_stats(thread_current(), &st);
	return copy_to_user(a0, &st, sizeof(st));
}

static SYSCALL_DEFINE(sem_take)
{
	int err;
	struct kobj *o = obj_lookup(caller_domain(), (int)a0, KOBJ_SEM, RIGHT_WAIT, &err);
	long rc;

	if (!o)
		return err;
	rc = sem_take((struct sem *)o, timeout_arg(a1, a2));
	kobj_put(o);
	return rc;
}

static SYSCALL_DEFINE(sem_give)
{
	int err;
	struct kobj *o = obj_lookup(caller_domain(), (int)a0, KOBJ_SEM, RIGHT_SIGNAL, &err);
	long rc;

	if (!o)
		return err;
	rc = sem_give((struct sem *)o);
	kobj_put(o);
	return rc;
}

static SYSCALL_DEFINE(mutex_lock)
{
	int err;
	struct kobj *o = obj_lookup(caller_domain(), (int)a0, KOBJ_MUTEX, RIGHT_WAIT, &err);
	long rc;

	if (!o)
		return err;
	rc = mutex_lock((struct mutex *)o, timeout_arg(a1, a2));
	kobj_put(o);
	return rc;
}

static SYSCALL_DEFINE(mutex_unlock)
{
	int err;
	struct kobj *o = obj_lookup(caller_domain(), (int)a0, KOBJ_MUTEX, RIGHT_SIGNAL, &err);
	long rc;

	if (!o)
		return err;
	rc = mutex_unlock((struct mutex *)o);
	kobj_put(o);
	return rc;
}

static SYSCALL_DEFINE(futex_wait)
{
	paddr_t word;
	int rc = uaccess_word(a0, &word);

	if (rc)
		return rc;
	return futex_wait(word, a1, timeout_arg(a2, a3));
}

static SYSCALL_DEFINE(futex_wake)
{
	paddr_t word;
	int rc = uaccess_word(a0, &word);

	if (rc)
		return rc;
	return futex_wake(word, a1);
}

static SYSCALL_DEFINE(handle_revoke)
{
	return obj_revoke(caller_domain(), (int)a0);
}

SYSCALL_DEFINE(bad_number)
{
	fault_user_syscall(FAULT_BAD_SYSCALL, 0);
	return -ENOSYS;
}

#define SYSCALL_ENTRY(num, name, nargs) [num] = sys_##name,
const syscall_fn syscall_table[SYSCALL_NR] = {SYSCALL_LIST(SYSCALL_ENTRY)};
const uint32_t syscall_count = SYSCALL_NR;

void syscall_exit_work(void)
{
	arch_irq_unlock(0);
	thread_check_killed();
	sched_preempt_point();
	arch_irq_lock();
}
