/* SPDX-License-Identifier: MIT */
/*
 * arch_user_enter(pc, arg0, arg1, sp): leave privileged mode for USR at pc
 * (ARM or Thumb by bit 0), r0/r1 = arg0/arg1, sp = sp, interrupts on, every
 * other register zero so no kernel value leaks to user code.
 */
#include <arch/arm.h>

	.syntax unified
	.arm
	.text
	.global arch_user_enter
	.type arch_user_enter, %function
arch_user_enter:
	cpsid	i
	mov	lr, r0
	mov	r0, r1
	mov	r1, r2
	cps	#PSR_MODE_SYS			/* the user bank: sp_usr, lr_usr */
	mov	sp, r3
	mov	lr, #0
	cps	#PSR_MODE_SVC
	mov	r2, #PSR_MODE_USR
	tst	lr, #1
	orrne	r2, r2, #PSR_T
	bicne	lr, lr, #1
	msr	spsr_cxsf, r2
	mov	r2, #0
	mov	r3, #0
	mov	r4, #0
	mov	r5, #0
	mov	r6, #0
	mov	r7, #0
	mov	r8, #0
	mov	r9, #0
	mov	r10, #0
	mov	r11, #0
	mov	r12, #0
	movs	pc, lr
	.size arch_user_enter, . - arch_user_enter
