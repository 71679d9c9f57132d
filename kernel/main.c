/* SPDX-License-Identifier: MIT */
/* The C entry: bring the kernel up in dependency order, then the application. */
#include "kernel/app.h"
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/console.h"
#include "kernel/log.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/sysinfo.h"
#include "kernel/thread.h"
#include "kernel/timer.h"

void kernel_main(void);

extern char __free_start[];

void kernel_main(void)
{
	paddr_t free_start = (paddr_t)__free_start;
	paddr_t free_end = board.ram_base + board.ram_size;

	/* Memory first: on an MMU the devices only have addresses once it is on. */
	mm_init(free_start, free_end);
	arch_mm_init(free_start, free_end);
	arch_early_init();
	board_console_init();
	sysinfo_banner();
	mm_heap_init();
	timer_init(TIMER_TICK_HZ);
	thread_init();
	timer_set_tick_hook(sched_tick);
	console_init();
	arch_irq_unlock(0);
	board_devices_init();
	LOG_INF("kernel up: tick %u Hz", (unsigned int)TIMER_TICK_HZ);
	sysinfo_mark_boot_done();
	app_main();
}
