/* SPDX-License-Identifier: MIT */
/*
 * Exception vectors (ARM DDI 0406C B1.8). Synchronous exceptions (undefined
 * instruction, aborts) and the unexpected ones build a struct arch_frame on
 * their mode's own stack and call arm_exception(frame, kind); C may edit the
 * frame's pc/cpsr to resume elsewhere. IRQs are handled on the SVC stack so
 * that a later scheduler can switch threads on the way out.
 */
#include <arch/arm.h>
#include <arch/context.h>

#include "kernel/syscall_nr.h"
#include <arch/frame.h>

	.syntax unified
	.arm

	.section .text.vectors, "ax"
	.align	5
	.global arm_vectors
arm_vectors:
	b	vec_reset
	b	vec_undef
	b	vec_svc
	b	vec_pabt
	b	vec_dabt
	b	vec_hyptrap
	b	vec_irq
	b	vec_fiq

/*
 * Save the caller-saved VFP registers (d0-d7, d16-d31 when the FPU has 32
 * double registers, FPSCR): the C code an exception calls is free to use
 * them. Keeps 8-byte stack alignment.
 */
.macro vfp_save_regs tmp
#ifdef __ARM_NEON
	vpush	{d16-d31}
#endif
	vpush	{d0-d7}
	vmrs	\tmp, fpscr
	push	{\tmp, lr}			/* lr: padding to keep 8-byte alignment */
.endm

.macro vfp_restore_regs tmp
	pop	{\tmp, lr}
	vmsr	fpscr, \tmp
	vpop	{d0-d7}
#ifdef __ARM_NEON
	vpop	{d16-d31}
#endif
.endm

.macro vfp_save
	vfp_save_regs r0
.endm

.macro vfp_restore
	vfp_restore_regs r0
.endm

/* Build a frame on this mode's stack, call arm_exception, return through it. */
.macro exc_entry kind, adjust
	.if \adjust
	sub	lr, lr, #\adjust
	.endif
	sub	sp, sp, #FRAME_SIZE
	stmia	sp, {r0-r12}
	str	lr, [sp, #FRAME_PC]
	mrs	r0, spsr
	str	r0, [sp, #FRAME_CPSR]
	mov	r1, #\kind
	b	exc_common
.endm

vec_reset:	exc_entry EXC_RESET, 0
vec_undef:	exc_entry EXC_UNDEF, 4		/* lr = faulting instr + 4 (ARM) */
vec_pabt:
	sub	lr, lr, #4
	cmn	lr, #ARM_UPCALL_RETURN_NEG	/* fetched from ARM_UPCALL_RETURN? */
	beq	pabt_upcall
pabt_fault:
	exc_entry EXC_PABT, 0
vec_dabt:	exc_entry EXC_DABT, 8
vec_hyptrap:	exc_entry EXC_HYPTRAP, 0
vec_fiq:	exc_entry EXC_FIQ, 4

/*
 * Supervisor call. From user mode it is a system call: number in r7,
 * arguments in r0-r5, result in r0 (ARCHITECTURE.md). The frame saved here
 * is restored on the way out, so every register but r0 goes back to user
 * code exactly as it came in: no kernel value leaks. SYS mode inside a
 * privileged upcall (upcall.S) makes system calls the same way; from any
 * other privileged mode an svc is an unexpected exception.
 */
vec_svc:
	sub	sp, sp, #FRAME_SIZE
	stmia	sp, {r0-r12}
	str	lr, [sp, #FRAME_PC]
	mrs	r12, spsr
	str	r12, [sp, #FRAME_CPSR]
	tst	r12, #0xf			/* USR is the only mode with low bits 0000 */
	bne	svc_not_user
svc_call:
	mov	r6, sp				/* the frame (r6 comes back from it at exit) */
	vfp_save_regs r8			/* user VFP state: the kernel may use VFP too */
	cpsie	i				/* system calls run preemptible */
	bl	arm_irqc_poll			/* boards without interrupts: time moves here too */
	ldmia	r6, {r0-r3}			/* the call may have used them */
	ldr	r12, =sched_current		/* per-thread system call count */
	ldr	r12, [r12]
	ldr	r8, [r12, #ARCH_CONTEXT_SIZE]
	add	r8, r8, #1
	str	r8, [r12, #ARCH_CONTEXT_SIZE]
	cmp	r7, #SYSCALL_COUNT
	ldrlo	r12, =syscall_table
	ldrlo	r12, [r12, r7, lsl #2]
	ldrhs	r12, =sys_bad_number
	push	{r4, r5}			/* arguments 5 and 6 go on the stack (AAPCS) */
	blx	r12
	add	sp, sp, #8
	str	r0, [r6]
	cpsid	i
	ldr	r1, =sched_resched
	ldrb	r1, [r1]
	cmp	r1, #0
	blne	syscall_exit_work		/* preempt, or end a killed thread */
	vfp_restore_regs r8
	b	exc_return
/* SYS mode in a privileged upcall is a module's code: a system call like USR's. */
svc_not_user:
	and	r8, r12, #PSR_MODE_MASK
	cmp	r8, #PSR_MODE_SYS
	bne	svc_from_kernel
	ldr	r8, =sched_current
	ldr	r8, [r8]
	ldr	r8, [r8, #CTX_UPCALL]
	cmp	r8, #0
	bne	svc_call			/* r8 comes back from the frame at exit */
svc_from_kernel:
	mov	r0, r12
	mov	r1, #EXC_SVC
	b	exc_common

/*
 * A fetch from ARM_UPCALL_RETURN: the function of an upcall returned (from
 * USR, or SYS for a privileged one) when the thread is in an upcall; r0 is
 * its result. Anything else goes on as the prefetch abort it is.
 */
pabt_upcall:
	push	{r1, r2}
	mrs	r1, spsr
	and	r1, r1, #PSR_MODE_MASK
	cmp	r1, #PSR_MODE_USR
	cmpne	r1, #PSR_MODE_SYS
	movne	r2, #0
	ldreq	r1, =sched_current
	ldreq	r1, [r1]
	ldreq	r2, [r1, #CTX_UPCALL]
	cmp	r2, #0
	popeq	{r1, r2}
	beq	pabt_fault
	add	sp, sp, #8
	cps	#PSR_MODE_SVC			/* interrupts stay masked */
	b	arm_upcall_resume		/* r0 result, r1 thread, r2 its upcall */

/* r0 = interrupted CPSR, r1 = kind, sp = frame */
exc_common:
	/* Banked sp/lr of the interrupted mode. */
	and	r2, r0, #PSR_MODE_MASK
	cmp	r2, #PSR_MODE_USR
	cmpne	r2, #PSR_MODE_SYS
	addeq	r3, sp, #FRAME_SP
	stmeq	r3, {sp, lr}^
	beq	1f
	mrs	r3, cpsr
	orr	r2, r2, #(PSR_I | PSR_F)
	msr	cpsr_c, r2
	mov	r4, sp
	mov	r5, lr
	msr	cpsr_c, r3
	str	r4, [sp, #FRAME_SP]
	str	r5, [sp, #FRAME_LR]
1:	mov	r4, r1
	mov	r5, sp
	vfp_save
	mov	r0, r5
	mov	r1, r4
	bl	arm_exception
	vfp_restore
exc_return:
	ldr	r0, [sp, #FRAME_CPSR]
	msr	spsr_cxsf, r0
	ldr	lr, [sp, #FRAME_PC]
	ldmia	sp, {r0-r12}
	add	sp, sp, #FRAME_SIZE
	movs	pc, lr

/*
 * IRQ: move to the SVC stack (srs), save the caller-saved state, align the
 * stack for C, call arm_irq().
 */
vec_irq:
	sub	lr, lr, #4
	srsdb	sp!, #PSR_MODE_SVC
	cps	#PSR_MODE_SVC
	push	{r0-r4, r12, lr}
	ldr	r4, [sp, #32]			/* the interrupted CPSR, saved by srs */
	vfp_save
	mov	r2, sp
	bic	sp, sp, #7
	push	{r2, r3}
	bl	arm_irq
	tst	r4, #0xf			/* back to user mode: a killed thread ends here */
	bleq	irq_exit_to_user
	pop	{r2, r3}
	mov	sp, r2
	vfp_restore
	pop	{r0-r4, r12, lr}
	rfeia	sp!
