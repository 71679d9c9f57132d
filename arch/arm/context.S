/* SPDX-License-Identifier: MIT */
/*
 * arch_context_switch(from, to): save the running thread's callee-saved
 * state into *from and resume *to where it last switched (or at its entry).
 * Called in SVC mode with interrupts masked.
 */
#include <arch/arm.h>
#include <arch/context.h>

	.syntax unified
	.arm
	.text
	.global arch_context_switch
	.type arch_context_switch, %function
arch_context_switch:
	stmia	r0, {r4-r11, sp, lr}
	add	r2, r0, #CTX_SP_USR
	stmia	r2, {sp, lr}^			/* user-mode banked sp, lr */
	add	r2, r0, #CTX_D8
	vstmia	r2!, {d8-d15}
	vmrs	r3, fpscr
	mrc	p15, 0, r12, c13, c0, 3		/* TPIDRURO */
	stmia	r2, {r3, r12}

	add	r2, r1, #CTX_SP_USR
	ldmia	r2, {sp, lr}^
	nop					/* no banked access right after ldm ^ */
	add	r2, r1, #CTX_D8
	vldmia	r2!, {d8-d15}
	ldmia	r2, {r3, r12}
	vmsr	fpscr, r3
	mcr	p15, 0, r12, c13, c0, 3
	ldmia	r1, {r4-r11, sp, lr}
	bx	lr
	.size arch_context_switch, . - arch_context_switch
