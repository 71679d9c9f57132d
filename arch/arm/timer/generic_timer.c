/* SPDX-License-Identifier: MIT */
/*
 * ARM generic timer (ARM DDI 0406C B8): the physical counter CNTPCT and the
 * EL1 physical timer's compare value CNTP_CVAL, whose interrupt is a PPI.
 */
#include <arch/arm.h>

#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/irq.h"
#include "kernel/timer.h"

#define CNTP_CTL_ENABLE (1u << 0)
#define CNTP_CTL_IMASK	(1u << 1)

uint64_t arch_counter(void)
{
	return read_cntpct();
}

uint32_t arch_counter_freq(void)
{
	return read_cntfrq();
}

void arch_timer_set_deadline(uint64_t deadline)
{
	write_cntp_cval(deadline);
	write_cntp_ctl(CNTP_CTL_ENABLE);
	isb();
}

static void timer_isr(void *arg)
{
	(void)arg;
	/* The interrupt is level: it drops once CVAL moves past the counter. */
	write_cntp_ctl(CNTP_CTL_ENABLE | CNTP_CTL_IMASK);
	timer_expired();
}

void arch_timer_init(void)
{
	write_cntp_ctl(CNTP_CTL_IMASK);
	irq_connect(board.timer_irq, timer_isr, NULL);
	arch_irq_set_priority(board.timer_irq, 0x80);
	arch_irq_enable(board.timer_irq);
}
