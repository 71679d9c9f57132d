/* SPDX-License-Identifier: MIT */
/* User half of the hostile-syscall suite: see user_hostile.h. Only the SDK may be used here. */
#include <sotto/sotto.h>

#include "kernel/errno.h"

#include "test/user/user_hostile.h"

struct hostile_shared hostile_shared;

/* 128 printable bytes and more: sys_log prints at most 128 of them. */
const char uh_log_msg[HOSTILE_LOG_MSG_LEN] =
	"hostile: a log line from user memory, clamped by the kernel to 128 bytes "
	"..........................................."
	"|end of 128|(never printed)";

void uh_run(uintptr_t range)
{
	for (uint32_t i = range & 0xffffu; i < range >> 16; i++) {
		struct hostile_call *c = &hostile_shared.calls[i];

		c->rc = (int32_t)sot_syscall6(c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4],
					      c->a[5]);
	}
	sot_exit(0);
}

void uh_bystander(uintptr_t slot)
{
	uint32_t word = 0;

	for (;;) {
		hostile_shared.bystander[slot & 1]++;
		if (sot_futex_wait(&word, 0, 100) == -EINTR)
			sot_exit(HOSTILE_RAN_ON);
	}
}
