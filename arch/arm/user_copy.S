/* SPDX-License-Identifier: MIT */
/*
 * arch_user_copy(dst, src, len): byte copy (words when both are aligned)
 * that may fault on the user side. A fault with the pc inside
 * [user_copy_start, user_copy_end) is resumed at user_copy_fault by
 * fault_handle(), which returns -EFAULT.
 */
	.syntax unified
	.arm
	.text
	.global arch_user_copy, user_copy_start, user_copy_end, user_copy_fault
	.type arch_user_copy, %function
arch_user_copy:
user_copy_start:
	orr	r3, r0, r1
	tst	r3, #3
	bne	2f
1:	cmp	r2, #4
	blo	2f
	ldr	r3, [r1], #4
	str	r3, [r0], #4
	sub	r2, r2, #4
	b	1b
2:	cmp	r2, #0
	beq	3f
	ldrb	r3, [r1], #1
	strb	r3, [r0], #1
	sub	r2, r2, #1
	b	2b
3:	mov	r0, #0
	bx	lr
user_copy_end:
user_copy_fault:
	mvn	r0, #13				/* -EFAULT (14) */
	bx	lr
	.size arch_user_copy, . - arch_user_copy
