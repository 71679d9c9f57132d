/* SPDX-License-Identifier: MIT */
/* The host IPC transport: mailbox in the host window, 16550 doorbell, one IPC thread. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/ipc/ipc_link.h"
#include "drivers/ivshmem/ivshmem.h"
#include "drivers/ivshmem/shm_layout.h"
#include "drivers/pci/pci.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/log.h"
#include "kernel/mutex.h"
#include "kernel/sem.h"
#include "kernel/shell.h"
#include "kernel/thread.h"
#include "kernel/timer.h"

_Static_assert(IPC_MBOX_USED <= SHM_MAILBOX_SIZE, "the mailbox outgrows its window region");

#define NOTIFY_MASK (IPC_MBOX_NOTIFY_ENTRIES - 1u)

static struct {
	int up;
	volatile uint8_t *mbox; /* the window at SHM_MAILBOX_OFF */
	struct ns16550 uart;
	struct thread *thread;
	struct sem bell;       /* IPC_BELL_MSG received: the thread looks at the inbox */
	struct mutex box_lock; /* inbox, outbox, handler, last_seq */
	ipc_link_handler_t handler;
	uint32_t last_seq; /* seq of the reply in the outbox, 0: none */
	uint32_t epoch;
	uint32_t notify_head; /* ours, never read back from the window */
	bool bell_stamped;    /* bell_at holds a doorbell the thread has not looked at */
	uint32_t bell_at;     /* arch_cycles() when the receive interrupt saw that doorbell */
	struct ipc_link_stats st;
} link;

/* Private copies: nothing is looked at while it is still in the window. */
static uint8_t req_buf[IPC_LINK_PAYLOAD_MAX] __attribute__((aligned(8)));
static uint8_t reply_buf[IPC_LINK_PAYLOAD_MAX] __attribute__((aligned(8)));

/* Orders window accesses as the host sees them (DMB). */
static inline void shm_fence(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static volatile struct ipc_mbox_ctrl *ctrl(void)
{
	return (volatile struct ipc_mbox_ctrl *)link.mbox;
}

static volatile struct ipc_box_hdr *box(uint32_t off)
{
	return (volatile struct ipc_box_hdr *)(link.mbox + off);
}

static volatile uint8_t *box_payload(uint32_t off)
{
	return link.mbox + off + IPC_MBOX_BOX_HDR;
}

/* Send doorbell byte @c to the host; a full transmitter drops it (counted by the UART). */
static void bell_send(uint8_t c)
{
	(void)ns16550_putc(&link.uart, c);
}

/*
 * The UART's receive interrupt, one byte at a time. A doorbell is stamped
 * unless an earlier one is still waiting to be looked at: the thread's one
 * look answers both, so the oldest is the one the host waits on.
 */
static void on_byte(void *arg, uint8_t c)
{
	(void)arg;
	if (c == IPC_BELL_MSG) {
		if (!link.bell_stamped) {
			link.bell_at = arch_cycles();
			link.bell_stamped = true;
		}
		link.st.doorbells++;
		(void)sem_give(&link.bell); /* at the limit: a look is already due */
	} else {
		link.st.rx_other++;
	}
}

/* The default handler: the request comes back as it was. */
static int echo_handler(const struct ipc_link_msg *req, struct ipc_link_msg *reply)
{
	reply->primary = req->primary;
	reply->extension = req->extension;
	reply->size = req->size;
	memcpy(reply->payload, req->payload, req->size);
	return 0;
}

/* Publish the counters the message path owns. Caller holds box_lock. */
static void publish_msg_counters_locked(void)
{
	ctrl()->messages = link.st.messages;
	ctrl()->replies = link.st.replies;
	ctrl()->bad_messages = link.st.bad_messages;
	ctrl()->resends = link.st.resends;
}

/*
 * Take the stamp of the doorbell the thread is answering: true and *@at, or
 * false when there is none (the mailbox was laid out again since).
 */
static bool bell_stamp_take(uint32_t *at)
{
	unsigned long key = arch_irq_lock();
	bool stamped = link.bell_stamped;

	*at = link.bell_at;
	link.bell_stamped = false;
	arch_irq_unlock(key);
	return stamped;
}

/* Count a round trip of @cycles. Interrupts masked: ipc_link_get_stats() sees all of it or none. */
static void roundtrip_count(uint32_t cycles)
{
	struct ipc_link_stats *st = &link.st;

	if (!st->roundtrips || cycles < st->min_roundtrip)
		st->min_roundtrip = cycles;
	if (cycles > st->max_roundtrip)
		st->max_roundtrip = cycles;
	st->last_roundtrip = cycles;
	st->roundtrips++;
}

/*
 * Write @r into the outbox as the answer to @seq, then ring; @timed: count
 * the round trip from the doorbell stamp @bell_at. Caller holds box_lock.
 */
static void reply_locked(uint32_t seq, const struct ipc_link_msg *r, bool timed, uint32_t bell_at)
{
	volatile struct ipc_box_hdr *out = box(IPC_MBOX_OUTBOX_OFF);
	unsigned long key;
	uint32_t now;

	ivshmem_copy_out(box_payload(IPC_MBOX_OUTBOX_OFF), r->payload, r->size);
	out->size = r->size;
	out->primary = r->primary;
	out->extension = r->extension;
	shm_fence(); /* the reply is complete before its seq says so */
	out->seq = seq;
	link.last_seq = seq;
	link.st.replies++;
	publish_msg_counters_locked();
	shm_fence();
	/* Masked: the end is when the UART has the byte, not after an interrupt (loopback's echo). */
	key = arch_irq_lock();
	bell_send(IPC_BELL_REPLY);
	now = arch_cycles();
	if (timed)
		roundtrip_count(now - bell_at);
	arch_irq_unlock(key);
}

/* Turn @r into a transport error reply @code (with @rc as payload for IPC_ERR_HANDLER). */
static void make_error(struct ipc_link_msg *r, uint32_t code, int rc)
{
	uint32_t w = (uint32_t)rc;

	r->primary = IPC_REPLY_ERROR;
	r->extension = code;
	r->size = 0;
	if (code == IPC_ERR_HANDLER) {
		memcpy(r->payload, &w, sizeof(w));
		r->size = sizeof(w);
	}
}

/* Take the request in the inbox, if there is a new one, and answer it. Caller holds box_lock. */
static void serve_locked(void)
{
	volatile struct ipc_box_hdr *in = box(IPC_MBOX_INBOX_OFF);
	struct ipc_link_msg req = {.payload = req_buf};
	struct ipc_link_msg reply = {.payload = reply_buf};
	uint32_t seq = in->seq, bell_at;
	bool timed = bell_stamp_take(&bell_at);
	int rc;

	if (!seq) {
		link.st.spurious++;
		return;
	}
	if (seq == link.last_seq) {
		link.st.resends++;
		publish_msg_counters_locked();
		bell_send(IPC_BELL_REPLY);
		return;
	}
	shm_fence(); /* seq first: the host wrote it last */
	req.size = in->size;
	req.primary = in->primary;
	req.extension = in->extension;
	link.st.messages++;
	if (req.size > IPC_LINK_PAYLOAD_MAX) {
		link.st.bad_messages++;
		make_error(&reply, IPC_ERR_MSGSIZE, 0);
		reply_locked(seq, &reply, timed, bell_at);
		return;
	}
	ivshmem_copy_in(req_buf, box_payload(IPC_MBOX_INBOX_OFF), req.size);
	rc = (link.handler ? link.handler : echo_handler)(&req, &reply);
	if (rc < 0) {
		link.st.handler_errors++;
		make_error(&reply, IPC_ERR_HANDLER, rc);
	} else if (reply.size > IPC_LINK_PAYLOAD_MAX) {
		link.st.handler_errors++;
		make_error(&reply, IPC_ERR_REPLY_SIZE, 0);
	}
	reply_locked(seq, &reply, timed, bell_at);
}

static void ipc_thread(void *arg)
{
	(void)arg;
	for (;;) {
		if (sem_take(&link.bell, TIMEOUT_FOREVER))
			continue;
		mutex_lock(&link.box_lock, TIMEOUT_FOREVER);
		serve_locked();
		mutex_unlock(&link.box_lock);
	}
}

/*
 * Lay the mailbox out (see ipc_link_reset()). Caller holds box_lock (or is
 * init, before anything else runs); the notification side is held off with
 * interrupts masked.
 */
static void mailbox_reset_locked(void)
{
	volatile struct ipc_mbox_ctrl *c = ctrl();
	volatile uint32_t *w = (volatile uint32_t *)link.mbox;
	unsigned long key;

	c->fw_state = IPC_MBOX_NOT_READY;
	shm_fence();
	for (uint32_t i = IPC_MBOX_USED / 4; i < SHM_MAILBOX_SIZE / 4; i++)
		w[i] = 0;
	key = arch_irq_lock();
	for (uint32_t i = 0; i < IPC_MBOX_USED / 4; i++)
		w[i] = 0;
	link.notify_head = 0;
	link.st = (struct ipc_link_stats){0};
	link.bell_stamped = false; /* a doorbell from before is not timed against a request after */
	arch_irq_unlock(key);
	link.last_seq = 0;
	link.epoch++;
	c->magic = IPC_MBOX_MAGIC;
	c->version = IPC_MBOX_VERSION;
	c->epoch = link.epoch;
	c->ctrl_size = IPC_MBOX_CTRL_SIZE;
	c->inbox_off = IPC_MBOX_INBOX_OFF;
	c->outbox_off = IPC_MBOX_OUTBOX_OFF;
	c->box_size = IPC_MBOX_BOX_SIZE;
	c->payload_max = IPC_MBOX_PAYLOAD_MAX;
	c->notify_off = IPC_MBOX_NOTIFY_OFF;
	c->notify_entries = IPC_MBOX_NOTIFY_ENTRIES;
	c->notify_entry_size = IPC_MBOX_NOTIFY_ENTRY_SIZE;
	shm_fence(); /* everything above is visible before "ready" */
	c->fw_state = IPC_MBOX_READY;
	shm_fence();
}

int ipc_link_reset(void)
{
	if (!link.up)
		return -ENODEV;
	mutex_lock(&link.box_lock, TIMEOUT_FOREVER);
	mailbox_reset_locked();
	mutex_unlock(&link.box_lock);
	return 0;
}

/* The doorbell UART's BAR and interrupt, or NULL (logged). */
static const struct pci_dev *find_uart(void)
{
	const struct pci_dev *d = pci_find(IPC_LINK_UART_VENDOR, IPC_LINK_UART_DEVICE);
	const struct pci_bar *b;

	if (!d) {
		LOG_INF("ipc: no doorbell (pci-serial %04x:%04x), no host IPC",
			IPC_LINK_UART_VENDOR, IPC_LINK_UART_DEVICE);
		return NULL;
	}
	b = &d->bar[IPC_LINK_UART_BAR];
	if (!b->io || !b->pa || b->size < 8 || !d->irq) {
		LOG_ERR("ipc: %02x:%02x.%x: BAR%u or interrupt not assigned, no host IPC", d->bus,
			d->dev, d->fn, IPC_LINK_UART_BAR);
		return NULL;
	}
	return d;
}

int ipc_link_init(void)
{
	volatile uint8_t *win = ivshmem_base();
	const struct pci_dev *d;
	int rc;

	if (link.up)
		return -EEXIST;
	if (!win || ivshmem_size() < SHM_MAILBOX_OFF + SHM_MAILBOX_SIZE) {
		LOG_INF("ipc: no host window, no host IPC");
		return -ENODEV;
	}
	d = find_uart();
	if (!d)
		return -ENODEV;
	link.mbox = win + SHM_MAILBOX_OFF;
	sem_init(&link.bell, 0, 1);
	mutex_init(&link.box_lock);
	mailbox_reset_locked();
	rc = ns16550_init(&link.uart, pci_bar_map(d, IPC_LINK_UART_BAR), d->irq, on_byte, NULL);
	if (!rc) {
		rc = thread_create(&link.thread, "ipc", ipc_thread, NULL, IPC_LINK_PRIO);
		if (rc)
			ns16550_deinit(&link.uart);
	}
	if (rc) {
		LOG_ERR("ipc: doorbell %02x:%02x.%x: %d, no host IPC", d->bus, d->dev, d->fn, rc);
		return rc;
	}
	link.up = 1;
	LOG_INF("ipc: mailbox at window +%05lx, doorbell %02x:%02x.%x irq %u",
		(unsigned long)SHM_MAILBOX_OFF, d->bus, d->dev, d->fn, d->irq);
	return 0;
}

int ipc_link_is_up(void)
{
	return link.up;
}

ipc_link_handler_t ipc_link_set_handler(ipc_link_handler_t fn)
{
	ipc_link_handler_t old;

	if (link.up)
		mutex_lock(&link.box_lock, TIMEOUT_FOREVER);
	old = link.handler;
	link.handler = fn;
	if (link.up)
		mutex_unlock(&link.box_lock);
	return old;
}

int ipc_link_notify(uint32_t primary, uint32_t ext, const void *data, size_t len)
{
	volatile struct ipc_notify_entry *e;
	uint32_t words[IPC_LINK_NOTIFY_DATA / 4] = {0};
	unsigned long key;
	uint32_t head;

	if (!link.up)
		return -ENODEV;
	if (len > IPC_LINK_NOTIFY_DATA || (len && !data))
		return -EINVAL;
	if (len)
		memcpy(words, data, len);
	key = arch_irq_lock();
	head = link.notify_head;
	/* A tail the host got wrong only makes the ring look full: we never write outside it. */
	if (head - ctrl()->notify_tail >= IPC_MBOX_NOTIFY_ENTRIES) {
		link.st.overflows++;
		ctrl()->notify_overflows = link.st.overflows;
		arch_irq_unlock(key);
		return -ENOSPC;
	}
	e = (volatile struct ipc_notify_entry *)(link.mbox + IPC_MBOX_NOTIFY_OFF) +
	    (head & NOTIFY_MASK);
	e->primary = primary;
	e->extension = ext;
	e->data[0] = words[0];
	e->data[1] = words[1];
	shm_fence(); /* the entry is complete before head covers it */
	link.notify_head = head + 1;
	ctrl()->notify_head = head + 1;
	link.st.notifications++;
	ctrl()->notifications = link.st.notifications;
	arch_irq_unlock(key);
	bell_send(IPC_BELL_NOTIFY);
	return 0;
}

uint32_t ipc_link_overflows(void)
{
	return link.st.overflows;
}

void ipc_link_get_stats(struct ipc_link_stats *st)
{
	unsigned long key = arch_irq_lock();

	*st = link.st;
	st->tx_dropped = link.uart.tx_busy;
	arch_irq_unlock(key);
}

struct ns16550 *ipc_link_uart(void)
{
	return link.up ? &link.uart : NULL;
}

volatile uint8_t *ipc_link_mailbox(void)
{
	return link.up ? link.mbox : NULL;
}

/*
 * "ipc": the counters; "ipc reset": lay the mailbox out again; "ipc echo
 * on|off": answer every request with itself instead of the installed
 * handler; "ipc notify P E [N]": queue N notifications (data: their index).
 * The host tests use these.
 */
static int cmd_ipc(int argc, char **argv)
{
	struct ipc_link_stats s;

	if (!link.up) {
		printf("no host IPC\n");
		return -ENODEV;
	}
	if (argc >= 4 && !strcmp(argv[1], "notify")) {
		uint32_t p = (uint32_t)strtoul(argv[2], NULL, 0);
		uint32_t e = (uint32_t)strtoul(argv[3], NULL, 0);
		uint32_t n = argc > 4 ? (uint32_t)strtoul(argv[4], NULL, 0) : 1, queued = 0;

		for (uint32_t i = 0; i < n; i++)
			queued += ipc_link_notify(p, e, &i, sizeof(i)) == 0;
		printf("ipc: %lu queued, %lu overflowed\n", (unsigned long)queued,
		       (unsigned long)(n - queued));
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "reset"))
		return ipc_link_reset();
	if (argc == 3 && !strcmp(argv[1], "echo")) {
		/* The transport's own echo handler in place of the installed one (tests). */
		static ipc_link_handler_t saved;
		static bool echoing;

		if (!strcmp(argv[2], "on") && !echoing) {
			saved = ipc_link_set_handler(NULL);
			echoing = true;
		} else if (!strcmp(argv[2], "off") && echoing) {
			ipc_link_set_handler(saved);
			echoing = false;
		}
		printf("ipc: echo %s\n", echoing ? "on" : "off");
		return 0;
	}
	if (argc > 1) {
		printf("usage: ipc [reset | echo on|off | notify PRIMARY EXT [COUNT]]\n");
		return -EINVAL;
	}
	ipc_link_get_stats(&s);
	printf("doorbells %lu messages %lu replies %lu bad %lu handler_errors %lu resends %lu "
	       "spurious %lu\nnotifications %lu overflows %lu rx_other %lu tx_dropped %lu\n",
	       (unsigned long)s.doorbells, (unsigned long)s.messages, (unsigned long)s.replies,
	       (unsigned long)s.bad_messages, (unsigned long)s.handler_errors,
	       (unsigned long)s.resends, (unsigned long)s.spurious, (unsigned long)s.notifications,
	       (unsigned long)s.overflows, (unsigned long)s.rx_other, (unsigned long)s.tx_dropped);
	printf("roundtrips %lu last %lu min %lu max %lu cycles\n", (unsigned long)s.roundtrips,
	       (unsigned long)s.last_roundtrip, (unsigned long)s.min_roundtrip,
	       (unsigned long)s.max_roundtrip);
	return 0;
}
SHELL_CMD(ipc, "ipc [reset | echo on|off | notify P E [N]]: host IPC counters and tests", cmd_ipc);
