/* SPDX-License-Identifier: MIT */
/*
 * ARM system call instruction for the SDK: number in r7, arguments in
 * r0-r5, result in r0 (kernel/syscall_list.h). Inline, so a module never
 * calls into code outside its own domain to make a call. The kernel gives
 * back every other register, core and VFP, as it found it.
 */
#ifndef SOTTO_ARCH_SYSCALL_ARCH_H
#define SOTTO_ARCH_SYSCALL_ARCH_H

#include <stdint.h>

/* One call with @n argument registers: only those are set up (cheaper stubs). */
#define SOT_SVC(nr, ...)                                                                   \
	do {                                                                               \
		register uint32_t r7 __asm__("r7") = (nr);                                 \
		__asm__ volatile("svc #0" : "+r"(r0) : "r"(r7), ##__VA_ARGS__ : "memory"); \
	} while (0)

static inline long sot_syscall0(uint32_t nr)
{
	register uint32_t r0 __asm__("r0");

	SOT_SVC(nr);
	return (long)r0;
}

static inline long sot_syscall1(uint32_t nr, uint32_t a0)
{
	register uint32_t r0 __asm__("r0") = a0;

	SOT_SVC(nr);
	return (long)r0;
}

static inline long sot_syscall2(uint32_t nr, uint32_t a0, uint32_t a1)
{
	register uint32_t r0 __asm__("r0") = a0;
	register uint32_t r1 __asm__("r1") = a1;

	SOT_SVC(nr, "r"(r1));
	return (long)r0;
}

static inline long sot_syscall3(uint32_t nr, uint32_t a0, uint32_t a1, uint32_t a2)
{
	register uint32_t r0 __asm__("r0") = a0;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;

	SOT_SVC(nr, "r"(r1), "r"(r2));
	return (long)r0;
}

static inline long sot_syscall4(uint32_t nr, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	register uint32_t r0 __asm__("r0") = a0;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;

	SOT_SVC(nr, "r"(r1), "r"(r2), "r"(r3));
	return (long)r0;
}

static inline long sot_syscall5(uint32_t nr, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3,
				uint32_t a4)
{
	register uint32_t r0 __asm__("r0") = a0;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;
	register uint32_t r4 __asm__("r4") = a4;

	SOT_SVC(nr, "r"(r1), "r"(r2), "r"(r3), "r"(r4));
	return (long)r0;
}

static inline long sot_syscall6(uint32_t nr, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3,
				uint32_t a4, uint32_t a5)
{
	register uint32_t r0 __asm__("r0") = a0;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;
	register uint32_t r4 __asm__("r4") = a4;
	register uint32_t r5 __asm__("r5") = a5;

	SOT_SVC(nr, "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5));
	return (long)r0;
}

/*
 * The CPU cycle counter (PMCCNTR), readable from user mode only where the
 * kernel allows it (the benchmark image does); elsewhere it is undefined.
 */
static inline uint32_t sot_cycles(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(v));
	return v;
}

#endif /* SOTTO_ARCH_SYSCALL_ARCH_H */
