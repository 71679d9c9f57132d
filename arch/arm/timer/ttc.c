/* SPDX-License-Identifier: MIT */
/*
 * Cadence triple timer counter (TTC) as the system counter and the deadline
 * timer, for a core whose timer interrupt is polled (arch/arm/irq/irq_polled.c).
 * Registers: Zynq UltraScale+ register reference UG1087, module TTC.
 *
 * QEMU's model (hw/timer/cadence_ttc.c) has 16-bit counters clocked at
 * 133 MHz (the ZynqMP's are 32 bits wide; treating them as 16 bits is
 * correct on both). arch_counter() widens them to 64 bits in software:
 *
 *   counter 0, "fine":   input / 8     = 16.625 MHz, wraps every 3.9 ms
 *   counter 1, "coarse": input / 65536 = one count per 8192 fine counts,
 *                        wraps every 32 s
 *
 * Between two reads the fine counter gives the elapsed time modulo 2^16 and
 * the coarse one how many whole fine wraps happened (to +-1 coarse count =
 * 8192 fine counts, well inside half a wrap), so the 64-bit count stays
 * exact as long as arch_counter() runs at least every 32 seconds; every
 * idle loop and every tick calls it far more often.
 *
 * The deadline is compared with the counter at each poll point: the
 * controller's source function ttc_due() asserts the timer line once the
 * deadline has passed.
 */
#include <stdint.h>

#include "arch/arm/irq/irq_polled.h"
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/fault.h"
#include "kernel/irq.h"
#include "kernel/timer.h"

/* Register offsets for counter @n (0-2). */
#define TTC_CLK_CTRL(n)	 (0x00u + 4u * (n)) /* Clock_Control_n */
#define TTC_CNT_CTRL(n)	 (0x0cu + 4u * (n)) /* Counter_Control_n */
#define TTC_CNT_VALUE(n) (0x18u + 4u * (n)) /* Counter_Value_n */
#define TTC_ISR(n)	 (0x54u + 4u * (n)) /* Interrupt_Register_n, clear on read */
#define TTC_IER(n)	 (0x60u + 4u * (n)) /* Interrupt_Enable_n */
#define TTC_WINDOW	 0x1000u

/* Clock_Control: prescaler enable, PS_V: divide by 2^(PS_V + 1). */
#define CLK_PS_EN      (1u << 0)
#define CLK_PS_V_SHIFT 1
#define CLK_PS_V_MASK  0xfu
/* Counter_Control. */
#define CNT_DIS	     (1u << 0)
#define CNT_RST	     (1u << 4)
#define CNT_WAVE_DIS (1u << 5) /* waveform output off (active low enable) */

#define FINE		0u
#define COARSE		1u
#define FINE_PS_V	2u  /* divide by 8 */
#define COARSE_PS_V	15u /* divide by 65536 */
#define COUNTER_BITS	16u
#define COUNTER_MASK	((1u << COUNTER_BITS) - 1u)
#define FINE_PER_COARSE (1u << (COARSE_PS_V - FINE_PS_V))

/* The board names the TTC and its input clock. */
extern const uintptr_t ttc_base;
extern const uint32_t ttc_clock_hz;

static volatile uint32_t *ttc;
static struct {
	uint64_t now;  /* 64-bit fine count at the last read */
	uint32_t fine; /* raw fine and coarse values at the last read */
	uint32_t coarse;
} ext;
static uint64_t deadline;
static bool armed;

static inline uint32_t rd(unsigned int off)
{
	return ttc[off / 4];
}

static inline void wr(unsigned int off, uint32_t v)
{
	ttc[off / 4] = v;
}

static uint32_t clk_ctrl(uint32_t ps_v)
{
	return CLK_PS_EN | ((ps_v & CLK_PS_V_MASK) << CLK_PS_V_SHIFT);
}

/* Both counters free-running up from 0, interrupts off; started back to back. */
static void ttc_start(void)
{
	ttc = (volatile uint32_t *)arch_mm_device(ttc_base, TTC_WINDOW);
	if (!ttc)
		panic("ttc: %08lx is not a device window", (unsigned long)ttc_base);
	for (unsigned int n = FINE; n <= COARSE; n++) {
		wr(TTC_CNT_CTRL(n), CNT_DIS | CNT_WAVE_DIS);
		wr(TTC_IER(n), 0);
		(void)rd(TTC_ISR(n));
		wr(TTC_CLK_CTRL(n), clk_ctrl(n == FINE ? FINE_PS_V : COARSE_PS_V));
	}
	wr(TTC_CNT_CTRL(FINE), CNT_RST | CNT_WAVE_DIS);
	wr(TTC_CNT_CTRL(COARSE), CNT_RST | CNT_WAVE_DIS);
	ext.now = 0;
	ext.fine = rd(TTC_CNT_VALUE(FINE)) & COUNTER_MASK;
	ext.coarse = rd(TTC_CNT_VALUE(COARSE)) & COUNTER_MASK;
}

uint64_t arch_counter(void)
{
	unsigned long key = arch_irq_lock();
	uint32_t fine, coarse, d, c;
	int64_t missed;
	uint64_t now;

	if (!ttc)
		ttc_start();
	fine = rd(TTC_CNT_VALUE(FINE)) & COUNTER_MASK;
	coarse = rd(TTC_CNT_VALUE(COARSE)) & COUNTER_MASK;
	d = (fine - ext.fine) & COUNTER_MASK;
	c = (coarse - ext.coarse) & COUNTER_MASK;
	/* What the coarse counter saw beyond d, rounded to whole fine wraps. */
	missed = (int64_t)c * FINE_PER_COARSE - d;
	if (missed > (int64_t)(COUNTER_MASK / 2))
		d += (uint32_t)((missed + (COUNTER_MASK + 1) / 2) >> COUNTER_BITS) << COUNTER_BITS;
	ext.now += d;
	ext.fine = fine;
	ext.coarse = coarse;
	now = ext.now;
	arch_irq_unlock(key);
	return now;
}

uint32_t arch_counter_freq(void)
{
	return ttc_clock_hz >> (FINE_PS_V + 1);
}

void arch_timer_set_deadline(uint64_t when)
{
	unsigned long key = arch_irq_lock();

	deadline = when;
	armed = true;
	arch_irq_unlock(key);
}

/* The timer line's level, sampled by the polled controller. */
static bool ttc_due(void)
{
	return armed && arch_counter() >= deadline;
}

static void ttc_isr(void *arg)
{
	(void)arg;
	armed = false; /* timer_expired() arms the next deadline */
	timer_expired();
}

void arch_timer_init(void)
{
	if (!ttc)
		ttc_start();
	armed = false;
	if (irq_connect(board.timer_irq, ttc_isr, NULL) ||
	    irq_polled_add_source(board.timer_irq, ttc_due))
		panic("ttc: cannot connect line %u", board.timer_irq);
	arch_irq_set_priority(board.timer_irq, 0x80);
	arch_irq_enable(board.timer_irq);
}
