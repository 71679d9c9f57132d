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

#include "kernel/mem.h"

struct arch_frame; /* saved registers of an exception; layout is the port's */
struct arch_as;	   /* an address space: page tables + ASID, or a set of MPU regions */

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

/*
 * True while this CPU runs an interrupt handler: irq_dispatch() called for
 * an interrupt taken, or for a line a polled controller delivers (from
 * arch_idle() or exception entry). False in thread context, including a
 * thread that merely masked interrupts. thread_current() stays the
 * interrupted thread meanwhile, so code that keeps per-thread state (the
 * console's pending line) asks this first.
 */
bool arch_in_irq(void);

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

/* Let user mode read the cycle counter too (benchmarks only: it is a timer). */
void arch_cycles_user_enable(bool on);

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

/*
 * The command line the emulator was given (semihosting: the image name and
 * QEMU's -append text) into @buf; 0, or -1 when there is none.
 */
int arch_cmdline(char *buf, size_t size);

/* Reset the board. */
__attribute__((noreturn)) void arch_reboot(void);

/* Threads. */

struct arch_context;

/*
 * Prepare @ctx so that the first arch_context_switch() to it runs @entry on
 * the kernel stack whose top is @kstack_top, with interrupts still masked.
 */
void arch_context_init(struct arch_context *ctx, uintptr_t kstack_top, void (*entry)(void));

/* Save the current thread into @from and continue @to. Interrupts masked. */
void arch_context_switch(struct arch_context *from, struct arch_context *to);

/*
 * Copy @len bytes between user and kernel memory through the current
 * address space (the caller has checked the range). Returns 0, or -EFAULT
 * if an access faulted: the exception path resumes the copy's fault exit
 * instead of reporting a kernel fault.
 */
int arch_user_copy(void *dst, const void *src, size_t len);

/* True if @pc lies in arch_user_copy() (the fault path asks). */
bool arch_pc_in_user_copy(uintptr_t pc);

/* Memory protection: the same calls for an MMU and an MPU. */

/*
 * Turn on memory protection for the kernel: its image W^X (text RX, rodata R,
 * data/bss/stacks RW, all privileged-only, never executable where writable),
 * free RAM RW, device windows as device memory, page 0 and the stack guard
 * pages left unmapped (MMU) or covered by a no-access region (MPU). Called
 * once, early, before the console (device addresses change on an MMU).
 * @free_start..@free_end is the RAM the page allocator hands out.
 */
void arch_mm_init(paddr_t free_start, paddr_t free_end);

/*
 * DMA coherency for kernel memory a bus master reads or writes: clean makes
 * the CPU's writes to [@p, @p + @len) visible to the device; invalidate
 * (clean + invalidate, so partial lines at the edges lose nothing) makes the
 * device's writes visible to the CPU.
 */
void arch_dcache_clean(const void *p, size_t len);
void arch_dcache_invalidate(const void *p, size_t len);

/*
 * Kernel virtual address of device registers at @pa (@size bytes) after
 * arch_mm_init(): an MMU maps them in the kernel's device window, an MPU
 * returns @pa. Returns 0 if the range is not a known device window.
 */
vaddr_t arch_mm_device(paddr_t pa, size_t size);

/*
 * Where user code sees physical memory @pa. An MMU maps user memory at a
 * fixed offset below the kernel (the same VA in every address space, so
 * shared buffers have one address); an MPU has VA == PA.
 */
vaddr_t arch_user_va(paddr_t pa);

/*
 * Alignment (and size granule) a partition of @size bytes needs: the page
 * size on an MMU; on an MPU the power of two >= @size (a region's base must
 * be aligned to its size). Allocators use it for memory that will be mapped
 * into a domain on its own.
 */
size_t arch_as_align(size_t size);

/* Create an empty user address space; 0 or -ENOMEM (-ENOSPC if out of ids). */
int arch_as_create(struct arch_as **as);

/* Destroy @as (not the current one) and free its tables; its mappings vanish. */
void arch_as_destroy(struct arch_as *as);

/*
 * Map [@va, @va + @size) to [@pa, ...) with MEM_* @attr. Both addresses and
 * @size must be aligned to arch_as_align(@size); the range must lie in the
 * user window and not overlap an existing mapping. An MPU requires @va ==
 * @pa and refuses what its regions cannot express. Returns 0, -EINVAL
 * (alignment, range, attributes such as W+X, VA != PA on an MPU), -EEXIST
 * (overlap), -ENOSPC (no MPU region left) or -ENOMEM (no table memory).
 * A failed call leaves @as unchanged.
 */
int arch_as_map(struct arch_as *as, vaddr_t va, paddr_t pa, size_t size, uint32_t attr);

/* Remove the mappings in [@va, @va + @size); 0 or -EINVAL (range not mapped). */
int arch_as_unmap(struct arch_as *as, vaddr_t va, size_t size);

/* Change the attributes of mapped [@va, @va + @size); 0, -EINVAL. */
int arch_as_protect(struct arch_as *as, vaddr_t va, size_t size, uint32_t attr);

/* Look @va up in @as: 0 and *@pa, *@attr; or -ENOENT when not mapped. */
int arch_as_lookup(struct arch_as *as, vaddr_t va, paddr_t *pa, uint32_t *attr);

/* Make @as the current user address space (NULL: kernel only, no user memory). */
void arch_as_switch(struct arch_as *as);

/* The current user address space (NULL when kernel only). */
struct arch_as *arch_as_current(void);

/*
 * Drop to unprivileged mode at @pc with the first two argument registers
 * set to @arg0/@arg1 and the stack pointer at @sp, in the current address
 * space. Never returns: control comes back only through an exception
 * (a system call or a fault).
 */
__attribute__((noreturn)) void arch_user_enter(vaddr_t pc, uintptr_t arg0, uintptr_t arg1,
					       vaddr_t sp);

/* Upcalls (kernel/upcall.c). */

struct arch_upcall; /* the kernel state an upcall saved (the port's layout) */

/*
 * Call @fn(@args[0], ..., @args[3]) on the current thread with stack pointer
 * @sp in the current address space: unprivileged, or in a privileged mode
 * that keeps this thread's kernel stack for exceptions when @privileged.
 * The function's return address is one the port recognises when the
 * function returns to it (ARM: ARM_UPCALL_RETURN, which nothing maps: a
 * prefetch abort), so returning takes no system call. The kernel state
 * (callee-saved registers, kernel stack, FP state the ABI preserves) is
 * saved in @uc first, and no kernel register value reaches the function.
 * Call with interrupts masked; the function runs with them enabled.
 * Returns, with interrupts masked, the function's result register when it
 * returned, or @ret of the arch_upcall_abort() that ended it.
 */
uint32_t arch_upcall_enter(struct arch_upcall *uc, vaddr_t fn, const uint32_t args[4], vaddr_t sp,
			   bool privileged);

/*
 * End the current thread's upcall @uc from the kernel (a fault, an expired
 * budget, a kill): its arch_upcall_enter() returns @ret. Whatever the thread
 * put on its kernel stack since (an exception or system call frame) is
 * dropped, so the caller must hold nothing there.
 */
__attribute__((noreturn)) void arch_upcall_abort(struct arch_upcall *uc, uint32_t ret);

#endif /* KERNEL_ARCH_H */
