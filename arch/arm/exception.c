/* SPDX-License-Identifier: MIT */
/*
 * Synchronous and unexpected exceptions: decode the ARM state into a
 * struct fault_info and hand it to the generic fault code (kernel/fault.c).
 */
#include <stdio.h>

#include <arch/arm.h>
#include <arch/frame.h>
#include <arch/irqc.h>

#include "arch/arm/fsr.h"
#include "kernel/arch.h"
#include "kernel/fault.h"

/* Which FSR format this CPU uses: the MPU port overrides it. */
enum fsr_format arm_fsr_format = FSR_VMSA_SHORT;

void arm_exception(struct arch_frame *frame, int kind);

static const char *mode_name(uint32_t cpsr)
{
	switch (cpsr & PSR_MODE_MASK) {
	case PSR_MODE_USR:
		return "USR";
	case PSR_MODE_FIQ:
		return "FIQ";
	case PSR_MODE_IRQ:
		return "IRQ";
	case PSR_MODE_SVC:
		return "SVC";
	case PSR_MODE_MON:
		return "MON";
	case PSR_MODE_ABT:
		return "ABT";
	case PSR_MODE_HYP:
		return "HYP";
	case PSR_MODE_UND:
		return "UND";
	case PSR_MODE_SYS:
		return "SYS";
	default:
		return "???";
	}
}

static const char *const exc_names[] = {
	[EXC_UNDEF] = "undefined instruction",
	[EXC_SVC] = "supervisor call",
	[EXC_PABT] = "prefetch abort",
	[EXC_DABT] = "data abort",
	[EXC_FIQ] = "FIQ",
	[EXC_RESET] = "reset vector",
	[EXC_HYPTRAP] = "hyp trap",
};

/*
 * A system-register access (MCR/MRC/MCRR/MRRC to CP14/CP15, ARM DDI 0406C
 * A8.8.98ff) is what user code most often "tries" that only the kernel may
 * do; the CPU reports it as undefined. (CPS in user mode is a no-op, not a
 * fault, B9.3.2.)
 */
static bool is_privileged_insn(uint32_t insn, bool thumb)
{
	uint32_t coproc = (insn >> 8) & 0xfu;

	if (thumb)
		return false;
	if ((insn & 0x0f000010u) == 0x0e000010u || (insn & 0x0fe00000u) == 0x0c400000u)
		return coproc == 15 || coproc == 14;
	return false;
}

extern char user_copy_start[], user_copy_end[];

bool arch_pc_in_user_copy(uintptr_t pc)
{
	return pc >= (uintptr_t)user_copy_start && pc < (uintptr_t)user_copy_end;
}

/* Called from vectors.S with the frame of the interrupted context. */
void arm_exception(struct arch_frame *frame, int kind)
{
	struct fault_info fi = {
		.pc = frame->pc,
		.addr = frame->pc,
		.is_user = (frame->cpsr & PSR_MODE_MASK) == PSR_MODE_USR,
	};

	switch (kind) {
	case EXC_DABT:
		fi.kind = FAULT_KIND_DATA_ABORT;
		fi.addr = read_dfar();
		fi.status_reg = "DFSR";
		fi.addr_reg = "DFAR";
		fsr_decode(read_dfsr(), arm_fsr_format, true, &fi);
		break;
	case EXC_PABT:
		fi.kind = FAULT_KIND_PREFETCH_ABORT;
		fi.addr = read_ifar();
		fi.status_reg = "IFSR";
		fi.addr_reg = "IFAR";
		fsr_decode(read_ifsr(), arm_fsr_format, false, &fi);
		break;
	case EXC_UNDEF:
		fi.kind = FAULT_KIND_UNDEFINED;
		fi.cls = FAULT_UNDEFINED_INSTR;
		fi.status_reg = "instr";
		/* Thumb state: lr was instruction + 2, vectors.S took 4 off. */
		if (frame->cpsr & PSR_T) {
			frame->pc += 2;
			fi.pc = fi.addr = frame->pc;
		}
		fi.status =
			(frame->cpsr & PSR_T) ? *(const uint16_t *)fi.pc : *(const uint32_t *)fi.pc;
		if (fi.is_user && is_privileged_insn(fi.status, frame->cpsr & PSR_T))
			fi.cls = FAULT_PRIVILEGED_INSTR;
		break;
	default:
		fi.kind = FAULT_KIND_UNEXPECTED;
		fi.cls = FAULT_UNEXPECTED_EXC;
		fi.status = (uint32_t)kind;
		fi.status_reg = kind > 0 && kind <= EXC_HYPTRAP ? exc_names[kind] : "exception";
		break;
	}
	/* Where no interrupt is taken, time advances at exception entry too. */
	if (!(frame->cpsr & PSR_I))
		arm_irqc_poll();
	fault_handle(&fi, frame);
}

void arch_frame_print(const struct arch_frame *f)
{
	const uint32_t *r = f->r;

	printf("  r0  %08lx r1  %08lx r2  %08lx r3  %08lx\n", (unsigned long)r[0],
	       (unsigned long)r[1], (unsigned long)r[2], (unsigned long)r[3]);
	printf("  r4  %08lx r5  %08lx r6  %08lx r7  %08lx\n", (unsigned long)r[4],
	       (unsigned long)r[5], (unsigned long)r[6], (unsigned long)r[7]);
	printf("  r8  %08lx r9  %08lx r10 %08lx r11 %08lx\n", (unsigned long)r[8],
	       (unsigned long)r[9], (unsigned long)r[10], (unsigned long)r[11]);
	printf("  r12 %08lx sp  %08lx lr  %08lx pc  %08lx\n", (unsigned long)r[12],
	       (unsigned long)f->sp, (unsigned long)f->lr, (unsigned long)f->pc);
	printf("  cpsr %08lx (mode %s, %s, IRQ %s, FIQ %s)\n", (unsigned long)f->cpsr,
	       mode_name(f->cpsr), (f->cpsr & PSR_T) ? "Thumb" : "ARM",
	       (f->cpsr & PSR_I) ? "masked" : "on", (f->cpsr & PSR_F) ? "masked" : "on");
}

/* Resume in SVC mode, ARM state, interrupts as they were, at @fn. */
void arch_frame_redirect(struct arch_frame *frame, void (*fn)(void))
{
	uint32_t addr = (uint32_t)(uintptr_t)fn;

	frame->cpsr &= ~(PSR_MODE_MASK | PSR_T);
	frame->cpsr |= PSR_MODE_SVC;
	/* A Thumb function address has bit 0 set. */
	if (addr & 1u) {
		frame->cpsr |= PSR_T;
		addr &= ~1u;
	}
	frame->pc = addr;
}
