/* SPDX-License-Identifier: MIT */
/* ARMv7 CPU helpers behind kernel/arch.h: interrupt mask, PMU, idle, exit. */
#include <stdio.h>
#include <string.h>

#include <arch/arm.h>
#include <arch/context.h>
#include <arch/irqc.h>

#include "kernel/arch.h"
#include "kernel/board.h"

#define PMCR_E (1u << 0)
#define PMCR_C (1u << 2)

/* Semihosting (ARM DUI 0471): SYS_EXIT_EXTENDED with ADP_Stopped_ApplicationExit. */
#define SH_SYS_EXIT_EXTENDED 0x20u
#define SH_ADP_APP_EXIT	     0x20026u
#define SH_SYS_GET_CMDLINE   0x15u

void arch_early_init(void)
{
	/* Cycle counter: enabled by start.S already; make sure it runs, no reset. */
	write_pmcr(read_pmcr() | PMCR_E);
	write_pmcntenset(1u << 31);
	arm_irqc_init();
}

unsigned long arch_irq_lock(void)
{
	unsigned long cpsr;

	__asm__ volatile("mrs %0, cpsr\n\tcpsid i" : "=r"(cpsr)::"memory");
	return cpsr & PSR_I;
}

void arch_irq_unlock(unsigned long key)
{
	if (!(key & PSR_I))
		__asm__ volatile("cpsie i" ::: "memory");
}

bool arch_irq_is_locked(void)
{
	return read_cpsr() & PSR_I;
}

/* Interrupt handlers running (they run with interrupts masked: 0 or 1). */
static unsigned int irq_depth;

void arm_irq_enter(void)
{
	irq_depth++;
}

void arm_irq_leave(void)
{
	irq_depth--;
}

bool arch_in_irq(void)
{
	return irq_depth != 0;
}

uint32_t arch_cycles(void)
{
	return read_pmccntr();
}

/* PMUSERENR.EN (B4.1.124). */
void arch_cycles_user_enable(bool on)
{
	__asm__ volatile("mcr p15, 0, %0, c9, c14, 0" ::"r"(on ? 1u : 0u));
}

static const char *part_name(uint32_t implementer, uint32_t part)
{
	static const struct {
		uint32_t part;
		const char *name;
	} arm_parts[] = {
		{0xc05, "Cortex-A5"},  {0xc07, "Cortex-A7"},  {0xc08, "Cortex-A8"},
		{0xc09, "Cortex-A9"},  {0xc0d, "Cortex-A12"}, {0xc0e, "Cortex-A17"},
		{0xc0f, "Cortex-A15"}, {0xc14, "Cortex-R4"},  {0xc15, "Cortex-R5"},
		{0xc17, "Cortex-R7"},  {0xc18, "Cortex-R8"},  {0xd03, "Cortex-A53"},
	};

	if (implementer != 0x41)
		return "unknown part";
	for (unsigned int i = 0; i < sizeof(arm_parts) / sizeof(arm_parts[0]); i++)
		if (arm_parts[i].part == part)
			return arm_parts[i].name;
	return "unknown ARM part";
}

/* MIDR layout: ARM DDI 0406C B4.1.105. */
void arch_cpu_describe(char *buf, size_t size)
{
	uint32_t midr = read_midr();
	uint32_t impl = midr >> 24;
	uint32_t variant = (midr >> 20) & 0xf;
	uint32_t arch = (midr >> 16) & 0xf;
	uint32_t part = (midr >> 4) & 0xfff;
	uint32_t rev = midr & 0xf;

	snprintf(buf, size, "%s %s r%lup%lu (MIDR %08lx, arch %s)", impl == 0x41 ? "ARM" : "vendor",
		 part_name(impl, part), (unsigned long)variant, (unsigned long)rev,
		 (unsigned long)midr, arch == 0xf ? "by CPUID" : "ARMv7");
}

void arch_halt(void)
{
	__asm__ volatile("cpsid if" ::: "memory");
	for (;;)
		__asm__ volatile("wfi");
}

void arch_exit(int code)
{
	uint32_t block[2] = {SH_ADP_APP_EXIT, (uint32_t)code};
	register uint32_t r0 __asm__("r0") = SH_SYS_EXIT_EXTENDED;
	register uint32_t *r1 __asm__("r1") = block;

	if (board.has_semihosting)
		__asm__ volatile("svc #0x123456" : "+r"(r0) : "r"(r1) : "memory");
	arch_halt();
}

int arch_cmdline(char *buf, size_t size)
{
	uint32_t block[2] = {(uint32_t)(uintptr_t)buf, (uint32_t)size};
	register uint32_t r0 __asm__("r0") = SH_SYS_GET_CMDLINE;
	register uint32_t *r1 __asm__("r1") = block;

	if (!board.has_semihosting || size < 2)
		return -1;
	__asm__ volatile("svc #0x123456" : "+r"(r0) : "r"(r1) : "memory");
	return r0 == 0 ? 0 : -1;
}

void arch_reboot(void)
{
	board_reboot();
}

/* picolibc's exit() ends here. */
void _exit(int code);
void _exit(int code)
{
	arch_exit(code);
}

void arch_context_init(struct arch_context *ctx, uintptr_t kstack_top, void (*entry)(void))
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->sp = kstack_top & ~7u; /* AAPCS: 8-byte aligned at a call */
	ctx->lr = (uint32_t)(uintptr_t)entry;
}
