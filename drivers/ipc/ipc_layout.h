/* SPDX-License-Identifier: MIT */
/*
 * Layout of the host IPC mailbox: the 64 KiB at SHM_MAILBOX_OFF of the host
 * window (drivers/ivshmem/shm_layout.h), mailbox version 1.
 * docs/host-shm.md ("The IPC mailbox") describes it and the protocol;
 * drivers/ipc/ipc_link.c is the firmware side, tools/ipclink.py the host
 * side. Plain C with fixed-width types only, usable from host C. Every field
 * is a 32-bit little-endian word, naturally aligned, with one writer (fw or
 * host); offsets below are from the start of the mailbox.
 *
 *   0x0000  struct ipc_mbox_ctrl (256 bytes): identity, notification ring
 *           positions, counters
 *   0x1000  inbox (host -> firmware): struct ipc_box_hdr + payload
 *   0x2000  outbox (firmware -> host): struct ipc_box_hdr + payload
 *   0x3000  notification ring (firmware -> host): 256 x struct ipc_notify_entry
 *   0x4000  to 0xffff reserved, zero
 *
 * The doorbell is a byte stream on a 16550 UART (QEMU pci-serial) whose
 * other end is the host's socket: IPC_BELL_MSG from the host, IPC_BELL_REPLY
 * and IPC_BELL_NOTIFY from the firmware. A doorbell byte only says "look";
 * the mailbox holds what there is to see.
 */
#ifndef DRIVERS_IPC_LAYOUT_H
#define DRIVERS_IPC_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#define IPC_MBOX_MAGIC	 0x4b4e494cu /* the bytes "LINK" */
#define IPC_MBOX_VERSION 1u

/* ipc_mbox_ctrl.fw_state */
#define IPC_MBOX_NOT_READY 0u
#define IPC_MBOX_READY	   1u

#define IPC_MBOX_CTRL_SIZE	   0x100u
#define IPC_MBOX_INBOX_OFF	   0x1000u
#define IPC_MBOX_OUTBOX_OFF	   0x2000u
#define IPC_MBOX_BOX_SIZE	   0x1000u /* header + payload */
#define IPC_MBOX_BOX_HDR	   16u
#define IPC_MBOX_PAYLOAD_MAX	   (IPC_MBOX_BOX_SIZE - IPC_MBOX_BOX_HDR) /* 4080 bytes */
#define IPC_MBOX_NOTIFY_OFF	   0x3000u
#define IPC_MBOX_NOTIFY_ENTRIES	   256u /* a power of two */
#define IPC_MBOX_NOTIFY_ENTRY_SIZE 16u
#define IPC_MBOX_NOTIFY_DATA	   8u	   /* data bytes in an entry */
#define IPC_MBOX_USED		   0x4000u /* the rest of the mailbox is reserved */

/* Doorbell bytes. */
#define IPC_BELL_MSG	'M' /* host: a new message is in the inbox (or: resend the reply) */
#define IPC_BELL_REPLY	'R' /* firmware: the reply is in the outbox */
#define IPC_BELL_NOTIFY 'N' /* firmware: a notification was queued */

/*
 * A transport error reply: primary IPC_REPLY_ERROR (no handler's reply may
 * use it), extension one of IPC_ERR_*, size 0 except for IPC_ERR_HANDLER,
 * whose payload is one word: the handler's negative return code.
 */
#define IPC_REPLY_ERROR	   0xffffffffu
#define IPC_ERR_MSGSIZE	   1u /* the inbox size was over IPC_MBOX_PAYLOAD_MAX */
#define IPC_ERR_HANDLER	   2u /* the handler failed */
#define IPC_ERR_REPLY_SIZE 3u /* the handler's reply was over IPC_MBOX_PAYLOAD_MAX */

struct ipc_mbox_ctrl {
	uint32_t magic;		    /* 0x00 fw: IPC_MBOX_MAGIC */
	uint32_t version;	    /* 0x04 fw: IPC_MBOX_VERSION */
	uint32_t fw_state;	    /* 0x08 fw: IPC_MBOX_NOT_READY / IPC_MBOX_READY */
	uint32_t epoch;		    /* 0x0c fw: 1 at boot, +1 at every re-initialisation */
	uint32_t ctrl_size;	    /* 0x10 fw: IPC_MBOX_CTRL_SIZE */
	uint32_t inbox_off;	    /* 0x14 fw: IPC_MBOX_INBOX_OFF */
	uint32_t outbox_off;	    /* 0x18 fw: IPC_MBOX_OUTBOX_OFF */
	uint32_t box_size;	    /* 0x1c fw: IPC_MBOX_BOX_SIZE */
	uint32_t payload_max;	    /* 0x20 fw: IPC_MBOX_PAYLOAD_MAX */
	uint32_t notify_off;	    /* 0x24 fw: IPC_MBOX_NOTIFY_OFF */
	uint32_t notify_entries;    /* 0x28 fw: IPC_MBOX_NOTIFY_ENTRIES */
	uint32_t notify_entry_size; /* 0x2c fw: IPC_MBOX_NOTIFY_ENTRY_SIZE */
	uint32_t notify_head;	    /* 0x30 fw: entries written, free-running mod 2^32 */
	uint32_t notify_overflows;  /* 0x34 fw: notifications dropped, ring full */
	uint32_t messages;	    /* 0x38 fw: inbox messages taken (each new seq) */
	uint32_t replies;	    /* 0x3c fw: replies written (error replies too) */
	uint32_t bad_messages;	    /* 0x40 fw: messages refused (IPC_ERR_MSGSIZE) */
	uint32_t notifications;	    /* 0x44 fw: notifications queued */
	uint32_t resends;	    /* 0x48 fw: IPC_BELL_REPLY resent for a seq already answered */
	uint32_t reserved_fw[13];   /* 0x4c fw: 0 */
	uint32_t notify_tail;	    /* 0x80 host: entries read, free-running mod 2^32 */
	uint32_t reserved_host[31]; /* 0x84 host: 0 */
};

/* The inbox (host writes every word) and the outbox (firmware writes every word). */
struct ipc_box_hdr {
	uint32_t seq;	    /* 0x00: message number, never 0; the reply carries the request's */
	uint32_t size;	    /* 0x04: payload bytes, 0..IPC_MBOX_PAYLOAD_MAX */
	uint32_t primary;   /* 0x08: message words, opaque to the transport */
	uint32_t extension; /* 0x0c */
			    /* 0x10: payload */
};

struct ipc_notify_entry {
	uint32_t primary;   /* 0x00 */
	uint32_t extension; /* 0x04 */
	uint32_t data[2];   /* 0x08: IPC_MBOX_NOTIFY_DATA bytes, zero-padded */
};

_Static_assert(sizeof(struct ipc_mbox_ctrl) == IPC_MBOX_CTRL_SIZE, "ipc_mbox_ctrl size");
_Static_assert(offsetof(struct ipc_mbox_ctrl, epoch) == 0x0c, "epoch");
_Static_assert(offsetof(struct ipc_mbox_ctrl, notify_head) == 0x30, "notify_head");
_Static_assert(offsetof(struct ipc_mbox_ctrl, notify_overflows) == 0x34, "notify_overflows");
_Static_assert(offsetof(struct ipc_mbox_ctrl, messages) == 0x38, "messages");
_Static_assert(offsetof(struct ipc_mbox_ctrl, resends) == 0x48, "resends");
_Static_assert(offsetof(struct ipc_mbox_ctrl, notify_tail) == 0x80, "notify_tail");
_Static_assert(sizeof(struct ipc_box_hdr) == IPC_MBOX_BOX_HDR, "ipc_box_hdr size");
_Static_assert(offsetof(struct ipc_box_hdr, extension) == 0x0c, "extension");
_Static_assert(sizeof(struct ipc_notify_entry) == IPC_MBOX_NOTIFY_ENTRY_SIZE, "entry size");
_Static_assert(sizeof(((struct ipc_notify_entry *)0)->data) == IPC_MBOX_NOTIFY_DATA, "entry data");
_Static_assert((IPC_MBOX_NOTIFY_ENTRIES & (IPC_MBOX_NOTIFY_ENTRIES - 1)) == 0, "entries pow2");
_Static_assert(IPC_MBOX_CTRL_SIZE <= IPC_MBOX_INBOX_OFF, "control runs into the inbox");
_Static_assert(IPC_MBOX_INBOX_OFF + IPC_MBOX_BOX_SIZE <= IPC_MBOX_OUTBOX_OFF, "inbox overlap");
_Static_assert(IPC_MBOX_OUTBOX_OFF + IPC_MBOX_BOX_SIZE <= IPC_MBOX_NOTIFY_OFF, "outbox overlap");
_Static_assert(IPC_MBOX_NOTIFY_OFF + IPC_MBOX_NOTIFY_ENTRIES * IPC_MBOX_NOTIFY_ENTRY_SIZE <=
		       IPC_MBOX_USED,
	       "notification ring overlap");

#endif /* DRIVERS_IPC_LAYOUT_H */
