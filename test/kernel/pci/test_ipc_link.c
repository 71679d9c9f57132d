/* SPDX-License-Identifier: MIT */
/*
 * The host IPC transport (QEMU line: pci-serial at 00:04.0, ivshmem at
 * 00:03.0) without a host: the tests play the host in the mailbox (inbox
 * written as tools/ipclink.py writes it: payload, header, barrier, seq) and
 * ring the doorbell through the 16550's loopback (MCR LOOP), so 'M' arrives
 * by the real receive interrupt and the firmware's 'R' and 'N' come back as
 * received bytes (counted in rx_other). Every test starts from a freshly
 * laid out mailbox and leaves one behind.
 */
#include "drivers/ipc/ipc_link.h"
#include "drivers/ivshmem/ivshmem.h"
#include "drivers/ivshmem/shm_layout.h"
#include "drivers/pci/pci.h"
#include "kernel/board.h"
#include "kernel/errno.h"
#include "kernel/irq.h"
#include "kernel/thread.h"
#include "test/harness/ktest.h"

#define PCI_COMMAND   0x04
#define PCI_BAR0      0x10
#define CMD_IO	      (1u << 0)
#define WAIT_STEP_US  100u
#define WAIT_STEPS    2000u /* 200 ms */
#define SERIAL_SLOT   4u
#define SERIAL_CLASS  0x070002u /* simple communication controller, serial, 16550 */
#define BYTE_OF(k, s) ((uint8_t)(((k) + (s)) * 2654435761u >> 24))

/* What the test handler saw, and what it is told to do. */
static struct {
	unsigned int calls;
	uint32_t primary, extension, size;
	uint8_t payload[IPC_LINK_PAYLOAD_MAX];
	int rc;		     /* returned */
	uint32_t reply_size; /* 0: the request's size */
} h;

static uint8_t buf[IPC_LINK_PAYLOAD_MAX + 8] __attribute__((aligned(8)));

/* Record the request; reply ~primary, extension + 1, the payload reversed. */
static int test_handler(const struct ipc_link_msg *req, struct ipc_link_msg *reply)
{
	h.calls++;
	h.primary = req->primary;
	h.extension = req->extension;
	h.size = req->size;
	memcpy(h.payload, req->payload, req->size);
	reply->primary = ~req->primary;
	reply->extension = req->extension + 1;
	reply->size = h.reply_size ? h.reply_size : req->size;
	for (uint32_t i = 0; i < req->size && i < IPC_LINK_PAYLOAD_MAX; i++)
		reply->payload[i] = req->payload[req->size - 1 - i];
	return h.rc;
}

static void il_setup(void)
{
	if (!ipc_link_is_up())
		KT_FAIL("no host IPC (pci-serial or ivshmem missing from the QEMU line?)");
	h = (__typeof__(h)){0};
	ipc_link_set_handler(test_handler);
	KT_ASSERT_EQ(ipc_link_reset(), 0);
	ns16550_set_loopback(ipc_link_uart(), true);
}

static void il_teardown(void)
{
	if (!ipc_link_is_up())
		return;
	ns16550_set_loopback(ipc_link_uart(), false);
	ipc_link_set_handler(NULL);
	ipc_link_reset();
}
KTEST_SUITE(ipc_link, il_setup, il_teardown);

static volatile struct ipc_mbox_ctrl *ctrl(void)
{
	return (volatile struct ipc_mbox_ctrl *)ipc_link_mailbox();
}

static volatile struct ipc_box_hdr *box(uint32_t off)
{
	return (volatile struct ipc_box_hdr *)(ipc_link_mailbox() + off);
}

static volatile uint8_t *payload(uint32_t off)
{
	return ipc_link_mailbox() + off + IPC_MBOX_BOX_HDR;
}

static struct ipc_link_stats stats(void)
{
	struct ipc_link_stats s;

	ipc_link_get_stats(&s);
	return s;
}

/* Host: put a request in the inbox, declaring @size bytes (only min(size, max) written). */
static void host_write(uint32_t seq, uint32_t primary, uint32_t ext, uint32_t size, uint32_t salt)
{
	volatile struct ipc_box_hdr *in = box(IPC_MBOX_INBOX_OFF);
	uint32_t n = size < IPC_LINK_PAYLOAD_MAX ? size : IPC_LINK_PAYLOAD_MAX;

	for (uint32_t k = 0; k < n; k++)
		buf[k] = BYTE_OF(k, salt);
	ivshmem_copy_out(payload(IPC_MBOX_INBOX_OFF), buf, n);
	in->size = size;
	in->primary = primary;
	in->extension = ext;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	in->seq = seq;
}

/* Host: ring the doorbell (through the loopback: it arrives as a received byte). */
static void host_ring(void)
{
	KT_ASSERT_EQ(ns16550_putc(ipc_link_uart(), IPC_BELL_MSG), 0);
}

/* Wait (sleeping) until the firmware has answered @n requests in all and rung @bells bytes back. */
static bool wait_for(uint32_t replies, uint32_t resends, uint32_t rx_other)
{
	for (unsigned int i = 0; i < WAIT_STEPS; i++) {
		struct ipc_link_stats s = stats();

		if (s.replies == replies && s.resends == resends && s.rx_other == rx_other)
			return true;
		thread_sleep_us(WAIT_STEP_US);
	}
	return false;
}

/* Host: one request, answered; checks the reply's seq. */
static void host_request(uint32_t seq, uint32_t primary, uint32_t ext, uint32_t size, uint32_t salt)
{
	struct ipc_link_stats s = stats();

	host_write(seq, primary, ext, size, salt);
	host_ring();
	if (!wait_for(s.replies + 1, s.resends, s.rx_other + 1))
		KT_FAIL("no reply to seq %lu (replies %lu)", (unsigned long)seq,
			(unsigned long)stats().replies);
	KT_ASSERT_EQ(box(IPC_MBOX_OUTBOX_OFF)->seq, seq);
}

/* The reply in the outbox is test_handler's answer to a request of @size bytes with @salt. */
static void check_reply(uint32_t primary, uint32_t ext, uint32_t size, uint32_t salt)
{
	volatile struct ipc_box_hdr *out = box(IPC_MBOX_OUTBOX_OFF);

	KT_ASSERT_EQ(out->primary, ~primary);
	KT_ASSERT_EQ(out->extension, ext + 1);
	KT_ASSERT_EQ(out->size, size);
	ivshmem_copy_in(buf, payload(IPC_MBOX_OUTBOX_OFF), size);
	for (uint32_t k = 0; k < size; k++)
		if (buf[k] != BYTE_OF(size - 1 - k, salt))
			KT_FAIL("reply byte %lu: %02x", (unsigned long)k, buf[k]);
}

KTEST(ipc_link, pci_serial_found_with_io_bar_and_intx)
{
	const struct pci_dev *d = pci_find(IPC_LINK_UART_VENDOR, IPC_LINK_UART_DEVICE);
	const struct pci_bar *b;

	KT_ASSERT(d != NULL);
	b = &d->bar[0];
	KT_ASSERT_EQ(d->dev, SERIAL_SLOT);
	KT_ASSERT_EQ(d->class_rev >> 8, SERIAL_CLASS);
	KT_ASSERT(b->io);
	KT_ASSERT_EQ(b->size, 8);
	KT_ASSERT_GE(b->pa, board.pci->pio + 0x1000u); /* ports below 0x1000 stay unused */
	KT_ASSERT_LE(b->pa + b->size, board.pci->pio + board.pci->pio_size);
	KT_ASSERT_EQ((pci_cfg_read(d, PCI_BAR0) & ~3u), b->pa - board.pci->pio);
	KT_ASSERT_EQ(pci_cfg_read(d, PCI_COMMAND) & CMD_IO, CMD_IO);
	KT_ASSERT_EQ(d->irq_pin, 1);
	KT_ASSERT_EQ(d->irq, board.pci->intx_irq0 + (SERIAL_SLOT + 1 - 1) % 4); /* SPI 3: 35 */
}

KTEST(ipc_link, uart_registers_answer)
{
	struct ns16550 *u = ipc_link_uart();

	ns16550_reg_write(u, NS16550_SCR, 0x3c);
	KT_ASSERT_EQ(ns16550_reg_read(u, NS16550_SCR), 0x3c);
	ns16550_reg_write(u, NS16550_SCR, 0xc3);
	KT_ASSERT_EQ(ns16550_reg_read(u, NS16550_SCR), 0xc3);
	KT_ASSERT_EQ(ns16550_reg_read(u, NS16550_LCR), NS16550_LCR_8N1);
	KT_ASSERT_EQ(ns16550_reg_read(u, NS16550_IER), NS16550_IER_RDI);
	KT_ASSERT_EQ(ns16550_reg_read(u, NS16550_IIR) & NS16550_IIR_FIFOS, NS16550_IIR_FIFOS);
	KT_ASSERT_EQ(ns16550_reg_read(u, NS16550_MCR) & (NS16550_MCR_OUT2 | NS16550_MCR_LOOP),
		     NS16550_MCR_OUT2 | NS16550_MCR_LOOP);
	KT_ASSERT_EQ(ns16550_reg_read(u, NS16550_LSR) & (NS16550_LSR_THRE | NS16550_LSR_DR),
		     NS16550_LSR_THRE);
}

KTEST(ipc_link, loopback_bytes_arrive_by_interrupt)
{
	struct ns16550 *u = ipc_link_uart();
	uint32_t irqs = irq_count(u->irq), rx = u->rx_bytes, tx = u->tx_bytes;

	KT_ASSERT_EQ(ns16550_putc(u, 'x'), 0);
	KT_ASSERT_EQ(ns16550_putc(u, 'y'), 0);
	KT_ASSERT(wait_for(0, 0, 2));
	KT_ASSERT_EQ(u->rx_bytes, rx + 2);
	KT_ASSERT_EQ(u->tx_bytes, tx + 2);
	KT_ASSERT_GE(irq_count(u->irq), irqs + 1);
	KT_ASSERT_EQ(u->overruns, 0);
	KT_ASSERT_EQ(stats().doorbells, 0); /* only 'M' is a doorbell */
}

KTEST(ipc_link, mailbox_laid_out_in_window)
{
	volatile struct shm_header *hd = ivshmem_base();
	volatile struct ipc_mbox_ctrl *c = ctrl();
	volatile uint32_t *w = (volatile uint32_t *)ipc_link_mailbox();

	KT_ASSERT(ipc_link_mailbox() == (volatile uint8_t *)ivshmem_base() + SHM_MAILBOX_OFF);
	KT_ASSERT_EQ(hd->mailbox_off, SHM_MAILBOX_OFF);
	KT_ASSERT_EQ(hd->mailbox_size, SHM_MAILBOX_SIZE);
	KT_ASSERT_EQ(c->magic, IPC_MBOX_MAGIC);
	KT_ASSERT_EQ(c->version, IPC_MBOX_VERSION);
	KT_ASSERT_EQ(c->fw_state, IPC_MBOX_READY);
	KT_ASSERT_GE(c->epoch, 2); /* boot, then this suite's reset */
	KT_ASSERT_EQ(c->ctrl_size, IPC_MBOX_CTRL_SIZE);
	KT_ASSERT_EQ(c->inbox_off, IPC_MBOX_INBOX_OFF);
	KT_ASSERT_EQ(c->outbox_off, IPC_MBOX_OUTBOX_OFF);
	KT_ASSERT_EQ(c->box_size, IPC_MBOX_BOX_SIZE);
	KT_ASSERT_EQ(c->payload_max, 4080);
	KT_ASSERT_EQ(c->notify_off, IPC_MBOX_NOTIFY_OFF);
	KT_ASSERT_EQ(c->notify_entries, IPC_MBOX_NOTIFY_ENTRIES);
	KT_ASSERT_EQ(c->notify_entry_size, IPC_MBOX_NOTIFY_ENTRY_SIZE);
	KT_ASSERT_EQ(c->notify_head, 0);
	KT_ASSERT_EQ(c->notify_tail, 0);
	KT_ASSERT_EQ(c->notify_overflows, 0);
	KT_ASSERT_EQ(box(IPC_MBOX_INBOX_OFF)->seq, 0);
	KT_ASSERT_EQ(box(IPC_MBOX_OUTBOX_OFF)->seq, 0);
	for (uint32_t i = IPC_MBOX_CTRL_SIZE / 4; i < SHM_MAILBOX_SIZE / 4; i++)
		if (w[i])
			KT_FAIL("mailbox word at +%lx is %08lx", (unsigned long)i * 4,
				(unsigned long)w[i]);
}

KTEST(ipc_link, request_reaches_handler_and_reply_carries_seq)
{
	struct ipc_link_stats s;

	host_request(1, 0x12345678u, 0xabcdu, 101, 7);
	KT_ASSERT_EQ(h.calls, 1);
	KT_ASSERT_EQ(h.primary, 0x12345678u);
	KT_ASSERT_EQ(h.extension, 0xabcdu);
	KT_ASSERT_EQ(h.size, 101);
	for (uint32_t k = 0; k < 101; k++)
		KT_ASSERT_EQ(h.payload[k], BYTE_OF(k, 7));
	check_reply(0x12345678u, 0xabcdu, 101, 7);
	s = stats();
	KT_ASSERT_EQ(s.doorbells, 1);
	KT_ASSERT_EQ(s.messages, 1);
	KT_ASSERT_EQ(s.replies, 1);
	KT_ASSERT_EQ(s.rx_other, 1); /* the 'R' came back through the loopback */
	KT_ASSERT_EQ(ctrl()->messages, 1);
	KT_ASSERT_EQ(ctrl()->replies, 1);
}

KTEST(ipc_link, requests_in_sequence_all_sizes)
{
	static const uint32_t sizes[] = {0, 1, 3, 4, 5, 255, 4079, IPC_LINK_PAYLOAD_MAX};

	for (uint32_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		host_request(i + 1, 0x100u + i, i, sizes[i], i);
		KT_ASSERT_EQ(h.calls, i + 1);
		KT_ASSERT_EQ(h.size, sizes[i]);
		check_reply(0x100u + i, i, sizes[i], i);
	}
	KT_ASSERT_EQ(stats().messages, 8);
	KT_ASSERT_EQ(ctrl()->replies, 8);
}

KTEST(ipc_link, seq_wraps_past_zero)
{
	host_request(0xfffffffeu, 1, 0, 4, 1);
	host_request(0xffffffffu, 2, 0, 4, 2);
	host_request(1, 3, 0, 4, 3); /* the host skips 0 */
	KT_ASSERT_EQ(h.calls, 3);
	check_reply(3, 0, 4, 3);
}

KTEST(ipc_link, oversize_request_gets_error_reply)
{
	static const uint32_t bad[] = {IPC_LINK_PAYLOAD_MAX + 1, 0x10000u, 0xffffffffu};
	volatile struct ipc_box_hdr *out = box(IPC_MBOX_OUTBOX_OFF);

	for (uint32_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		host_request(10 + i, 0x55u, 0x66u, bad[i], i);
		KT_ASSERT_EQ(out->primary, IPC_REPLY_ERROR);
		KT_ASSERT_EQ(out->extension, IPC_ERR_MSGSIZE);
		KT_ASSERT_EQ(out->size, 0);
	}
	KT_ASSERT_EQ(h.calls, 0); /* never reached the handler */
	KT_ASSERT_EQ(stats().bad_messages, 3);
	KT_ASSERT_EQ(ctrl()->bad_messages, 3);
	host_request(20, 0x77u, 0, 16, 9); /* and the link goes on */
	check_reply(0x77u, 0, 16, 9);
}

KTEST(ipc_link, handler_failures_get_error_replies)
{
	volatile struct ipc_box_hdr *out = box(IPC_MBOX_OUTBOX_OFF);
	uint32_t w;

	h.rc = -EINVAL;
	host_request(1, 1, 1, 8, 0);
	KT_ASSERT_EQ(out->primary, IPC_REPLY_ERROR);
	KT_ASSERT_EQ(out->extension, IPC_ERR_HANDLER);
	KT_ASSERT_EQ(out->size, 4);
	ivshmem_copy_in(&w, payload(IPC_MBOX_OUTBOX_OFF), 4);
	KT_ASSERT_EQ((int32_t)w, -EINVAL);
	h.rc = 0;
	h.reply_size = IPC_LINK_PAYLOAD_MAX + 1;
	host_request(2, 1, 1, 8, 0);
	KT_ASSERT_EQ(out->primary, IPC_REPLY_ERROR);
	KT_ASSERT_EQ(out->extension, IPC_ERR_REPLY_SIZE);
	KT_ASSERT_EQ(out->size, 0);
	KT_ASSERT_EQ(stats().handler_errors, 2);
	KT_ASSERT_EQ(stats().replies, 2);
}

KTEST(ipc_link, doorbell_for_answered_seq_resends_reply_only)
{
	struct ipc_link_stats s;

	host_request(5, 0x42u, 0, 32, 5);
	host_ring(); /* same seq again: a host that missed the 'R' */
	KT_ASSERT(wait_for(1, 1, 2));
	s = stats();
	KT_ASSERT_EQ(h.calls, 1);
	KT_ASSERT_EQ(s.messages, 1);
	KT_ASSERT_EQ(s.doorbells, 2);
	KT_ASSERT_EQ(ctrl()->resends, 1);
	KT_ASSERT_EQ(box(IPC_MBOX_OUTBOX_OFF)->seq, 5);
	check_reply(0x42u, 0, 32, 5);
}

KTEST(ipc_link, doorbell_without_message_does_nothing)
{
	struct ipc_link_stats s;

	host_ring(); /* inbox seq is 0 after the reset */
	for (unsigned int i = 0; i < 50 && stats().spurious == 0; i++)
		thread_sleep_us(WAIT_STEP_US);
	s = stats();
	KT_ASSERT_EQ(s.doorbells, 1);
	KT_ASSERT_EQ(s.spurious, 1);
	KT_ASSERT_EQ(s.replies, 0);
	KT_ASSERT_EQ(s.rx_other, 0); /* no 'R' */
	KT_ASSERT_EQ(box(IPC_MBOX_OUTBOX_OFF)->seq, 0);
	KT_ASSERT_EQ(h.calls, 0);
	KT_ASSERT_EQ(s.roundtrips, 0);
}

/* Counted and ordered only: the figure itself is make bench's (ipc_roundtrip). */
KTEST(ipc_link, roundtrip_counted_per_reply_not_per_resend)
{
	struct ipc_link_stats s = stats();

	KT_ASSERT_EQ(s.roundtrips, 0); /* the suite's reset */
	KT_ASSERT_EQ(s.last_roundtrip, 0);
	host_request(1, 0x10u, 0, 16, 1);
	s = stats();
	KT_ASSERT_EQ(s.roundtrips, 1);
	KT_ASSERT_GT(s.last_roundtrip, 0);
	KT_ASSERT_EQ(s.min_roundtrip, s.last_roundtrip);
	KT_ASSERT_EQ(s.max_roundtrip, s.last_roundtrip);
	host_ring(); /* same seq: a resend is not a round trip */
	KT_ASSERT(wait_for(1, 1, 2));
	KT_ASSERT_EQ(stats().roundtrips, 1);
	host_request(2, 0x11u, 0, IPC_LINK_PAYLOAD_MAX, 2);
	host_request(3, 0x12u, 0, IPC_LINK_PAYLOAD_MAX + 1, 3); /* an error reply is one */
	s = stats();
	KT_ASSERT_EQ(s.roundtrips, 3);
	KT_ASSERT_GT(s.min_roundtrip, 0);
	KT_ASSERT_LE(s.min_roundtrip, s.last_roundtrip);
	KT_ASSERT_LE(s.last_roundtrip, s.max_roundtrip);
	KT_ASSERT_EQ(ipc_link_reset(), 0);
	s = stats();
	KT_ASSERT_EQ(s.roundtrips, 0);
	KT_ASSERT_EQ(s.max_roundtrip, 0);
}

KTEST(ipc_link, default_handler_echoes)
{
	volatile struct ipc_box_hdr *out = box(IPC_MBOX_OUTBOX_OFF);

	KT_ASSERT(ipc_link_set_handler(NULL) == test_handler);
	host_request(1, 0xcafeu, 0xf00du, 77, 4);
	KT_ASSERT_EQ(out->primary, 0xcafeu);
	KT_ASSERT_EQ(out->extension, 0xf00du);
	KT_ASSERT_EQ(out->size, 77);
	ivshmem_copy_in(buf, payload(IPC_MBOX_OUTBOX_OFF), 77);
	for (uint32_t k = 0; k < 77; k++)
		KT_ASSERT_EQ(buf[k], BYTE_OF(k, 4));
	KT_ASSERT_EQ(h.calls, 0);
}

/* Entry @i of the notification ring. */
static volatile struct ipc_notify_entry *entry(uint32_t i)
{
	return (volatile struct ipc_notify_entry *)(ipc_link_mailbox() + IPC_MBOX_NOTIFY_OFF) +
	       (i % IPC_MBOX_NOTIFY_ENTRIES);
}

KTEST(ipc_link, notifications_queue_in_order_and_ring)
{
	static const uint8_t data[8] = {1, 2, 3, 4, 5, 6, 7, 8};

	KT_ASSERT_EQ(ipc_link_notify(0x10u, 0x20u, NULL, 0), 0);
	KT_ASSERT_EQ(ipc_link_notify(0x11u, 0x21u, data, 3), 0);
	KT_ASSERT_EQ(ipc_link_notify(0x12u, 0x22u, data, 8), 0);
	KT_ASSERT(wait_for(0, 0, 3)); /* three 'N' back through the loopback */
	KT_ASSERT_EQ(ctrl()->notify_head, 3);
	KT_ASSERT_EQ(ctrl()->notifications, 3);
	KT_ASSERT_EQ(stats().notifications, 3);
	KT_ASSERT_EQ(entry(0)->primary, 0x10u);
	KT_ASSERT_EQ(entry(0)->extension, 0x20u);
	KT_ASSERT_EQ(entry(0)->data[0], 0);
	KT_ASSERT_EQ(entry(0)->data[1], 0);
	KT_ASSERT_EQ(entry(1)->primary, 0x11u);
	KT_ASSERT_EQ(entry(1)->data[0], 0x030201u); /* zero-padded */
	KT_ASSERT_EQ(entry(1)->data[1], 0);
	KT_ASSERT_EQ(entry(2)->extension, 0x22u);
	KT_ASSERT_EQ(entry(2)->data[0], 0x04030201u);
	KT_ASSERT_EQ(entry(2)->data[1], 0x08070605u);
	KT_ASSERT_EQ(ipc_link_overflows(), 0);
}

KTEST(ipc_link, notification_overflow_counted_exactly)
{
	for (uint32_t i = 0; i < IPC_MBOX_NOTIFY_ENTRIES; i++)
		KT_ASSERT_EQ(ipc_link_notify(1, i, &i, sizeof(i)), 0);
	for (uint32_t i = 0; i < 5; i++)
		KT_ASSERT_EQ(ipc_link_notify(2, i, NULL, 0), -ENOSPC);
	KT_ASSERT_EQ(ipc_link_overflows(), 5);
	KT_ASSERT_EQ(ctrl()->notify_overflows, 5);
	KT_ASSERT_EQ(ctrl()->notify_head, IPC_MBOX_NOTIFY_ENTRIES);
	KT_ASSERT_EQ(entry(0)->extension, 0); /* the oldest is kept, not overwritten */
	KT_ASSERT_EQ(entry(IPC_MBOX_NOTIFY_ENTRIES - 1)->extension, IPC_MBOX_NOTIFY_ENTRIES - 1);
	ctrl()->notify_tail = 10; /* the host took ten */
	for (uint32_t i = 0; i < 10; i++)
		KT_ASSERT_EQ(ipc_link_notify(3, i, NULL, 0), 0);
	KT_ASSERT_EQ(ipc_link_notify(3, 10, NULL, 0), -ENOSPC);
	KT_ASSERT_EQ(ipc_link_overflows(), 6);
	KT_ASSERT_EQ(ctrl()->notify_overflows, 6);
	KT_ASSERT_EQ(ctrl()->notify_head, IPC_MBOX_NOTIFY_ENTRIES + 10);
	KT_ASSERT_EQ(entry(IPC_MBOX_NOTIFY_ENTRIES + 9)->primary, 3); /* wrapped to slot 9 */
	KT_ASSERT_EQ(entry(10)->primary, 1);
	KT_ASSERT_EQ(stats().notifications, IPC_MBOX_NOTIFY_ENTRIES + 10);
	KT_ASSERT(wait_for(0, 0, IPC_MBOX_NOTIFY_ENTRIES + 10)); /* one 'N' per queued */
}

KTEST(ipc_link, notify_rejects_bad_arguments)
{
	uint8_t data[IPC_LINK_NOTIFY_DATA + 1] = {0};

	KT_ASSERT_EQ(ipc_link_notify(1, 1, data, sizeof(data)), -EINVAL);
	KT_ASSERT_EQ(ipc_link_notify(1, 1, NULL, 1), -EINVAL);
	KT_ASSERT_EQ(ctrl()->notify_head, 0);
	KT_ASSERT_EQ(stats().notifications, 0);
	KT_ASSERT_EQ(ipc_link_overflows(), 0);
}

KTEST(ipc_link, bogus_host_tail_only_overflows)
{
	volatile uint32_t *w = (volatile uint32_t *)(ipc_link_mailbox() + IPC_MBOX_NOTIFY_OFF);

	ctrl()->notify_tail = 0x80000000u; /* "ahead" of head: the ring looks full */
	KT_ASSERT_EQ(ipc_link_notify(9, 9, NULL, 0), -ENOSPC);
	ctrl()->notify_tail = 1; /* one past head */
	KT_ASSERT_EQ(ipc_link_notify(9, 9, NULL, 0), -ENOSPC);
	KT_ASSERT_EQ(ipc_link_overflows(), 2);
	KT_ASSERT_EQ(ctrl()->notify_head, 0);
	for (uint32_t i = 0; i < (SHM_MAILBOX_SIZE - IPC_MBOX_NOTIFY_OFF) / 4; i++)
		KT_ASSERT_EQ(w[i], 0); /* nothing written in the ring or past it */
}

KTEST(ipc_link, reset_lays_out_again_and_bumps_epoch)
{
	uint32_t epoch = ctrl()->epoch;

	host_request(7, 1, 2, 3, 4);
	KT_ASSERT_EQ(ipc_link_notify(1, 2, NULL, 0), 0);
	KT_ASSERT_EQ(ipc_link_reset(), 0);
	KT_ASSERT_EQ(ctrl()->epoch, epoch + 1);
	KT_ASSERT_EQ(ctrl()->fw_state, IPC_MBOX_READY);
	KT_ASSERT_EQ(box(IPC_MBOX_INBOX_OFF)->seq, 0);
	KT_ASSERT_EQ(box(IPC_MBOX_OUTBOX_OFF)->seq, 0);
	KT_ASSERT_EQ(ctrl()->notify_head, 0);
	KT_ASSERT_EQ(ctrl()->replies, 0);
	KT_ASSERT_EQ(stats().messages, 0);
	host_request(7, 5, 6, 7, 8); /* the same seq is new again after a reset */
	KT_ASSERT_EQ(h.calls, 2);
	check_reply(5, 6, 7, 8);
}
