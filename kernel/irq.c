/* SPDX-License-Identifier: MIT */
#include <stddef.h>

#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/irq.h"
#include "kernel/log.h"
#include "kernel/sched.h"
#include "kernel/thread.h"

static struct {
	irq_handler_t fn;
	void *arg;
	uint32_t count;
} irq_table[IRQ_LINES];

static uint32_t unhandled;

int irq_connect(unsigned int irq, irq_handler_t fn, void *arg)
{
	unsigned long key;

	if (irq >= IRQ_LINES || !fn)
		return -EINVAL;
	key = arch_irq_lock();
	if (irq_table[irq].fn) {
		arch_irq_unlock(key);
		return -EBUSY;
	}
	irq_table[irq].arg = arg;
	irq_table[irq].fn = fn;
	arch_irq_unlock(key);
	return 0;
}

void irq_disconnect(unsigned int irq)
{
	unsigned long key;

	if (irq >= IRQ_LINES)
		return;
	arch_irq_disable(irq);
	key = arch_irq_lock();
	irq_table[irq].fn = NULL;
	irq_table[irq].arg = NULL;
	arch_irq_unlock(key);
}

void irq_dispatch(unsigned int irq)
{
	if (irq >= IRQ_LINES || !irq_table[irq].fn) {
		/* A line nobody asked for: mask it so it cannot storm. */
		unhandled++;
		if (irq < IRQ_LINES)
			arch_irq_disable(irq);
		return;
	}
	irq_table[irq].count++;
	irq_table[irq].fn(irq_table[irq].arg);
}

void irq_exit(void)
{
	sched_preempt_point();
}

/* A user thread killed while it was preempted ends instead of going back. */
void irq_exit_to_user(void)
{
	thread_check_killed();
}

uint32_t irq_count(unsigned int irq)
{
	return irq < IRQ_LINES ? irq_table[irq].count : 0;
}

uint32_t irq_spurious_count(void)
{
	return unhandled;
}
