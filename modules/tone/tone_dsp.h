/* SPDX-License-Identifier: MIT */
/*
 * Tone: a sine generator.
 *
 * A 32-bit phase accumulator (one cycle = 2^32) advances by
 * step = round(freq * 2^32 / rate) per frame, so the frequency is exact to
 * rate / 2^33 (2.3e-5 Hz at 192 kHz) and never drifts. Each frame's sample is
 * amp * sin(2 pi phase / 2^32), evaluated without a table: the quadrant is
 * folded onto t in [0, 1) and sin(pi t / 2) = t * g(t^2), with g a degree-5
 * polynomial (Chebyshev interpolation, error 4.3e-11 with the quantised
 * coefficients) run by Horner's rule in fixed point: the small high-order
 * steps in 32 bits, the last two steps, t * g and the result with 62
 * fractional bits (64-bit values, 32x32 -> 64 products only). t is Q0.32,
 * the magnitude comes out in Q2.62, times amp (Q1.31) rounded once gives a
 * Q1.31 sample. Every channel in the mask gets the same sample, the others
 * silence.
 *
 * Accuracy against amp * sin(2 pi phase / 2^32) in double precision, after
 * rounding to the output format: within +-1 LSB for S16, S24 and S32. Before
 * the final rounding the Q1.31 sample is within 0.17 Q1.31 LSB of exact
 * (the coefficients' 0.09 plus the 32-bit Horner steps), so only that
 * rounding counts: at S32 98% of samples are exact, 2% +-1, none +-2
 * (measured over 2e7 phases at full amplitude). Checked in
 * test/unit/test_dsp_tone.c.
 *
 * Cost: 12 32x32 -> 64 multiplies per frame, whatever the channel count.
 */
#ifndef MODULES_TONE_TONE_DSP_H
#define MODULES_TONE_TONE_DSP_H

#include <stdint.h>

#include <sotto/pcm.h>

struct tone_dsp {
	uint32_t rate;	   /* frames per second, 1..SOT_PCM_MAX_RATE */
	uint32_t freq_mhz; /* frequency in millihertz, below rate / 2 */
	uint32_t phase;	   /* Q0.32 fraction of a cycle of the next frame */
	uint32_t step;	   /* phase increment per frame */
	int32_t amp;	   /* peak amplitude, Q1.31, 0..INT32_MAX */
	uint32_t ch_mask;  /* bit c set: channel c gets the tone */
};

/*
 * Set @td up for @rate frames per second: 1 kHz, amplitude 1/2 (-6 dBFS), all
 * channels, phase 0. Returns 0, or -EINVAL for a rate of 0 or above
 * SOT_PCM_MAX_RATE.
 */
int tone_dsp_init(struct tone_dsp *td, uint32_t rate);

/* Frequency in millihertz, 0 <= freq < rate / 2; else -EINVAL. Keeps the phase. */
int tone_dsp_set_freq(struct tone_dsp *td, uint32_t freq_mhz);

/* Peak amplitude, linear Q1.31, 0..INT32_MAX; else -EINVAL. */
int tone_dsp_set_amplitude(struct tone_dsp *td, int32_t amp_q31);

/* Peak amplitude in millibels relative to full scale, <= 0; else -EINVAL. */
int tone_dsp_set_amplitude_mb(struct tone_dsp *td, int32_t mb);

/* Channels that get the tone: bit c for channel c; the others get silence. */
void tone_dsp_set_channels(struct tone_dsp *td, uint32_t ch_mask);

/* Phase of the next frame, Q0.32 of a cycle (0x40000000 = 90 degrees). */
void tone_dsp_set_phase(struct tone_dsp *td, uint32_t phase);

/* @amp (Q1.31, >= 0) * sin(2 pi @phase / 2^32), Q1.31: the per-frame kernel. */
int32_t tone_dsp_sample(uint32_t phase, int32_t amp);

/*
 * Write @frames interleaved frames of @channels (1..8) channels in @fmt to
 * @out and advance the phase. Returns 0, or -EINVAL for a bad format or
 * channel count (nothing written).
 */
int tone_dsp_process(struct tone_dsp *td, void *out, uint32_t frames, enum sot_pcm_format fmt,
		     unsigned int channels);

#endif /* MODULES_TONE_TONE_DSP_H */
