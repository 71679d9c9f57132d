/* SPDX-License-Identifier: MIT */
/*
 * EQ IIR module (id 0x0204): one input, one output, same stream, a cascade
 * of up to 8 biquads on every channel. Configuration: the EQIR blob of
 * modules/eq_iir/eq_iir_dsp.h (eq_iir_design_blob() makes one). Without a
 * configuration the response is flat. A blob sent while running is checked
 * at once and applied at the start of the next period (delays cleared).
 */
#include <string.h>

#include <sotto/module.h>

#include "kernel/errno.h"
#include "modules/eq_iir/eq_iir_dsp.h"

#define EQ_BLOB_MAX                              \
	(sizeof(struct eq_iir_dsp_blob_header) + \
	 EQ_IIR_DSP_MAX_STAGES * sizeof(struct eq_iir_dsp_blob_stage))

struct eq_state {
	struct eq_iir_dsp dsp;
	struct eq_blob {
		uint32_t size; /* 0: flat */
		uint8_t data[EQ_BLOB_MAX];
	} pending; /* from set_config, taken by process() */
	struct sot_cfg_seq cfg_seq;
	struct sot_stream stream;
};

static int eq_init(struct sot_module *mod)
{
	struct eq_state *e = mod->priv;

	eq_iir_dsp_init(&e->dsp);
	return 0;
}

static int eq_set_config(struct sot_module *mod, uint32_t param, uint32_t flags, uint32_t offset,
			 const void *data, size_t size, size_t total)
{
	struct eq_state *e = mod->priv;
	int rc;

	(void)param;
	(void)flags;
	(void)offset;
	(void)total;
	if (size > EQ_BLOB_MAX)
		return -E2BIG;
	rc = eq_iir_dsp_check_config(data, size);
	if (rc)
		return rc;
	__atomic_store_n(&e->cfg_seq.seq, e->cfg_seq.seq + 1, __ATOMIC_RELEASE);
	sot_copy(e->pending.data, data, size);
	e->pending.size = (uint32_t)size;
	__atomic_store_n(&e->cfg_seq.seq, e->cfg_seq.seq + 1, __ATOMIC_RELEASE);
	return 0;
}

static int eq_get_config(struct sot_module *mod, uint32_t param, void *data, size_t *size)
{
	struct eq_state *e = mod->priv;

	(void)param;
	if (*size > e->pending.size)
		*size = e->pending.size;
	memcpy(data, e->pending.data, *size);
	return 0;
}

static int eq_apply(struct eq_state *e, const uint8_t *blob, uint32_t size)
{
	if (!size) {
		eq_iir_dsp_init(&e->dsp);
		return 0;
	}
	return eq_iir_dsp_set_config(&e->dsp, blob, size);
}

static int eq_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
		      struct sot_stream *out, unsigned int n_out)
{
	struct eq_state *e = mod->priv;
	int rc;

	if (n_in != 1 || n_out != 1)
		return -EINVAL;
	sot_cfg_taken(&e->cfg_seq);
	rc = eq_apply(e, e->pending.data, e->pending.size);
	if (rc)
		return rc;
	e->stream = in[0];
	out[0] = in[0];
	return 0;
}

static void eq_pick_up(struct eq_state *e)
{
	struct eq_blob b;

	if (sot_cfg_take(&e->cfg_seq, &b, &e->pending, sizeof(b)) && b.size <= EQ_BLOB_MAX)
		eq_apply(e, b.data, b.size);
}

static int eq_run(void *ctx, const void *in, void *out, uint32_t frames)
{
	struct eq_state *e = ctx;

	return eq_iir_dsp_process(&e->dsp, in, out, frames, e->stream.format, e->stream.channels);
}

static int eq_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
		      struct sot_port *snk, unsigned int n_snk)
{
	struct eq_state *e = mod->priv;

	(void)n_src;
	(void)n_snk;
	eq_pick_up(e);
	return sot_process_1to1(&src[0], &snk[0], eq_run, e);
}

static int eq_reset(struct sot_module *mod)
{
	struct eq_state *e = mod->priv;

	eq_iir_dsp_reset(&e->dsp);
	return 0;
}

static const struct sot_module_ops eq_ops = {
	.init = eq_init,
	.prepare = eq_prepare,
	.process = eq_process,
	.reset = eq_reset,
	.set_config = eq_set_config,
	.get_config = eq_get_config,
};

static const struct sot_module_desc eq_desc = {
	.name = "eq_iir",
	.id = 0x0204,
	.sched = SOT_SCHED_LL,
	.formats = (1u << SOT_PCM_S16_LE) | (1u << SOT_PCM_S24_4LE) | (1u << SOT_PCM_S32_LE),
	.min_sources = 1,
	.max_sources = 1,
	.min_sinks = 1,
	.max_sinks = 1,
	.priv_size = sizeof(struct eq_state),
	.ops = &eq_ops,
};
SOT_MODULE(eq_desc);
