/* SPDX-License-Identifier: MIT */
/*
 * Tone module (id 0x0201): a sine source, no inputs, one output.
 * Configuration: struct sot_tone_cfg (below). The stream fields take effect at
 * the next prepare; frequency, amplitude and channel mask also mid-stream,
 * at the start of the next period (the phase is kept: no discontinuity).
 */
#include <string.h>

#include <sotto/module.h>
#include <sotto/module_cfg.h>

#include "kernel/errno.h"
#include "modules/tone/tone_dsp.h"

struct tone_state {
	struct tone_dsp dsp;
	struct sot_tone_cfg cfg;     /* as applied */
	struct sot_tone_cfg pending; /* from set_config, picked up by process() */
	struct sot_cfg_seq cfg_seq;
	enum sot_pcm_format fmt;
	unsigned int channels;
};

static int tone_apply(struct tone_state *t, const struct sot_tone_cfg *c)
{
	int rc = tone_dsp_set_freq(&t->dsp, c->freq_mhz);

	if (!rc)
		rc = tone_dsp_set_amplitude_mb(&t->dsp, c->amp_mb);
	if (!rc)
		tone_dsp_set_channels(&t->dsp, c->ch_mask);
	return rc;
}

static int tone_check(const struct sot_tone_cfg *c)
{
	if (!sot_pcm_format_is_valid((enum sot_pcm_format)c->format) ||
	    !sot_pcm_channels_are_valid(c->channels) || !c->rate || c->rate > SOT_PCM_MAX_RATE ||
	    c->amp_mb > 0 || (uint64_t)c->freq_mhz * 2 >= (uint64_t)c->rate * 1000)
		return -EINVAL;
	return 0;
}

static int tone_init(struct sot_module *mod)
{
	struct tone_state *t = mod->priv;

	t->cfg = (struct sot_tone_cfg){1000000, -600, 0xff, SOT_PCM_S32_LE, 2, 48000};
	t->pending = t->cfg;
	return tone_dsp_init(&t->dsp, t->cfg.rate);
}

static int tone_set_config(struct sot_module *mod, uint32_t param, uint32_t flags, uint32_t offset,
			   const void *data, size_t size, size_t total)
{
	struct tone_state *t = mod->priv;
	struct sot_tone_cfg c;

	(void)param;
	(void)flags;
	(void)offset;
	(void)total;
	if (size != sizeof(c))
		return -EINVAL;
	memcpy(&c, data, sizeof(c));
	if (tone_check(&c))
		return -EINVAL;
	sot_cfg_publish(&t->cfg_seq, &t->pending, &c, sizeof(c));
	return 0;
}

static int tone_get_config(struct sot_module *mod, uint32_t param, void *data, size_t *size)
{
	struct tone_state *t = mod->priv;

	(void)param;
	if (*size > sizeof(t->pending))
		*size = sizeof(t->pending);
	memcpy(data, &t->pending, *size);
	return 0;
}

static int tone_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
			struct sot_stream *out, unsigned int n_out)
{
	struct tone_state *t = mod->priv;
	int rc;

	(void)in;
	if (n_in || n_out != 1)
		return -EINVAL;
	sot_cfg_taken(&t->cfg_seq);
	t->cfg = t->pending;
	rc = tone_dsp_init(&t->dsp, t->cfg.rate);
	if (!rc)
		rc = tone_apply(t, &t->cfg);
	if (rc)
		return rc;
	t->fmt = (enum sot_pcm_format)t->cfg.format;
	t->channels = t->cfg.channels;
	out[0] = (struct sot_stream){t->fmt, t->channels, t->cfg.rate};
	return 0;
}

/* A configuration that arrived since the last period (not torn). */
static void tone_pick_up(struct tone_state *t)
{
	struct sot_tone_cfg c;

	if (!sot_cfg_take(&t->cfg_seq, &c, &t->pending, sizeof(c)))
		return;
	if (c.rate == t->cfg.rate && !tone_apply(t, &c))
		t->cfg = c; /* a new stream waits for the next prepare */
}

static int tone_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
			struct sot_port *snk, unsigned int n_snk)
{
	struct tone_state *t = mod->priv;
	struct abuf_region r;
	uint32_t n;
	int rc = 0;

	(void)src;
	(void)n_src;
	(void)n_snk;
	tone_pick_up(t);
	n = abuf_write_region(snk[0].buf, mod->period_frames, &r);
	for (int p = 0; p < 2 && !rc; p++)
		if (r.frames[p])
			rc = tone_dsp_process(&t->dsp, r.ptr[p], r.frames[p], t->fmt, t->channels);
	if (!rc)
		abuf_write_commit(snk[0].buf, n);
	return rc;
}

static int tone_reset(struct sot_module *mod)
{
	struct tone_state *t = mod->priv;

	tone_dsp_set_phase(&t->dsp, 0);
	return 0;
}

static const struct sot_module_ops tone_ops = {
	.init = tone_init,
	.prepare = tone_prepare,
	.process = tone_process,
	.reset = tone_reset,
	.set_config = tone_set_config,
	.get_config = tone_get_config,
};

static const struct sot_module_desc tone_desc = {
	.name = "tone",
	.id = 0x0201,
	.sched = SOT_SCHED_LL,
	.formats = 0,
	.min_sources = 0,
	.max_sources = 0,
	.min_sinks = 1,
	.max_sinks = 1,
	.priv_size = sizeof(struct tone_state),
	.ops = &tone_ops,
};
SOT_MODULE(tone_desc);
