/* SPDX-License-Identifier: MIT */
/* sotto-e2e.elf: one end-to-end audio scenario, named on the command line. */
#include <stdio.h>
#include <string.h>

#include "audio/audio.h"
#include "kernel/app.h"
#include "kernel/arch.h"
#include "kernel/fault.h"
#include "test/e2e/e2e.h"

void app_main(void)
{
	char cmd[128] = "";
	const char *name;

	fault_set_panic_exits(true);
	audio_init();
	arch_cmdline(cmd, sizeof(cmd));
	/* "IMAGE SCENARIO": the last word. */
	name = strrchr(cmd, ' ');
	name = name ? name + 1 : cmd;
	printf("e2e: scenario %s\n", name);
	arch_exit(e2e_run(name));
}
