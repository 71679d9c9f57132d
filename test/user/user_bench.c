/* SPDX-License-Identifier: MIT */
/*
 * User-mode halves of the kernel benchmarks (test/bench/bench_kernel.c).
 * Each measures with the cycle counter, which counts instructions under
 * -icount, and leaves its figure in utest_shared.result[]; the loop's own
 * cost is measured alongside and taken off.
 */
#include <sotto/sync.h>

#include "test/user/user_progs.h"

#define N 256

/* Instructions of an empty N-iteration loop like the measured ones. */
static uint32_t loop_cost(void)
{
	uint32_t t = sot_cycles();

	for (volatile int i = 0; i < N; i++)
		;
	return sot_cycles() - t;
}

void ub_syscall_null(uintptr_t unused)
{
	uint32_t base = loop_cost(), t;

	(void)unused;
	t = sot_cycles();
	for (volatile int i = 0; i < N; i++)
		sot_sys_null();
	utest_shared.result[0] = (sot_cycles() - t - base) / N;
	sot_exit(0);
}

/* A handle-checked call that does nothing else: take an empty semaphore, no wait. */
void ub_syscall_obj(uintptr_t handle)
{
	uint32_t base = loop_cost(), t;

	t = sot_cycles();
	for (volatile int i = 0; i < N; i++)
		sot_sem_take((int)handle, SOT_TIMEOUT_NO_WAIT);
	utest_shared.result[1] = (sot_cycles() - t - base) / N;
	sot_exit(0);
}

/* sem_give on a kernel semaphore nobody waits for. */
void ub_sem_give(uintptr_t handle)
{
	uint32_t base = loop_cost(), t;

	t = sot_cycles();
	for (volatile int i = 0; i < N; i++)
		sot_sem_give((int)handle);
	utest_shared.result[2] = (sot_cycles() - t - base) / N;
	sot_exit(0);
}

/* Two of these in two domains yield to each other: 2 switches per iteration. */
void ub_yield(uintptr_t slot)
{
	uint32_t base = loop_cost(), t;

	t = sot_cycles();
	for (volatile int i = 0; i < N; i++)
		sot_yield();
	utest_shared.result[3 + (slot & 1)] = (sot_cycles() - t - base) / (2 * N);
	sot_exit(0);
}

/* Uncontended user mutex lock + unlock: atomics only. */
void ub_futex_uncontended(uintptr_t unused)
{
	struct sot_mutex *m = (struct sot_mutex *)&utest_shared.buf[0];
	uint32_t base = loop_cost(), t;

	(void)unused;
	m->state = 0;
	t = sot_cycles();
	for (volatile int i = 0; i < N; i++) {
		sot_umutex_lock(m);
		sot_umutex_unlock(m);
	}
	utest_shared.result[5] = (sot_cycles() - t - base) / N;
	sot_exit(0);
}

/*
 * Ping-pong on two user semaphores (futex-backed) between two domains:
 * side 0 reports the round trip.
 */
void ub_pingpong(uintptr_t side)
{
	struct sot_sem *s0 = (struct sot_sem *)&utest_shared.sem[0];
	struct sot_sem *s1 = (struct sot_sem *)&utest_shared.sem[1];
	uint32_t t = sot_cycles();

	for (int i = 0; i < N; i++) {
		if (side == 0) {
			sot_usem_give(s1);
			sot_usem_take(s0, SOT_TIMEOUT_FOREVER);
		} else {
			sot_usem_take(s1, SOT_TIMEOUT_FOREVER);
			sot_usem_give(s0);
		}
	}
	if (side == 0)
		utest_shared.result[6] = (sot_cycles() - t) / N;
	sot_exit(0);
}

/* Wake a sleeper on buf[1] (the sleeper, less urgent, does not run in between). */
void ub_futex_waker(uintptr_t unused)
{
	volatile uint32_t *w = &utest_shared.buf[1];
	uint32_t t;

	(void)unused;
	t = sot_cycles();
	sot_futex_wake(w, 1);
	utest_shared.result[7] = sot_cycles() - t;
	sot_exit(0);
}

void ub_futex_sleeper(uintptr_t unused)
{
	(void)unused;
	sot_futex_wait(&utest_shared.buf[1], 0, SOT_TIMEOUT_FOREVER);
	sot_exit(0);
}

/* Cost of the futex calls themselves, without blocking: result[8] wake, result[9] wait. */
void ub_futex_calls(uintptr_t unused)
{
	volatile uint32_t *w = &utest_shared.buf[2];
	uint32_t base = loop_cost(), t;

	(void)unused;
	*w = 1;
	t = sot_cycles();
	for (volatile int i = 0; i < N; i++)
		sot_futex_wake(w, 1);
	utest_shared.result[8] = (sot_cycles() - t - base) / N;
	t = sot_cycles();
	for (volatile int i = 0; i < N; i++)
		sot_futex_wait(w, 0, SOT_TIMEOUT_FOREVER);
	utest_shared.result[9] = (sot_cycles() - t - base) / N;
	sot_exit(0);
}
