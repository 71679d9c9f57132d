/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "build_id.h"
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/console.h"
#include "kernel/irq.h"
#include "kernel/sysinfo.h"
#include "kernel/timer.h"

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __data_end[], __bss_start[], __bss_end[];
extern char __stack_guard_svc[], __stack_fiq_top[], __free_start[];

static uint32_t boot_cycles;

static void range(const char *name, uintptr_t start, uintptr_t end)
{
	printf("  %-11s %08lx-%08lx %7lu KiB\n", name, (unsigned long)start,
	       (unsigned long)(end - 1), (unsigned long)((end - start + 1023) / 1024));
}

static void print_facts(void)
{
	char cpu[96];
	uintptr_t ram_end = board.ram_base + board.ram_size;

	arch_cpu_describe(cpu, sizeof(cpu));
	printf("board    %s\n", board.name);
	printf("cpu      %s\n", cpu);
	printf("build    %s (%s %s)\n", BUILD_ID, __DATE__, __TIME__);
	printf("counter  %lu Hz, tick %u Hz\n", (unsigned long)arch_counter_freq(),
	       (unsigned int)TIMER_TICK_HZ);
	printf("memory map:\n");
	range("ram", board.ram_base, ram_end);
	range("text", (uintptr_t)__text_start, (uintptr_t)__text_end);
	range("rodata", (uintptr_t)__rodata_start, (uintptr_t)__rodata_end);
	range("data", (uintptr_t)__data_start, (uintptr_t)__data_end);
	range("bss", (uintptr_t)__bss_start, (uintptr_t)__bss_end);
	range("stacks", (uintptr_t)__stack_guard_svc, (uintptr_t)__stack_fiq_top);
	range("free", (uintptr_t)__free_start, ram_end);
	for (unsigned int i = 0; i < board.n_devices; i++)
		range(board.devices[i].name, board.devices[i].base,
		      board.devices[i].base + board.devices[i].size);
}

void sysinfo_banner(void)
{
	printf("\nSotto audio DSP microkernel %s\n", BUILD_ID);
	print_facts();
}

void sysinfo_print(void)
{
	uint64_t us = timer_uptime_us();

	print_facts();
	printf("uptime   %lu.%06lu s, %lu ticks\n", (unsigned long)(us / 1000000u),
	       (unsigned long)(us % 1000000u), (unsigned long)timer_ticks());
	printf("boot     %lu instructions to the application\n", (unsigned long)boot_cycles);
	printf("irqs     timer %lu, console %lu, unhandled %lu; console rx dropped %lu\n",
	       (unsigned long)irq_count(board.timer_irq),
	       (unsigned long)irq_count(board.console_irq), (unsigned long)irq_spurious_count(),
	       (unsigned long)console_rx_dropped());
}

uint32_t sysinfo_boot_cycles(void)
{
	return boot_cycles;
}

void sysinfo_mark_boot_done(void)
{
	boot_cycles = arch_cycles();
}
