/* SPDX-License-Identifier: MIT */
/* sotto.elf: boot into the serial shell. */
#include <stdio.h>

#include "audio/audio.h"
#include "kernel/app.h"
#include "kernel/shell.h"

void app_main(void)
{
	audio_init();
	if (audio_demo_start() == 0)
		printf("demo: tone 440 Hz -> volume -6 dB -> codec is playing ('demo stop' stops "
		       "it)\n");
	shell_run();
}
