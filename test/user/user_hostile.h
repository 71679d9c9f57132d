/* SPDX-License-Identifier: MIT */
/*
 * User half of the hostile-syscall suite (test/kernel/test_hostile.c): a
 * program that makes the raw system calls the kernel test wrote into
 * hostile_shared, one after the other, and stores each result there. It
 * knows nothing about what the calls mean: the table, the arguments and the
 * expected results are all on the kernel side.
 */
#ifndef TEST_USER_HOSTILE_H
#define TEST_USER_HOSTILE_H

#include <stdint.h>

#define HOSTILE_MAX_CALLS   512
#define HOSTILE_RC_UNSET    0x7eadbeef /* the result slot of a call that never returned */
#define HOSTILE_LOG_MSG_LEN 160
#define HOSTILE_RAN_ON	    0x0ff /* uh_bystander()'s exit code if it came back from a kill */

/* uh_run()'s argument: make calls [first, end). */
#define HOSTILE_RANGE(first, end) ((uintptr_t)(first) | (uintptr_t)(end) << 16)

struct hostile_call {
	uint32_t nr;
	uint32_t a[6];
	volatile int32_t rc; /* HOSTILE_RC_UNSET until the call returned */
};

/* Lives in .utest_data: every test domain maps it read-write. */
struct hostile_shared {
	uint32_t scratch[16] __attribute__((aligned(64))); /* a valid place to write to */
	volatile uint32_t bystander[2];			   /* uh_bystander() counters */
	struct hostile_call calls[HOSTILE_MAX_CALLS];
};

extern struct hostile_shared hostile_shared;

/* Printable text (in .utest_rodata) for sys_log calls that must succeed. */
extern const char uh_log_msg[HOSTILE_LOG_MSG_LEN];

/* Make the calls HOSTILE_RANGE(first, end) names, storing each result, then sot_exit(0). */
void uh_run(uintptr_t range);

/*
 * A thread of another domain that must keep running: bystander[@slot]++
 * every 100 us, forever. Its waits return -EINTR only when it is killed,
 * and a killed thread must never see that: it then exits with
 * HOSTILE_RAN_ON (rather than spin on in a dead domain).
 */
void uh_bystander(uintptr_t slot);

#endif /* TEST_USER_HOSTILE_H */
