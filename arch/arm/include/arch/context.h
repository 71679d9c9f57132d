/* SPDX-License-Identifier: MIT */
/*
 * What a thread switch saves (arch/arm/context.S): the callee-saved core
 * registers, the kernel sp and lr, the user-mode banked sp and lr, the
 * callee-saved VFP registers, FPSCR and the user TLS register. Everything
 * else is saved on the thread's kernel stack by the exception that entered
 * the kernel, or is caller-saved at the call to the switch.
 */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#define CTX_SP_USR	  40
#define CTX_D8		  48
#define CTX_FPSCR	  112
#define ARCH_CONTEXT_SIZE 120 /* struct thread keeps its system call counter right after */

#ifndef __ASSEMBLY__
#include <stddef.h>
#include <stdint.h>

struct arch_context {
	uint32_t r4_r11[8];
	uint32_t sp, lr;
	uint32_t sp_usr, lr_usr;
	uint64_t d8_d15[8];
	uint32_t fpscr;
	uint32_t tpidruro;
};

_Static_assert(offsetof(struct arch_context, sp_usr) == CTX_SP_USR, "ctx sp_usr");
_Static_assert(offsetof(struct arch_context, d8_d15) == CTX_D8, "ctx d8");
_Static_assert(offsetof(struct arch_context, fpscr) == CTX_FPSCR, "ctx fpscr");
_Static_assert(sizeof(struct arch_context) == ARCH_CONTEXT_SIZE, "ctx size");
#endif

#endif /* ARCH_CONTEXT_H */
