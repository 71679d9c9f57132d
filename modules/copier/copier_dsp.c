/* SPDX-License-Identifier: MIT */
/* Copier: format conversion and channel map (see copier_dsp.h). */
#include <string.h>

#include "kernel/errno.h"
#include "modules/copier/copier_dsp.h"

int copier_dsp_init(struct copier_dsp *cd, enum sot_pcm_format in_fmt, unsigned int in_channels,
		    enum sot_pcm_format out_fmt, unsigned int out_channels, const uint8_t *map)
{
	uint8_t m[SOT_PCM_MAX_CHANNELS];

	if (!sot_pcm_format_is_valid(in_fmt) || !sot_pcm_format_is_valid(out_fmt) ||
	    !sot_pcm_channels_are_valid(in_channels) || !sot_pcm_channels_are_valid(out_channels))
		return -EINVAL;
	for (unsigned int i = 0; i < out_channels; i++) {
		m[i] = map ? map[i] : i < in_channels ? (uint8_t)i : COPIER_DSP_SILENT;
		if (m[i] >= in_channels && m[i] != COPIER_DSP_SILENT)
			return -EINVAL;
	}
	cd->in_fmt = in_fmt;
	cd->out_fmt = out_fmt;
	cd->in_channels = in_channels;
	cd->out_channels = out_channels;
	memset(cd->map, COPIER_DSP_SILENT, sizeof(cd->map));
	memcpy(cd->map, m, out_channels);
	return 0;
}

/* True if the output is a byte copy of the input (same layout, no rounding). */
static bool is_plain_copy(const struct copier_dsp *cd)
{
	if (cd->in_fmt != cd->out_fmt || cd->in_fmt == SOT_PCM_S24_4LE ||
	    cd->in_channels != cd->out_channels)
		return false;
	for (unsigned int i = 0; i < cd->out_channels; i++)
		if (cd->map[i] != i)
			return false;
	return true;
}

static inline __attribute__((always_inline)) void
copier_run(const struct copier_dsp *cd, const void *in, void *out, uint32_t frames,
	   enum sot_pcm_format in_fmt, enum sot_pcm_format out_fmt)
{
	unsigned int in_ch = cd->in_channels, out_ch = cd->out_channels;
	size_t src = 0, dst = 0;

	for (uint32_t f = 0; f < frames; f++, src += in_ch) {
		for (unsigned int c = 0; c < out_ch; c++, dst++) {
			unsigned int m = cd->map[c];
			int32_t v =
				m == COPIER_DSP_SILENT ? 0 : sot_pcm_load_q31(in, src + m, in_fmt);

			sot_pcm_store_q31(out, dst, out_fmt, v);
		}
	}
}

/* One specialised loop per output format for input format @in_fmt. */
static inline __attribute__((always_inline)) void copier_from(const struct copier_dsp *cd,
							      const void *in, void *out,
							      uint32_t frames,
							      enum sot_pcm_format in_fmt)
{
	switch (cd->out_fmt) {
	case SOT_PCM_S16_LE:
		copier_run(cd, in, out, frames, in_fmt, SOT_PCM_S16_LE);
		break;
	case SOT_PCM_S24_4LE:
		copier_run(cd, in, out, frames, in_fmt, SOT_PCM_S24_4LE);
		break;
	case SOT_PCM_S32_LE:
		copier_run(cd, in, out, frames, in_fmt, SOT_PCM_S32_LE);
		break;
	}
}

void copier_dsp_process(const struct copier_dsp *cd, const void *in, void *out, uint32_t frames)
{
	if (is_plain_copy(cd)) {
		memcpy(out, in, (size_t)frames * cd->in_channels * sot_pcm_bytes(cd->in_fmt));
		return;
	}
	switch (cd->in_fmt) {
	case SOT_PCM_S16_LE:
		copier_from(cd, in, out, frames, SOT_PCM_S16_LE);
		break;
	case SOT_PCM_S24_4LE:
		copier_from(cd, in, out, frames, SOT_PCM_S24_4LE);
		break;
	case SOT_PCM_S32_LE:
		copier_from(cd, in, out, frames, SOT_PCM_S32_LE);
		break;
	}
}
