/* SPDX-License-Identifier: MIT */
/* sotto-bench.elf: run every benchmark, print the figures, leave QEMU. */
#include <stdio.h>

#include "audio/audio.h"
#include "kernel/app.h"
#include "kernel/arch.h"
#include "kernel/fault.h"
#include "test/harness/kbench.h"

void app_main(void)
{
	int n;

	fault_set_panic_exits(true);
	audio_init();
	n = kbench_run_all();
	printf("bench: %d benchmarks done\n", n);
	arch_exit(0);
}
