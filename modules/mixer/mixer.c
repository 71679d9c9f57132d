/* SPDX-License-Identifier: MIT */
/*
 * Mixer module (id 0x0203): 2..8 inputs of the same stream summed into one
 * output, saturating at the format's range (never wrapping). No
 * configuration. Each period it mixes as many frames as every input has and
 * the output can take.
 */
#include <sotto/module.h>

#include "kernel/errno.h"
#include "modules/mixer/mixer_dsp.h"

struct mixer_state {
	struct mixer_dsp dsp;
	struct sot_stream stream;
};

static int mixer_init(struct sot_module *mod)
{
	(void)mod;
	return 0;
}

static int mixer_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
			 struct sot_stream *out, unsigned int n_out)
{
	struct mixer_state *m = mod->priv;
	int rc;

	if (n_out != 1)
		return -EINVAL;
	rc = mixer_dsp_init(&m->dsp, n_in);
	if (rc)
		return rc;
	for (unsigned int i = 1; i < n_in; i++)
		if (in[i].format != in[0].format || in[i].channels != in[0].channels ||
		    in[i].rate != in[0].rate)
			return -EINVAL;
	m->stream = in[0];
	out[0] = in[0];
	return 0;
}

static int mixer_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
			 struct sot_port *snk, unsigned int n_snk)
{
	struct mixer_state *m = mod->priv;
	struct abuf_cursor in[MIXER_DSP_MAX_INPUTS], out = {.fb = snk[0].frame_bytes};
	const void *ptr[MIXER_DSP_MAX_INPUTS];
	uint32_t n = abuf_free(snk[0].buf), k;
	int rc = 0;

	(void)n_snk;
	for (unsigned int i = 0; i < n_src; i++) {
		uint32_t a = abuf_avail(src[i].buf);

		if (a < n)
			n = a;
	}
	for (unsigned int i = 0; i < n_src; i++) {
		in[i] = (struct abuf_cursor){.fb = src[i].frame_bytes};
		abuf_read_region(src[i].buf, n, &in[i].r);
	}
	abuf_write_region(snk[0].buf, n, &out.r);
	while (!rc && (k = abuf_cursor_run(&out)) != 0) {
		for (unsigned int i = 0; i < n_src; i++) {
			uint32_t r = abuf_cursor_run(&in[i]);

			if (r < k)
				k = r;
			ptr[i] = abuf_cursor_ptr(&in[i]);
		}
		rc = mixer_dsp_process(&m->dsp, ptr, abuf_cursor_ptr(&out), k, m->stream.format,
				       m->stream.channels);
		for (unsigned int i = 0; i < n_src; i++)
			in[i].off += k;
		out.off += k;
	}
	if (rc)
		return rc;
	for (unsigned int i = 0; i < n_src; i++)
		abuf_read_commit(src[i].buf, n);
	abuf_write_commit(snk[0].buf, n);
	return 0;
}

static const struct sot_module_ops mixer_ops = {
	.init = mixer_init,
	.prepare = mixer_prepare,
	.process = mixer_process,
};

static const struct sot_module_desc mixer_desc = {
	.name = "mixer",
	.id = 0x0203,
	.sched = SOT_SCHED_LL,
	.formats = (1u << SOT_PCM_S16_LE) | (1u << SOT_PCM_S24_4LE) | (1u << SOT_PCM_S32_LE),
	.min_sources = MIXER_DSP_MIN_INPUTS,
	.max_sources = MIXER_DSP_MAX_INPUTS,
	.min_sinks = 1,
	.max_sinks = 1,
	.priv_size = sizeof(struct mixer_state),
	.ops = &mixer_ops,
};
SOT_MODULE(mixer_desc);
