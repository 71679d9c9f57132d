/* SPDX-License-Identifier: MIT */
/*
 * Running tiny probes in user mode from a self-test. The arch supplies the
 * probe code (arch/<arch>/user_probe.S); a test copies it into a page it
 * maps user-executable and runs one probe with ktest_user_run().
 */
#ifndef TEST_USER_PROBE_H
#define TEST_USER_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/fault.h"
#include "kernel/mem.h"

extern const uint8_t user_probe_blob[], user_probe_blob_end[];
extern const uint8_t user_probe_read[], user_probe_write[], user_probe_exec[];
extern const uint8_t user_probe_done[]; /* the "probe done" instruction on its own */

/* The instruction every probe ends with (udf #0xc0de). */
#define USER_PROBE_DONE 0xe7fc0dfeu

/* Offset of probe @p inside the blob. */
#define USER_PROBE_OFF(p) ((uintptr_t)(p) - (uintptr_t)user_probe_blob)

/*
 * Run the user code at @pc with two arguments and stack @sp in the current
 * address space. Returns true if it ran to its end (the USER_PROBE_DONE
 * instruction), false if it faulted; *@fi describes how it came back.
 */
bool ktest_user_run(vaddr_t pc, uintptr_t arg0, uintptr_t arg1, vaddr_t sp, struct fault_info *fi);

#endif /* TEST_USER_PROBE_H */
