/* SPDX-License-Identifier: MIT */
/*
 * The copiers that connect pipelines to DMA engines. They are part of the
 * privileged audio layer (they drive drivers/dma), not user-mode modules.
 *
 *   dai_copier  (id 0x0103): one input; plays it into a DAI fed by a DMA
 *     engine (the HDA codec through its link DMA). Converts to the link's
 *     sample format. Config struct sot_dai_copier_cfg.
 *   host_copier (id 0x0104): moves audio between the host and a pipeline
 *     through a host DMA channel (an ivshmem ring on virt-a15): playback has
 *     one output, capture one input. Config struct sot_host_copier_cfg.
 *
 * Each owns a cyclic DMA buffer of whole DMA periods from the shared buffer
 * heap. Every LL period it moves as much as both sides allow (the host
 * copier at most one period, so host data enters at the pipeline's pace),
 * and it turns the engine's xrun count into a host notification.
 */
#include <string.h>

#include <sotto/module_cfg.h>

#include "audio/notify.h"
#include "drivers/dai/dai.h"
#include "drivers/dma/dma.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "modules/copier/copier_dsp.h"

#define COPIER_DMA_PERIODS 4   /* default DMA buffer, in DMA periods */
#define COPIER_DAI_PERIODS 32  /* toward a codec: its FIFO fills at start; margin */
#define COPIER_DMA_ALIGN   128 /* DMA periods are multiples of this (HDA BDL) */
#define COPIER_DMA_MAX_PER 32

struct copier_dma {
	union {
		struct sot_dai_copier_cfg dai;
		struct sot_host_copier_cfg host;
	} cfg;
	bool configured, is_host;
	struct dai *dai;
	/* The DAI this copier started (NULL: none); only that one is stopped. */
	struct dai *dai_started;
	struct dma_chan *chan;
	uint8_t *buf;
	uint32_t bytes, period_bytes, fb; /* DMA side */
	enum dma_dir dir;
	struct copier_dsp dsp;
	uint32_t frames;
	uint32_t xruns_base; /* the engine's xrun count when the channel last started/resumed */
	uint32_t xruns_seen; /* xruns since then, as last reported */
};

/*
 * Stop the DAI if this copier started it. A DAI another pipeline plays
 * through (this copier's prepare found it busy) is not ours to stop.
 */
static void dai_stop(struct copier_dma *c)
{
	if (c->dai_started)
		c->dai_started->ops->trigger(c->dai_started, DAI_STOP);
	c->dai_started = NULL;
}

static void release(struct copier_dma *c)
{
	if (c->chan)
		dma_release(c->chan);
	dai_stop(c);
	c->chan = NULL;
	if (c->buf)
		mm_buffer_free(c->buf);
	c->buf = NULL;
}

static int cd_init(struct sot_module *mod)
{
	(void)mod;
	return 0;
}

static int cd_reset(struct sot_module *mod)
{
	release(mod->priv);
	return 0;
}

static void cd_free(struct sot_module *mod)
{
	release(mod->priv);
}

static int cd_get_config(struct sot_module *mod, uint32_t param, void *data, size_t *size)
{
	struct copier_dma *c = mod->priv;
	struct sot_copier_dma_status s = {
		.frames = c->frames, .dma_period_bytes = c->period_bytes, .dma_bytes = c->bytes};
	struct dma_status st;

	(void)param;
	if (c->chan && !dma_status(c->chan, &st)) {
		s.xruns = st.xruns;
		s.periods = st.periods;
		s.pending = st.pending;
	}
	if (*size > sizeof(s))
		*size = sizeof(s);
	memcpy(data, &s, *size);
	return 0;
}

/* Claim the channel and the buffer; configure the engine. */
static int setup_dma(struct copier_dma *c, uint32_t dma_id, int index, uint32_t period_frames,
		     uint32_t periods, bool align)
{
	uint32_t k = 1, per;
	struct dma_config dc;
	int rc;

	/* The smallest whole number of LL periods the engine can take as one of its periods. */
	while (align && period_frames * c->fb * k % COPIER_DMA_ALIGN)
		if (++k > 8)
			return -EINVAL;
	per = period_frames * c->fb * k;
	if (!periods)
		periods = COPIER_DMA_PERIODS;
	if (periods < 2 || periods > COPIER_DMA_MAX_PER)
		return -EINVAL;
	release(c);
	c->chan = dma_request(dma_id, index);
	if (!c->chan)
		return -EBUSY;
	c->bytes = per * periods;
	c->period_bytes = per;
	c->buf = mm_buffer_alloc(c->bytes);
	if (!c->buf) {
		release(c);
		return -ENOMEM;
	}
	dc = (struct dma_config){.dir = c->dir,
				 .buf = c->buf,
				 .bytes = c->bytes,
				 .period_bytes = per,
				 .frame_bytes = c->fb};
	rc = dma_config(c->chan, &dc);
	if (rc)
		release(c);
	return rc;
}

/* The firmware side's next @n frames in the DMA buffer, as an abuf region. */
static void dma_region(const struct copier_dma *c, uint32_t sw_pos, uint32_t n,
		       struct abuf_region *r)
{
	uint32_t first = (c->bytes - sw_pos) / c->fb;

	if (first > n)
		first = n;
	*r = (struct abuf_region){{c->buf + sw_pos, c->buf}, {first, n - first}};
}

/* Convert @n frames run by run from @in to @out. */
static void move(const struct copier_dma *c, struct abuf_cursor *in, struct abuf_cursor *out)
{
	uint32_t k;

	while ((k = abuf_cursor_run(in)) != 0) {
		if (k > abuf_cursor_run(out))
			k = abuf_cursor_run(out);
		if (!k)
			break;
		copier_dsp_process(&c->dsp, abuf_cursor_ptr(in), abuf_cursor_ptr(out), k);
		in->off += k;
		out->off += k;
	}
}

/*
 * The channel, stopped or paused (reading its status moves nothing), is
 * about to start or resume: xruns count from here on. Engines differ in
 * where their own count starts (the HDA link at each start, the host DMA at
 * config); check_xruns() reports the xruns since this point either way.
 */
static void xruns_restart(struct copier_dma *c)
{
	struct dma_status st;

	c->xruns_base = dma_status(c->chan, &st) ? 0 : st.xruns;
	c->xruns_seen = 0;
}

/*
 * What an xrun of this copier's engine is. Playback, toward a DAI or from
 * the host into the pipeline, ran dry: an underrun (a host ring the host
 * stopped feeding is DMA_DEV_TO_MEM here). Capture toward the host found no
 * room: an overrun.
 */
static enum audio_event xrun_event(const struct copier_dma *c)
{
	bool playback = c->is_host ? c->dir == DMA_DEV_TO_MEM : c->dir == DMA_MEM_TO_DEV;

	return playback ? AUDIO_EV_UNDERRUN : AUDIO_EV_OVERRUN;
}

/* Report new xruns of the engine to the host: data, the xruns since the last start/resume. */
static void check_xruns(struct sot_module *mod, struct copier_dma *c, const struct dma_status *st)
{
	uint32_t n;

	if (st->xruns < c->xruns_base)
		c->xruns_base = 0; /* the engine started counting again at its start */
	n = st->xruns - c->xruns_base;
	if (n == c->xruns_seen)
		return;
	c->xruns_seen = n;
	audio_notify(xrun_event(c), mod->desc->id, mod->instance_id, n);
}

/* Pipeline -> DMA (DAI playback, host capture). */
static int to_dma(struct sot_module *mod, struct sot_port *src, uint32_t limit)
{
	struct copier_dma *c = mod->priv;
	struct abuf_cursor in = {.fb = src->frame_bytes}, out = {.fb = c->fb};
	struct dma_status st;
	uint32_t n;
	int rc;

	rc = dma_status(c->chan, &st);
	if (rc)
		return rc;
	check_xruns(mod, c, &st);
	n = abuf_avail(src->buf);
	if (n > st.avail / c->fb)
		n = st.avail / c->fb;
	if (limit && n > limit)
		n = limit;
	abuf_read_region(src->buf, n, &in.r);
	dma_region(c, st.sw_pos, n, &out.r);
	move(c, &in, &out);
	abuf_read_commit(src->buf, n);
	c->frames += n;
	return dma_commit(c->chan, n * c->fb);
}

/* DMA -> pipeline (host playback). */
static int from_dma(struct sot_module *mod, struct sot_port *snk, uint32_t limit)
{
	struct copier_dma *c = mod->priv;
	struct abuf_cursor in = {.fb = c->fb}, out = {.fb = snk->frame_bytes};
	struct dma_status st;
	uint32_t n;
	int rc;

	rc = dma_status(c->chan, &st);
	if (rc)
		return rc;
	check_xruns(mod, c, &st);
	n = st.avail / c->fb;
	if (n > abuf_free(snk->buf))
		n = abuf_free(snk->buf);
	if (limit && n > limit)
		n = limit;
	dma_region(c, st.sw_pos, n, &in.r);
	abuf_write_region(snk->buf, n, &out.r);
	move(c, &in, &out);
	abuf_write_commit(snk->buf, n);
	c->frames += n;
	return dma_commit(c->chan, n * c->fb);
}

static int cd_trigger(struct sot_module *mod, enum sot_trigger cmd)
{
	struct copier_dma *c = mod->priv;
	int rc = 0;

	if (!c->chan)
		return -EINVAL;
	switch (cmd) {
	case SOT_TRIGGER_START:
		c->frames = 0;
		xruns_restart(c);
		rc = dma_start(c->chan);
		if (!rc && c->dai) {
			rc = c->dai->ops->trigger(c->dai, DAI_START);
			c->dai_started = rc ? NULL : c->dai;
			if (rc)
				dma_stop(c->chan);
		}
		return rc;
	case SOT_TRIGGER_PAUSE:
		return dma_pause(c->chan);
	case SOT_TRIGGER_RELEASE:
		/*
		 * A DAI link starts again primed, as at START (a codec may take a
		 * burst when its stream starts); what was queued before the
		 * pause is dropped. A host channel goes on where it stopped.
		 */
		xruns_restart(c);
		if (c->dai) {
			dma_stop(c->chan);
			return dma_start(c->chan);
		}
		return dma_resume(c->chan);
	case SOT_TRIGGER_STOP:
		rc = dma_stop(c->chan);
		dai_stop(c);
		return rc;
	}
	return -EINVAL;
}

/* ---- dai_copier ---------------------------------------------------------- */

static int dai_set_config(struct sot_module *mod, uint32_t param, uint32_t flags, uint32_t offset,
			  const void *data, size_t size, size_t total)
{
	struct copier_dma *c = mod->priv;
	struct sot_dai_copier_cfg cfg;
	struct dai *dai;

	(void)param;
	(void)flags;
	(void)offset;
	(void)total;
	if (size != sizeof(cfg))
		return -EINVAL;
	memcpy(&cfg, data, sizeof(cfg));
	dai = dai_get(cfg.dai_id);
	if (!dai)
		return -ENODEV;
	if (!dai->dma_id || dai->dir != DAI_PLAYBACK)
		return -EINVAL; /* the memory DAI has its own endpoints (dai_out/dai_in) */
	if (cfg.format != SOT_FMT_SAME && !sot_pcm_format_is_valid((enum sot_pcm_format)cfg.format))
		return -EINVAL;
	c->cfg.dai = cfg;
	c->dai = dai;
	c->configured = true;
	return 0;
}

static int dai_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
		       struct sot_stream *out, unsigned int n_out)
{
	struct copier_dma *c = mod->priv;
	struct sot_stream link;
	int rc;

	(void)out;
	(void)n_out;
	if (!c->configured || n_in != 1)
		return -EINVAL;
	link = in[0];
	if (c->cfg.dai.format != SOT_FMT_SAME)
		link.format = (enum sot_pcm_format)c->cfg.dai.format;
	rc = copier_dsp_init(&c->dsp, in[0].format, in[0].channels, link.format, link.channels,
			     NULL);
	if (!rc)
		rc = c->dai->ops->config(c->dai, &link);
	if (rc)
		return rc;
	c->dir = DMA_MEM_TO_DEV;
	c->fb = sot_pcm_bytes(link.format) * link.channels;
	return setup_dma(c, c->dai->dma_id, c->dai->dma_index, mod->period_frames,
			 c->cfg.dai.periods ? c->cfg.dai.periods : COPIER_DAI_PERIODS, true);
}

static int dai_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
		       struct sot_port *snk, unsigned int n_snk)
{
	(void)n_src;
	(void)snk;
	(void)n_snk;
	return to_dma(mod, &src[0], 0);
}

static const struct sot_module_ops dai_copier_ops = {
	.init = cd_init,
	.prepare = dai_prepare,
	.process = dai_process,
	.reset = cd_reset,
	.free = cd_free,
	.trigger = cd_trigger,
	.set_config = dai_set_config,
	.get_config = cd_get_config,
};

static const struct sot_module_desc dai_copier_desc = {
	.name = "dai_copier",
	.id = 0x0103,
	.sched = SOT_SCHED_LL,
	.formats = (1u << SOT_PCM_S16_LE) | (1u << SOT_PCM_S24_4LE) | (1u << SOT_PCM_S32_LE),
	.min_sources = 1,
	.max_sources = 1,
	.priv_size = sizeof(struct copier_dma),
	.ops = &dai_copier_ops,
};
SOT_MODULE(dai_copier_desc);

/* ---- host_copier --------------------------------------------------------- */

static int host_set_config(struct sot_module *mod, uint32_t param, uint32_t flags, uint32_t offset,
			   const void *data, size_t size, size_t total)
{
	struct copier_dma *c = mod->priv;
	struct sot_host_copier_cfg cfg;

	(void)param;
	(void)flags;
	(void)offset;
	(void)total;
	if (size != sizeof(cfg))
		return -EINVAL;
	memcpy(&cfg, data, sizeof(cfg));
	if (!dma_get(cfg.dma_id))
		return -ENODEV;
	if (cfg.dir > SOT_HOST_CAPTURE ||
	    !sot_pcm_format_is_valid((enum sot_pcm_format)cfg.format) ||
	    !sot_pcm_channels_are_valid(cfg.channels) || !cfg.rate || cfg.rate > SOT_PCM_MAX_RATE ||
	    (cfg.pipe_format != SOT_FMT_SAME &&
	     !sot_pcm_format_is_valid((enum sot_pcm_format)cfg.pipe_format)))
		return -EINVAL;
	c->cfg.host = cfg;
	c->is_host = true;
	c->configured = true;
	return 0;
}

static int host_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
			struct sot_stream *out, unsigned int n_out)
{
	struct copier_dma *c = mod->priv;
	const struct sot_host_copier_cfg *h = &c->cfg.host;
	struct sot_stream ring = {(enum sot_pcm_format)h->format, h->channels, h->rate};
	struct sot_stream pipe = ring;
	int rc;

	if (!c->configured)
		return -EINVAL;
	if (h->pipe_format != SOT_FMT_SAME)
		pipe.format = (enum sot_pcm_format)h->pipe_format;
	if (h->dir == SOT_HOST_PLAYBACK) {
		if (n_in || n_out != 1)
			return -EINVAL;
		out[0] = pipe;
		c->dir = DMA_DEV_TO_MEM;
		rc = copier_dsp_init(&c->dsp, ring.format, ring.channels, pipe.format,
				     pipe.channels, NULL);
	} else {
		if (n_in != 1 || n_out || in[0].channels != ring.channels ||
		    in[0].rate != ring.rate)
			return -EINVAL;
		c->dir = DMA_MEM_TO_DEV;
		rc = copier_dsp_init(&c->dsp, in[0].format, in[0].channels, ring.format,
				     ring.channels, NULL);
	}
	if (rc)
		return rc;
	c->fb = sot_pcm_bytes(ring.format) * ring.channels;
	/* The adapter sets period_frames from the output stream (or the input). */
	return setup_dma(c, h->dma_id, h->index,
			 mod->period_frames ? mod->period_frames : ring.rate / 1000, h->periods,
			 false);
}

static int host_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
			struct sot_port *snk, unsigned int n_snk)
{
	struct copier_dma *c = mod->priv;

	(void)n_src;
	(void)n_snk;
	if (c->dir == DMA_DEV_TO_MEM)
		return from_dma(mod, &snk[0], mod->period_frames);
	return to_dma(mod, &src[0], 0);
}

static const struct sot_module_ops host_copier_ops = {
	.init = cd_init,
	.prepare = host_prepare,
	.process = host_process,
	.reset = cd_reset,
	.free = cd_free,
	.trigger = cd_trigger,
	.set_config = host_set_config,
	.get_config = cd_get_config,
};

static const struct sot_module_desc host_copier_desc = {
	.name = "host_copier",
	.id = 0x0104,
	.sched = SOT_SCHED_LL,
	.formats = (1u << SOT_PCM_S16_LE) | (1u << SOT_PCM_S24_4LE) | (1u << SOT_PCM_S32_LE),
	.max_sources = 1,
	.max_sinks = 1,
	.priv_size = sizeof(struct copier_dma),
	.ops = &host_copier_ops,
};
SOT_MODULE(host_copier_desc);
