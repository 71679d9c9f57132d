/* SPDX-License-Identifier: MIT */
/*
 * Upcalls (kernel/upcall.c): run a function in user mode (USR), or
 * privileged in SYS mode, on the calling thread, and come back.
 *
 * arch_upcall_enter() saves the kernel state in a struct arch_upcall,
 * points the thread's ctx.upcall at it, and drops to the function with
 * lr = ARM_UPCALL_RETURN. The function's return fetches from that address,
 * which nothing maps: the prefetch abort vector (vectors.S) sees the
 * address, a USR or SYS origin and a thread in an upcall, and jumps to
 * arm_upcall_resume with the function's r0. Every other way out of the
 * function (a fault, the budget, a kill, thread_exit) ends in
 * arch_upcall_abort() from SVC mode. Either way arch_upcall_enter() returns
 * in SVC mode with interrupts masked, the kernel registers as they were.
 *
 * SYS mode uses the user bank (sp, lr): a privileged function runs on its
 * own stack, interrupts and system calls still go to the thread's kernel
 * stack (SVC) and come back.
 */
#include <arch/arm.h>
#include <arch/context.h>

	.syntax unified
	.arm
	.text

/*
 * uint32_t arch_upcall_enter(struct arch_upcall *uc, vaddr_t fn,
 *                            const uint32_t args[4], vaddr_t sp, bool privileged)
 * Called in SVC mode with interrupts masked (the function runs with them on).
 */
	.global arch_upcall_enter
	.type arch_upcall_enter, %function
arch_upcall_enter:
	ldr	r12, [sp]			/* privileged: the fifth argument */
	stmia	r0, {r4-r11, sp, lr}
	add	r4, r0, #UC_SP_USR
	stmia	r4, {sp, lr}^			/* the user bank, if the thread has one */
	add	r4, r0, #UC_D8
	vstmia	r4!, {d8-d15}
	vmrs	r5, fpscr
	str	r5, [r4]
	ldr	r4, =sched_current
	ldr	r4, [r4]
	str	r0, [r4, #CTX_UPCALL]		/* the return vector finds it here */
	cps	#PSR_MODE_SYS			/* the user bank: the function's sp, lr */
	mov	sp, r3
	mvn	lr, #(ARM_UPCALL_RETURN_NEG - 1)	/* lr = ARM_UPCALL_RETURN */
	cps	#PSR_MODE_SVC
	cmp	r12, #0
	moveq	r3, #PSR_MODE_USR		/* interrupts on, ARM or Thumb by bit 0 */
	movne	r3, #PSR_MODE_SYS
	tst	r1, #1
	orrne	r3, r3, #PSR_T
	bicne	r1, r1, #1
	msr	spsr_cxsf, r3
	mov	lr, r1
	adr	r12, upcall_zeros		/* no kernel value reaches the function */
	ldmia	r12, {r4-r12}
	ldmia	r2, {r0-r3}
	movs	pc, lr
	.size arch_upcall_enter, . - arch_upcall_enter

upcall_zeros:
	.word	0, 0, 0, 0, 0, 0, 0, 0, 0

/*
 * End the upcall of the current thread: r0 = what arch_upcall_enter()
 * returns, r1 = the thread (sched_current), r2 = its struct arch_upcall.
 * SVC mode, interrupts masked; whatever is on the kernel stack below the
 * saved sp (an exception frame) is dropped.
 */
	.global arm_upcall_resume
	.type arm_upcall_resume, %function
arm_upcall_resume:
	mov	r3, #0
	str	r3, [r1, #CTX_UPCALL]
	add	r3, r2, #UC_SP_USR
	ldmia	r3, {sp, lr}^
	add	r3, r2, #UC_D8			/* no banked access right after ldm ^ */
	vldmia	r3!, {d8-d15}
	ldr	r12, [r3]
	vmsr	fpscr, r12
	ldmia	r2, {r4-r11, sp, lr}
	bx	lr
	.size arm_upcall_resume, . - arm_upcall_resume

/* void arch_upcall_abort(struct arch_upcall *uc, uint32_t ret): from SVC mode. */
	.global arch_upcall_abort
	.type arch_upcall_abort, %function
arch_upcall_abort:
	cpsid	i
	mov	r2, r0
	mov	r0, r1
	ldr	r1, =sched_current
	ldr	r1, [r1]
	b	arm_upcall_resume
	.size arch_upcall_abort, . - arch_upcall_abort
