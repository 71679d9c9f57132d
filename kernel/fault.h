/* SPDX-License-Identifier: MIT */
/*
 * Faults: what arch code decodes from an exception, the report the kernel
 * prints, and how a self-test can expect a fault and inspect it.
 */
#ifndef KERNEL_FAULT_H
#define KERNEL_FAULT_H

#include <stdbool.h>
#include <stdint.h>

struct arch_frame;

/* Which exception was taken. */
enum fault_kind {
	FAULT_KIND_DATA_ABORT,
	FAULT_KIND_PREFETCH_ABORT,
	FAULT_KIND_UNDEFINED,
	FAULT_KIND_UNEXPECTED, /* an exception the kernel never expects (FIQ, reset, ...) */
	FAULT_KIND_SYSCALL,    /* a system call the kernel refused as the caller's fault */
	FAULT_KIND_COUNT,
};

/* Why: the fault class, decoded from the status register. */
enum fault_class {
	FAULT_UNKNOWN,
	FAULT_ALIGNMENT,
	FAULT_TRANSLATION,
	FAULT_ACCESS_FLAG,
	FAULT_DOMAIN,
	FAULT_PERMISSION,
	FAULT_BACKGROUND, /* MPU: no region covers the address */
	FAULT_EXTERNAL,
	FAULT_EXTERNAL_WALK,
	FAULT_ASYNC_EXTERNAL,
	FAULT_PARITY,
	FAULT_DEBUG,
	FAULT_TLB_CONFLICT,
	FAULT_CACHE_MAINT,
	FAULT_UNDEFINED_INSTR,
	FAULT_UNEXPECTED_EXC,
	FAULT_PRIVILEGED_INSTR, /* a privileged instruction from user mode */
	FAULT_STACK_GUARD,	/* a user stack ran into its guard page */
	FAULT_BAD_SYSCALL,	/* system call number out of range */
	FAULT_BAD_POINTER,	/* a system call argument pointing outside the caller's memory */
	FAULT_CLASS_COUNT,
};

struct fault_info {
	enum fault_kind kind;
	enum fault_class cls;
	uint32_t status; /* raw fault status register (DFSR/IFSR...) */
	uintptr_t addr;	 /* faulting data address, or the instruction's for fetch/undef */
	uintptr_t pc;
	const char *status_reg; /* arch name of the status register ("DFSR"), or NULL */
	const char *addr_reg;	/* arch name of the address register ("DFAR"), or NULL */
	uint8_t level;		/* translation level for MMU faults (1 section, 2 page), else 0 */
	bool is_write;
	bool is_user; /* taken from unprivileged mode */
};

const char *fault_kind_name(enum fault_kind kind);
const char *fault_class_name(enum fault_class cls);

/*
 * Called by arch code for every exception it cannot service itself. Prints
 * the report; a fault inside fault_catch() resumes there, anything else is a
 * kernel panic.
 */
void fault_handle(const struct fault_info *fi, struct arch_frame *frame);

/*
 * Run @fn(@arg) expecting it may fault. Returns true and fills @fi if it
 * faulted (the fault is reported, marked expected, and execution resumes
 * here); false if @fn returned normally. Not reentrant.
 */
bool fault_catch(void (*fn)(void *arg), void *arg, struct fault_info *fi);

struct domain;
struct thread;

/*
 * Called after a user fault was contained: @d's threads are stopped (the
 * faulting one @t included). The audio layer installs one to restart or
 * bypass modules. Runs in the faulting thread's kernel context.
 */
typedef void (*fault_handler_fn)(struct domain *d, struct thread *t, const struct fault_info *fi);

void fault_set_handler(fault_handler_fn fn);

/*
 * A system call found the caller at fault (@cls, at user address @addr):
 * report it and contain the domain as for a CPU fault. The system call then
 * returns; the thread ends on its way out of the kernel.
 */
void fault_user_syscall(enum fault_class cls, uintptr_t addr);

/* How many user faults were contained, and the last one (tests, shell). */
unsigned int fault_contained_count(void);
const struct fault_info *fault_last_contained(void);

/* Print "PANIC: msg" with a report and stop (exit the emulator in test images). */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

/* The test image makes panics leave QEMU with a failure status instead of halting. */
void fault_set_panic_exits(bool exits);

#endif /* KERNEL_FAULT_H */
