/* SPDX-License-Identifier: MIT */
/*
 * Volume: a gain per channel, in millibels (1/100 dB), with mute and a
 * click-free linear ramp on every change.
 *
 * Gains run from VOLUME_DSP_MB_MIN (-100 dB) to VOLUME_DSP_MB_MAX (+20 dB);
 * VOLUME_DSP_MB_MUTE is -infinity. A gain is applied as a linear factor in
 * Q5.27 (0 .. 16 - 2^-27; precision 7.5e-9, so -100 dB is 1342 steps), set
 * from millibels by dsp_mb_to_gain() (within 1 step of round(10^(mb/2000) *
 * 2^27)). Output = input (Q1.31) * gain, a 64-bit product rounded once to the
 * output format and saturated: positive gains clip, never wrap.
 *
 * Ramps: a new gain or mute state does not jump; the factor moves linearly,
 * in the linear domain, from its current value to the new one over
 * ramp_frames frames (default 10 ms; 0 switches at once): frame k = 0 ..
 * L - 1 after the change uses g0 + (g1 - g0) * (k + 1) / L. During a ramp the
 * factor is kept in Q5.59 (a 64-bit accumulator, the step truncated; the
 * accumulated error stays below L * 2^-59) and multiplied at full precision,
 * so ramping samples are as exact as steady ones; at the end of the ramp the
 * factor is set to the target exactly. A change during a ramp starts a new
 * ramp from wherever the factor is.
 *
 * Accuracy against double math of the same gains (the Q5.27 factors, the
 * ramp as above), rounded to the output format: within +-1 LSB for every
 * format, steady or ramping; bit-exact for S16 with a steady gain.
 *
 * Cost per sample: one 32x32->64 multiply when steady, two while ramping.
 */
#ifndef MODULES_VOLUME_VOLUME_DSP_H
#define MODULES_VOLUME_VOLUME_DSP_H

#include <stdbool.h>
#include <stdint.h>

#include <sotto/pcm.h>

#define VOLUME_DSP_MB_MIN    (-10000) /* -100 dB */
#define VOLUME_DSP_MB_MAX    2000     /* +20 dB */
#define VOLUME_DSP_MB_MUTE   INT32_MIN
#define VOLUME_DSP_GAIN_FRAC 27		/* linear gains are Q5.27 */
#define VOLUME_DSP_RAMP_MAX  (1u << 20) /* frames, about 5.5 s at 192 kHz */

struct volume_dsp_channel {
	int64_t gain;	/* current factor, Q5.59 */
	int64_t step;	/* added to gain per frame while ramping, Q5.59 */
	uint32_t left;	/* frames left in the ramp; 0: steady at target */
	int32_t target; /* factor at the end of the ramp, Q5.27 */
	int32_t mb;	/* requested gain in millibels, or VOLUME_DSP_MB_MUTE */
	bool muted;
};

struct volume_dsp {
	uint32_t ramp_frames; /* ramp length for the next change */
	struct volume_dsp_channel ch[SOT_PCM_MAX_CHANNELS];
};

/*
 * All channels at 0 dB, unmuted, steady; ramps of 10 ms at @rate frames per
 * second. Returns 0, or -EINVAL for a rate of 0 or above SOT_PCM_MAX_RATE.
 */
int volume_dsp_init(struct volume_dsp *vd, uint32_t rate);

/* Ramp length in frames (0 = no ramp) for later changes; <= VOLUME_DSP_RAMP_MAX or -EINVAL. */
int volume_dsp_set_ramp(struct volume_dsp *vd, uint32_t frames);

/*
 * Gain of channel @ch in millibels: VOLUME_DSP_MB_MIN..VOLUME_DSP_MB_MAX or
 * VOLUME_DSP_MB_MUTE. Starts a ramp unless the channel is muted. Returns 0,
 * or -EINVAL for a bad channel or gain (nothing changed).
 */
int volume_dsp_set_gain(struct volume_dsp *vd, unsigned int ch, int32_t mb);

/* Mute or unmute channel @ch, with a ramp; the gain is kept. 0 or -EINVAL. */
int volume_dsp_set_mute(struct volume_dsp *vd, unsigned int ch, bool mute);

/* True while any channel is ramping. */
bool volume_dsp_is_ramping(const struct volume_dsp *vd);

/*
 * Apply the gains to @frames frames of @channels (1..8) channels in @fmt from
 * @in to @out (which may be @in). Returns 0, or -EINVAL for a bad format or
 * channel count (nothing done).
 */
int volume_dsp_process(struct volume_dsp *vd, const void *in, void *out, uint32_t frames,
		       enum sot_pcm_format fmt, unsigned int channels);

#endif /* MODULES_VOLUME_VOLUME_DSP_H */
