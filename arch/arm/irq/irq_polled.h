/* SPDX-License-Identifier: MIT */
/*
 * The polled interrupt "controller" of a core that no interrupt reaches
 * (the R5 of QEMU's ZynqMP): devices that would raise a line register a
 * function telling whether they assert it; the controller samples them at
 * every poll point and dispatches what is pending and enabled.
 */
#ifndef ARCH_ARM_IRQ_POLLED_H
#define ARCH_ARM_IRQ_POLLED_H

#include <stdbool.h>

/* Lines the polled controller manages (the ZynqMP GIC's 32 + 160). */
#define IRQ_POLLED_LINES       192u
#define IRQ_POLLED_MAX_SOURCES 4u

/*
 * Sample @is_asserted at every poll point: while it returns true, line @irq
 * is pending (level semantics: the handler must make the device drop it).
 * Returns 0, -EINVAL (bad line or NULL) or -ENOSPC (no source slot left).
 */
int irq_polled_add_source(unsigned int irq, bool (*is_asserted)(void));

#endif /* ARCH_ARM_IRQ_POLLED_H */
