/* SPDX-License-Identifier: MIT */
/*
 * Host IPC round trip, firmware side (boards with the IPC link). The bench
 * plays the host as test/kernel/pci/test_ipc_link.c does: the request goes
 * into the inbox and 'M' through the 16550's loopback, so it arrives by the
 * real receive interrupt; the IPC thread copies it out, calls a handler that
 * answers like a trivial IPC4 GET_PIPELINE_STATE, writes the reply into the
 * outbox and rings 'R'.
 *   ipc_roundtrip  receive interrupt of 'M' to 'R' handed to the UART
 *                  (ipc_link_stats.last_roundtrip), median of ROUNDS requests
 *                  after WARMUP
 */
#include <stdio.h>

#include "audio/ipc4.h"
#include "drivers/ipc/ipc_link.h"
#include "kernel/thread.h"
#include "test/harness/kbench.h"

#define WARMUP	     8
#define ROUNDS	     64
#define PIPELINES    4
#define WAIT_STEP_US 100u
#define WAIT_STEPS   2000u /* 200 ms */

/* What GET_PIPELINE_STATE answers for pipelines 0..PIPELINES-1. */
static const uint8_t ppl_state[PIPELINES] = {IPC4_PPL_RUNNING, IPC4_PPL_PAUSED, IPC4_PPL_RESET,
					     IPC4_PPL_RUNNING};

/* A trivial IPC4 GET_PIPELINE_STATE: check the type and the id, reply with the state. */
static int get_pipeline_state(const struct ipc_link_msg *req, struct ipc_link_msg *reply)
{
	uint32_t want = ipc4_glb_primary(IPC4_GLB_GET_PIPELINE_STATE);
	uint32_t id = ipc4_get(req->primary, IPC4_F_GPS_ID);
	uint32_t status = IPC4_SUCCESS, state = 0;

	if ((req->primary & (IPC4_TGT_BIT | IPC4_PRI_TYPE_MASK)) != want)
		status = IPC4_INVALID_REQUEST;
	else if (id >= PIPELINES)
		status = IPC4_INVALID_RESOURCE_ID;
	else
		state = ppl_state[id];
	reply->primary = ipc4_reply_primary(req->primary, status);
	reply->extension = ipc4_put(state, IPC4_F_GPS_RPL_STATE);
	reply->size = 0;
	return 0;
}

static volatile struct ipc_box_hdr *box(uint32_t off)
{
	return (volatile struct ipc_box_hdr *)(ipc_link_mailbox() + off);
}

/*
 * Host: GET_PIPELINE_STATE of pipeline @id as request @seq, ring, wait for the
 * reply and check it. The round trip it took, or 0 (printed why).
 */
static uint32_t request(uint32_t seq, uint32_t id)
{
	volatile struct ipc_box_hdr *in = box(IPC_MBOX_INBOX_OFF);
	volatile struct ipc_box_hdr *out = box(IPC_MBOX_OUTBOX_OFF);
	struct ipc4_hdr h = ipc4_enc_get_pipeline_state(id);
	struct ipc_link_stats s0, s;

	ipc_link_get_stats(&s0);
	in->size = 0;
	in->primary = h.primary;
	in->extension = h.ext;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	in->seq = seq;
	if (ns16550_putc(ipc_link_uart(), IPC_BELL_MSG)) {
		printf("bench: ipc_roundtrip: doorbell not sent\n");
		return 0;
	}
	for (unsigned int i = 0;; i++) {
		ipc_link_get_stats(&s);
		if (s.replies != s0.replies)
			break;
		if (i == WAIT_STEPS) {
			printf("bench: ipc_roundtrip: no reply to seq %lu\n", (unsigned long)seq);
			return 0;
		}
		thread_sleep_us(WAIT_STEP_US);
	}
	if (s.replies != s0.replies + 1 || s.roundtrips != s0.roundtrips + 1 || out->seq != seq ||
	    out->primary != ipc4_reply_primary(h.primary, IPC4_SUCCESS) ||
	    out->extension != ppl_state[id]) {
		printf("bench: ipc_roundtrip: seq %lu: bad reply %08lx %08lx\n", (unsigned long)seq,
		       (unsigned long)out->primary, (unsigned long)out->extension);
		return 0;
	}
	return s.last_roundtrip;
}

/* Sort @v (@n entries) in place, smallest first. */
static void sort(uint32_t *v, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		uint32_t x = v[i];
		unsigned int j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

KBENCH(ipc)
{
	static uint32_t rt[ROUNDS];
	ipc_link_handler_t old;
	unsigned int n = 0;

	if (!ipc_link_is_up()) {
		printf("bench: ipc_roundtrip: no host IPC\n");
		return;
	}
	old = ipc_link_set_handler(get_pipeline_state);
	ipc_link_reset();
	ns16550_set_loopback(ipc_link_uart(), true);
	for (; n < WARMUP + ROUNDS; n++) {
		uint32_t c = request(n + 1, n % PIPELINES);

		if (!c)
			break;
		if (n >= WARMUP)
			rt[n - WARMUP] = c;
	}
	ns16550_set_loopback(ipc_link_uart(), false);
	ipc_link_set_handler(old);
	ipc_link_reset();
	if (n < WARMUP + ROUNDS)
		return;
	sort(rt, ROUNDS);
	kbench_report("ipc_roundtrip", rt[ROUNDS / 2], "instr");
}
