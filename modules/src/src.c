/* SPDX-License-Identifier: MIT */
/*
 * SRC module (id 0x0206, DP): one input, one output, 44.1 <-> 48 kHz (and
 * x2, x4) by modules/src/src_dsp.h. Configuration: struct src_cfg {u32
 * out_rate}, taken at the next prepare; without one (or with the input's
 * rate) it refuses to prepare. Input and output lengths per period differ
 * (48 in, 44 or 45 out at 48 -> 44.1 kHz): each run converts what the
 * source has as far as the sink has room; what it cannot take stays in the
 * source buffer for the next run.
 */
#include <string.h>

#include <sotto/module.h>

#include "kernel/errno.h"
#include "modules/src/src_dsp.h"

struct src_cfg {
	uint32_t out_rate;
};

struct src_state {
	struct src_dsp dsp;
	struct src_cfg cfg;
	struct sot_stream stream; /* input */
};

static int src_init(struct sot_module *mod)
{
	(void)mod;
	return 0;
}

static int src_set_config(struct sot_module *mod, uint32_t param, uint32_t flags, uint32_t offset,
			  const void *data, size_t size, size_t total)
{
	struct src_state *s = mod->priv;
	struct src_cfg cfg;

	(void)param;
	(void)flags;
	(void)offset;
	(void)total;
	if (size != sizeof(cfg))
		return -EINVAL;
	memcpy(&cfg, data, sizeof(cfg));
	if (!cfg.out_rate || cfg.out_rate > SOT_PCM_MAX_RATE)
		return -EINVAL;
	s->cfg = cfg;
	return 0;
}

static int src_get_config(struct sot_module *mod, uint32_t param, void *data, size_t *size)
{
	struct src_state *s = mod->priv;

	(void)param;
	if (*size > sizeof(s->cfg))
		*size = sizeof(s->cfg);
	memcpy(data, &s->cfg, *size);
	return 0;
}

static int src_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
		       struct sot_stream *out, unsigned int n_out)
{
	struct src_state *s = mod->priv;
	int rc;

	if (n_in != 1 || n_out != 1)
		return -EINVAL;
	rc = src_dsp_init(&s->dsp, in[0].rate, s->cfg.out_rate, in[0].channels);
	if (rc)
		return rc;
	s->stream = in[0];
	out[0] = in[0];
	out[0].rate = s->cfg.out_rate;
	return 0;
}

static int src_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
		       struct sot_port *snk, unsigned int n_snk)
{
	struct src_state *s = mod->priv;
	struct abuf_cursor in = {.fb = src[0].frame_bytes}, out = {.fb = snk[0].frame_bytes};
	uint32_t used = 0, made = 0, u, m;
	int rc = 0;

	(void)n_src;
	(void)n_snk;
	abuf_read_region(src[0].buf, abuf_avail(src[0].buf), &in.r);
	abuf_write_region(snk[0].buf, abuf_free(snk[0].buf), &out.r);
	while (!rc && abuf_cursor_run(&in) && abuf_cursor_run(&out)) {
		rc = src_dsp_process(&s->dsp, abuf_cursor_ptr(&in), abuf_cursor_run(&in), &u,
				     abuf_cursor_ptr(&out), abuf_cursor_run(&out), &m,
				     s->stream.format);
		in.off += u;
		out.off += m;
		used += u;
		made += m;
		if (!u && !m)
			break;
	}
	abuf_read_commit(src[0].buf, used);
	abuf_write_commit(snk[0].buf, made);
	return rc;
}

static int src_reset(struct sot_module *mod)
{
	struct src_state *s = mod->priv;

	if (s->dsp.up)
		src_dsp_reset(&s->dsp);
	return 0;
}

static const struct sot_module_ops src_ops = {
	.init = src_init,
	.prepare = src_prepare,
	.process = src_process,
	.reset = src_reset,
	.set_config = src_set_config,
	.get_config = src_get_config,
};

static const struct sot_module_desc src_desc = {
	.name = "src",
	.id = 0x0206,
	.sched = SOT_SCHED_DP,
	.formats = (1u << SOT_PCM_S16_LE) | (1u << SOT_PCM_S24_4LE) | (1u << SOT_PCM_S32_LE),
	.min_sources = 1,
	.max_sources = 1,
	.min_sinks = 1,
	.max_sinks = 1,
	.priv_size = sizeof(struct src_state),
	.ops = &src_ops,
};
SOT_MODULE(src_desc);
