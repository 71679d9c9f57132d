/* SPDX-License-Identifier: MIT */
/* sotto.elf: boot into the serial shell. */
#include <stdio.h>
#include <string.h>

#include "audio/audio.h"
#include "kernel/app.h"
#include "kernel/arch.h"
#include "kernel/shell.h"

void app_main(void)
{
	char cmdline[160];

	audio_init();
	audio_host_link_init();
	/* `-append nodemo` leaves the codec to the host (sotto-ctl). */
	if (arch_cmdline(cmdline, sizeof(cmdline)) || !strstr(cmdline, "nodemo")) {
		if (audio_demo_start() == 0)
			printf("demo: tone 440 Hz -> volume -6 dB -> codec is playing ('demo stop' "
			       "stops it)\n");
	}
	shell_run();
}
