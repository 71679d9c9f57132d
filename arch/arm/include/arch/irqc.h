/* SPDX-License-Identifier: MIT */
/*
 * What the ARM port asks of the interrupt controller driver a board builds
 * (gic/gicv2.c, or irq/irq_polled.c on a core no interrupt reaches). The
 * arch_irq_* half of kernel/arch.h and arch_idle() come from the same file.
 */
#ifndef ARCH_IRQC_H
#define ARCH_IRQC_H

/* From arch_early_init(): the controller on, every line disabled and not pending. */
void arm_irqc_init(void);

/* The IRQ exception (vectors.S): acknowledge, dispatch, end of interrupt. */
void arm_irq(void);

/*
 * Around every irq_dispatch() of the controller driver, interrupts masked:
 * arch_in_irq() is true in between. Leave before anything that may switch
 * threads (irq_exit()).
 */
void arm_irq_enter(void);
void arm_irq_leave(void);

/*
 * From exception entry when the interrupted context had interrupts enabled:
 * a polled controller delivers the lines that became pending since the
 * last poll (the tick among them). Does nothing where interrupts are taken.
 */
void arm_irqc_poll(void);

#endif /* ARCH_IRQC_H */
