/* SPDX-License-Identifier: MIT */
/* Tone: phase accumulator and a fixed-point polynomial sine (see tone_dsp.h). */
#include "modules/tone/tone_dsp.h"
#include "kernel/errno.h"
#include "modules/common/dsp_fixed.h"

/*
 * sin(pi t / 2) = t * g(t^2) on [0, 1], g(u) = C0 + C1 u + ... + C5 u^5
 * interpolated at the 6 Chebyshev nodes of [0, 1] (max error 2.7e-11).
 * C0 is unsigned Q1.31; Ck for k >= 1 has F_k fractional bits, chosen so that
 * the Horner partial sum at step k stays below 2^31 with the most precision:
 * F = 31, 34, 38, 43, 48.
 */
#define SIN_C0 3373259426u /* 1.5707963267680658, uQ1.31 */
#define SIN_C1 -1387197332 /* -0.6459640955741257, Q1.31 */
#define SIN_C2 1369108506  /* 0.0796926036855733, F = 34 */
#define SIN_C3 -1286884272 /* -0.0046816577072665, F = 38 */
#define SIN_C4 1409614283  /* 0.0001602545902248, F = 43 */
#define SIN_C5 -965962725  /* -0.0000034317889877, F = 48 */

/* (@a * @u + half) >> @shift, @a signed, @u unsigned Q0.32. */
static inline int32_t mul_su_round(int32_t a, uint32_t u, unsigned int shift)
{
	return (int32_t)dsp_shr_round((int64_t)a * (int64_t)u, shift);
}

/* sin(pi / 2 * x / 2^30) for x in [0, 2^30], Q0.32 (1.0 reads 0xffffffff). */
static inline uint32_t sine_quarter(uint32_t x)
{
	uint32_t t, u;
	uint64_t s;
	int32_t a;

	if (x >= 0x40000000u)
		return 0xffffffffu;
	t = x << 2;							 /* Q0.32 */
	u = (uint32_t)(((uint64_t)t * t + 0x80000000u) >> 32);		 /* t^2, Q0.32 */
	a = SIN_C4 + mul_su_round(SIN_C5, u, 32 + 48 - 43);		 /* F = 43 */
	a = SIN_C3 + mul_su_round(a, u, 32 + 43 - 38);			 /* F = 38 */
	a = SIN_C2 + mul_su_round(a, u, 32 + 38 - 34);			 /* F = 34 */
	a = SIN_C1 + mul_su_round(a, u, 32 + 34 - 31);			 /* Q1.31, < 0 */
	a = mul_su_round(a, u, 32);					 /* u * (...), Q1.31 */
	s = (uint64_t)t * SIN_C0 + (uint64_t)((int64_t)(uint64_t)t * a); /* Q1.63, in [0, 2^63) */
	s = (s + 0x40000000u) >> 31;
	return s >> 32 ? 0xffffffffu : (uint32_t)s;
}

int32_t tone_dsp_sample(uint32_t phase, int32_t amp)
{
	uint32_t quadrant = phase >> 30, x = phase & 0x3fffffffu;
	int32_t v;

	if (quadrant & 1)
		x = 0x40000000u - x; /* sin(pi - a) = sin(a) */
	v = (int32_t)(((uint64_t)(uint32_t)amp * sine_quarter(x) + 0x80000000u) >> 32);
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
