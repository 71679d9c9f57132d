/* SPDX-License-Identifier: MIT */
/*
 * Raw system call stubs, generated from kernel/syscall_list.h: for every
 * X(number, name, nargs) there is
 *   static inline long sot_sys_<name>(uint32_t a0, ... a<nargs-1>);
 * returning 0 / a value, or a negative error code. Friendlier wrappers are
 * in the other sotto/ headers.
 */
#ifndef SOTTO_SYSCALL_H
#define SOTTO_SYSCALL_H

#include <stdint.h>

#include <sotto/arch/arm/syscall_arch.h>

#include "kernel/syscall_list.h"

#define SOT_STUB_0(num, name)                   \
	static inline long sot_sys_##name(void) \
	{                                       \
		return sot_syscall0(num);       \
	}
#define SOT_STUB_1(num, name)                          \
	static inline long sot_sys_##name(uint32_t a0) \
	{                                              \
		return sot_syscall1(num, a0);          \
	}
#define SOT_STUB_2(num, name)                                       \
	static inline long sot_sys_##name(uint32_t a0, uint32_t a1) \
	{                                                           \
		return sot_syscall2(num, a0, a1);                   \
	}
#define SOT_STUB_3(num, name)                                                    \
	static inline long sot_sys_##name(uint32_t a0, uint32_t a1, uint32_t a2) \
	{                                                                        \
		return sot_syscall3(num, a0, a1, a2);                            \
	}
#define SOT_STUB_4(num, name)                                                                 \
	static inline long sot_sys_##name(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3) \
	{                                                                                     \
		return sot_syscall4(num, a0, a1, a2, a3);                                     \
	}
#define SOT_STUB_5(num, name)                                                                 \
	static inline long sot_sys_##name(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, \
					  uint32_t a4)                                        \
	{                                                                                     \
		return sot_syscall5(num, a0, a1, a2, a3, a4);                                 \
	}
#define SOT_STUB_6(num, name)                                                                 \
	static inline long sot_sys_##name(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, \
					  uint32_t a4, uint32_t a5)                           \
	{                                                                                     \
		return sot_syscall6(num, a0, a1, a2, a3, a4, a5);                             \
	}

#define SOT_STUB(num, name, nargs) SOT_STUB_##nargs(num, name)
SYSCALL_LIST(SOT_STUB)
#undef SOT_STUB

/* The raw number, for code that builds calls itself (fuzzers, hostile tests). */
#define SOT_SYS_NR(name)	      SOT_SYS_NR_##name
#define SOT_NR_ENUM(num, name, nargs) SOT_SYS_NR_##name = num,
enum { SYSCALL_LIST(SOT_NR_ENUM) SOT_SYS_COUNT };
#undef SOT_NR_ENUM

#endif /* SOTTO_SYSCALL_H */
