/* SPDX-License-Identifier: MIT */
/*
 * The contract between the generic kernel and an architecture port.
 *
 * Generic code (kernel/, audio/, drivers/) calls only what is declared here
 * and never names an architecture. Each port (arch/arm, arch/xtensa)
 * implements every function; a board file under arch/<arch>/boards/ supplies
 * the memory map and the devices. Functions marked "MMU and MPU" must behave
 * the same on either kind of memory protection.
 */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arch_frame; /* saved registers of an exception; layout is the port's */

/*
 * Early CPU set-up after the C runtime is ready (stacks, .bss, TLS): cache and
 * counter enables, the interrupt controller's distributor and CPU interface.
 * Interrupts stay masked until arch_irq_unlock().
 */
void arch_early_init(void);

/* Mask interrupts on this CPU; returns a key for arch_irq_unlock(). Nests. */
unsigned long arch_irq_lock(void);

/* Restore the interrupt mask saved in @key by arch_irq_lock(). */
void arch_irq_unlock(unsigned long key);

/* True if interrupts are currently masked on this CPU. */
bool arch_irq_is_locked(void);

/* Enable / disable delivery of interrupt line @irq at the controller. */
void arch_irq_enable(unsigned int irq);
void arch_irq_disable(unsigned int irq);
bool arch_irq_is_enabled(unsigned int irq);

/* Priority of @irq: 0 is most urgent, 255 least; ports may drop low bits. */
void arch_irq_set_priority(unsigned int irq, unsigned int prio);

/* Make @irq pending from software (self-test, inter-processor kick). */
void arch_irq_raise(unsigned int irq);
bool arch_irq_is_pending(unsigned int irq);

/* Number of interrupt lines the controller has. */
unsigned int arch_irq_count(void);

/* Free-running 64-bit system counter and its frequency in Hz. */
uint64_t arch_counter(void);
uint32_t arch_counter_freq(void);

/*
 * Program the one hardware timer to interrupt when arch_counter() reaches
 * @deadline (absolute). A deadline in the past fires at once. The interrupt
 * calls timer_expired() (kernel/timer.h).
 */
void arch_timer_set_deadline(uint64_t deadline);

/* Start the system timer interrupt (line and handler). */
void arch_timer_init(void);

/*
 * The CPU's cycle counter. Under QEMU's -icount shift=0 it counts executed
 * instructions exactly; benchmarks use it.
 */
uint32_t arch_cycles(void);

/* Wait for an interrupt. Call with interrupts masked: the pending interrupt
 * wakes the CPU and is taken when the caller unlocks. */
void arch_idle(void);

/* One line describing the CPU (implementer, part, revision). */
void arch_cpu_describe(char *buf, size_t size);

/* Print the saved registers of @frame in a readable form. */
void arch_frame_print(const struct arch_frame *frame);

/* Make the exception return of @frame continue at @fn in privileged mode. */
void arch_frame_redirect(struct arch_frame *frame, void (*fn)(void));

/* Stop this CPU for good (interrupts off, wait forever). */
__attribute__((noreturn)) void arch_halt(void);

/*
 * Leave the emulator with @code when the board can (semihosting); on hardware
 * this halts. Used by the test image.
 */
__attribute__((noreturn)) void arch_exit(int code);

/* Reset the board. */
__attribute__((noreturn)) void arch_reboot(void);

#endif /* KERNEL_ARCH_H */
