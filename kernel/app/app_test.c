/* SPDX-License-Identifier: MIT */
/* sotto-test.elf: run every suite, then leave QEMU with the verdict. */
#include "audio/audio.h"
#include "kernel/app.h"
#include "kernel/arch.h"
#include "kernel/fault.h"
#include "test/harness/ktest.h"

void app_main(void)
{
	int failed;

	fault_set_panic_exits(true);
	audio_init();
	failed = ktest_run(NULL);
	arch_exit(failed ? 1 : 0);
}
