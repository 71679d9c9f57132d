/* SPDX-License-Identifier: MIT */
/*
 * Mixer: 2..8 inputs summed into one output, all in the same format and
 * channel count, with saturation at the format's range (never wrap-around).
 *
 * Samples are added as integers of their format (S24 sign-extended from bit
 * 23) in 32 bits for S16/S24 (8 * 2^23 < 2^31) and 64 bits for S32, and the
 * sum is clamped once: the output is bit-exact, i.e. equal to the exact sum
 * clipped to the range. Gains are the volume module's job.
 */
#ifndef MODULES_MIXER_MIXER_DSP_H
#define MODULES_MIXER_MIXER_DSP_H

#include <stdint.h>

#include <sotto/pcm.h>

#define MIXER_DSP_MIN_INPUTS 2
#define MIXER_DSP_MAX_INPUTS 8

struct mixer_dsp {
	unsigned int n_inputs;
};

/* Mix @n_inputs streams (2..8). Returns 0 or -EINVAL. */
int mixer_dsp_init(struct mixer_dsp *md, unsigned int n_inputs);

/*
 * out = sat(in[0] + ... + in[n_inputs - 1]) for @frames frames of @channels
 * (1..8) channels in @fmt. @out may be one of the inputs. Returns 0, or
 * -EINVAL for a bad format or channel count (nothing written).
 */
int mixer_dsp_process(const struct mixer_dsp *md, const void *const in[], void *out,
		      uint32_t frames, enum sot_pcm_format fmt, unsigned int channels);

#endif /* MODULES_MIXER_MIXER_DSP_H */
