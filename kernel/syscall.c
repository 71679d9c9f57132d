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
#include "kernel/ktimer.h"
#include "kernel/msgq.h"
#include "kernel/mutex.h"
#include "kernel/sem.h"
#include "kernel/sys_module.h"
#include "kernel/syscall.h"
#include "kernel/syscall_nr.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"
#include "kernel/upcall.h"

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
	uint64_t us = timeout_arg(a0, a1);

	if (us && upcall_no_block(thread_current()))
		return -EAGAIN; /* module code of the LL tick never sleeps */
	thread_sleep_us(us);
	return 0;
}

/* Rate limited per thread: a burst of LOG_BURST lines, then one per LOG_REFILL_MS. */
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
	/* Only printable bytes reach the console: no forged lines for the runner to believe. */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)buf[i] < ' ' || (unsigned char)buf[i] > '~')
			buf[i] = '.';
	printf("[%s] %.*s\n", t->name, (int)len, buf);
	return (long)len;
}

static SYSCALL_DEFINE(thread_stats)
{
	struct thread_stats st;

	thread_get_stats(thread_current(), &st);
	return copy_to_user(a0, &st, THREAD_STATS_USER_SIZE);
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

/*
 * A user buffer the call fills only later (after a wait): checked now,
 * before anything changes, with the same policy as copy_to_user().
 */
static int check_user_writable(vaddr_t va, size_t len)
{
	if (uaccess_ok(va, len, MEM_W))
		return 0;
	if (caller_domain()->fault_on_bad_pointer)
		fault_user_syscall(FAULT_BAD_POINTER, va);
	return -EFAULT;
}

/* The queue of handle @h if it grants @right and @len is its message size; NULL and *@err if not. */
static struct msgq *msgq_arg(uint32_t h, uint32_t right, uint32_t len, int *err)
{
	struct kobj *o = obj_lookup(caller_domain(), (int)h, KOBJ_MSGQ, right, err);

	if (o && len != msgq_msg_size((struct msgq *)o)) {
		kobj_put(o);
		*err = -EINVAL;
		return NULL;
	}
	return (struct msgq *)o;
}

/* The message is copied in once, into a bounce buffer, before the queue is touched. */
static SYSCALL_DEFINE(msgq_send)
{
	uint8_t msg[MSGQ_MSG_MAX];
	int err;
	struct msgq *q = msgq_arg(a0, RIGHT_WRITE, a2, &err);
	long rc;

	if (!q)
		return err;
	rc = copy_from_user(msg, a1, a2);
	if (!rc)
		rc = msgq_send(q, msg, timeout_arg(a3, a4));
	kobj_put(&q->obj);
	return rc;
}

/*
 * The buffer is checked before the wait but written only after it, from a
 * bounce buffer, with copy_to_user() checking again: the domain may have
 * changed while the thread slept. If that copy fails the message is lost
 * with the caller's memory, never delivered anywhere else.
 */
static SYSCALL_DEFINE(msgq_recv)
{
	uint8_t msg[MSGQ_MSG_MAX];
	int err;
	struct msgq *q = msgq_arg(a0, RIGHT_READ, a2, &err);
	long rc;

	if (!q)
		return err;
	rc = check_user_writable(a1, a2);
	if (!rc)
		rc = msgq_recv(q, msg, timeout_arg(a3, a4));
	if (!rc)
		rc = copy_to_user(a1, msg, a2);
	kobj_put(&q->obj);
	return rc;
}

static SYSCALL_DEFINE(timer_start)
{
	uint64_t first = timeout_arg(a1, a2);
	int err;
	struct kobj *o = obj_lookup(caller_domain(), (int)a0, KOBJ_TIMER, RIGHT_WRITE, &err);
	long rc;

	if (!o)
		return err;
	rc = ktimer_check(first, a3);
	if (!rc)
		rc = ktimer_start((struct ktimer *)o, first, a3);
	kobj_put(o);
	return rc;
}

static SYSCALL_DEFINE(timer_stop)
{
	int err;
	struct kobj *o = obj_lookup(caller_domain(), (int)a0, KOBJ_TIMER, RIGHT_WRITE, &err);

	if (!o)
		return err;
	ktimer_stop((struct ktimer *)o);
	kobj_put(o);
	return 0;
}

static SYSCALL_DEFINE(timer_wait)
{
	int err;
	struct kobj *o = obj_lookup(caller_domain(), (int)a0, KOBJ_TIMER, RIGHT_WAIT, &err);
	long rc;

	if (!o)
		return err;
	rc = ktimer_wait((struct ktimer *)o, timeout_arg(a1, a2));
	kobj_put(o);
	return rc;
}

SYSCALL_DEFINE(bad_number)
{
	fault_user_syscall(FAULT_BAD_SYSCALL, 0);
	return -ENOSYS;
}

#define SYSCALL_ENTRY(num, name, nargs) [num] = sys_##name,
const syscall_fn syscall_table[SYSCALL_NR] = {SYSCALL_LIST(SYSCALL_ENTRY)};
_Static_assert(SYSCALL_NR == SYSCALL_COUNT, "update SYSCALL_COUNT in kernel/syscall_nr.h");

/*
 * Until the thread leaves with interrupts masked and no kill (or upcall end)
 * pending: one that came while it was switched away here is taken now, not
 * at some later exit.
 */
void syscall_exit_work(void)
{
	do {
		arch_irq_unlock(0);
		thread_check_killed();
		sched_preempt_point();
		arch_irq_lock();
	} while (thread_current()->killed);
}
