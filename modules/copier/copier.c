/* SPDX-License-Identifier: MIT */
/*
 * Copier module (id 0x0205): one input, one output; format conversion
 * (S16/S24_4/S32, any pair) and a channel map. Configuration: struct
 * copier_cfg (below), taken at the next prepare. Without one it copies the
 * stream unchanged.
 */
#include <string.h>

#include <sotto/module.h>
#include <sotto/module_cfg.h>

#include "kernel/errno.h"
#include "modules/copier/copier_dsp.h"

struct copier_state {
	struct copier_dsp dsp;
	struct sot_copier_cfg cfg;
	bool configured;
};

static int copier_init(struct sot_module *mod)
{
	(void)mod;
	return 0;
}

static int copier_set_config(struct sot_module *mod, uint32_t param, uint32_t flags,
			     uint32_t offset, const void *data, size_t size, size_t total)
{
	struct copier_state *c = mod->priv;
	struct sot_copier_cfg cfg;

	(void)param;
	(void)flags;
	(void)offset;
	(void)total;
	if (size != sizeof(cfg))
		return -EINVAL;
	memcpy(&cfg, data, sizeof(cfg));
	if (!sot_pcm_format_is_valid((enum sot_pcm_format)cfg.format) ||
	    (cfg.channels && !sot_pcm_channels_are_valid(cfg.channels)))
		return -EINVAL;
	c->cfg = cfg;
	c->configured = true;
	return 0;
}

static int copier_get_config(struct sot_module *mod, uint32_t param, void *data, size_t *size)
{
	struct copier_state *c = mod->priv;

	(void)param;
	if (*size > sizeof(c->cfg))
		*size = sizeof(c->cfg);
	memcpy(data, &c->cfg, *size);
	return 0;
}

static int copier_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
			  struct sot_stream *out, unsigned int n_out)
{
	struct copier_state *c = mod->priv;
	struct sot_stream o = in[0];
	int rc;

	if (n_in != 1 || n_out != 1)
		return -EINVAL;
	if (c->configured) {
		o.format = (enum sot_pcm_format)c->cfg.format;
		if (c->cfg.channels)
			o.channels = c->cfg.channels;
	}
	rc = copier_dsp_init(&c->dsp, in[0].format, in[0].channels, o.format, o.channels,
			     c->configured && c->cfg.channels ? c->cfg.map : NULL);
	if (rc)
		return rc;
	out[0] = o;
	return 0;
}

static int copier_run(void *ctx, const void *in, void *out, uint32_t frames)
{
	struct copier_state *c = ctx;

	copier_dsp_process(&c->dsp, in, out, frames);
	return 0;
}

static int copier_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
			  struct sot_port *snk, unsigned int n_snk)
{
	(void)n_src;
	(void)n_snk;
	return sot_process_1to1(&src[0], &snk[0], copier_run, mod->priv);
}

static const struct sot_module_ops copier_ops = {
	.init = copier_init,
	.prepare = copier_prepare,
	.process = copier_process,
	.set_config = copier_set_config,
	.get_config = copier_get_config,
};

static const struct sot_module_desc copier_desc = {
	.name = "copier",
	.id = 0x0205,
	.sched = SOT_SCHED_LL,
	.formats = (1u << SOT_PCM_S16_LE) | (1u << SOT_PCM_S24_4LE) | (1u << SOT_PCM_S32_LE),
	.min_sources = 1,
	.max_sources = 1,
	.min_sinks = 1,
	.max_sinks = 1,
	.priv_size = sizeof(struct copier_state),
	.ops = &copier_ops,
};
SOT_MODULE(copier_desc);
