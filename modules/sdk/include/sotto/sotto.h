/* SPDX-License-Identifier: MIT */
/*
 * The module SDK: what code running in a Sotto user domain may call.
 * Everything here is inline and reaches the kernel only through the system
 * calls of sotto/syscall.h.
 */
#ifndef SOTTO_SOTTO_H
#define SOTTO_SOTTO_H

#include <stddef.h>
#include <stdint.h>

#include <sotto/syscall.h>

#define SOT_TIMEOUT_NO_WAIT 0ull
#define SOT_TIMEOUT_FOREVER UINT64_MAX

struct sot_thread_stats {
	uint64_t run_time; /* counter ticks spent running */
	uint32_t switches;
	uint32_t syscalls;
};

static inline void sot_exit(int code)
{
	sot_sys_thread_exit((uint32_t)code);
	__builtin_unreachable();
}

static inline void sot_yield(void)
{
	sot_sys_yield();
}

static inline void sot_sleep_us(uint64_t us)
{
	sot_sys_sleep_us((uint32_t)us, (uint32_t)(us >> 32));
}

static inline long sot_log(const char *msg, size_t len)
{
	return sot_sys_log((uint32_t)(uintptr_t)msg, (uint32_t)len);
}

static inline long sot_thread_stats(struct sot_thread_stats *st)
{
	return sot_sys_thread_stats((uint32_t)(uintptr_t)st);
}

static inline long sot_sem_take(int h, uint64_t timeout_us)
{
	return sot_sys_sem_take((uint32_t)h, (uint32_t)timeout_us, (uint32_t)(timeout_us >> 32));
}

static inline long sot_sem_give(int h)
{
	return sot_sys_sem_give((uint32_t)h);
}

static inline long sot_mutex_lock(int h, uint64_t timeout_us)
{
	return sot_sys_mutex_lock((uint32_t)h, (uint32_t)timeout_us, (uint32_t)(timeout_us >> 32));
}

static inline long sot_mutex_unlock(int h)
{
	return sot_sys_mutex_unlock((uint32_t)h);
}

static inline long sot_futex_wait(volatile uint32_t *addr, uint32_t expected, uint64_t timeout_us)
{
	return sot_sys_futex_wait((uint32_t)(uintptr_t)addr, expected, (uint32_t)timeout_us,
				  (uint32_t)(timeout_us >> 32));
}

static inline long sot_futex_wake(volatile uint32_t *addr, uint32_t count)
{
	return sot_sys_futex_wake((uint32_t)(uintptr_t)addr, count);
}

/*
 * Message queues (kernel/msgq.h) on a granted handle; @len must be the
 * queue's message size. Send needs the write right, receive the read right.
 * 0, -ETIMEDOUT, -EINVAL (length), -EACCES, -EBADF, -EFAULT, -EINTR.
 */
static inline long sot_msgq_send(int h, const void *msg, size_t len, uint64_t timeout_us)
{
	return sot_sys_msgq_send((uint32_t)h, (uint32_t)(uintptr_t)msg, (uint32_t)len,
				 (uint32_t)timeout_us, (uint32_t)(timeout_us >> 32));
}

static inline long sot_msgq_recv(int h, void *buf, size_t len, uint64_t timeout_us)
{
	return sot_sys_msgq_recv((uint32_t)h, (uint32_t)(uintptr_t)buf, (uint32_t)len,
				 (uint32_t)timeout_us, (uint32_t)(timeout_us >> 32));
}

/*
 * Timer objects (kernel/ktimer.h) on a granted handle. Start and stop need
 * the write right: first expiry @first_us from now, then every @period_us
 * (0: one-shot; else at least 100). Wait needs the wait right and returns
 * the expirations since the last wait (>= 1), 0 if the timer is stopped
 * with none counted, or -ETIMEDOUT.
 */
static inline long sot_timer_start(int h, uint64_t first_us, uint32_t period_us)
{
	return sot_sys_timer_start((uint32_t)h, (uint32_t)first_us, (uint32_t)(first_us >> 32),
				   period_us);
}

static inline long sot_timer_stop(int h)
{
	return sot_sys_timer_stop((uint32_t)h);
}

static inline long sot_timer_wait(int h, uint64_t timeout_us)
{
	return sot_sys_timer_wait((uint32_t)h, (uint32_t)timeout_us, (uint32_t)(timeout_us >> 32));
}

#endif /* SOTTO_SOTTO_H */
