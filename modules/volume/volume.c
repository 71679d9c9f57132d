/* SPDX-License-Identifier: MIT */
/*
 * Volume module (id 0x0202): one input, one output, same stream.
 * Configuration: struct sot_volume_cfg (below): a gain per channel in millibels
 * (VOLUME_DSP_MB_MIN..MAX), a mute mask and the ramp length in frames
 * (0: switch at once; SOT_VOLUME_RAMP_DEFAULT: 10 ms). At prepare the gains
 * are set without a ramp; a set_config while running is picked up at the
 * start of the next period and every changed channel ramps linearly to its
 * new gain over the ramp length (click-free).
 */
#include <string.h>

#include <sotto/module.h>
#include <sotto/module_cfg.h>

#include "kernel/errno.h"
#include "modules/volume/volume_dsp.h"

struct volume_state {
	struct volume_dsp dsp;
	struct sot_volume_cfg pending; /* from set_config, taken by process() */
	struct sot_cfg_seq cfg_seq;
	uint32_t rate;
	struct sot_stream stream;
};

static int volume_apply(struct volume_state *v, const struct sot_volume_cfg *c, bool ramp)
{
	uint32_t frames =
		c->ramp_frames == SOT_VOLUME_RAMP_DEFAULT ? v->rate / 100 : c->ramp_frames;
	int rc = volume_dsp_set_ramp(&v->dsp, ramp ? frames : 0);

	for (unsigned int ch = 0; ch < SOT_PCM_MAX_CHANNELS && !rc; ch++) {
		rc = volume_dsp_set_gain(&v->dsp, ch, c->gain_mb[ch]);
		if (!rc)
			rc = volume_dsp_set_mute(&v->dsp, ch, (c->mute_mask >> ch) & 1);
	}
	if (!rc && !ramp)
		rc = volume_dsp_set_ramp(&v->dsp, frames);
	return rc;
}

static int volume_check(const struct sot_volume_cfg *c)
{
	if (c->ramp_frames != SOT_VOLUME_RAMP_DEFAULT && c->ramp_frames > VOLUME_DSP_RAMP_MAX)
		return -EINVAL;
	for (unsigned int ch = 0; ch < SOT_PCM_MAX_CHANNELS; ch++)
		if (c->gain_mb[ch] < VOLUME_DSP_MB_MIN || c->gain_mb[ch] > VOLUME_DSP_MB_MAX)
			return -EINVAL;
	return 0;
}

static int volume_init(struct sot_module *mod)
{
	struct volume_state *v = mod->priv;

	v->pending.ramp_frames = SOT_VOLUME_RAMP_DEFAULT; /* 0 dB, unmuted */
	v->rate = 48000;
	return volume_dsp_init(&v->dsp, v->rate);
}

static int volume_set_config(struct sot_module *mod, uint32_t param, uint32_t flags,
			     uint32_t offset, const void *data, size_t size, size_t total)
{
	struct volume_state *v = mod->priv;
	struct sot_volume_cfg c;

	(void)param;
	(void)flags;
	(void)offset;
	(void)total;
	if (size != sizeof(c))
		return -EINVAL;
	memcpy(&c, data, sizeof(c));
	if (volume_check(&c))
		return -EINVAL;
	sot_cfg_publish(&v->cfg_seq, &v->pending, &c, sizeof(c));
	return 0;
}

static int volume_get_config(struct sot_module *mod, uint32_t param, void *data, size_t *size)
{
	struct volume_state *v = mod->priv;

	(void)param;
	if (*size > sizeof(v->pending))
		*size = sizeof(v->pending);
	memcpy(data, &v->pending, *size);
	return 0;
}

static int volume_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
			  struct sot_stream *out, unsigned int n_out)
{
	struct volume_state *v = mod->priv;
	int rc;

	if (n_in != 1 || n_out != 1)
		return -EINVAL;
	v->rate = in[0].rate;
	rc = volume_dsp_init(&v->dsp, v->rate);
	if (rc)
		return rc;
	sot_cfg_taken(&v->cfg_seq);
	rc = volume_apply(v, &v->pending, false);
	if (rc)
		return rc;
	v->stream = in[0];
	out[0] = in[0];
	return 0;
}

static void volume_pick_up(struct volume_state *v)
{
	struct sot_volume_cfg c;

	if (sot_cfg_take(&v->cfg_seq, &c, &v->pending, sizeof(c)))
		volume_apply(v, &c, true);
}

static int volume_run(void *ctx, const void *in, void *out, uint32_t frames)
{
	struct volume_state *v = ctx;

	return volume_dsp_process(&v->dsp, in, out, frames, v->stream.format, v->stream.channels);
}

/* Everything the source has that the sink can take (a period in steady state). */
static int volume_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
			  struct sot_port *snk, unsigned int n_snk)
{
	struct volume_state *v = mod->priv;

	(void)n_src;
	(void)n_snk;
	volume_pick_up(v);
	return sot_process_1to1(&src[0], &snk[0], volume_run, v);
}

static int volume_reset(struct sot_module *mod)
{
	struct volume_state *v = mod->priv;

	return volume_dsp_init(&v->dsp, v->rate);
}

static const struct sot_module_ops volume_ops = {
	.init = volume_init,
	.prepare = volume_prepare,
	.process = volume_process,
	.reset = volume_reset,
	.set_config = volume_set_config,
	.get_config = volume_get_config,
};

#ifndef VOLUME_NAME /* test/modules/volume_u/ builds an untrusted twin */
#define VOLUME_NAME  "volume"
#define VOLUME_ID    0x0202
#define VOLUME_FLAGS 0
#endif

static const struct sot_module_desc volume_desc = {
	.name = VOLUME_NAME,
	.id = VOLUME_ID,
	.sched = SOT_SCHED_LL,
	.formats = (1u << SOT_PCM_S16_LE) | (1u << SOT_PCM_S24_4LE) | (1u << SOT_PCM_S32_LE),
	.min_sources = 1,
	.max_sources = 1,
	.min_sinks = 1,
	.max_sinks = 1,
	.priv_size = sizeof(struct volume_state),
	.ops = &volume_ops,
	.flags = VOLUME_FLAGS,
};
SOT_MODULE(volume_desc);
