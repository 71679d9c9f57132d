/* SPDX-License-Identifier: MIT */
/* Mixer: saturating sum of N streams (see mixer_dsp.h). */
#include "modules/mixer/mixer_dsp.h"
#include "kernel/errno.h"

int mixer_dsp_init(struct mixer_dsp *md, unsigned int n_inputs)
{
	if (n_inputs < MIXER_DSP_MIN_INPUTS || n_inputs > MIXER_DSP_MAX_INPUTS)
		return -EINVAL;
	md->n_inputs = n_inputs;
	return 0;
}

/* Integer sample @i of @buf in @fmt: Q1.31 shifted back down, sign-extended. */
static inline int32_t load_int(const void *buf, size_t i, enum sot_pcm_format fmt)
{
	return sot_pcm_load_q31(buf, i, fmt) >> (32 - sot_pcm_bits(fmt));
}

static inline __attribute__((always_inline)) void mixer_run(const void *const in[],
							    unsigned int n_in, void *out,
							    size_t samples, enum sot_pcm_format fmt)
{
	const int64_t max = ((int64_t)1 << (sot_pcm_bits(fmt) - 1)) - 1;

	for (size_t i = 0; i < samples; i++) {
		int64_t sum;

		if (fmt == SOT_PCM_S32_LE) {
			sum = 0;
			for (unsigned int k = 0; k < n_in; k++)
				sum += load_int(in[k], i, fmt);
		} else {
			int32_t sum32 = 0; /* |sum| <= 8 * 2^23 */

			for (unsigned int k = 0; k < n_in; k++)
				sum32 += load_int(in[k], i, fmt);
			sum = sum32;
		}
		sum = sum > max ? max : sum < -max - 1 ? -max - 1 : sum;
		if (fmt == SOT_PCM_S16_LE)
			((int16_t *)out)[i] = (int16_t)sum;
		else
			((int32_t *)out)[i] = (int32_t)sum;
	}
}

int mixer_dsp_process(const struct mixer_dsp *md, const void *const in[], void *out,
		      uint32_t frames, enum sot_pcm_format fmt, unsigned int channels)
{
	size_t samples = (size_t)frames * channels;

	if (!sot_pcm_channels_are_valid(channels))
		return -EINVAL;
	switch (fmt) {
	case SOT_PCM_S16_LE:
		mixer_run(in, md->n_inputs, out, samples, SOT_PCM_S16_LE);
		return 0;
	case SOT_PCM_S24_4LE:
		mixer_run(in, md->n_inputs, out, samples, SOT_PCM_S24_4LE);
		return 0;
	case SOT_PCM_S32_LE:
		mixer_run(in, md->n_inputs, out, samples, SOT_PCM_S32_LE);
		return 0;
	}
	return -EINVAL;
}
