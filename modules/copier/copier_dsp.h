/* SPDX-License-Identifier: MIT */
/*
 * Copier: format conversion between S16_LE, S24_4LE and S32_LE (all nine
 * pairs) with a channel map.
 *
 * Every sample goes through Q1.31 (sotto/pcm.h): widening (S16->S24,
 * S16->S32, S24->S32) is a left shift, exact; narrowing (S32->S24, S32->S16,
 * S24->S16) rounds to nearest with ties toward +infinity (add half an output
 * LSB, shift right) and saturates, so full-scale positive values that would
 * round up to 2^(bits-1) stay at the maximum. S24 output is always a
 * sign-extended container, also for S24->S24 (bits 24..31 of the input are
 * ignored). Bit-exact: the output is a pure function of the input sample,
 * checked against integer and double references for all pairs.
 *
 * Channel map: output channel i is input channel map[i], or silence when
 * map[i] is COPIER_DSP_SILENT; input channels may be dropped or duplicated.
 */
#ifndef MODULES_COPIER_COPIER_DSP_H
#define MODULES_COPIER_COPIER_DSP_H

#include <stdint.h>

#include <sotto/pcm.h>

#define COPIER_DSP_SILENT 0xff

struct copier_dsp {
	enum sot_pcm_format in_fmt, out_fmt;
	unsigned int in_channels, out_channels;
	uint8_t map[SOT_PCM_MAX_CHANNELS]; /* output channel -> input channel or SILENT */
};

/*
 * Convert @in_channels channels of @in_fmt to @out_channels of @out_fmt;
 * @map has @out_channels entries, each < @in_channels or COPIER_DSP_SILENT;
 * NULL maps channel i to i (silence past the input's last channel). Returns
 * 0, or -EINVAL for a bad format, channel count or map entry.
 */
int copier_dsp_init(struct copier_dsp *cd, enum sot_pcm_format in_fmt, unsigned int in_channels,
		    enum sot_pcm_format out_fmt, unsigned int out_channels, const uint8_t *map);

/* Convert @frames frames from @in to @out; the buffers must not overlap. */
void copier_dsp_process(const struct copier_dsp *cd, const void *in, void *out, uint32_t frames);

#endif /* MODULES_COPIER_COPIER_DSP_H */
