/* SPDX-License-Identifier: MIT */
/*
 * Endpoint modules: where a pipeline meets a DAI. They are part of the
 * privileged audio layer (they call drivers), not user-mode modules.
 *   dai_out (id 0x0101): one input; each period goes to the DAI (playback)
 *   dai_in  (id 0x0102): one output; each period comes from the DAI (capture)
 * Configuration: struct sot_endpoint_cfg (sotto/module_cfg.h); the stream
 * matters to dai_in, whose output it defines. The DAI must move data itself
 * (the memory DAI); a DMA-fed DAI takes the dai_copier (copier_dma.c).
 * Prepare configures and starts the DAI (-EBUSY when another pipeline's
 * endpoint has it); reset and free stop it, if this endpoint started it.
 */
#include <string.h>

#include <sotto/module_cfg.h>

#include "drivers/dai/dai.h"
#include "kernel/errno.h"

struct endpoint {
	struct sot_endpoint_cfg cfg;
	struct dai *dai;
	/* The DAI this endpoint started (NULL: none); only that one is stopped. */
	struct dai *dai_started;
	uint32_t short_periods; /* the DAI could not take / give a whole period */
};

static int ep_init(struct sot_module *mod)
{
	(void)mod;
	return 0;
}

static int ep_set_config(struct sot_module *mod, uint32_t param, uint32_t flags, uint32_t offset,
			 const void *data, size_t size, size_t total)
{
	struct endpoint *ep = mod->priv;
	struct sot_endpoint_cfg cfg;

	(void)param;
	(void)flags;
	(void)offset;
	(void)total;
	if (size != sizeof(cfg))
		return -EINVAL;
	memcpy(&cfg, data, sizeof(cfg));
	if (!dai_get(cfg.dai_id))
		return -ENODEV;
	ep->cfg = cfg;
	ep->dai = dai_get(cfg.dai_id);
	return 0;
}

/*
 * Prepare configured the DAI and started it. Stop it only if this endpoint
 * started it: a DAI another pipeline plays through (this endpoint's prepare
 * found it busy) is not ours to stop.
 */
static void ep_stop(struct endpoint *ep)
{
	if (ep->dai_started)
		ep->dai_started->ops->trigger(ep->dai_started, DAI_STOP);
	ep->dai_started = NULL;
}

/* Give back what prepare took, so that the next prepare finds the DAI free. */
static int ep_reset(struct sot_module *mod)
{
	ep_stop(mod->priv);
	return 0;
}

static void ep_free(struct sot_module *mod)
{
	ep_stop(mod->priv);
}

/* Configure the DAI for @s and start it; 0, or the DAI's error (-EBUSY: in use). */
static int ep_start(struct endpoint *ep, const struct sot_stream *s)
{
	int rc = ep->dai->ops->config(ep->dai, s);

	if (!rc)
		rc = ep->dai->ops->trigger(ep->dai, DAI_START);
	ep->dai_started = rc ? NULL : ep->dai;
	return rc;
}

static int out_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
		       struct sot_stream *out, unsigned int n_out)
{
	struct endpoint *ep = mod->priv;

	(void)out;
	(void)n_out;
	if (!ep->dai || ep->dai->dir != DAI_PLAYBACK || !ep->dai->ops->write || n_in != 1)
		return -EINVAL;
	return ep_start(ep, &in[0]);
}

/*
 * Everything the buffer holds goes out: no added latency, and a stream whose
 * rate is not a whole number of frames per tick (44.1 kHz) keeps up.
 */
static int out_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
		       struct sot_port *snk, unsigned int n_snk)
{
	struct endpoint *ep = mod->priv;
	struct abuf_region r;
	uint32_t n = abuf_avail(src[0].buf), done = 0;

	(void)n_src;
	(void)snk;
	(void)n_snk;
	abuf_read_region(src[0].buf, n, &r);
	for (int p = 0; p < 2; p++)
		done += ep->dai->ops->write(ep->dai, r.ptr[p], r.frames[p]);
	abuf_read_commit(src[0].buf, n);
	if (done < n)
		ep->short_periods++;
	return 0;
}

static int in_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
		      struct sot_stream *out, unsigned int n_out)
{
	struct endpoint *ep = mod->priv;
	struct sot_stream s;
	int rc;

	(void)in;
	if (!ep->dai || ep->dai->dir != DAI_CAPTURE || !ep->dai->ops->read || n_in || n_out != 1)
		return -EINVAL;
	s = (struct sot_stream){(enum sot_pcm_format)ep->cfg.format, ep->cfg.channels,
				ep->cfg.rate};
	rc = ep_start(ep, &s);
	if (!rc)
		out[0] = s;
	return rc;
}

static int in_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
		      struct sot_port *snk, unsigned int n_snk)
{
	struct endpoint *ep = mod->priv;
	struct abuf_region r;
	uint32_t n = abuf_write_region(snk[0].buf, mod->period_frames, &r), got = 0;

	(void)src;
	(void)n_src;
	(void)n_snk;
	for (int p = 0; p < 2; p++)
		got += ep->dai->ops->read(ep->dai, r.ptr[p], r.frames[p]);
	abuf_write_commit(snk[0].buf, got);
	if (got < n)
		ep->short_periods++;
	return 0;
}

static const struct sot_module_ops out_ops = {.init = ep_init,
					      .prepare = out_prepare,
					      .process = out_process,
					      .reset = ep_reset,
					      .free = ep_free,
					      .set_config = ep_set_config};
static const struct sot_module_ops in_ops = {.init = ep_init,
					     .prepare = in_prepare,
					     .process = in_process,
					     .reset = ep_reset,
					     .free = ep_free,
					     .set_config = ep_set_config};

static const struct sot_module_desc dai_out_desc = {
	.name = "dai_out",
	.id = 0x0101,
	.sched = SOT_SCHED_LL,
	.formats = (1u << SOT_PCM_S16_LE) | (1u << SOT_PCM_S24_4LE) | (1u << SOT_PCM_S32_LE),
	.min_sources = 1,
	.max_sources = 1,
	.priv_size = sizeof(struct endpoint),
	.ops = &out_ops,
};
SOT_MODULE(dai_out_desc);

static const struct sot_module_desc dai_in_desc = {
	.name = "dai_in",
	.id = 0x0102,
	.sched = SOT_SCHED_LL,
	.min_sinks = 1,
	.max_sinks = 1,
	.priv_size = sizeof(struct endpoint),
	.ops = &in_ops,
};
SOT_MODULE(dai_in_desc);
