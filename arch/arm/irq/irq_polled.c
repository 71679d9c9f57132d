/* SPDX-License-Identifier: MIT */
/*
 * A polled interrupt controller for a core that takes no interrupt: QEMU 7.2
 * connects the ZynqMP GIC to the A53s only, so the R5's IRQ input never
 * rises. Lines keep the enable, pending and priority state a GIC would, so
 * the arch_irq_* calls stay truthful, but a pending line is only delivered
 * at a poll point:
 *
 *   - arch_idle(), which every wait loop of the kernel calls (it never
 *     sleeps in WFI: nothing would wake the core);
 *   - exception entry from a context with interrupts enabled (system calls,
 *     faults), through arm_irqc_poll().
 *
 * Delivery runs with interrupts masked, most urgent priority first, through
 * irq_dispatch() like a real interrupt. A software-raised line is delivered
 * at the next poll point, never asynchronously: tests that need that skip
 * on boards with board.irq_polled.
 */
#include <stdint.h>

#include <arch/irqc.h>

#include "arch/arm/irq/irq_polled.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/irq.h"

#define WORDS	     (IRQ_POLLED_LINES / 32)
#define DEFAULT_PRIO 0xa0u
#define NO_LINE	     UINT32_MAX

_Static_assert(IRQ_POLLED_LINES % 32 == 0, "whole bitmap words");
_Static_assert(IRQ_POLLED_LINES <= IRQ_LINES, "the kernel's handler table covers every line");

static uint32_t enabled[WORDS];
static uint32_t pending[WORDS];
static uint8_t priority[IRQ_POLLED_LINES];

static struct {
	unsigned int irq;
	bool (*is_asserted)(void);
} sources[IRQ_POLLED_MAX_SOURCES];
static unsigned int n_sources;

static inline uint32_t bit(unsigned int irq)
{
	return 1u << (irq % 32);
}

void arm_irqc_init(void)
{
	for (unsigned int w = 0; w < WORDS; w++)
		enabled[w] = pending[w] = 0;
	for (unsigned int i = 0; i < IRQ_POLLED_LINES; i++)
		priority[i] = DEFAULT_PRIO;
	n_sources = 0;
}

int irq_polled_add_source(unsigned int irq, bool (*is_asserted)(void))
{
	unsigned long key;
	int rc = 0;

	if (irq >= IRQ_POLLED_LINES || !is_asserted)
		return -EINVAL;
	key = arch_irq_lock();
	if (n_sources == IRQ_POLLED_MAX_SOURCES) {
		rc = -ENOSPC;
	} else {
		sources[n_sources].irq = irq;
		sources[n_sources].is_asserted = is_asserted;
		n_sources++;
	}
	arch_irq_unlock(key);
	return rc;
}

unsigned int arch_irq_count(void)
{
	return IRQ_POLLED_LINES;
}

void arch_irq_enable(unsigned int irq)
{
	unsigned long key;

	if (irq >= IRQ_POLLED_LINES)
		return;
	key = arch_irq_lock();
	enabled[irq / 32] |= bit(irq);
	arch_irq_unlock(key);
}

void arch_irq_disable(unsigned int irq)
{
	unsigned long key;

	if (irq >= IRQ_POLLED_LINES)
		return;
	key = arch_irq_lock();
	enabled[irq / 32] &= ~bit(irq);
	arch_irq_unlock(key);
}

bool arch_irq_is_enabled(unsigned int irq)
{
	return irq < IRQ_POLLED_LINES && (enabled[irq / 32] & bit(irq));
}

void arch_irq_set_priority(unsigned int irq, unsigned int prio)
{
	if (irq < IRQ_POLLED_LINES)
		priority[irq] = (uint8_t)prio;
}

void arch_irq_raise(unsigned int irq)
{
	unsigned long key;

	if (irq >= IRQ_POLLED_LINES)
		return;
	key = arch_irq_lock();
	pending[irq / 32] |= bit(irq);
	arch_irq_unlock(key);
}

bool arch_irq_is_pending(unsigned int irq)
{
	return irq < IRQ_POLLED_LINES && (pending[irq / 32] & bit(irq));
}

/* The most urgent line that is pending and enabled (lowest number on a tie), or NO_LINE. */
static uint32_t next_line(void)
{
	uint32_t best = NO_LINE;

	for (unsigned int w = 0; w < WORDS; w++) {
		uint32_t ready = pending[w] & enabled[w];

		while (ready) {
			unsigned int irq = w * 32 + (unsigned int)__builtin_ctz(ready);

			ready &= ready - 1;
			if (best == NO_LINE || priority[irq] < priority[best])
				best = irq;
		}
	}
	return best;
}

/* Sample the sources, then deliver. Caller has interrupts masked. */
static void poll_locked(void)
{
	uint32_t irq;

	for (unsigned int i = 0; i < n_sources; i++)
		if (sources[i].is_asserted())
			pending[sources[i].irq / 32] |= bit(sources[i].irq);
	while ((irq = next_line()) != NO_LINE) {
		pending[irq / 32] &= ~bit(irq);
		arm_irq_enter();
		irq_dispatch(irq);
		arm_irq_leave();
	}
}

void arm_irqc_poll(void)
{
	unsigned long key = arch_irq_lock();

	poll_locked();
	arch_irq_unlock(key);
}

/* Nothing can wake the core from WFI: deliver what is due and return at once. */
void arch_idle(void)
{
	unsigned long key = arch_irq_lock();

	poll_locked();
	arch_irq_unlock(key);
}

/* The IRQ exception is never taken here; if it were, polling is the right answer. */
void arm_irq(void)
{
	poll_locked();
}
