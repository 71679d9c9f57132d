/* SPDX-License-Identifier: MIT */
/*
 * sotto-fuzz.elf (make fuzz): the fuzz suite alone, with the call count and
 * seeds the build asked for (FUZZ_CALLS, FUZZ_SEED, FUZZ_SEEDS), then leave
 * QEMU with the verdict.
 */
#include "kernel/app.h"
#include "kernel/arch.h"
#include "kernel/fault.h"
#include "test/harness/ktest.h"
#include "test/kernel/test_fuzz.h"

void app_main(void)
{
	fault_set_panic_exits(true);
	fuzz_params.calls = FUZZ_CALLS;
	fuzz_params.seed = FUZZ_SEED;
	fuzz_params.seeds = FUZZ_SEEDS;
	arch_exit(ktest_run("fuzz") ? 1 : 0);
}
