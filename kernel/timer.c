/* SPDX-License-Identifier: MIT */
/*
 * The hardware is programmed with absolute deadlines: the next tick is
 * always start + n * period, so ticks never drift even when an interrupt is
 * taken late (every elapsed period is counted).
 */
#include <stddef.h>

#include "kernel/arch.h"
#include "kernel/timer.h"

static uint64_t tick_period; /* counter cycles */
static uint64_t next_tick;   /* absolute counter value of the next tick */
static uint64_t tick_count;
static uint64_t boot_counter;
static struct timeout *pending; /* sorted by deadline */
static void (*tick_hook)(void);
static uint64_t us_to_cycles_q32; /* counter cycles per microsecond, 32.32 fixed point */
static uint64_t us_fast_limit;	  /* below this, us * us_to_cycles_q32 cannot overflow */

/* Program the hardware for whichever comes first. Caller holds the irq lock. */
static void reprogram_locked(void)
{
	uint64_t next = next_tick;

	if (pending && pending->deadline < next)
		next = pending->deadline;
	arch_timer_set_deadline(next);
}

void timer_init(uint32_t hz)
{
	unsigned long key = arch_irq_lock();

	boot_counter = arch_counter();
	us_to_cycles_q32 = ((uint64_t)arch_counter_freq() << 32) / 1000000u;
	us_fast_limit = us_to_cycles_q32 ? UINT64_MAX / us_to_cycles_q32 : 0;
	tick_period = arch_counter_freq() / hz;
	next_tick = boot_counter + tick_period;
	tick_count = 0;
	arch_timer_init();
	reprogram_locked();
	arch_irq_unlock(key);
}

uint64_t timer_ticks(void)
{
	unsigned long key = arch_irq_lock();
	uint64_t t = tick_count;

	arch_irq_unlock(key);
	return t;
}

uint64_t timer_tick_cycles(void)
{
	return tick_period;
}

uint64_t timer_cycles_to_us(uint64_t cycles)
{
	uint64_t freq = arch_counter_freq();

	return cycles / freq * 1000000u + cycles % freq * 1000000u / freq;
}

/*
 * Hot (every timed wait): a 32.32 fixed-point factor instead of a 64-bit
 * division, for every wait whose product fits 64 bits (hours at any
 * counter rate); longer ones take the division.
 */
uint64_t timer_us_to_cycles(uint64_t us)
{
	uint64_t freq, whole, part;

	if (us < us_fast_limit)
		return (us * us_to_cycles_q32) >> 32;
	freq = arch_counter_freq();
	whole = us / 1000000u;
	if (whole > UINT64_MAX / freq)
		return UINT64_MAX; /* past the counter's range: saturate */
	part = us % 1000000u * freq / 1000000u;
	return whole * freq > UINT64_MAX - part ? UINT64_MAX : whole * freq + part;
}

uint64_t timer_deadline(uint64_t timeout_us)
{
	uint64_t now, cycles;

	if (timeout_us == TIMEOUT_FOREVER)
		return 0;
	now = arch_counter();
	cycles = timer_us_to_cycles(timeout_us);
	return cycles >= UINT64_MAX - now - 1 ? 0 : now + cycles + 1; /* 0: never */
}

uint64_t timer_uptime_us(void)
{
	return timer_cycles_to_us(arch_counter() - boot_counter);
}

void timeout_arm(struct timeout *t, uint64_t deadline, timeout_fn fn)
{
	unsigned long key = arch_irq_lock();
	struct timeout **pp = &pending;

	if (t->armed)
		timeout_cancel(t);
	t->deadline = deadline;
	t->fn = fn;
	t->armed = true;
	while (*pp && (*pp)->deadline <= deadline)
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
	reprogram_locked();
	arch_irq_unlock(key);
}

bool timeout_cancel(struct timeout *t)
{
	unsigned long key = arch_irq_lock();
	struct timeout **pp = &pending;
	bool was = false;

	while (*pp) {
		if (*pp == t) {
			*pp = t->next;
			was = true;
			break;
		}
		pp = &(*pp)->next;
	}
	t->armed = false;
	t->next = NULL;
	arch_irq_unlock(key);
	return was;
}

void timer_set_tick_hook(void (*hook)(void))
{
	tick_hook = hook;
}

void timer_expired(void)
{
	uint64_t now = arch_counter();

	while (now >= next_tick) {
		next_tick += tick_period;
		tick_count++;
		if (tick_hook)
			tick_hook();
	}
	while (pending && pending->deadline <= now) {
		struct timeout *t = pending;

		pending = t->next;
		t->next = NULL;
		t->armed = false;
		t->fn(t);
	}
	reprogram_locked();
}
