/* SPDX-License-Identifier: MIT */
/* sotto.elf: boot into the serial shell. */
#include "audio/audio.h"
#include "kernel/app.h"
#include "kernel/shell.h"

void app_main(void)
{
	audio_init();
	shell_run();
}
