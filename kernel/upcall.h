/* SPDX-License-Identifier: MIT */
/*
 * Upcalls: a kernel thread calls a function in user mode (or privileged)
 * in a domain, on its own thread, and gets its result back, with no system
 * call on the way: the function just returns. While it runs the thread's
 * domain is that domain (its system calls are checked against it, a
 * switch away and back reloads its address space); afterwards the
 * thread's previous domain is back.
 *
 * Return path: the function returns to an address the arch picks, which
 * traps into the kernel (ARM: ARM_UPCALL_RETURN, a prefetch abort nothing
 * else can take). It needs nothing mapped in the domain, but call
 * upcall_domain_prepare() once per domain before its first upcall: ports
 * whose return path needs a partition add it there.
 *
 * How a call ends (struct upcall_result):
 *   RETURNED  the function returned (or called thread_exit(): its code);
 *   FAULT     a fault in user mode, or a system call that found the caller
 *             at fault (bad pointer, bad number): the kernel prints its
 *             report marked "in upcall"; nothing is killed, the domain's
 *             fault handler is not called: the caller decides;
 *   TIMEOUT   the call ran u->budget cycles (from entry; time while the
 *             thread was preempted or blocked counts): checked at every
 *             tick, ended at once when the function was in user mode, at
 *             the end of its system call otherwise (a blocked call is woken
 *             with -EINTR first);
 *   KILLED    thread_kill_domain(u->d) while it ran (ended the same way).
 * The calling thread survives all of them.
 *
 * Privileged (u->privileged): the same entry and return, in a privileged
 * mode with the thread's kernel stack still taking its exceptions (ARM:
 * SYS). fn must lie in a partition of d mapped executable and privileged
 * only (MEM_X without MEM_USER). No containment: a fault is a kernel panic,
 * and budget and kill do not end it. It may make system calls (checked
 * against d like user ones; a bad pointer is a panic too), but must not
 * call kernel functions that switch threads.
 */
#ifndef KERNEL_UPCALL_H
#define KERNEL_UPCALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/fault.h"
#include "kernel/mem.h"

struct domain;
struct thread;
struct arch_frame;

struct upcall {
	struct domain *d; /* the address space the function runs in (required) */
	vaddr_t sp;	  /* stack top in d (8-byte aligned, inside a RW partition of d) */
	uint32_t budget;  /* arch_cycles() the call may take before it is aborted; 0: no limit */
	bool privileged;  /* run privileged with d's address space: no containment, no budget */
	void *owner;	  /* whom the call runs for (upcall_owner()); opaque to the kernel */
	bool no_block;	  /* a system call that would block fails with -EAGAIN instead */
};

enum upcall_how { UPCALL_RETURNED, UPCALL_FAULT, UPCALL_TIMEOUT, UPCALL_KILLED };

struct upcall_result {
	enum upcall_how how;
	uint32_t ret;		 /* the function's return value when RETURNED */
	struct fault_info fault; /* when FAULT */
	uint32_t cycles;	 /* arch_cycles() from entry to return or abort */
};

/*
 * Call @fn(@a0, @a1, @a2, @a3), a user address in u->d, on the current
 * thread and wait for it. 0 with *@res filled; -EINVAL (no domain, a domain
 * upcall_domain_prepare() never saw, @fn not in an executable partition of
 * d (privileged: one without MEM_USER), sp not 8-byte aligned or
 * [sp - 8, sp) not in one RW partition of d, @u or @res NULL), -EBUSY (this
 * thread is already in an upcall).
 * Call from a thread, with interrupts enabled.
 */
int upcall(const struct upcall *u, vaddr_t fn, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3,
	   struct upcall_result *res);

/* Make @d ready for upcalls (see above); 0 or -EINVAL (no address space). */
int upcall_domain_prepare(struct domain *d);

/*
 * A stack for upcalls into @d: @size bytes (at least a page, rounded to
 * what the protection hardware maps) mapped RW and user into @d, with an
 * unmapped guard block below it (a page on an MMU, the stack's size on an
 * MPU) so that an overflow ends the call with FAULT_STACK_GUARD. top is
 * what goes in upcall.sp. Any RW memory of d will do as a stack; without a
 * guard below it an overflow is whatever fault the address below takes.
 */
struct upcall_stack {
	paddr_t pa;   /* guard + stack, one allocation */
	size_t guard; /* bytes below the stack */
	size_t size;
	vaddr_t top;
};

/* 0, -EINVAL (size 0), -ENOMEM, or the domain_add_partition() error. */
int upcall_stack_alloc(struct upcall_stack *s, struct domain *d, size_t size);
void upcall_stack_free(struct upcall_stack *s, struct domain *d);

/*
 * The last targets a thread's upcall() checked: a repeat skips the checks.
 * gen is the domain's generation (domain.h), unique to it and its
 * partitions: any partition change forgets its entries.
 */
#define UPCALL_CHECKED 4
struct upcall_checked {
	struct {
		uint32_t gen;
		vaddr_t fn, sp;
		bool privileged;
	} entry[UPCALL_CHECKED];
	unsigned int next; /* the entry the next new target replaces */
};

/* Upcalls made since boot (each thread also counts its own: thread_stats.upcalls). */
uint32_t upcall_count(void);

/* Kernel hooks: the scheduler, threads and the fault code call these. */

/* The tick (interrupt context): end calls past their budget. */
void upcall_tick(void);

/*
 * End @t's upcall with @how at its next exit towards the function (woken
 * with WAKE_KILLED if blocked); the first reason wins. Nothing happens for
 * a privileged upcall. Interrupts masked.
 */
void upcall_abort_locked(struct thread *t, enum upcall_how how);

/* thread_check_killed() of a thread in an upcall: end the upcall now. */
__attribute__((noreturn)) void upcall_end_killed(void);

/* thread_exit() in an upcall: the upcall ends, RETURNED with @code. */
__attribute__((noreturn)) void upcall_exit(int code);

/*
 * A fault from user mode in the current thread's upcall: name a stack guard
 * hit, record @fi as the result, and make @frame resume where the upcall
 * ends. The fault code prints the report.
 */
void upcall_classify(struct fault_info *fi);
void upcall_fault(const struct fault_info *fi, struct arch_frame *frame);

/* A system call found the caller at fault: the upcall ends with FAULT @fi. */
void upcall_fault_syscall(const struct fault_info *fi);

/*
 * The owner (upcall.owner) of the current thread's upcall while it runs —
 * what its system calls are made for: the audio layer passes the module
 * instance — or NULL outside an upcall (a kernel thread, a plain user
 * thread) and for an upcall made without one.
 */
void *upcall_owner(void);

/* True if @t is in an upcall that must not block (struct upcall.no_block). */
bool upcall_no_block(const struct thread *t);

/* True if @t is in a privileged upcall. */
bool upcall_is_privileged(const struct thread *t);

#endif /* KERNEL_UPCALL_H */
