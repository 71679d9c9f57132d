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
	uint8_t pending[EQ_BLOB_MAX];
	uint32_t pending_size; /* 0: flat */
	volatile uint32_t seq; /* odd while pending is written */
	uint32_t applied_seq;
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
	__atomic_store_n(&e->seq, e->seq + 1, __ATOMIC_RELEASE);
	memcpy(e->pending, data, size);
	e->pending_size = (uint32_t)size;
	__atomic_store_n(&e->seq, e->seq + 1, __ATOMIC_RELEASE);
	return 0;
}

static int eq_get_config(struct sot_module *mod, uint32_t param, void *data, size_t *size)
{
	struct eq_state *e = mod->priv;

	(void)param;
	if (*size > e->pending_size)
		*size = e->pending_size;
	memcpy(data, e->pending, *size);
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
	e->applied_seq = __atomic_load_n(&e->seq, __ATOMIC_ACQUIRE);
	rc = eq_apply(e, e->pending, e->pending_size);
	if (rc)
		return rc;
	e->stream = in[0];
	out[0] = in[0];
	return 0;
}

static void eq_pick_up(struct eq_state *e)
{
	uint32_t s = __atomic_load_n(&e->seq, __ATOMIC_ACQUIRE), size;
	uint8_t blob[EQ_BLOB_MAX];

	if (s == e->applied_seq || (s & 1))
		return;
	size = e->pending_size;
	if (size > EQ_BLOB_MAX)
		return;
	memcpy(blob, e->pending, size);
	if (__atomic_load_n(&e->seq, __ATOMIC_ACQUIRE) != s)
		return;
	e->applied_seq = s;
	eq_apply(e, blob, size);
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
