/* SPDX-License-Identifier: MIT */
/*
 * ARMv7-A/R processor constants and coprocessor accessors.
 * Bit positions cite ARM DDI 0406C (ARMv7-A/R Architecture Reference Manual).
 */
#ifndef ARCH_ARM_H
#define ARCH_ARM_H

/* Program status register modes and mask bits (B1.3.1). */
#define PSR_MODE_MASK 0x1f
#define PSR_MODE_USR  0x10
#define PSR_MODE_FIQ  0x11
#define PSR_MODE_IRQ  0x12
#define PSR_MODE_SVC  0x13
#define PSR_MODE_MON  0x16
#define PSR_MODE_ABT  0x17
#define PSR_MODE_HYP  0x1a
#define PSR_MODE_UND  0x1b
#define PSR_MODE_SYS  0x1f
#define PSR_T	      (1u << 5)
#define PSR_F	      (1u << 6)
#define PSR_I	      (1u << 7)
#define PSR_A	      (1u << 8)
#define PSR_E	      (1u << 9)

/* SCTLR (B4.1.130). */
#define SCTLR_M	 (1u << 0)
#define SCTLR_A	 (1u << 1)
#define SCTLR_C	 (1u << 2)
#define SCTLR_Z	 (1u << 11)
#define SCTLR_I	 (1u << 12)
#define SCTLR_V	 (1u << 13)
#define SCTLR_TE (1u << 30)

/* Exception kinds passed from the vectors to arm_exception(). */
#define EXC_UNDEF   1
#define EXC_SVC	    2
#define EXC_PABT    3
#define EXC_DABT    4
#define EXC_FIQ	    5
#define EXC_RESET   6
#define EXC_HYPTRAP 7

/*
 * Where an upcall's function returns to (arch/arm/upcall.S): an address no
 * translation and no MPU region ever covers (above the MMU's device window;
 * no region on the MPU), so the return is a prefetch abort the vector
 * recognises by this address. Its negation fits an immediate: the vector
 * compares with cmn #ARM_UPCALL_RETURN_NEG.
 */
#define ARM_UPCALL_RETURN     0xfffffff0
#define ARM_UPCALL_RETURN_NEG 16

#ifndef __ASSEMBLY__
#include <stdint.h>

#define CP15_READ(name, op1, crn, crm, op2)                                                     \
	static inline uint32_t read_##name(void)                                                \
	{                                                                                       \
		uint32_t v;                                                                     \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(v)); \
		return v;                                                                       \
	}
#define CP15_WRITE(name, op1, crn, crm, op2)                                                 \
	static inline void write_##name(uint32_t v)                                          \
	{                                                                                    \
		__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 ::"r"(v) \
				 : "memory");                                                \
	}
#define CP15_RW(name, op1, crn, crm, op2)   \
	CP15_READ(name, op1, crn, crm, op2) \
	CP15_WRITE(name, op1, crn, crm, op2)

CP15_READ(midr, 0, c0, c0, 0)
CP15_READ(mpidr, 0, c0, c0, 5)
CP15_RW(sctlr, 0, c1, c0, 0)
CP15_RW(dfsr, 0, c5, c0, 0)
CP15_RW(ifsr, 0, c5, c0, 1)
CP15_RW(dfar, 0, c6, c0, 0)
CP15_RW(ifar, 0, c6, c0, 2)
CP15_RW(vbar, 0, c12, c0, 0)
CP15_RW(pmcr, 0, c9, c12, 0)
CP15_WRITE(pmcntenset, 0, c9, c12, 1)
CP15_RW(pmccntr, 0, c9, c13, 0)
CP15_READ(id_mmfr3, 0, c0, c1, 7)
CP15_RW(ttbr0, 0, c2, c0, 0)
CP15_RW(ttbr1, 0, c2, c0, 1)
CP15_RW(ttbcr, 0, c2, c0, 2)
CP15_RW(dacr, 0, c3, c0, 0)
CP15_RW(contextidr, 0, c13, c0, 1)
/* TLB maintenance (B4.2.3, table B4-6 / B3-49). */
CP15_WRITE(tlbiall, 0, c8, c7, 0)
CP15_WRITE(tlbimva, 0, c8, c7, 1)
CP15_WRITE(tlbiasid, 0, c8, c7, 2)
CP15_WRITE(tlbimvaa, 0, c8, c7, 3)
/* Cache and branch predictor maintenance (B4.2.1). */
CP15_WRITE(iciallu, 0, c7, c5, 0)
CP15_WRITE(bpiall, 0, c7, c5, 6)
CP15_WRITE(dccmvau, 0, c7, c11, 1)
CP15_READ(cntfrq, 0, c14, c0, 0)
CP15_RW(cntp_ctl, 0, c14, c2, 1)

static inline uint64_t read_cntpct(void)
{
	uint32_t lo, hi;

	__asm__ volatile("isb; mrrc p15, 0, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void write_cntp_cval(uint64_t v)
{
	__asm__ volatile("mcrr p15, 2, %0, %1, c14" ::"r"((uint32_t)v), "r"((uint32_t)(v >> 32))
			 : "memory");
}

static inline uint32_t read_cpsr(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void dsb(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

/* Wait for table writes to reach the walker (before TLB maintenance). */
static inline void dsb_ishst(void)
{
	__asm__ volatile("dsb ishst" ::: "memory");
}

static inline void dsb_ish(void)
{
	__asm__ volatile("dsb ish" ::: "memory");
}

#endif /* !__ASSEMBLY__ */
#endif /* ARCH_ARM_H */
