/* SPDX-License-Identifier: MIT */
/*
 * The PMU cycle counter PMCCNTR as the system counter, and a polled
 * deadline, for a core that has no generic timer and takes no interrupt
 * (the R5 of QEMU's ZynqMP; arch/arm/irq/irq_polled.c delivers the line).
 *
 * Why not the SoC's triple timer counter (TTC0 at 0xff110000): QEMU 7.2's
 * model (hw/timer/cadence_ttc.c, 16-bit counters at 133 MHz) cannot be
 * polled under -icount, which the test and benchmark runs use. Every
 * register access converts elapsed time to counts rounding down and drops
 * the remainder, so a counter prescaled by 2^14 or more stops advancing
 * when read every few instructions; and with a prescaler below 2^14 the
 * event timer at the counter's wrap re-arms itself at the same virtual
 * nanosecond forever, which livelocks QEMU (measured: docs/boards.md).
 *
 * PMCCNTR counts CPU cycles: in QEMU exactly the virtual nanoseconds
 * (ARM_CPU_FREQ, 1 GHz; executed instructions under -icount shift=0), on
 * hardware the core clock, which the board names (cycle_counter_hz). The
 * core never sleeps in WFI on such a board, so the count never stops.
 * start.S resets it once at boot; nothing may reset it afterwards
 * (arch_cycles() only reads it).
 *
 * 64 bits: the overflow flag PMOVSR.C is read consistently with the count
 * and cleared; one wrap is added when it was set or the count went
 * backwards. Exact as long as arch_counter() runs at least once per 2^32
 * cycles (4.29 s at 1 GHz), which every idle loop and every tick does; the
 * flag still counts the lap of a longer gap when the count came back past
 * its last value.
 */
#include <stdbool.h>
#include <stdint.h>

#include <arch/arm.h>

#include "arch/arm/irq/irq_polled.h"
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/fault.h"
#include "kernel/irq.h"
#include "kernel/timer.h"

/* PMOVSR, overflow flag status (ARM DDI 0406C C12.8): bit 31 is PMCCNTR's, write 1 clears. */
#define PMOVSR_C (1u << 31)

CP15_RW(pmovsr, 0, c9, c12, 3)

/* The board names the cycle counter's rate. */
extern const uint32_t cycle_counter_hz;

static uint32_t last;	  /* PMCCNTR at the previous read */
static uint64_t high;	  /* wraps seen, << 32 */
static uint64_t deadline; /* counter value the timer line asserts at */
static bool armed;

uint64_t arch_counter(void)
{
	unsigned long key = arch_irq_lock();
	uint32_t now, ovf;
	uint64_t v;

	/* The flag as it was when the count was read: retry if it changed in between. */
	do {
		ovf = read_pmovsr() & PMOVSR_C;
		now = read_pmccntr();
	} while ((read_pmovsr() & PMOVSR_C) != ovf);
	if (ovf)
		write_pmovsr(PMOVSR_C);
	if (ovf || now < last)
		high += 1ull << 32;
	last = now;
	v = high | now;
	arch_irq_unlock(key);
	return v;
}

uint32_t arch_counter_freq(void)
{
	return cycle_counter_hz;
}

void arch_timer_set_deadline(uint64_t when)
{
	unsigned long key = arch_irq_lock();

	deadline = when;
	armed = true;
	arch_irq_unlock(key);
}

/* The timer line's level, sampled by the polled controller. */
static bool deadline_passed(void)
{
	return armed && arch_counter() >= deadline;
}

static void timer_isr(void *arg)
{
	(void)arg;
	armed = false; /* timer_expired() arms the next deadline */
	timer_expired();
}

void arch_timer_init(void)
{
	armed = false;
	if (irq_connect(board.timer_irq, timer_isr, NULL) ||
	    irq_polled_add_source(board.timer_irq, deadline_passed))
		panic("cycle timer: cannot connect line %u", board.timer_irq);
	arch_irq_set_priority(board.timer_irq, 0x80);
	arch_irq_enable(board.timer_irq);
}
