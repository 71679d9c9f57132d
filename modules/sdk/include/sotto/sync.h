/* SPDX-License-Identifier: MIT */
/*
 * User-space semaphore and mutex on atomics + futex. The uncontended paths
 * are a single atomic operation in the module's own memory: no system call.
 * The kernel is entered only to sleep or to wake a sleeper.
 */
#ifndef SOTTO_SYNC_H
#define SOTTO_SYNC_H

#include <stdint.h>

#include <sotto/sotto.h>

#include "kernel/errno.h"

/* Counting semaphore. Zero-initialise, or set .value for initial units. */
struct sot_sem {
	volatile uint32_t value;
	volatile uint32_t waiters;
};

/* 0, or -ETIMEDOUT-like negative code from the futex wait. */
static inline long sot_usem_take(struct sot_sem *s, uint64_t timeout_us)
{
	for (;;) {
		uint32_t v = __atomic_load_n(&s->value, __ATOMIC_RELAXED);

		while (v) {
			if (__atomic_compare_exchange_n(&s->value, &v, v - 1, 1, __ATOMIC_ACQUIRE,
							__ATOMIC_RELAXED))
				return 0;
		}
		if (timeout_us == SOT_TIMEOUT_NO_WAIT)
			return -ETIMEDOUT;
		__atomic_add_fetch(&s->waiters, 1, __ATOMIC_SEQ_CST);
		long rc = sot_futex_wait(&s->value, 0, timeout_us);
		__atomic_sub_fetch(&s->waiters, 1, __ATOMIC_SEQ_CST);
		if (rc && rc != -EAGAIN) /* -EAGAIN: the value changed, retry */
			return rc;
	}
}

static inline void sot_usem_give(struct sot_sem *s)
{
	__atomic_add_fetch(&s->value, 1, __ATOMIC_RELEASE);
	if (__atomic_load_n(&s->waiters, __ATOMIC_SEQ_CST))
		sot_futex_wake(&s->value, 1);
}

/* Mutex: 0 free, 1 locked, 2 locked with (possible) sleepers. Zero-initialise. */
struct sot_mutex {
	volatile uint32_t state;
};

static inline void sot_umutex_lock(struct sot_mutex *m)
{
	uint32_t c = 0;

	if (__atomic_compare_exchange_n(&m->state, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
	while (c) {
		sot_futex_wait(&m->state, 2, SOT_TIMEOUT_FOREVER);
		c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
	}
}

static inline void sot_umutex_unlock(struct sot_mutex *m)
{
	if (__atomic_fetch_sub(&m->state, 1, __ATOMIC_RELEASE) != 1) {
		__atomic_store_n(&m->state, 0, __ATOMIC_RELEASE);
		sot_futex_wake(&m->state, 1);
	}
}

#endif /* SOTTO_SYNC_H */
