/* SPDX-License-Identifier: MIT */
/*
 * ARMv7-A/R boot: QEMU enters here (ELF entry) in SVC or HYP mode with the
 * MMU and caches off and interrupts masked. We leave HYP, give every
 * exception mode its own stack, install the vector table, enable the FPU and
 * the cycle counter, zero .bss, set up picolibc's TLS and call kernel_main().
 */
#include <arch/arm.h>

	.syntax unified
	.arm

	.section .text.boot, "ax"
	.global _start
_start:
	/* Start the cycle counter first so boot costs are counted (B4.1.117). */
	mov	r0, #5				/* PMCR.E | PMCR.C: enable, reset PMCCNTR */
	mcr	p15, 0, r0, c9, c12, 0
	mov	r0, #0x80000000			/* PMCNTENSET.C */
	mcr	p15, 0, r0, c9, c12, 1

#if __ARM_ARCH_PROFILE == 'A'
	/* HYP (virtualization=on): let SVC use the physical timer, then drop to SVC. */
	mrs	r0, cpsr
	and	r1, r0, #PSR_MODE_MASK
	cmp	r1, #PSR_MODE_HYP
	bne	1f
	mrc	p15, 4, r1, c14, c1, 0		/* CNTHCTL: EL1PCEN | EL1PCTEN (B4.1.26) */
	orr	r1, r1, #3
	mcr	p15, 4, r1, c14, c1, 0
	mov	r1, #0
	mcrr	p15, 4, r1, r1, c14		/* CNTVOFF = 0 */
	mov	r1, #(PSR_MODE_SVC | PSR_I | PSR_F | PSR_A)
	msr	spsr_hyp, r1
	adr	r1, 1f
	msr	elr_hyp, r1
	eret
1:
#endif /* an ARMv7-R core has no HYP mode */
	/* One stack per exception mode; all but SVC are small. */
	cpsid	aif, #PSR_MODE_IRQ
	ldr	sp, =__stack_irq_top
	cpsid	aif, #PSR_MODE_FIQ
	ldr	sp, =__stack_fiq_top
	cpsid	aif, #PSR_MODE_ABT
	ldr	sp, =__stack_abt_top
	cpsid	aif, #PSR_MODE_UND
	ldr	sp, =__stack_und_top
	cpsid	aif, #PSR_MODE_SYS
	ldr	sp, =__stack_svc_top		/* not used until user threads exist */
	cpsid	aif, #PSR_MODE_SVC
	ldr	sp, =__stack_svc_top

	/*
	 * Low vectors, ARM-state exceptions (B4.1.130). ARMv7-A has VBAR; an
	 * ARMv7-R core (no VBAR) takes them at 0, where its image is linked.
	 */
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #SCTLR_V
	bic	r0, r0, #SCTLR_TE
	mcr	p15, 0, r0, c1, c0, 0
#if __ARM_ARCH_PROFILE == 'A'
	ldr	r0, =arm_vectors
	mcr	p15, 0, r0, c12, c0, 0
#endif
	isb

	/* FPU: CPACR cp10/cp11 full access, then FPEXC.EN (B4.1.40, B6.1.6). */
	mrc	p15, 0, r0, c1, c0, 2
	orr	r0, r0, #(0xf << 20)
	mcr	p15, 0, r0, c1, c0, 2
	isb
	mov	r0, #(1 << 30)
	vmsr	fpexc, r0

	/* Zero .bss (the ELF loader fills .data): 16 bytes a step, then words. */
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
	mov	r3, #0
	mov	r4, #0
	mov	r5, #0
	sub	r6, r1, #16
2:	cmp	r0, r6
	stmialo	r0!, {r2-r5}
	blo	2b
3:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	3b

	/* picolibc thread-local storage for the boot thread. */
	ldr	r0, =__tls_base
	bl	_init_tls
	ldr	r0, =__tls_base
	bl	_set_tls

	bl	kernel_main
	b	arch_halt

	.ltorg
