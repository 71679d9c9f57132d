/* SPDX-License-Identifier: MIT */
/*
 * memset and memcpy for the kernel, replacing picolibc's (built for size,
 * a byte at a time): 32 bytes per step with stm/ldm when aligned. The
 * linker takes these before the library's.
 */
	.syntax unified
	.arm
	.text

/* void *memset(void *s, int c, size_t n) */
	.global memset
	.type memset, %function
memset:
	mov	r12, r0
	and	r1, r1, #0xff
	orr	r1, r1, r1, lsl #8
	orr	r1, r1, r1, lsl #16
1:	tst	r12, #3				/* head: bytes up to word alignment */
	beq	2f
	subs	r2, r2, #1
	bxlo	lr
	strb	r1, [r12], #1
	b	1b
2:	push	{r4-r9}
	mov	r3, r1
	mov	r4, r1
	mov	r5, r1
	mov	r6, r1
	mov	r7, r1
	mov	r8, r1
	mov	r9, r1
3:	subs	r2, r2, #32
	stmiahs	r12!, {r1, r3-r9}
	bhi	3b
	beq	5f
	add	r2, r2, #32
4:	subs	r2, r2, #4			/* tail: words, then bytes */
	strhs	r1, [r12], #4
	bhi	4b
	beq	5f
	add	r2, r2, #4
6:	subs	r2, r2, #1
	strbhs	r1, [r12], #1
	bhi	6b
5:	pop	{r4-r9}
	bx	lr
	.size memset, . - memset

/* void *memcpy(void *dst, const void *src, size_t n) */
	.global memcpy
	.type memcpy, %function
memcpy:
	mov	r12, r0
	orr	r3, r0, r1
	tst	r3, #3
	bne	3f				/* misaligned: bytes */
	push	{r4-r10}
1:	subs	r2, r2, #32
	ldmiahs	r1!, {r3-r10}
	stmiahs	r12!, {r3-r10}
	bhi	1b
	pop	{r4-r10}
	bxeq	lr
	add	r2, r2, #32
2:	subs	r2, r2, #4			/* tail: words, then bytes */
	ldrhs	r3, [r1], #4
	strhs	r3, [r12], #4
	bhi	2b
	bxeq	lr
	add	r2, r2, #4
3:	subs	r2, r2, #1
	ldrbhs	r3, [r1], #1
	strbhs	r3, [r12], #1
	bhi	3b
	bx	lr
	.size memcpy, . - memcpy
