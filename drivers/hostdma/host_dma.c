/* SPDX-License-Identifier: MIT */
/* Host DMA: a software engine between the shared PCM rings and firmware buffers. */
#include <stddef.h>

#include "drivers/hostdma/host_dma.h"
#include "drivers/ivshmem/ivshmem.h"
#include "kernel/errno.h"
#include "kernel/log.h"

_Static_assert(SHM_FMT_S16_LE == SOT_PCM_S16_LE && SHM_FMT_S24_4LE == SOT_PCM_S24_4LE &&
		       SHM_FMT_S32_LE == SOT_PCM_S32_LE,
	       "shm_layout.h formats are enum sot_pcm_format");

/* Where each ring lives and which way it flows (the window's fixed plan). */
static const struct ring_plan {
	uint32_t dir;
	uint32_t off;
	uint32_t size;
} plan[SHM_RINGS] = {
	[0] = {SHM_DIR_PLAYBACK, SHM_RING0_OFF, SHM_RING_BIG},
	[1] = {SHM_DIR_CAPTURE, SHM_RING1_OFF, SHM_RING_BIG},
	[2] = {SHM_DIR_PLAYBACK, SHM_RING2_OFF, SHM_RING_SMALL},
	[3] = {SHM_DIR_CAPTURE, SHM_RING3_OFF, SHM_RING_SMALL},
};

struct host_chan {
	/* Per ring, since the window reset (the firmware's own words). */
	uint32_t hpos;	   /* our position in the host ring: read (playback) or write (capture) */
	uint32_t fw_flags; /* SHM_FW_* as published */
	uint32_t ring_xruns, ring_errors;
	/* Snapshot of the ring descriptor, taken at config. */
	uint32_t off, size, frame;
	/* The firmware buffer: hw = the engine's side, sw = the firmware's. */
	struct dma_ring fw;
	uint32_t periods; /* since start */
	uint32_t xruns;	  /* since config */
	uint32_t errors;  /* since config */
	bool primed;	  /* playback: data arrived since start */
	bool starving;	  /* playback: an underrun is in progress (counted once) */
};

static const struct dma_ops host_ops;
static struct host_chan hchans[SHM_RINGS];
static struct dma_chan chans[SHM_RINGS];
static struct dma host_dma = {
	.name = "host",
	.id = DMA_ID_HOST,
	.ops = &host_ops,
	.chans = chans,
	.n_chans = SHM_RINGS,
};
static volatile uint8_t *win;
static uint32_t win_size;

/* Orders window accesses against each other as the other side sees them (DMB). */
static inline void shm_fence(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static volatile struct shm_header *hdr(void)
{
	return (volatile struct shm_header *)win;
}

volatile struct shm_ring *host_dma_shm_ring(unsigned int ring)
{
	if (!win || ring >= SHM_RINGS)
		return NULL;
	return (volatile struct shm_ring *)(win + SHM_RING_TABLE_OFF) + ring;
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static bool is_pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

/* Write the ring's format words; the rest of the descriptor is the plan's. */
static void desc_write(unsigned int i, uint32_t fmt, uint32_t channels, uint32_t rate)
{
	volatile struct shm_ring *r = host_dma_shm_ring(i);

	r->dir = plan[i].dir;
	r->format = fmt;
	r->channels = channels;
	r->rate = rate;
	r->frame_bytes = sot_pcm_bytes((enum sot_pcm_format)fmt) * channels;
	r->data_off = plan[i].off;
	r->data_size = plan[i].size;
}

static void publish_flags(unsigned int i, struct host_chan *h, uint32_t flags)
{
	h->fw_flags = flags;
	host_dma_shm_ring(i)->fw_flags = flags;
}

int host_dma_shm_reset(void)
{
	volatile struct shm_header *hd = hdr();
	uint32_t boots;

	if (!win)
		return -ENODEV;
	for (unsigned int i = 0; i < SHM_RINGS; i++)
		if (chans[i].busy)
			return -EBUSY;
	hd->fw_state = SHM_FW_NOT_READY;
	shm_fence();
	boots = hd->magic == SHM_MAGIC ? hd->boot_count + 1 : 1;
	hd->magic = SHM_MAGIC;
	hd->version = SHM_VERSION;
	hd->header_size = SHM_HEADER_SIZE;
	hd->window_size = win_size;
	hd->boot_count = boots;
	hd->mailbox_off = SHM_MAILBOX_OFF;
	hd->mailbox_size = SHM_MAILBOX_SIZE;
	hd->ring_table_off = SHM_RING_TABLE_OFF;
	hd->ring_count = SHM_RINGS;
	hd->ring_desc_size = SHM_RING_DESC_SIZE;
	for (unsigned int w = 0; w < 4; w++)
		hd->reserved[w] = 0;
	for (unsigned int i = 0; i < SHM_RINGS; i++) {
		volatile struct shm_ring *r = host_dma_shm_ring(i);

		hchans[i] = (struct host_chan){0};
		desc_write(i, HOST_DMA_DEFAULT_FORMAT, HOST_DMA_DEFAULT_CHANNELS,
			   HOST_DMA_DEFAULT_RATE);
		r->fw_flags = 0;
		r->write = 0;
		r->read = 0;
		r->host_flags = 0;
		r->xruns = 0;
		r->errors = 0;
		for (unsigned int w = 0; w < 3; w++)
			r->reserved[w] = 0;
	}
	shm_fence(); /* everything above is visible before "ready" */
	hd->fw_state = SHM_FW_READY;
	shm_fence();
	return 0;
}

int host_dma_init(volatile void *base, uint32_t size)
{
	int rc;

	if (size < SHM_WINDOW_MIN) {
		LOG_ERR("hostdma: window of %lu KiB, need %lu", (unsigned long)(size / 1024),
			(unsigned long)(SHM_WINDOW_MIN / 1024));
		return -ENOSPC;
	}
	if (dma_get(DMA_ID_HOST))
		return -EEXIST;
	win = base;
	win_size = size;
	host_dma_shm_reset();
	for (unsigned int i = 0; i < SHM_RINGS; i++)
		chans[i].priv = &hchans[i];
	rc = dma_register(&host_dma);
	if (rc) {
		LOG_ERR("hostdma: register: %d", rc);
		return rc;
	}
	LOG_INF("hostdma: %u rings in the host window, ready (boot %lu)", SHM_RINGS,
		(unsigned long)hdr()->boot_count);
	return 0;
}

static bool ring_idle(unsigned int ring)
{
	return chans[ring].state == DMA_IDLE || !chans[ring].busy;
}

int host_dma_ring_set_format(unsigned int ring, enum sot_pcm_format fmt, unsigned int channels,
			     uint32_t rate)
{
	if (!win || ring >= SHM_RINGS)
		return -ENODEV;
	if (!sot_pcm_format_is_valid(fmt) || !sot_pcm_channels_are_valid(channels) ||
	    !is_pow2(channels) || !rate || rate > SOT_PCM_MAX_RATE)
		return -EINVAL;
	if (!ring_idle(ring))
		return -EBUSY;
	desc_write(ring, fmt, channels, rate);
	shm_fence();
	return 0;
}

int host_dma_ring_reset(unsigned int ring, uint32_t pos)
{
	volatile struct shm_ring *r = host_dma_shm_ring(ring);

	if (!r)
		return -ENODEV;
	if (chans[ring].state == DMA_RUNNING || chans[ring].state == DMA_PAUSED)
		return -EBUSY;
	hchans[ring].hpos = pos;
	r->write = pos;
	r->read = pos;
	shm_fence();
	return 0;
}

uint32_t host_dma_errors(const struct dma_chan *chan)
{
	return ((const struct host_chan *)chan->priv)->errors;
}

bool host_dma_is_eos(const struct dma_chan *chan)
{
	const struct host_chan *h = chan->priv;
	volatile struct shm_ring *r = host_dma_shm_ring(chan->index);

	return chan->cfg.dir == DMA_DEV_TO_MEM && (r->host_flags & SHM_HOST_EOS) &&
	       r->write == h->hpos;
}

/*
 * Read ring @i's descriptor from the window into @h, checking every field
 * against the plan and the window. 0 or -EIO.
 */
static int desc_load(unsigned int i, struct host_chan *h)
{
	volatile struct shm_ring *r = host_dma_shm_ring(i);
	uint32_t dir = r->dir, fmt = r->format, channels = r->channels, rate = r->rate;
	uint32_t frame = r->frame_bytes, off = r->data_off, size = r->data_size;

	if (dir != plan[i].dir || fmt > SHM_FMT_S32_LE || !rate || rate > SOT_PCM_MAX_RATE)
		return -EIO;
	if (!sot_pcm_channels_are_valid(channels) || !is_pow2(channels) ||
	    frame != sot_pcm_bytes((enum sot_pcm_format)fmt) * channels)
		return -EIO;
	if (off < SHM_DATA_MIN_OFF || off % SHM_DATA_ALIGN || !is_pow2(size) || size < frame ||
	    size > win_size || off > win_size - size)
		return -EIO;
	h->off = off;
	h->size = size;
	h->frame = frame;
	return 0;
}

static int host_request(struct dma_chan *cs, int index)
{
	if (index < -1 || index >= (int)SHM_RINGS)
		return -ENODEV;
	if (index >= 0)
		return cs[index].busy ? -EBUSY : index;
	for (unsigned int i = 0; i < SHM_RINGS; i++)
		if (!cs[i].busy)
			return (int)i;
	return -EBUSY;
}

static int host_config(struct dma_chan *chan, const struct dma_config *cfg)
{
	struct host_chan *h = chan->priv, snap = *h;
	uint32_t want = cfg->dir == DMA_DEV_TO_MEM ? SHM_DIR_PLAYBACK : SHM_DIR_CAPTURE;
	int rc = desc_load(chan->index, &snap);

	if (rc)
		return rc;
	if (want != plan[chan->index].dir || cfg->frame_bytes != snap.frame)
		return -EINVAL;
	*h = snap;
	dma_ring_reset(&h->fw, cfg->dir, cfg->bytes, cfg->frame_bytes, 0);
	h->periods = 0;
	h->xruns = 0;
	h->errors = 0;
	h->primed = false;
	h->starving = false;
	return 0;
}

static int host_start(struct dma_chan *chan)
{
	struct host_chan *h = chan->priv;

	h->primed = false;
	h->starving = false;
	publish_flags(chan->index, h, (h->fw_flags & SHM_FW_BADPOS) | SHM_FW_RUNNING);
	return 0;
}

static int host_stop(struct dma_chan *chan)
{
	struct host_chan *h = chan->priv;

	dma_ring_reset(&h->fw, chan->cfg.dir, chan->cfg.bytes, chan->cfg.frame_bytes, 0);
	h->periods = 0;
	h->primed = false;
	h->starving = false;
	publish_flags(chan->index, h, h->fw_flags & ~SHM_FW_RUNNING);
	return 0;
}

static int host_pause(struct dma_chan *chan)
{
	struct host_chan *h = chan->priv;

	publish_flags(chan->index, h, h->fw_flags & ~SHM_FW_RUNNING);
	return 0;
}

static int host_resume(struct dma_chan *chan)
{
	struct host_chan *h = chan->priv;

	publish_flags(chan->index, h, h->fw_flags | SHM_FW_RUNNING);
	return 0;
}

static void count_xrun(struct dma_chan *chan, struct host_chan *h)
{
	h->xruns++;
	h->ring_xruns++;
	host_dma_shm_ring(chan->index)->xruns = h->ring_xruns;
	publish_flags(chan->index, h, h->fw_flags | SHM_FW_XRUN);
}

/* The host's position claimed an impossible fill: count it, move nothing. */
static int host_bad(struct dma_chan *chan, struct host_chan *h)
{
	h->errors++;
	h->ring_errors++;
	host_dma_shm_ring(chan->index)->errors = h->ring_errors;
	publish_flags(chan->index, h, h->fw_flags | SHM_FW_BADPOS);
	return -EIO;
}

/*
 * Copy @n bytes (whole frames, at most what both sides allow) between the
 * host ring and the firmware buffer, never across a period boundary of the
 * firmware buffer in one step. Returns the period boundaries reached.
 */
static unsigned int engine_copy(struct dma_chan *chan, struct host_chan *h, uint32_t n)
{
	uint8_t *buf = chan->cfg.buf;
	uint32_t period = chan->cfg.period_bytes, bytes = chan->cfg.bytes;
	volatile uint8_t *data = win + h->off;
	unsigned int done = 0;

	while (n) {
		uint32_t foff = h->fw.hw_off, hoff = h->hpos & (h->size - 1);
		uint32_t chunk = min_u32(min_u32(n, period - foff % period), h->size - hoff);

		if (chan->cfg.dir == DMA_DEV_TO_MEM)
			ivshmem_copy_in(buf + foff, data + hoff, chunk);
		else
			ivshmem_copy_out(data + hoff, buf + foff, chunk);
		h->hpos += chunk;
		foff = (foff + chunk) % bytes;
		dma_ring_update(&h->fw, foff, 0); /* chunk <= period < bytes: never an xrun */
		if (foff % period == 0)
			done++;
		n -= chunk;
	}
	return done;
}

/*
 * Run the engine once: read and check the host's position, move what both
 * sides allow, publish our position, run the period callbacks. 0 or -EIO.
 */
static int engine_run(struct dma_chan *chan, struct host_chan *h)
{
	volatile struct shm_ring *r = host_dma_shm_ring(chan->index);
	bool playback = chan->cfg.dir == DMA_DEV_TO_MEM;
	uint32_t fill = playback ? r->write - h->hpos : h->hpos - r->read;
	uint32_t n;
	unsigned int done;

	if (fill > h->size || fill % h->frame)
		return host_bad(chan, h);
	if (h->fw_flags & SHM_FW_BADPOS)
		publish_flags(chan->index, h, h->fw_flags & ~SHM_FW_BADPOS);
	/* Playback: data behind `write` is read after it; capture: the host's reads are done. */
	shm_fence();
	if (playback)
		n = min_u32(fill, h->fw.bytes - dma_ring_pending(&h->fw));
	else
		n = min_u32(dma_ring_pending(&h->fw), h->size - fill);
	done = n ? engine_copy(chan, h, n) : 0;
	shm_fence(); /* the data is in place before the position that hands it over */
	/* Published even when nothing moved: a word the host scribbled on heals. */
	if (playback)
		r->read = h->hpos;
	else
		r->write = h->hpos;
	h->primed |= playback && n;
	h->periods += done;
	for (; done && chan->cfg.period_cb; done--)
		chan->cfg.period_cb(chan->cfg.cb_arg, chan);
	return 0;
}

/* After the engine ran: detect (and for capture repair) an xrun, as documented in host_dma.h. */
static void xrun_check(struct dma_chan *chan, struct host_chan *h)
{
	volatile struct shm_ring *r = host_dma_shm_ring(chan->index);
	uint32_t period = chan->cfg.period_bytes;

	if (chan->cfg.dir == DMA_DEV_TO_MEM) {
		if (dma_ring_avail(&h->fw) >= period) {
			h->starving = false;
		} else if (h->primed && !h->starving && !(r->host_flags & SHM_HOST_EOS)) {
			h->starving = true;
			count_xrun(chan, h);
		}
	} else if (dma_ring_avail(&h->fw) < period && dma_ring_pending(&h->fw)) {
		/* The host ring is full (else the engine would have moved it): drop. */
		h->fw.hw_off = (h->fw.hw_off + dma_ring_pending(&h->fw)) % h->fw.bytes;
		h->fw.hw = h->fw.sw;
		count_xrun(chan, h);
	}
}

static int host_status(struct dma_chan *chan, struct dma_status *st)
{
	struct host_chan *h = chan->priv;
	uint32_t pending, sw_pos;
	int rc = 0;

	if (chan->state == DMA_RUNNING) {
		rc = engine_run(chan, h);
		if (!rc)
			xrun_check(chan, h);
	}
	pending = dma_ring_pending(&h->fw);
	if (chan->cfg.dir == DMA_MEM_TO_DEV)
		sw_pos = (h->fw.hw_off + pending) % h->fw.bytes;
	else
		sw_pos = (h->fw.hw_off + h->fw.bytes - pending) % h->fw.bytes;
	*st = (struct dma_status){
		.state = chan->state,
		.hw_pos = h->fw.hw_off,
		.sw_pos = sw_pos,
		.avail = dma_ring_avail(&h->fw),
		.pending = pending,
		.periods = h->periods,
		.xruns = h->xruns,
	};
	return rc;
}

static int host_commit(struct dma_chan *chan, uint32_t bytes)
{
	struct host_chan *h = chan->priv;
	int rc = dma_ring_commit(&h->fw, bytes);

	if (rc)
		return rc;
	/* A bad host position is counted here and reported by the next status(). */
	if (chan->cfg.dir == DMA_MEM_TO_DEV && chan->state == DMA_RUNNING)
		engine_run(chan, h);
	return 0;
}

static const struct dma_ops host_ops = {
	.request = host_request,
	.config = host_config,
	.start = host_start,
	.stop = host_stop,
	.pause = host_pause,
	.resume = host_resume,
	.status = host_status,
	.commit = host_commit,
};
