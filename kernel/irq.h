/* SPDX-License-Identifier: MIT */
/* Per-line interrupt handlers: the arch interrupt entry dispatches here. */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdint.h>

#define IRQ_LINES 320 /* covers the GICv2 lines QEMU virt implements (288) */

typedef void (*irq_handler_t)(void *arg);

/* Install @fn(@arg) for line @irq. Returns 0, -EINVAL (no such line) or -EBUSY. */
int irq_connect(unsigned int irq, irq_handler_t fn, void *arg);

/* Remove the handler of @irq (the line is disabled first). */
void irq_disconnect(unsigned int irq);

/* Called by the arch interrupt entry with the acknowledged line. */
void irq_dispatch(unsigned int irq);

/*
 * Called by the arch interrupt entry after the end of interrupt, still on
 * the interrupted thread's kernel stack: a thread woken by the handler may
 * preempt it here.
 */
void irq_exit(void);

/* Called by the arch interrupt entry when it returns to user mode. */
void irq_exit_to_user(void);

/* How many times @irq was dispatched; spurious/unhandled counts. */
uint32_t irq_count(unsigned int irq);
uint32_t irq_spurious_count(void);

#endif /* KERNEL_IRQ_H */
