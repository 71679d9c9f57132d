/* SPDX-License-Identifier: MIT */
/* Data cache maintenance by address (ARMv7 ARM B4.2.1: DCCMVAC, DCCIMVAC). */
#include <stdint.h>

#include "kernel/arch.h"

static uint32_t dline(void)
{
	uint32_t ctr;

	__asm__ volatile("mrc p15, 0, %0, c0, c0, 1" : "=r"(ctr)); /* CTR */
	return 4u << ((ctr >> 16) & 0xfu);			   /* DminLine: log2 words */
}

void arch_dcache_clean(const void *p, size_t len)
{
	uint32_t line = dline();
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(line - 1), end = (uintptr_t)p + len;

	for (; a < end; a += line)
		__asm__ volatile("mcr p15, 0, %0, c7, c10, 1" ::"r"(a) : "memory");
	__asm__ volatile("dsb" ::: "memory");
}

void arch_dcache_invalidate(const void *p, size_t len)
{
	uint32_t line = dline();
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(line - 1), end = (uintptr_t)p + len;

	__asm__ volatile("dsb" ::: "memory");
	for (; a < end; a += line)
		__asm__ volatile("mcr p15, 0, %0, c7, c14, 1" ::"r"(a) : "memory");
	__asm__ volatile("dsb" ::: "memory");
}
