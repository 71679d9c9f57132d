/* SPDX-License-Identifier: MIT */
/*
 * What a thread switch saves (arch/arm/context.S): the callee-saved core
 * registers, the kernel sp and lr, the user-mode banked sp and lr, the
 * callee-saved VFP registers, FPSCR and the user TLS register. Everything
 * else is saved on the thread's kernel stack by the exception that entered
 * the kernel, or is caller-saved at the call to the switch.
 *
 * Also what an upcall saves (arch/arm/upcall.S): the same kernel state,
 * taken by arch_upcall_enter() and put back when the upcall ends.
 */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#define CTX_SP_USR	  40
#define CTX_D8		  48
#define CTX_FPSCR	  112
#define CTX_UPCALL	  120
#define ARCH_CONTEXT_SIZE 128 /* struct thread keeps its system call counter right after */

#define UC_SP_USR	 40
#define UC_D8		 48
#define UC_FPSCR	 112
#define ARCH_UPCALL_SIZE 120

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
	struct arch_upcall *upcall; /* the upcall in progress on this thread, or NULL */
	uint32_t pad;
};

/*
 * The kernel side of an upcall in progress: where arch_upcall_enter() was
 * called from (callee-saved registers, kernel sp and lr, the user bank's sp
 * and lr, d8-d15, FPSCR). Lives in the caller's frame.
 */
struct arch_upcall {
	uint32_t r4_r11[8];
	uint32_t sp, lr;
	uint32_t sp_usr, lr_usr;
	uint64_t d8_d15[8];
	uint32_t fpscr;
	uint32_t pad;
};

_Static_assert(offsetof(struct arch_context, sp_usr) == CTX_SP_USR, "ctx sp_usr");
_Static_assert(offsetof(struct arch_context, d8_d15) == CTX_D8, "ctx d8");
_Static_assert(offsetof(struct arch_context, fpscr) == CTX_FPSCR, "ctx fpscr");
_Static_assert(offsetof(struct arch_context, upcall) == CTX_UPCALL, "ctx upcall");
_Static_assert(sizeof(struct arch_context) == ARCH_CONTEXT_SIZE, "ctx size");
_Static_assert(offsetof(struct arch_upcall, sp_usr) == UC_SP_USR, "upcall sp_usr");
_Static_assert(offsetof(struct arch_upcall, d8_d15) == UC_D8, "upcall d8");
_Static_assert(offsetof(struct arch_upcall, fpscr) == UC_FPSCR, "upcall fpscr");
_Static_assert(sizeof(struct arch_upcall) == ARCH_UPCALL_SIZE, "upcall size");
#endif

#endif /* ARCH_CONTEXT_H */
