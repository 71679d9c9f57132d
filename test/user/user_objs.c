/* SPDX-License-Identifier: MIT */
/* User-mode halves of the kernel object tests: see user_objs.h. Only the SDK may be used here. */
#include <sotto/sotto.h>

#include "test/user/user_objs.h"

struct uobj_shared uobj_shared;

const struct uobj_msg uobj_rodata_msg = {0xffffffffu, 0, 0, 0};

#define U uobj_shared

static void note_failure(long rc)
{
	if (!U.first_rc)
		U.first_rc = (int32_t)rc;
}

static void fill(struct uobj_msg *m, uint32_t seq, uint32_t from)
{
	m->seq = seq;
	m->check = uobj_check(seq);
	m->from = from;
	m->pad = 0;
}

void uo_msgq_sender(uintptr_t n)
{
	struct uobj_msg m;

	for (uint32_t i = 0; i < n; i++) {
		long rc;

		fill(&m, i, 0xa);
		rc = sot_msgq_send(U.h[0], &m, sizeof(m), SOT_TIMEOUT_FOREVER);
		if (rc) {
			note_failure(rc);
			break;
		}
		U.sent = i + 1;
	}
	sot_exit(0);
}

void uo_msgq_receiver(uintptr_t n)
{
	struct uobj_msg m;

	for (uint32_t i = 0; i < n; i++) {
		long rc = sot_msgq_recv(U.h[1], &m, sizeof(m), SOT_TIMEOUT_FOREVER);

		if (rc) {
			note_failure(rc);
			break;
		}
		if (m.seq != i || m.check != uobj_check(i) || m.from != 0xa) {
			if (!U.bad) { /* the first one, for the failure report */
				U.r[0] = (int32_t)i;
				U.r[1] = (int32_t)m.seq;
			}
			U.bad++;
		}
		U.recvd = i + 1;
	}
	sot_exit(0);
}

/*
 * h[0] may only send, h[1] only receive, on one 2-message queue; h[2] is a
 * semaphore. Every failing call must leave the queue as it was.
 */
void uo_msgq_errors(uintptr_t unused)
{
	const void *kptr = (const void *)(uintptr_t)U.kaddr;
	int hw = U.h[0], hr = U.h[1];
	struct uobj_msg m;

	(void)unused;
	fill(&m, 0, 0xa);
	U.r[0] = (int32_t)sot_msgq_send(hw, &m, sizeof(m) - 1, SOT_TIMEOUT_NO_WAIT);
	U.r[1] = (int32_t)sot_msgq_send(hw, &m, sizeof(m) + 1, SOT_TIMEOUT_NO_WAIT);
	U.r[2] = (int32_t)sot_msgq_recv(hr, &m, 8, SOT_TIMEOUT_NO_WAIT);
	U.r[3] = (int32_t)sot_msgq_send(hr, &m, sizeof(m), SOT_TIMEOUT_NO_WAIT);
	U.r[4] = (int32_t)sot_msgq_recv(hw, &m, sizeof(m), SOT_TIMEOUT_NO_WAIT);
	U.r[5] = (int32_t)sot_msgq_send(U.h[2], &m, sizeof(m), SOT_TIMEOUT_NO_WAIT);
	U.r[6] = (int32_t)sot_msgq_send(0, &m, sizeof(m), SOT_TIMEOUT_NO_WAIT);
	U.r[7] = (int32_t)sot_msgq_recv(hr, &m, sizeof(m), SOT_TIMEOUT_NO_WAIT);
	U.r[8] = (int32_t)sot_msgq_send(hw, kptr, sizeof(m), SOT_TIMEOUT_NO_WAIT);
	U.r[9] = (int32_t)sot_msgq_recv(hr, &m, sizeof(m), SOT_TIMEOUT_NO_WAIT);

	/* A receive into memory it may not write fails before taking the message. */
	fill(&m, 0, 0xa);
	U.r[10] = (int32_t)sot_msgq_send(hw, &m, sizeof(m), SOT_TIMEOUT_NO_WAIT);
	U.r[11] = (int32_t)sot_msgq_recv(hr, (void *)&uobj_rodata_msg, sizeof(m),
					 SOT_TIMEOUT_NO_WAIT);
	U.r[12] = (int32_t)sot_msgq_recv(hr, (void *)kptr, sizeof(m), SOT_TIMEOUT_NO_WAIT);
	m.seq = 0xffff;
	U.r[13] = (int32_t)sot_msgq_recv(hr, &m, sizeof(m), SOT_TIMEOUT_NO_WAIT);
	U.r[14] = (int32_t)m.seq;
	U.r[15] = m.check == uobj_check(0);

	/* Timeouts both ways: empty for 3 ms, then full for 2 ms. */
	U.step = 1;
	U.r[16] = (int32_t)sot_msgq_recv(hr, &m, sizeof(m), 3000);
	U.step = 2;
	fill(&m, 1, 0xa);
	U.r[17] = (int32_t)sot_msgq_send(hw, &m, sizeof(m), SOT_TIMEOUT_NO_WAIT);
	fill(&m, 2, 0xa);
	U.r[18] = (int32_t)sot_msgq_send(hw, &m, sizeof(m), SOT_TIMEOUT_NO_WAIT);
	fill(&m, 3, 0xa);
	U.r[19] = (int32_t)sot_msgq_send(hw, &m, sizeof(m), SOT_TIMEOUT_NO_WAIT);
	U.step = 3;
	U.r[20] = (int32_t)sot_msgq_send(hw, &m, sizeof(m), 2000);
	U.step = 4;

	/* A handle given up is gone for good. */
	U.r[21] = (int32_t)sot_sys_handle_revoke((uint32_t)hw);
	U.r[22] = (int32_t)sot_msgq_send(hw, &m, sizeof(m), SOT_TIMEOUT_NO_WAIT);
	U.r[23] = (int32_t)sot_sys_handle_revoke((uint32_t)hw);
	sot_exit(0);
}

void uo_msgq_recv_into(uintptr_t va)
{
	U.r[0] = (int32_t)sot_msgq_recv(U.h[1], (void *)va, UOBJ_MSG_SIZE, SOT_TIMEOUT_FOREVER);
	sot_exit(0);
}

/* h[0]: a timer with the write and wait rights. */
void uo_timer_periodic(uintptr_t unused)
{
	int h = U.h[0];

	(void)unused;
	U.r[0] = (int32_t)sot_timer_start(h, 1000, 1000);
	for (int i = 0; i < 5; i++)
		U.r[1 + i] = (int32_t)sot_timer_wait(h, SOT_TIMEOUT_FOREVER);
	/* Fall 4.5 periods behind: the next wait reports the 4 expirations missed. */
	sot_sleep_us(4500);
	U.r[6] = (int32_t)sot_timer_wait(h, SOT_TIMEOUT_NO_WAIT);
	U.r[7] = (int32_t)sot_timer_wait(h, SOT_TIMEOUT_FOREVER);
	U.r[8] = (int32_t)sot_timer_stop(h);
	U.r[9] = (int32_t)sot_timer_wait(h, SOT_TIMEOUT_NO_WAIT);
	U.r[10] = (int32_t)sot_timer_wait(h, SOT_TIMEOUT_FOREVER); /* stopped: no sleep */

	U.r[11] = (int32_t)sot_timer_start(h, 2000, 0);
	U.r[12] = (int32_t)sot_timer_wait(h, SOT_TIMEOUT_FOREVER);
	U.r[13] = (int32_t)sot_timer_wait(h, SOT_TIMEOUT_NO_WAIT);

	U.r[14] = (int32_t)sot_timer_start(h, 50000, 0);
	U.r[15] = (int32_t)sot_timer_wait(h, 2000);
	U.r[16] = (int32_t)sot_timer_stop(h);
	sot_exit(0);
}

/* h[0] write+wait, h[1] wait only, h[2] a message queue, h[3] write only. */
void uo_timer_errors(uintptr_t unused)
{
	(void)unused;
	U.r[0] = (int32_t)sot_timer_start(U.h[1], 1000, 0);
	U.r[1] = (int32_t)sot_timer_stop(U.h[1]);
	U.r[2] = (int32_t)sot_timer_wait(U.h[3], SOT_TIMEOUT_NO_WAIT);
	U.r[3] = (int32_t)sot_timer_start(U.h[2], 1000, 0);
	U.r[4] = (int32_t)sot_timer_wait(U.h[2], SOT_TIMEOUT_NO_WAIT);
	U.r[5] = (int32_t)sot_timer_start(U.h[0], 1000, 50);
	U.r[6] = (int32_t)sot_timer_start(U.h[0], UINT64_MAX - 1, 0);
	U.r[7] = (int32_t)sot_timer_wait(U.h[0], SOT_TIMEOUT_NO_WAIT);
	U.r[8] = (int32_t)sot_timer_wait(0x7fff, SOT_TIMEOUT_NO_WAIT);
	U.r[9] = (int32_t)sot_timer_start(U.h[0], 1000, 0);
	U.r[10] = (int32_t)sot_timer_wait(U.h[0], SOT_TIMEOUT_FOREVER);
	sot_exit(0);
}

/* Every caller-saved VFP register gets 0x5a5a00nn (n its number) in both halves. */
void uo_vfp_kept(uintptr_t sleep_us)
{
	uint32_t bad;

	__asm__ volatile(".irp n, " UOBJ_VFP_SCRATCH "\n\t"
			 "movw r2, #\\n\n\t"
			 "movt r2, #0x5a5a\n\t"
			 "vmov d\\n, r2, r2\n\t"
			 ".endr\n\t"
			 "mov r0, %1\n\t"
			 "mov r1, #0\n\t"
			 "mov r7, %2\n\t"
			 "svc #0\n\t"
			 "mov r12, #0\n\t" /* every bit that changed ends up in r12 */
			 ".irp n, " UOBJ_VFP_SCRATCH "\n\t"
			 "vmov r2, r3, d\\n\n\t"
			 "movw r1, #\\n\n\t"
			 "movt r1, #0x5a5a\n\t"
			 "eor r2, r2, r1\n\t"
			 "eor r3, r3, r1\n\t"
			 "orr r12, r12, r2\n\t"
			 "orr r12, r12, r3\n\t"
			 ".endr\n\t"
			 "mov %0, r12"
			 : "=r"(bad)
			 : "r"((uint32_t)sleep_us), "i"(SOT_SYS_NR(sleep_us))
			 : "r0", "r1", "r2", "r3", "r7", "r12", "d0", "d1", "d2", "d3", "d4", "d5",
			   "d6", "d7" UOBJ_VFP_HIGH_CLOBBERS, "memory");
	uobj_shared.r[0] = (int32_t)bad;
	sot_exit(0);
}
