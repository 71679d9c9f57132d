/* SPDX-License-Identifier: MIT */
/* The C entry: bring the kernel up in dependency order, then the application. */
#include "kernel/app.h"
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/console.h"
#include "kernel/log.h"
#include "kernel/sysinfo.h"
#include "kernel/timer.h"

void kernel_main(void);

void kernel_main(void)
{
	arch_early_init();
	board_console_init();
	sysinfo_banner();
	timer_init(TIMER_TICK_HZ);
	console_init();
	arch_irq_unlock(0);
	LOG_INF("kernel up: tick %u Hz", (unsigned int)TIMER_TICK_HZ);
	sysinfo_mark_boot_done();
	app_main();
}
