/* SPDX-License-Identifier: MIT */
/*
 * The register frame every ARM exception entry saves (vectors.S builds it,
 * C code reads and may edit it before the exception returns).
 */
#ifndef ARCH_FRAME_H
#define ARCH_FRAME_H

#define FRAME_R0   0
#define FRAME_SP   52
#define FRAME_LR   56
#define FRAME_PC   60
#define FRAME_CPSR 64
#define FRAME_SIZE 72 /* keeps the stack 8-byte aligned (AAPCS) */

#ifndef __ASSEMBLY__
#include <stddef.h>
#include <stdint.h>

struct arch_frame {
	uint32_t r[13]; /* r0-r12 */
	uint32_t sp;	/* banked sp of the interrupted mode */
	uint32_t lr;	/* banked lr of the interrupted mode */
	uint32_t pc;	/* where the exception returns to */
	uint32_t cpsr;	/* interrupted mode's CPSR (the SPSR) */
	uint32_t pad;
};

_Static_assert(offsetof(struct arch_frame, sp) == FRAME_SP, "frame sp");
_Static_assert(offsetof(struct arch_frame, lr) == FRAME_LR, "frame lr");
_Static_assert(offsetof(struct arch_frame, pc) == FRAME_PC, "frame pc");
_Static_assert(offsetof(struct arch_frame, cpsr) == FRAME_CPSR, "frame cpsr");
_Static_assert(sizeof(struct arch_frame) == FRAME_SIZE, "frame size");
#endif

#endif /* ARCH_FRAME_H */
