/* SPDX-License-Identifier: MIT */
/*
 * ARM GICv2 interrupt controller (ARM IHI 0048B): distributor + CPU
 * interface. IDs 0-15 are SGIs, 16-31 PPIs, 32+ SPIs. All lines are group 0,
 * level-sensitive SPIs routed to CPU 0.
 */
#include <stdint.h>

#include <arch/irqc.h>

#include "kernel/arch.h"
#include "kernel/irq.h"

/* Distributor registers (4.3). */
#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_ISPENDR	0x200
#define GICD_ICPENDR	0x280
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICD_ICFGR	0xc00
#define GICD_SGIR	0xf00

/* CPU interface registers (4.4). */
#define GICC_CTLR 0x00
#define GICC_PMR  0x04
#define GICC_BPR  0x08
#define GICC_IAR  0x0c
#define GICC_EOIR 0x10

#define GICC_IAR_ID_MASK 0x3ffu
#define GIC_SPURIOUS	 1023u
#define GIC_DEFAULT_PRIO 0xa0u
#define SGIR_TARGET_SELF (2u << 24)
#define GIC_WINDOW	 0x1000u

extern const uintptr_t gic_dist_base;
extern const uintptr_t gic_cpu_base;

static unsigned int gic_lines;
static uintptr_t dist_base, cpu_base; /* mapped register windows */

static inline volatile uint32_t *gicd(unsigned int off)
{
	return (volatile uint32_t *)(dist_base + off);
}

static inline volatile uint32_t *gicc(unsigned int off)
{
	return (volatile uint32_t *)(cpu_base + off);
}

static inline volatile uint8_t *gicd_byte(unsigned int off)
{
	return (volatile uint8_t *)(dist_base + off);
}

void arm_irqc_init(void)
{
	unsigned int i;

	dist_base = arch_mm_device(gic_dist_base, GIC_WINDOW);
	cpu_base = arch_mm_device(gic_cpu_base, GIC_WINDOW);
	*gicd(GICD_CTLR) = 0;
	gic_lines = ((*gicd(GICD_TYPER) & 0x1f) + 1) * 32;
	if (gic_lines > IRQ_LINES)
		gic_lines = IRQ_LINES;
	for (i = 0; i < gic_lines; i += 32) {
		*gicd(GICD_ICENABLER + i / 8) = 0xffffffffu;
		*gicd(GICD_ICPENDR + i / 8) = 0xffffffffu;
	}
	for (i = 0; i < gic_lines; i++) {
		*gicd_byte(GICD_IPRIORITYR + i) = GIC_DEFAULT_PRIO;
		if (i >= 32)
			*gicd_byte(GICD_ITARGETSR + i) = 1; /* CPU 0 */
	}
	for (i = 32; i < gic_lines; i += 16)
		*gicd(GICD_ICFGR + i / 4) = 0; /* level-sensitive */
	*gicd(GICD_CTLR) = 1;

	*gicc(GICC_PMR) = 0xf0;
	*gicc(GICC_BPR) = 0;
	*gicc(GICC_CTLR) = 1;
}

unsigned int arch_irq_count(void)
{
	return gic_lines;
}

void arch_irq_enable(unsigned int irq)
{
	if (irq < gic_lines)
		*gicd(GICD_ISENABLER + (irq / 32) * 4) = 1u << (irq % 32);
}

void arch_irq_disable(unsigned int irq)
{
	if (irq < gic_lines)
		*gicd(GICD_ICENABLER + (irq / 32) * 4) = 1u << (irq % 32);
}

bool arch_irq_is_enabled(unsigned int irq)
{
	return irq < gic_lines && (*gicd(GICD_ISENABLER + (irq / 32) * 4) >> (irq % 32)) & 1u;
}

void arch_irq_set_priority(unsigned int irq, unsigned int prio)
{
	if (irq < gic_lines)
		*gicd_byte(GICD_IPRIORITYR + irq) = (uint8_t)prio;
}

void arch_irq_raise(unsigned int irq)
{
	if (irq < 16)
		*gicd(GICD_SGIR) = SGIR_TARGET_SELF | irq;
	else if (irq < gic_lines)
		*gicd(GICD_ISPENDR + (irq / 32) * 4) = 1u << (irq % 32);
}

bool arch_irq_is_pending(unsigned int irq)
{
	return irq < gic_lines && (*gicd(GICD_ISPENDR + (irq / 32) * 4) >> (irq % 32)) & 1u;
}

/* With a GIC every wake-up source is an interrupt: wait for one. */
void arch_idle(void)
{
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
}

/* Interrupts are taken as they come: nothing to poll. */
void arm_irqc_poll(void)
{
}

/* IRQ exception entry (vectors.S): acknowledge, dispatch, end of interrupt. */
void arm_irq(void)
{
	uint32_t iar = *gicc(GICC_IAR);
	unsigned int id = iar & GICC_IAR_ID_MASK;

	if (id == GIC_SPURIOUS)
		return;
	arm_irq_enter();
	irq_dispatch(id);
	*gicc(GICC_EOIR) = iar;
	arm_irq_leave(); /* before irq_exit(): it may switch threads */
	irq_exit();
}
