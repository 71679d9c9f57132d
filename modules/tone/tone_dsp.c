/* SPDX-License-Identifier: MIT */
/* Tone: phase accumulator and a fixed-point polynomial sine (see tone_dsp.h). */
#include "modules/tone/tone_dsp.h"
#include "kernel/errno.h"
#include "modules/common/dsp_fixed.h"

/*
 * sin(pi t / 2) = t * g(t^2) on [0, 1], g(u) = C0 + C1 u + ... + C5 u^5
 * interpolated at the 6 Chebyshev nodes of [0, 1]. C0 and C1 carry most of
 * the value and are 64-bit with 62 fractional bits; C2..C5 are 32-bit with
 * F_k fractional bits, chosen so that the Horner partial sum at step k stays
 * below 2^31 with the most precision: F = 34, 38, 43, 48. With these
 * quantised coefficients t * g(t^2) is within 4.3e-11 of sin(pi t / 2).
 */
#define SIN_C0 7244019457953388523ll  /* 1.5707963267680660, F = 62 */
#define SIN_C1 -2978983587965285197ll /* -0.6459640955741250, F = 62 */
#define SIN_C2 1369108506	      /* 0.0796926036855758, F = 34 */
#define SIN_C3 -1286884272	      /* -0.0046816577072780, F = 38 */
#define SIN_C4 1409614283	      /* 0.0001602545902373, F = 43 */
#define SIN_C5 -965962727	      /* -0.0000034317889918, F = 48 */

#define SIN_ONE ((uint64_t)1 << 62) /* 1.0 in the Q2.62 result */

/* (@a * @u + half) >> @shift, @a signed, @u unsigned Q0.32. */
static inline int32_t mul_su_round(int32_t a, uint32_t u, unsigned int shift)
{
	return (int32_t)dsp_shr_round((int64_t)a * (int64_t)u, shift);
}

/*
 * sin(pi / 2 * x / 2^30) for x in [0, 2^30], Q2.62 in [0, 2^62]. The small
 * high-order terms run in 32 bits (their rounding is scaled down by u^k);
 * the last two Horner steps, t * g and the result keep 62 fractional bits.
 * Multiplies are 32x32 -> 64 only (smull/umull on Arm).
 */
static inline uint64_t sine_quarter(uint32_t x)
{
	uint32_t t, u, uh, ul, gh, gl;
	uint64_t tt, g, s;
	int64_t h, p;
	int32_t a, hh;

	if (x >= 0x40000000u)
		return SIN_ONE;
	t = x << 2;						    /* Q0.32 */
	tt = (uint64_t)t * t;					    /* t^2, Q0.64, exact */
	u = (uint32_t)((tt + 0x80000000u) >> 32);		    /* t^2 rounded, Q0.32 */
	a = SIN_C4 + mul_su_round(SIN_C5, u, 32 + 48 - 43);	    /* F = 43 */
	a = SIN_C3 + mul_su_round(a, u, 32 + 43 - 38);		    /* F = 38 */
	a = SIN_C2 + mul_su_round(a, u, 32 + 38 - 34);		    /* F = 34 */
	h = SIN_C1 + (((int64_t)a * (int64_t)u) >> (32 + 34 - 62)); /* F = 62, < 0 */
	/* p = t^2 * h, F = 62: t^2 as Q1.63 (uh < 2^31) times h, three products. */
	tt >>= 1;
	uh = (uint32_t)(tt >> 32);
	ul = (uint32_t)tt;
	hh = (int32_t)(h >> 32);
	p = (int64_t)hh * (int32_t)uh * 2 + (int64_t)(((uint64_t)uh * (uint32_t)h) >> 31) +
	    (((int64_t)hh * (int32_t)(ul >> 1)) >> 30);
	g = (uint64_t)(SIN_C0 + p); /* in [1, 1.571], F = 62 */
	gh = (uint32_t)(g >> 32);
	gl = (uint32_t)g;
	s = (uint64_t)t * gh + (((uint64_t)t * gl) >> 32); /* t * g, F = 62 */
	return s > SIN_ONE ? SIN_ONE : s;
}

int32_t tone_dsp_sample(uint32_t phase, int32_t amp)
{
	uint32_t quadrant = phase >> 30, x = phase & 0x3fffffffu;
	uint64_t s;
	int32_t v;

	if (quadrant & 1)
		x = 0x40000000u - x; /* sin(pi - a) = sin(a) */
	s = sine_quarter(x);
	/* amp (Q1.31) * s (Q2.62) rounded once to Q1.31; <= amp as s <= 1. */
	v = (int32_t)(((uint64_t)(uint32_t)amp * (uint32_t)(s >> 32) +
		       (((uint64_t)(uint32_t)amp * (uint32_t)s) >> 32) + (1u << 29)) >>
		      30);
	return quadrant & 2 ? -v : v; /* sin(a + pi) = -sin(a) */
}

int tone_dsp_init(struct tone_dsp *td, uint32_t rate)
{
	if (rate == 0 || rate > SOT_PCM_MAX_RATE)
		return -EINVAL;
	td->rate = rate;
	td->phase = 0;
	td->amp = 0x40000000;
	td->ch_mask = (1u << SOT_PCM_MAX_CHANNELS) - 1;
	return tone_dsp_set_freq(td, 1000000);
}

int tone_dsp_set_freq(struct tone_dsp *td, uint32_t freq_mhz)
{
	uint32_t mhz_per_s = td->rate * 1000u; /* <= 1.92e8 */

	if ((uint64_t)freq_mhz * 2 >= mhz_per_s)
		return -EINVAL;
	td->freq_mhz = freq_mhz;
	td->step = (uint32_t)dsp_div_u64_u32(((uint64_t)freq_mhz << 32) + mhz_per_s / 2, mhz_per_s);
	return 0;
}

int tone_dsp_set_amplitude(struct tone_dsp *td, int32_t amp_q31)
{
	if (amp_q31 < 0)
		return -EINVAL;
	td->amp = amp_q31;
	return 0;
}

int tone_dsp_set_amplitude_mb(struct tone_dsp *td, int32_t mb)
{
	if (mb > 0)
		return -EINVAL;
	td->amp = dsp_mb_to_gain(mb, 31);
	return 0;
}

void tone_dsp_set_channels(struct tone_dsp *td, uint32_t ch_mask)
{
	td->ch_mask = ch_mask;
}

void tone_dsp_set_phase(struct tone_dsp *td, uint32_t phase)
{
	td->phase = phase;
}

/* The frame loop for one format; inlined per format so the stores specialise. */
static inline __attribute__((always_inline)) void tone_run(struct tone_dsp *td, void *out,
							   uint32_t frames, enum sot_pcm_format fmt,
							   unsigned int channels)
{
	uint32_t phase = td->phase, step = td->step, mask = td->ch_mask;
	int32_t amp = td->amp;
	size_t i = 0;

	for (uint32_t f = 0; f < frames; f++) {
		int32_t v = tone_dsp_sample(phase, amp);

		for (unsigned int c = 0; c < channels; c++)
			sot_pcm_store_q31(out, i++, fmt, (mask >> c) & 1 ? v : 0);
		phase += step;
	}
	td->phase = phase;
}

int tone_dsp_process(struct tone_dsp *td, void *out, uint32_t frames, enum sot_pcm_format fmt,
		     unsigned int channels)
{
	if (!sot_pcm_channels_are_valid(channels))
		return -EINVAL;
	switch (fmt) {
	case SOT_PCM_S16_LE:
		tone_run(td, out, frames, SOT_PCM_S16_LE, channels);
		return 0;
	case SOT_PCM_S24_4LE:
		tone_run(td, out, frames, SOT_PCM_S24_4LE, channels);
		return 0;
	case SOT_PCM_S32_LE:
		tone_run(td, out, frames, SOT_PCM_S32_LE, channels);
		return 0;
	}
	return -EINVAL;
}
