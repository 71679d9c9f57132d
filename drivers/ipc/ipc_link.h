/* SPDX-License-Identifier: MIT */
/*
 * The host IPC transport on QEMU virt: a mailbox in the host window
 * (drivers/ipc/ipc_layout.h, docs/host-shm.md "The IPC mailbox") and a
 * doorbell, a 16550 UART on PCI (QEMU pci-serial at 00:04.0) whose other end
 * is the host's unix socket. It moves messages; what they mean is the
 * handler's business.
 *
 * Requests: the host writes the inbox (payload, then seq) and sends
 * IPC_BELL_MSG. The UART's receive interrupt wakes the IPC thread
 * (IPC_LINK_PRIO), which copies the message out of the window into private
 * memory (a size over IPC_LINK_PAYLOAD_MAX gets an IPC_ERR_MSGSIZE error
 * reply, the payload is not read), calls the handler, writes the reply into
 * the outbox with the request's seq and sends IPC_BELL_REPLY. One request is
 * in flight: the host reads the reply before it writes the next request. A
 * doorbell for the seq already answered sends IPC_BELL_REPLY again and changes
 * nothing else (a host that missed the byte asks again).
 *
 * Notifications (firmware -> host) go into a ring of fixed entries in the
 * mailbox; each is followed by IPC_BELL_NOTIFY. A full ring drops the
 * notification and counts it (ipc_link_overflows(), and the mailbox's
 * notify_overflows word): nothing blocks, nothing is lost unseen.
 */
#ifndef DRIVERS_IPC_LINK_H
#define DRIVERS_IPC_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "drivers/ipc/ipc_layout.h"
#include "drivers/uart/ns16550.h"

#define IPC_LINK_PAYLOAD_MAX IPC_MBOX_PAYLOAD_MAX /* 4080 bytes each way */
#define IPC_LINK_NOTIFY_DATA IPC_MBOX_NOTIFY_DATA /* 8 bytes per notification */
#define IPC_LINK_PRIO	     10			  /* below LL (1) and DP (8) */

/* QEMU's pci-serial (Red Hat, Inc. 1b36:0002): the doorbell UART. */
#define IPC_LINK_UART_VENDOR 0x1b36u
#define IPC_LINK_UART_DEVICE 0x0002u
#define IPC_LINK_UART_BAR    0u

/* One message: the words and a payload in private memory. */
struct ipc_link_msg {
	uint32_t primary;
	uint32_t extension;
	uint32_t size;	  /* payload bytes, 0..IPC_LINK_PAYLOAD_MAX */
	uint8_t *payload; /* IPC_LINK_PAYLOAD_MAX bytes, valid during the handler call */
};

/*
 * A request handler: runs in the IPC thread, one call at a time. @reply
 * arrives as primary 0, extension 0, size 0, with a payload buffer of
 * IPC_LINK_PAYLOAD_MAX bytes to fill. Return 0 to send @reply, or a negative
 * code to send an IPC_ERR_HANDLER error reply carrying it. A reply over
 * IPC_LINK_PAYLOAD_MAX becomes an IPC_ERR_REPLY_SIZE error reply.
 * IPC_REPLY_ERROR is reserved as a primary word for those error replies.
 */
typedef int (*ipc_link_handler_t)(const struct ipc_link_msg *req, struct ipc_link_msg *reply);

struct ipc_link_stats {
	uint32_t doorbells;	 /* IPC_BELL_MSG bytes received */
	uint32_t messages;	 /* new inbox messages taken */
	uint32_t replies;	 /* replies written, error replies included */
	uint32_t bad_messages;	 /* refused: inbox size over IPC_LINK_PAYLOAD_MAX */
	uint32_t handler_errors; /* the handler failed or its reply was too big */
	uint32_t resends;	 /* doorbells for the seq already answered */
	uint32_t spurious;	 /* doorbells with no message (inbox seq 0) */
	uint32_t notifications;	 /* queued */
	uint32_t overflows;	 /* dropped, ring full */
	uint32_t rx_other;	 /* received bytes that are not IPC_BELL_MSG */
	uint32_t tx_dropped;	 /* doorbell bytes the UART could not take */
	/*
	 * Round trips, in arch_cycles() (instructions under -icount shift=0):
	 * from the receive interrupt that takes the IPC_BELL_MSG byte to the
	 * IPC_BELL_REPLY byte written to the UART. Interrupt entry up to that
	 * byte's read is not in it. Every reply written is measured, error
	 * replies included; a resend or a doorbell with no message is not. When
	 * doorbells pile up, the oldest unanswered one starts the clock.
	 * min/max/last are 0 until roundtrips > 0.
	 */
	uint32_t roundtrips;	 /* replies measured */
	uint32_t last_roundtrip; /* the last reply's */
	uint32_t min_roundtrip;
	uint32_t max_roundtrip;
};

/*
 * Bring the link up: needs the host window (ivshmem_init() done) and the
 * pci-serial doorbell; lays out the mailbox, starts the IPC thread. Logs one
 * line. 0, -ENODEV (no window or no doorbell), -EEXIST, or the error of the
 * UART or thread set-up.
 */
int ipc_link_init(void);

/* 1 once ipc_link_init() succeeded. */
int ipc_link_is_up(void);

/*
 * Install @fn as the request handler (NULL: the default, which echoes the
 * request: same primary, extension and payload). Waits for a request being
 * handled to finish. Returns the handler it replaced (NULL for the default).
 */
ipc_link_handler_t ipc_link_set_handler(ipc_link_handler_t fn);

/*
 * Queue a notification: @primary, @ext and @len (0..IPC_LINK_NOTIFY_DATA)
 * bytes of @data, then ring IPC_BELL_NOTIFY. Never blocks; any context.
 * 0; -ENOSPC (ring full: counted as an overflow); -EINVAL (@len, or @data
 * NULL with @len > 0; not counted); -ENODEV (link not up).
 */
int ipc_link_notify(uint32_t primary, uint32_t ext, const void *data, size_t len);

/* Notifications dropped because the ring was full, since the last reset. */
uint32_t ipc_link_overflows(void);

/* Counters since the last reset. */
void ipc_link_get_stats(struct ipc_link_stats *st);

/*
 * Lay the mailbox out again as at boot: not ready, everything zero (the
 * host's words too: a request or a ring position written before is gone),
 * the identity words, epoch + 1, ready; the counters restart at 0 and the
 * next request may use any seq but 0. Waits for a request being handled.
 * 0 or -ENODEV.
 */
int ipc_link_reset(void);

/* For tests: the doorbell UART and the mailbox in the window (NULL before init). */
struct ns16550 *ipc_link_uart(void);
volatile uint8_t *ipc_link_mailbox(void);

#endif /* DRIVERS_IPC_LINK_H */
