/* SPDX-License-Identifier: MIT */
/* sotto.elf: boot into the serial shell. */
#include "kernel/app.h"
#include "kernel/shell.h"

void app_main(void)
{
	shell_run();
}
