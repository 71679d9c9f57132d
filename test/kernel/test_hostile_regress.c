/* SPDX-License-Identifier: MIT */
/*
 * Regression tests for kernel bugs the hostile-syscall suite and the fuzzer
 * found, on the fixture of test/kernel/hostile.c. Each is named after the
 * bug it pins.
 */
#include <stdio.h>

#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/mutex.h"
#include "kernel/sched.h"
#include "kernel/sem.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "test/harness/ktest.h"
#include "test/kernel/hostile.h"

#define MAIN_PRIO HOSTILE_PRIO

KTEST_SUITE(hostile_regress, hostile_setup, hostile_teardown);

static void yield_in_handler(struct domain *d, struct thread *t, const struct fault_info *fi)
{
	hostile_on_user_fault(d, t, fi);
	sched_yield();
}

/*
 * Bug: a contained thread only ends on its way out of the system call if
 * sched_resched is still set then; any switch in between (a fault handler
 * that yields, or a time slice ending while the report prints) cleared it,
 * and the thread went back to user mode with the error and ran on.
 */
KTEST(hostile_regress, contained_thread_escaped_after_switch)
{
	static const struct arg args[6] = {IMM(0), IMM(0)};
	unsigned int i = hostile_add("bad number", NULL, SYSCALL_NR, args, 0);
	const struct arg stats[6] = {KDATA(0)};

	fault_set_handler(yield_in_handler);
	hostile_expect_contained(i, FAULT_BAD_SYSCALL, NULL);
	hfx.a.fault_on_bad_pointer = true;
	i = hostile_add("bad pointer", NULL, SYS_thread_stats, stats, 0);
	hostile_expect_contained(i, FAULT_BAD_POINTER, &stats[0]);
	hostile_finish();
}

/*
 * Bug (fixed by "killed threads unwind their calls"): thread_kill_domain()
 * ended a thread blocked in sem_take() where it slept, so sys_sem_take()
 * never dropped the reference its handle lookup took, and the semaphore
 * could never be freed. The woken thread must also end rather than return
 * to user mode (contained_thread_escaped_after_switch).
 */
KTEST(hostile_regress, kill_in_sem_take_leaked_reference)
{
	const struct arg take[6] = {HND(H_SEM), FOREVER};
	unsigned int refs = hfx.sem->obj.refs,
		     i = hostile_add("blocks", NULL, SYS_sem_take, take, 0);
	struct thread *t = hostile_start(&hfx.a, i, i + 1, MAIN_PRIO - 1);
	int code = 0;

	KT_ASSERT_EQ(t->state, THREAD_BLOCKED);
	KT_ASSERT_EQ(hfx.sem->obj.refs, refs + 1); /* the lookup's */
	thread_kill_domain(&hfx.a, -EINTR);
	KT_ASSERT_EQ(thread_join(t, &code, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(code, -EINTR);
	KT_ASSERT_EQ(hfx.sem->obj.refs, refs);
	hostile_finish();
}

/*
 * Bug (fixed with the one above): the same for a thread blocked in
 * mutex_lock(), which also left the owner running at the dead waiter's
 * inherited priority.
 */
KTEST(hostile_regress, kill_in_mutex_lock_leaked_reference_and_boost)
{
	const struct arg lock[6] = {HND(H_MUTEX), FOREVER};
	unsigned int refs = hfx.mutex->obj.refs,
		     i = hostile_add("blocks", NULL, SYS_mutex_lock, lock, 0);
	struct thread *self = thread_current(), *t;
	int boosted, after_kill, state, code = 0;

	/* Hold the mutex only between these lines: a failed assertion must not leave it held. */
	KT_ASSERT_EQ(mutex_lock(hfx.mutex, TIMEOUT_NO_WAIT), 0);
	t = hostile_start(&hfx.a, i, i + 1, MAIN_PRIO - 1);
	state = t->state;
	boosted = self->prio;
	thread_kill_domain(&hfx.a, -EINTR);
	thread_join(t, &code, TIMEOUT_FOREVER);
	after_kill = self->prio;
	KT_ASSERT_EQ(mutex_unlock(hfx.mutex), 0);

	KT_ASSERT_EQ(state, THREAD_BLOCKED);
	KT_ASSERT_EQ(boosted, MAIN_PRIO - 1);
	KT_ASSERT_EQ(code, -EINTR);
	KT_ASSERT_EQ(after_kill, MAIN_PRIO);
	KT_ASSERT_EQ(hfx.mutex->obj.refs, refs);
	hostile_finish();
}

/*
 * Bug: a mutex's owner held no reference to it. Revoking the last handle of
 * a held mutex freed it while it was still on the owner's list of held
 * mutexes, and the owner's exit then wrote to the freed kernel heap block.
 */
KTEST(hostile_regress, revoked_held_mutex_was_freed)
{
	static const struct row seq[] = {
		ROW(mutex_lock, 0, "take it", HND(H_TEMP), NO_WAIT),
		ROW(handle_revoke, 0, "give up the last handle", HND(H_TEMP)),
		ROW(sem_take, 0, "pause", HND(H_SEM), FOREVER),
		ROW(mutex_unlock, -EBADF, "too late", HND(H_TEMP)),
	};
	unsigned int live = kobj_live(KOBJ_MUTEX), i = hfx.nxc, alive;
	struct mutex *m = mutex_create();
	struct thread *t;

	KT_ASSERT(m != NULL);
	hfx.h[H_TEMP] = hostile_grant(&hfx.a, &m->obj, RIGHT_ALL);
	kobj_put(&m->obj); /* the handle is the only reference now */
	hostile_add_rows(seq, ARRAY_SIZE(seq));
	t = hostile_start(&hfx.a, i, hfx.nxc, MAIN_PRIO - 1);
	alive = kobj_live(KOBJ_MUTEX); /* held by the paused thread */
	KT_ASSERT_EQ(sem_give(hfx.sem), 0);
	KT_ASSERT_EQ(hostile_join(t, i, hfx.nxc), 0);
	for (unsigned int k = 0; k < ARRAY_SIZE(seq); k++)
		KT_ASSERT_EQ(HS.calls[i + k].rc, seq[k].expect);
	KT_ASSERT_EQ(alive, live + 1);
	KT_ASSERT_EQ(kobj_live(KOBJ_MUTEX), live); /* gone with its owner */
	hostile_finish();
}

/*
 * Bug: timer_us_to_cycles() wrapped for timeouts past 2^64 counter cycles,
 * so a timeout of thousands of years, (2^64 / counter Hz + 1) seconds,
 * became one of under a second: sem_take() timed out and sleep_us() woke up.
 */
KTEST(hostile_regress, huge_timeout_wrapped)
{
	uint64_t us = (UINT64_MAX / arch_counter_freq() + 1) * 1000000u;
	uint64_t cycles = timer_us_to_cycles(us), deadline = timer_deadline(us);
	/* Just past where a wrapped timeout would end (idle is busy on polled boards: keep it short). */
	uint64_t wait_us = cycles < UINT64_MAX / 2 ? timer_cycles_to_us(cycles) + 10000 : 10000;
	const struct arg take[6] = {HND(H_SEM), IMM(us), IMM(us >> 32)};
	const struct arg sleep[6] = {IMM(us), IMM(us >> 32)};
	unsigned int i = hostile_add("thousands of years", NULL, SYS_sem_take, take, 0);
	struct thread *t1, *t2;
	int32_t rc_take, rc_sleep;

	hostile_add("thousands of years", NULL, SYS_sleep_us, sleep, 0);
	t1 = hostile_start(&hfx.a, i, i + 1, MAIN_PRIO - 1);
	t2 = hostile_start(&hfx.a, i + 1, i + 2, MAIN_PRIO - 1);
	thread_sleep_us(wait_us);
	rc_take = HS.calls[i].rc;
	rc_sleep = HS.calls[i + 1].rc;
	KT_ASSERT_EQ(sem_give(hfx.sem), 0);
	KT_ASSERT_EQ(hostile_join(t1, i, i + 1), 0);
	thread_kill_domain(&hfx.a, -EINTR);
	KT_ASSERT_EQ(thread_join(t2, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(rc_take, HOSTILE_RC_UNSET);
	KT_ASSERT_EQ(rc_sleep, HOSTILE_RC_UNSET);
	KT_ASSERT_EQ(HS.calls[i].rc, 0);
	KT_ASSERT(cycles >= UINT64_MAX / 2);
	KT_ASSERT(deadline == 0 || deadline - arch_counter() > UINT64_MAX / 2);
	hostile_finish();
}
