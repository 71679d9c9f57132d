/* SPDX-License-Identifier: MIT */
/*
 * Kernel time: a periodic tick (1 ms by default) and one-shot timeouts, both
 * driven by the arch's single deadline timer. Times are in counter cycles
 * (arch_counter()), converted with the helpers below.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#define TIMER_TICK_HZ 1000

/* Timeouts of blocking calls, in microseconds. */
#define TIMEOUT_NO_WAIT 0ull
#define TIMEOUT_FOREVER UINT64_MAX

struct timeout;
typedef void (*timeout_fn)(struct timeout *t);

/* A one-shot timeout; embed it in the object that waits. */
struct timeout {
	uint64_t deadline;
	timeout_fn fn;
	struct timeout *next;
	bool armed;
};

/* Start the tick at @hz and the timer interrupt. */
void timer_init(uint32_t hz);

/* Ticks since timer_init(). */
uint64_t timer_ticks(void);

/* Counter cycles per tick. */
uint64_t timer_tick_cycles(void);

uint64_t timer_uptime_us(void);

/* Absolute counter deadline @timeout_us from now; 0 (none) for TIMEOUT_FOREVER. */
uint64_t timer_deadline(uint64_t timeout_us);
uint64_t timer_us_to_cycles(uint64_t us);
uint64_t timer_cycles_to_us(uint64_t cycles);

/* Call @fn from the timer interrupt once arch_counter() >= @deadline. */
void timeout_arm(struct timeout *t, uint64_t deadline, timeout_fn fn);

/* Disarm @t; returns true if it was still pending. */
bool timeout_cancel(struct timeout *t);

/* Hook run on every tick in interrupt context (the scheduler installs one). */
void timer_set_tick_hook(void (*hook)(void));

/* Called by the arch timer interrupt. */
void timer_expired(void);

#endif /* KERNEL_TIMER_H */
