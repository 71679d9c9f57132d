/* SPDX-License-Identifier: MIT */
/*
 * The host window and the host DMA (QEMU line: ivshmem-plain at 00:03.0).
 * The tests play the host's role themselves: they write the shared ring
 * (data, then a barrier, then the position) as tools/shmring.py does, and
 * check what the firmware side sees through dma_status()/dma_commit().
 * Every test leaves the window as at boot (teardown: host_dma_shm_reset()).
 */
#include "drivers/dma/dma.h"
#include "drivers/hostdma/host_dma.h"
#include "drivers/ivshmem/ivshmem.h"
#include "drivers/pci/pci.h"
#include "kernel/board.h"
#include "kernel/errno.h"
#include "test/harness/ktest.h"

#define PERIOD	   256u
#define FW_BYTES   (4 * PERIOD)
#define FRAME	   4u /* S16_LE stereo, the rings' default */
#define CANARY	   0xa5u
#define BAR2_PREF  (1u << 3) /* BAR bit 3: prefetchable (PCI 3.0, 6.2.5.1) */
#define BAR_TYPE64 (2u << 1)

/* The firmware buffer with a guard on each side: the engine must stay inside. */
static struct {
	uint8_t pre[64];
	uint8_t buf[FW_BYTES];
	uint8_t post[64];
} fw __attribute__((aligned(8)));

static struct dma_chan *held[HOST_DMA_CHANS];
static unsigned int cb_count;
static struct dma_chan *cb_chan;

static void hd_setup(void)
{
	memset(&fw, CANARY, sizeof(fw));
	cb_count = 0;
	cb_chan = NULL;
	if (!host_dma_shm_ring(0))
		KT_FAIL("no host window (ivshmem missing from the QEMU line?)");
}

static void hd_teardown(void)
{
	for (unsigned int i = 0; i < HOST_DMA_CHANS; i++) {
		dma_release(held[i]);
		held[i] = NULL;
	}
	host_dma_shm_reset();
}
KTEST_SUITE(hostdma, hd_setup, hd_teardown);

static void on_period(void *arg, struct dma_chan *chan)
{
	(void)arg;
	cb_chan = chan;
	cb_count++;
}

static bool guards_intact(void)
{
	for (unsigned int i = 0; i < sizeof(fw.pre); i++)
		if (fw.pre[i] != CANARY || fw.post[i] != CANARY)
			return false;
	return true;
}

/* The test stream: byte k of a stream, not periodic over any small distance. */
static uint8_t pat(uint32_t k)
{
	return (uint8_t)((k * 2654435761u) >> 24);
}

static volatile struct shm_ring *ring(unsigned int i)
{
	return host_dma_shm_ring(i);
}

static volatile uint8_t *ring_data(unsigned int i)
{
	return (volatile uint8_t *)ivshmem_base() + ring(i)->data_off;
}

/* Host: append @n stream bytes from *@seq to playback ring @i, then publish `write`. */
static void host_put(unsigned int i, uint32_t n, uint32_t *seq)
{
	volatile struct shm_ring *r = ring(i);
	uint32_t w = r->write, mask = r->data_size - 1;

	for (uint32_t k = 0; k < n; k++)
		ring_data(i)[(w + k) & mask] = pat(*seq + k);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	r->write = w + n;
	*seq += n;
}

/* Host: take @n bytes from capture ring @i, check them against the stream; mismatches. */
static uint32_t host_get(unsigned int i, uint32_t n, uint32_t *seq)
{
	volatile struct shm_ring *r = ring(i);
	uint32_t rd = r->read, mask = r->data_size - 1, bad = 0;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (uint32_t k = 0; k < n; k++)
		bad += ring_data(i)[(rd + k) & mask] != pat(*seq + k);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	r->read = rd + n;
	*seq += n;
	return bad;
}

/* Firmware: read @n bytes at the channel's position, check them, commit; mismatches. */
static uint32_t fw_take(struct dma_chan *c, uint32_t n, uint32_t *seq)
{
	struct dma_status st;
	uint32_t bad = 0;

	if (dma_status(c, &st) || n > st.avail)
		KT_FAIL("fw_take %lu of %lu", (unsigned long)n, (unsigned long)st.avail);
	for (uint32_t k = 0; k < n; k++)
		bad += fw.buf[(st.sw_pos + k) % FW_BYTES] != pat(*seq + k);
	*seq += n;
	KT_ASSERT_EQ(dma_commit(c, n), 0);
	return bad;
}

/* Firmware: write @n stream bytes at the channel's position and commit them. */
static void fw_give(struct dma_chan *c, uint32_t n, uint32_t *seq)
{
	struct dma_status st;

	if (dma_status(c, &st) && st.avail < n)
		KT_FAIL("fw_give");
	KT_ASSERT_LE(n, st.avail);
	for (uint32_t k = 0; k < n; k++)
		fw.buf[(st.sw_pos + k) % FW_BYTES] = pat(*seq + k);
	*seq += n;
	KT_ASSERT_EQ(dma_commit(c, n), 0);
}

static struct dma_chan *open_chan(unsigned int i, enum dma_dir dir)
{
	struct dma_config cfg = {
		.dir = dir,
		.buf = fw.buf,
		.bytes = FW_BYTES,
		.period_bytes = PERIOD,
		.frame_bytes = FRAME,
		.period_cb = on_period,
	};
	struct dma_chan *c = dma_request(DMA_ID_HOST, (int)i);

	KT_ASSERT(c != NULL);
	held[i] = c;
	KT_ASSERT_EQ(dma_config(c, &cfg), 0);
	return c;
}

static void status(struct dma_chan *c, struct dma_status *st)
{
	KT_ASSERT_EQ(dma_status(c, st), 0);
}

KTEST(hostdma, ivshmem_bar2_assigned_and_mapped)
{
	const struct pci_dev *d = pci_find(IVSHMEM_VENDOR, IVSHMEM_DEVICE);
	const struct pci_bar *b;
	uint32_t raw;

	KT_ASSERT(d != NULL);
	KT_ASSERT_EQ(d->dev, 3);
	b = &d->bar[IVSHMEM_BAR_SHM];
	KT_ASSERT_EQ(b->size, 4u << 20);
	KT_ASSERT(b->is64 && !b->io);
	raw = pci_cfg_read(d, 0x10 + 4 * IVSHMEM_BAR_SHM);
	KT_ASSERT_EQ(raw & (BAR2_PREF | 6u), BAR2_PREF | BAR_TYPE64);
	KT_ASSERT_EQ(raw & 0xfffffff0u, b->pa);
	KT_ASSERT_EQ(pci_cfg_read(d, 0x14 + 4 * IVSHMEM_BAR_SHM), 0); /* below 4 GiB */
	KT_ASSERT_EQ(b->pa & (b->size - 1), 0);
	KT_ASSERT_GE(b->pa, board.pci->mmio);
	KT_ASSERT_LE(b->pa + b->size, board.pci->mmio + board.pci->mmio_size);
	KT_ASSERT_EQ(d->bar[0].size, 256); /* the (unused) register BAR */
	KT_ASSERT_EQ(ivshmem_pa(), b->pa);
	KT_ASSERT_EQ(ivshmem_size(), b->size);
	KT_ASSERT(ivshmem_base() != NULL);
	KT_ASSERT_EQ(pci_bar_map(d, IVSHMEM_BAR_SHM), (vaddr_t)ivshmem_base());
}

/*
 * The window is Device memory, where an unaligned access faults on hardware
 * (QEMU 7.2 does not check): the copies touch it only at natural alignment,
 * whatever the alignment of the RAM side.
 */
KTEST(hostdma, window_copies_any_alignment)
{
	volatile uint8_t *mb = (volatile uint8_t *)ivshmem_base() + SHM_RING3_OFF;
	uint8_t in[16], out[16];

	for (unsigned int i = 0; i < sizeof(out); i++)
		out[i] = pat(i);
	for (unsigned int a = 0; a < 4; a++) {
		for (unsigned int b = 0; b < 4; b++) {
			memset(in, 0, sizeof(in));
			for (unsigned int i = 0; i < 16; i++)
				mb[i] = 0;
			ivshmem_copy_out(mb + a, out + b, 11);
			ivshmem_copy_in(in + (3 - b), mb + a, 11);
			KT_ASSERT(!memcmp(in + (3 - b), out + b, 11));
			KT_ASSERT_EQ(mb[a], pat(b));
			KT_ASSERT_EQ(mb[a + 10], pat(b + 10));
			KT_ASSERT_EQ(mb[a + 11], 0);
			if (a)
				KT_ASSERT_EQ(mb[a - 1], 0);
		}
	}
}

KTEST(hostdma, header_and_ring_table_at_boot)
{
	volatile struct shm_header *h = ivshmem_base();
	static const uint32_t off[] = {SHM_RING0_OFF, SHM_RING1_OFF, SHM_RING2_OFF, SHM_RING3_OFF};
	static const uint32_t size[] = {SHM_RING_BIG, SHM_RING_BIG, SHM_RING_SMALL, SHM_RING_SMALL};

	KT_ASSERT_EQ(h->magic, 0x4f544f53u);
	KT_ASSERT_EQ(((volatile uint8_t *)h)[0], 'S');
	KT_ASSERT_EQ(((volatile uint8_t *)h)[3], 'O');
	KT_ASSERT_EQ(h->version, 1);
	KT_ASSERT_EQ(h->header_size, 0x140);
	KT_ASSERT_EQ(h->window_size, 4u << 20);
	KT_ASSERT_EQ(h->fw_state, SHM_FW_READY);
	KT_ASSERT_GE(h->boot_count, 1);
	KT_ASSERT_EQ(h->mailbox_off, 0x10000);
	KT_ASSERT_EQ(h->mailbox_size, 0x10000);
	KT_ASSERT_EQ(h->ring_table_off, 0x40);
	KT_ASSERT_EQ(h->ring_count, 4);
	KT_ASSERT_EQ(h->ring_desc_size, 0x40);
	for (unsigned int i = 0; i < 4; i++) {
		volatile struct shm_ring *r = ring(i);

		KT_ASSERT_EQ(r->dir, i % 2 ? SHM_DIR_CAPTURE : SHM_DIR_PLAYBACK);
		KT_ASSERT_EQ(r->format, SHM_FMT_S16_LE);
		KT_ASSERT_EQ(r->channels, 2);
		KT_ASSERT_EQ(r->rate, 48000);
		KT_ASSERT_EQ(r->frame_bytes, 4);
		KT_ASSERT_EQ(r->data_off, off[i]);
		KT_ASSERT_EQ(r->data_size, size[i]);
		KT_ASSERT_EQ(r->write, 0);
		KT_ASSERT_EQ(r->read, 0);
		KT_ASSERT_EQ(r->fw_flags, 0);
		KT_ASSERT_EQ(r->xruns, 0);
		KT_ASSERT_EQ(r->errors, 0);
	}
	KT_ASSERT(host_dma_shm_ring(4) == NULL);
}

KTEST(hostdma, reset_bumps_boot_count_and_refuses_while_busy)
{
	volatile struct shm_header *h = ivshmem_base();
	uint32_t boots = h->boot_count;

	ring(0)->write = 1234;
	KT_ASSERT_EQ(host_dma_shm_reset(), 0);
	KT_ASSERT_EQ(h->boot_count, boots + 1);
	KT_ASSERT_EQ(ring(0)->write, 0);
	held[2] = dma_request(DMA_ID_HOST, 2);
	KT_ASSERT(held[2] != NULL);
	KT_ASSERT_EQ(host_dma_shm_reset(), -EBUSY);
	KT_ASSERT_EQ(h->fw_state, SHM_FW_READY);
}

KTEST(hostdma, channels_requested_by_ring)
{
	struct dma *d = dma_get(DMA_ID_HOST);

	KT_ASSERT(d != NULL);
	KT_ASSERT_EQ(d->n_chans, HOST_DMA_CHANS);
	held[0] = dma_request(DMA_ID_HOST, -1);
	KT_ASSERT(held[0] == &d->chans[0]);
	KT_ASSERT(dma_request(DMA_ID_HOST, 0) == NULL); /* busy */
	held[3] = dma_request(DMA_ID_HOST, 3);
	KT_ASSERT(held[3] != NULL);
	KT_ASSERT_EQ(held[3]->index, 3);
	KT_ASSERT(dma_request(DMA_ID_HOST, 4) == NULL);
	KT_ASSERT(dma_request(DMA_ID_HOST, -2) == NULL);
	held[1] = dma_request(DMA_ID_HOST, -1);
	KT_ASSERT(held[1] == &d->chans[1]);
}

KTEST(hostdma, config_must_match_the_ring)
{
	struct dma_config cfg = {
		.dir = DMA_DEV_TO_MEM,
		.buf = fw.buf,
		.bytes = FW_BYTES,
		.period_bytes = PERIOD,
		.frame_bytes = 8, /* S32 stereo: the ring is S16 stereo */
	};
	struct dma_chan *c = dma_request(DMA_ID_HOST, 0);

	KT_ASSERT(c != NULL);
	held[0] = c;
	KT_ASSERT_EQ(dma_config(c, &cfg), -EINVAL);
	cfg.frame_bytes = FRAME;
	cfg.dir = DMA_MEM_TO_DEV; /* ring 0 is playback: host -> firmware */
	KT_ASSERT_EQ(dma_config(c, &cfg), -EINVAL);
	cfg.dir = DMA_DEV_TO_MEM;
	cfg.bytes = FW_BYTES + FRAME; /* not whole periods (dma_config_check) */
	KT_ASSERT_EQ(dma_config(c, &cfg), -EINVAL);
	cfg.bytes = FW_BYTES;
	KT_ASSERT_EQ(dma_config(c, &cfg), 0);
	KT_ASSERT_EQ(c->state, DMA_CONFIGURED);
}

/* Host -> firmware, starting 3 KiB before both the ring's end and 2^32. */
KTEST(hostdma, playback_bit_exact_across_wraps)
{
	uint32_t start = 0u - 3 * 1024, hseq = 0, fseq = 0, bad = 0;
	struct dma_chan *c;
	struct dma_status st;

	KT_ASSERT_EQ(host_dma_ring_reset(0, start), 0);
	c = open_chan(0, DMA_DEV_TO_MEM);
	KT_ASSERT_EQ(dma_start(c), 0);
	KT_ASSERT_EQ(ring(0)->fw_flags, SHM_FW_RUNNING);

	host_put(0, 1000, &hseq);
	status(c, &st);
	KT_ASSERT_EQ(st.avail, 1000);
	KT_ASSERT_EQ(st.pending, 1000);
	KT_ASSERT_EQ(st.hw_pos, 1000);
	KT_ASSERT_EQ(st.sw_pos, 0);
	KT_ASSERT_EQ(st.periods, 3);
	KT_ASSERT_EQ(cb_count, 3);
	KT_ASSERT(cb_chan == c);
	KT_ASSERT_EQ(ring(0)->read, start + 1000);
	bad += fw_take(c, 600, &fseq);

	host_put(0, 1000, &hseq); /* 2000 in all: only 624 more fit */
	status(c, &st);
	KT_ASSERT_EQ(st.avail, FW_BYTES);
	KT_ASSERT_EQ(st.hw_pos, 600);
	KT_ASSERT_EQ(st.sw_pos, 600);
	KT_ASSERT_EQ(st.periods, 6);
	KT_ASSERT_EQ(ring(0)->read, start + 1624);
	KT_ASSERT_EQ(ring(0)->write - ring(0)->read, 376);

	/* Uneven steps through the 2^32 and ring wraps: 20000 bytes in all. */
	while (hseq < 20000 || fseq < hseq) {
		uint32_t room = ring(0)->data_size - (ring(0)->write - ring(0)->read);
		uint32_t put = hseq < 20000 ? 1204 : 0;

		if (put > room)
			put = room;
		host_put(0, put, &hseq);
		if (hseq >= 20000) /* the host is done: draining is no underrun */
			ring(0)->host_flags = SHM_HOST_EOS;
		status(c, &st);
		bad += fw_take(c, st.avail > 700 ? st.avail - 52 : st.avail, &fseq);
	}
	KT_ASSERT_EQ(bad, 0);
	KT_ASSERT_EQ(fseq, hseq);
	KT_ASSERT_EQ(ring(0)->read, start + hseq);
	KT_ASSERT_EQ(ring(0)->read, ring(0)->write);
	status(c, &st);
	KT_ASSERT_EQ(st.periods, hseq / PERIOD);
	KT_ASSERT_EQ(cb_count, hseq / PERIOD);
	KT_ASSERT_EQ(st.xruns, 0);
	KT_ASSERT(host_dma_is_eos(c));
	KT_ASSERT(guards_intact());
}

/* Firmware -> host, starting 600 bytes before both the ring's end and 2^32. */
KTEST(hostdma, capture_bit_exact_across_wraps)
{
	uint32_t start = 0u - 600, hseq = 0, fseq = 0, bad = 0;
	struct dma_chan *c;
	struct dma_status st;

	KT_ASSERT_EQ(host_dma_ring_reset(1, start), 0);
	c = open_chan(1, DMA_MEM_TO_DEV);
	status(c, &st); /* configured, not running: nothing moves */
	KT_ASSERT_EQ(st.avail, FW_BYTES);
	KT_ASSERT_EQ(st.state, DMA_CONFIGURED);
	KT_ASSERT_EQ(dma_start(c), 0);

	fw_give(c, 600, &fseq); /* the commit copies it at once */
	KT_ASSERT_EQ(ring(1)->write, start + 600);
	KT_ASSERT_EQ(cb_count, 2);
	status(c, &st);
	KT_ASSERT_EQ(st.avail, FW_BYTES);
	KT_ASSERT_EQ(st.pending, 0);
	KT_ASSERT_EQ(st.hw_pos, 600);
	KT_ASSERT_EQ(st.sw_pos, 600);
	KT_ASSERT_EQ(st.periods, 2);
	KT_ASSERT_EQ(dma_commit(c, FW_BYTES + FRAME), -EINVAL); /* past avail */
	KT_ASSERT_EQ(dma_commit(c, 2), -EINVAL);		/* not a whole frame */

	while (fseq < 20000 || hseq < fseq) {
		uint32_t fill = ring(1)->write - ring(1)->read;

		bad += host_get(1, fill > 900 ? fill - 100 : fill, &hseq);
		status(c, &st);
		if (fseq < 20000)
			fw_give(c, st.avail > 500 ? st.avail - 8 : st.avail, &fseq);
	}
	KT_ASSERT_EQ(bad, 0);
	KT_ASSERT_EQ(ring(1)->write, start + fseq);
	status(c, &st);
	KT_ASSERT_EQ(st.pending, 0);
	KT_ASSERT_EQ(st.periods, fseq / PERIOD);
	KT_ASSERT_EQ(cb_count, fseq / PERIOD);
	KT_ASSERT_EQ(st.xruns, 0);
	KT_ASSERT(guards_intact());
}

KTEST(hostdma, playback_underruns_counted_exactly)
{
	uint32_t hseq = 0, fseq = 0;
	struct dma_chan *c = open_chan(0, DMA_DEV_TO_MEM);
	struct dma_status st;

	KT_ASSERT_EQ(dma_start(c), 0);
	status(c, &st); /* nothing yet from the host: not an underrun */
	KT_ASSERT_EQ(st.xruns, 0);
	host_put(0, PERIOD, &hseq);
	status(c, &st);
	KT_ASSERT_EQ(st.avail, PERIOD);
	KT_ASSERT_EQ(st.xruns, 0);
	KT_ASSERT_EQ(fw_take(c, PERIOD, &fseq), 0);
	status(c, &st); /* starved: one underrun ... */
	KT_ASSERT_EQ(st.xruns, 1);
	host_put(0, PERIOD / 2, &hseq);
	status(c, &st); /* ... still the same shortage */
	status(c, &st);
	KT_ASSERT_EQ(st.xruns, 1);
	KT_ASSERT_EQ(ring(0)->xruns, 1);
	KT_ASSERT_EQ(ring(0)->fw_flags, SHM_FW_RUNNING | SHM_FW_XRUN);
	host_put(0, PERIOD + PERIOD / 2, &hseq);
	status(c, &st); /* two periods: over */
	KT_ASSERT_EQ(st.avail, 2 * PERIOD);
	KT_ASSERT_EQ(fw_take(c, PERIOD + FRAME, &fseq), 0);
	status(c, &st); /* a period less a frame: the second */
	KT_ASSERT_EQ(st.xruns, 2);
	KT_ASSERT_EQ(ring(0)->xruns, 2);
	host_put(0, PERIOD, &hseq);
	status(c, &st);
	KT_ASSERT_EQ(fw_take(c, st.avail, &fseq), 0);
	ring(0)->host_flags = SHM_HOST_EOS; /* the host is done: drained is no underrun */
	status(c, &st);
	status(c, &st);
	KT_ASSERT_EQ(st.avail, 0);
	KT_ASSERT_EQ(st.xruns, 2);
	KT_ASSERT(host_dma_is_eos(c));
	KT_ASSERT_EQ(fseq, hseq);
	KT_ASSERT_EQ(dma_stop(c), 0);
	KT_ASSERT_EQ(dma_start(c), 0); /* start clears the flag, keeps the count */
	KT_ASSERT_EQ(ring(0)->fw_flags, SHM_FW_RUNNING);
	status(c, &st);
	KT_ASSERT_EQ(st.xruns, 2);
	KT_ASSERT_EQ(ring(0)->xruns, 2);
}

KTEST(hostdma, capture_overflow_drops_and_counts)
{
	uint32_t start = 5000, size = SHM_RING_BIG, hseq = 0, fseq = 0, lost;
	struct dma_chan *c;
	struct dma_status st;

	KT_ASSERT_EQ(host_dma_ring_reset(1, start), 0);
	ring(1)->read = start - (size - 2 * PERIOD); /* the host lags: room for 2 periods */
	c = open_chan(1, DMA_MEM_TO_DEV);
	KT_ASSERT_EQ(dma_start(c), 0);
	fw_give(c, 3 * PERIOD, &fseq);
	status(c, &st);
	KT_ASSERT_EQ(ring(1)->write, start + 2 * PERIOD);
	KT_ASSERT_EQ(st.pending, PERIOD);
	KT_ASSERT_EQ(st.avail, 3 * PERIOD);
	KT_ASSERT_EQ(st.xruns, 0);
	fw_give(c, 2 * PERIOD + PERIOD / 2, &fseq);
	status(c, &st); /* a half period of room and the host full: drop */
	KT_ASSERT_EQ(st.xruns, 1);
	KT_ASSERT_EQ(ring(1)->xruns, 1);
	KT_ASSERT_EQ(st.pending, 0);
	KT_ASSERT_EQ(st.avail, FW_BYTES);
	KT_ASSERT_EQ(st.hw_pos, st.sw_pos);
	KT_ASSERT_EQ(ring(1)->fw_flags, SHM_FW_RUNNING | SHM_FW_XRUN);
	status(c, &st);
	KT_ASSERT_EQ(st.xruns, 1);
	lost = fseq - 2 * PERIOD; /* all the host did not get before the drop */

	/* The host catches up: the old data first, then the stream goes on after the gap. */
	ring(1)->read = start;
	hseq = 0;
	KT_ASSERT_EQ(host_get(1, 2 * PERIOD, &hseq), 0);
	hseq += lost;
	fw_give(c, 3 * PERIOD, &fseq);
	KT_ASSERT_EQ(host_get(1, 3 * PERIOD, &hseq), 0);
	KT_ASSERT_EQ(ring(1)->read, ring(1)->write);
	status(c, &st);
	KT_ASSERT_EQ(st.xruns, 1);
	KT_ASSERT(guards_intact());
}

KTEST(hostdma, hostile_playback_positions)
{
	uint32_t hseq = 0, fseq = 0, size = SHM_RING_BIG, r0;
	struct dma_chan *c = open_chan(0, DMA_DEV_TO_MEM);
	struct dma_status st;
	static const uint32_t lies[] = {SHM_RING_BIG + FRAME, 0x7ffffff0u, 2, 0xfffffffcu};

	KT_ASSERT_EQ(dma_start(c), 0);
	host_put(0, 2 * PERIOD, &hseq);
	KT_ASSERT_EQ(fw_take(c, PERIOD, &fseq), 0);
	r0 = ring(0)->read;
	for (unsigned int i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		ring(0)->write =
			r0 + lies[i]; /* more than the ring holds, a partial frame, behind */
		KT_ASSERT_EQ(dma_status(c, &st), -EIO);
		KT_ASSERT_EQ(st.avail, PERIOD); /* filled in, nothing moved */
		KT_ASSERT_EQ(st.hw_pos, 2 * PERIOD);
		KT_ASSERT_EQ(host_dma_errors(c), i + 1);
		KT_ASSERT_EQ(ring(0)->errors, i + 1);
		KT_ASSERT_EQ(ring(0)->read, r0);
		KT_ASSERT_EQ(ring(0)->fw_flags, SHM_FW_RUNNING | SHM_FW_BADPOS);
	}
	ring(0)->write = r0 + size; /* exactly full is valid */
	status(c, &st);
	KT_ASSERT_EQ(ring(0)->fw_flags, SHM_FW_RUNNING);
	KT_ASSERT_EQ(st.avail, FW_BYTES);
	ring(0)->read = 0xdeadbeef;	  /* a firmware-owned word: never read back */
	ring(0)->write = r0 + 3 * PERIOD; /* everything written was taken */
	KT_ASSERT_EQ(fw_take(c, PERIOD, &fseq), 0);
	status(c, &st);
	KT_ASSERT_EQ(ring(0)->read, r0 + 3 * PERIOD);
	KT_ASSERT_EQ(host_dma_errors(c), 4);
	KT_ASSERT(guards_intact());
}

KTEST(hostdma, hostile_capture_positions)
{
	uint32_t fseq = 0, w;
	struct dma_chan *c = open_chan(1, DMA_MEM_TO_DEV);
	struct dma_status st;

	KT_ASSERT_EQ(dma_start(c), 0);
	fw_give(c, PERIOD, &fseq);
	w = ring(1)->write;
	KT_ASSERT_EQ(w, PERIOD);
	ring(1)->read = w + FRAME; /* the host claims to have read what was never written */
	fw_give(c, PERIOD, &fseq); /* commit works, the copy does not */
	KT_ASSERT_EQ(ring(1)->write, w);
	KT_ASSERT_EQ(dma_status(c, &st), -EIO);
	KT_ASSERT_EQ(st.pending, PERIOD);
	KT_ASSERT_EQ(ring(1)->errors, 3);	  /* fw_give's status and commit, this status */
	ring(1)->read = w - SHM_RING_BIG - FRAME; /* more than the ring holds */
	KT_ASSERT_EQ(dma_status(c, &st), -EIO);
	ring(1)->read = w - 2; /* not a whole frame */
	KT_ASSERT_EQ(dma_status(c, &st), -EIO);
	KT_ASSERT_EQ(host_dma_errors(c), 5);
	KT_ASSERT_EQ(ring(1)->fw_flags, SHM_FW_RUNNING | SHM_FW_BADPOS);
	ring(1)->read = w;
	status(c, &st);
	KT_ASSERT_EQ(st.pending, 0);
	KT_ASSERT_EQ(ring(1)->write, w + PERIOD);
	KT_ASSERT_EQ(ring(1)->fw_flags, SHM_FW_RUNNING);
	KT_ASSERT(guards_intact());
}

/* Corrupt one descriptor word of ring 0, expect -EIO from config, restore it. */
static void expect_desc_refused(unsigned int word, uint32_t value)
{
	struct dma_config cfg = {
		.dir = DMA_DEV_TO_MEM,
		.buf = fw.buf,
		.bytes = FW_BYTES,
		.period_bytes = PERIOD,
		.frame_bytes = FRAME,
	};
	volatile uint32_t *d = (volatile uint32_t *)ring(0);
	uint32_t old = d[word];

	d[word] = value;
	if (dma_config(held[0], &cfg) != -EIO)
		KT_FAIL("descriptor word %u = 0x%lx accepted", word, (unsigned long)value);
	d[word] = old;
	KT_ASSERT_EQ(dma_config(held[0], &cfg), 0);
}

KTEST(hostdma, hostile_descriptor)
{
	enum { DIR, FMT, CH, RATE, FRAMEB, OFF, SIZE };

	held[0] = dma_request(DMA_ID_HOST, 0);
	KT_ASSERT(held[0] != NULL);
	expect_desc_refused(DIR, SHM_DIR_CAPTURE);
	expect_desc_refused(DIR, 7);
	expect_desc_refused(FMT, 3);
	expect_desc_refused(FMT, 0xffffffffu);
	expect_desc_refused(CH, 0);
	expect_desc_refused(CH, 3); /* not a power of two */
	expect_desc_refused(CH, 16);
	expect_desc_refused(RATE, 0);
	expect_desc_refused(RATE, SOT_PCM_MAX_RATE + 1);
	expect_desc_refused(FRAMEB, 8);
	expect_desc_refused(OFF, 4u << 20);		 /* at the window's end */
	expect_desc_refused(OFF, (4u << 20) - 0x1000);	 /* runs off the window */
	expect_desc_refused(OFF, 0xfff00000u);		 /* wraps around 2^32 */
	expect_desc_refused(OFF, 0);			 /* over the header */
	expect_desc_refused(OFF, SHM_MAILBOX_OFF);	 /* over the mailbox */
	expect_desc_refused(OFF, SHM_RING0_OFF + FRAME); /* misaligned */
	expect_desc_refused(SIZE, 0);
	expect_desc_refused(SIZE, SHM_RING_BIG - PERIOD); /* not a power of two */
	expect_desc_refused(SIZE, 0x80000000u);		  /* bigger than the window */
	expect_desc_refused(SIZE, 2);			  /* smaller than a frame */
}

/* A valid descriptor is copied at config: what the host writes later has no effect. */
KTEST(hostdma, descriptor_copied_at_config)
{
	volatile uint8_t *d1 = (volatile uint8_t *)ivshmem_base() + SHM_RING1_OFF;
	uint32_t fseq = 0;
	struct dma_chan *c;
	struct dma_status st;

	ring(0)->data_off = SHM_RING1_OFF; /* valid, and moved */
	c = open_chan(0, DMA_DEV_TO_MEM);
	ring(0)->data_off = 0x7;	   /* too late to matter */
	ring(0)->host_flags = 0xfffffffeu; /* unknown host flag bits are ignored */
	KT_ASSERT_EQ(dma_start(c), 0);
	for (uint32_t k = 0; k < PERIOD; k++)
		d1[k] = pat(k);
	ring(0)->write = PERIOD;
	status(c, &st);
	KT_ASSERT_EQ(st.avail, PERIOD);
	KT_ASSERT_EQ(fw_take(c, PERIOD, &fseq), 0);
	KT_ASSERT(!host_dma_is_eos(c));
	KT_ASSERT_EQ(host_dma_errors(c), 0);
	KT_ASSERT(guards_intact());
}

KTEST(hostdma, set_format)
{
	struct dma_config cfg = {
		.dir = DMA_DEV_TO_MEM,
		.buf = fw.buf,
		.bytes = FW_BYTES,
		.period_bytes = PERIOD,
		.frame_bytes = 8,
	};

	KT_ASSERT_EQ(host_dma_ring_set_format(0, SOT_PCM_S32_LE, 2, 44100), 0);
	KT_ASSERT_EQ(ring(0)->format, SHM_FMT_S32_LE);
	KT_ASSERT_EQ(ring(0)->rate, 44100);
	KT_ASSERT_EQ(ring(0)->frame_bytes, 8);
	KT_ASSERT_EQ(ring(0)->data_size, SHM_RING_BIG);
	KT_ASSERT_EQ(host_dma_ring_set_format(0, SOT_PCM_S16_LE, 6, 48000), -EINVAL);
	KT_ASSERT_EQ(host_dma_ring_set_format(0, SOT_PCM_S16_LE, 2, 0), -EINVAL);
	KT_ASSERT_EQ(host_dma_ring_set_format(0, (enum sot_pcm_format)5, 2, 48000), -EINVAL);
	KT_ASSERT_EQ(host_dma_ring_set_format(4, SOT_PCM_S16_LE, 2, 48000), -ENODEV);
	held[0] = dma_request(DMA_ID_HOST, 0);
	KT_ASSERT(held[0] != NULL);
	KT_ASSERT_EQ(dma_config(held[0], &cfg), 0);
	KT_ASSERT_EQ(host_dma_ring_set_format(0, SOT_PCM_S16_LE, 2, 48000), -EBUSY);
	KT_ASSERT_EQ(dma_start(held[0]), 0);
	KT_ASSERT_EQ(host_dma_ring_reset(0, 0), -EBUSY);
}

KTEST(hostdma, pause_resume_stop)
{
	uint32_t hseq = 0, fseq = 0;
	struct dma_chan *c = open_chan(0, DMA_DEV_TO_MEM);
	struct dma_status st;

	KT_ASSERT_EQ(dma_start(c), 0);
	host_put(0, 3 * PERIOD, &hseq);
	status(c, &st);
	KT_ASSERT_EQ(fw_take(c, PERIOD, &fseq), 0);
	KT_ASSERT_EQ(dma_pause(c), 0);
	KT_ASSERT_EQ(ring(0)->fw_flags, 0);
	host_put(0, 2 * PERIOD, &hseq);
	status(c, &st); /* paused: the engine does not run */
	KT_ASSERT_EQ(st.state, DMA_PAUSED);
	KT_ASSERT_EQ(st.avail, 2 * PERIOD);
	KT_ASSERT_EQ(st.periods, 3);
	KT_ASSERT_EQ(ring(0)->read, 3 * PERIOD);
	KT_ASSERT_EQ(fw_take(c, PERIOD, &fseq), 0); /* the firmware may still read */
	status(c, &st);
	KT_ASSERT_EQ(st.xruns, 0); /* no underrun while paused */
	KT_ASSERT_EQ(dma_resume(c), 0);
	status(c, &st);
	KT_ASSERT_EQ(st.avail, 3 * PERIOD);
	KT_ASSERT_EQ(st.periods, 5);
	KT_ASSERT_EQ(st.hw_pos, PERIOD);
	KT_ASSERT_EQ(st.sw_pos, 2 * PERIOD);
	KT_ASSERT_EQ(fw_take(c, PERIOD, &fseq), 0);

	KT_ASSERT_EQ(dma_stop(c), 0); /* the firmware buffer is emptied, the host ring kept */
	KT_ASSERT_EQ(ring(0)->fw_flags, 0);
	host_put(0, PERIOD, &hseq);
	status(c, &st);
	KT_ASSERT_EQ(st.state, DMA_CONFIGURED);
	KT_ASSERT_EQ(st.avail, 0);
	KT_ASSERT_EQ(st.hw_pos, 0);
	KT_ASSERT_EQ(st.sw_pos, 0);
	KT_ASSERT_EQ(st.periods, 0);
	KT_ASSERT_EQ(ring(0)->read, 5 * PERIOD);
	KT_ASSERT_EQ(dma_start(c), 0);
	fseq = 5 * PERIOD; /* what the stop dropped from the firmware buffer is gone */
	status(c, &st);
	KT_ASSERT_EQ(st.avail, PERIOD);
	KT_ASSERT_EQ(st.periods, 1);
	KT_ASSERT_EQ(fw_take(c, PERIOD, &fseq), 0);
	KT_ASSERT_EQ(fseq, hseq);
	KT_ASSERT_EQ(dma_pause(c), 0);
	KT_ASSERT_EQ(dma_pause(c), -EINVAL);
	KT_ASSERT_EQ(dma_stop(c), 0); /* from paused */
	KT_ASSERT_EQ(dma_resume(c), -EINVAL);
	KT_ASSERT(guards_intact());
}
