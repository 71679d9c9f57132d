/* SPDX-License-Identifier: MIT */
/* sotto-test.elf: run every suite, then leave QEMU with the verdict. */
#include <string.h>

#include "audio/audio.h"
#include "kernel/app.h"
#include "kernel/arch.h"
#include "kernel/fault.h"
#include "test/harness/ktest.h"

void app_main(void)
{
	char cmd[160];
	const char *suite = NULL;
	int failed;

	fault_set_panic_exits(true);
	audio_init();
	/* "IMAGE SUITE" (make test-target TEST_ONLY=SUITE): that suite only. */
	if (!arch_cmdline(cmd, sizeof(cmd)) && strrchr(cmd, ' '))
		suite = strrchr(cmd, ' ') + 1;
	failed = ktest_run(suite);
	arch_exit(failed ? 1 : 0);
}
