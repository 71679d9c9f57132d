/* SPDX-License-Identifier: MIT */
/* EQ IIR: biquad cascade with 64-bit recursion state (see eq_iir_dsp.h). */
#include <string.h>

#include "kernel/errno.h"
#include "modules/common/dsp_fixed.h"
#include "modules/eq_iir/eq_iir_dsp.h"

#define W_FRAC 56		  /* w is Q8.56 */
#define W_MAX  ((int64_t)1 << 60) /* +-16: bounds every product below 2^62 */
#define ONE    ((int64_t)1 << EQ_IIR_DSP_COEF_FRAC)

void eq_iir_dsp_init(struct eq_iir_dsp *eq)
{
	eq->n_stages = 0;
	eq_iir_dsp_reset(eq);
}

void eq_iir_dsp_reset(struct eq_iir_dsp *eq)
{
	memset(eq->delay, 0, sizeof(eq->delay));
}

static int64_t abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

/* Poles inside the unit circle, shift in range, feed-forward sum cannot overflow. */
static int check_stage(const struct eq_iir_dsp_blob_stage *s)
{
	if (s->shift < 0 || s->shift > EQ_IIR_DSP_MAX_SHIFT)
		return -EINVAL;
	if (abs64(s->a2) >= ONE || abs64(s->a1) >= ONE + s->a2)
		return -EINVAL;
	if (abs64(s->b0) + abs64(s->b1) + abs64(s->b2) >= 4 * ONE)
		return -EINVAL;
	return 0;
}

int eq_iir_dsp_check_config(const void *blob, size_t size)
{
	struct eq_iir_dsp_blob_header h;
	struct eq_iir_dsp_blob_stage s;

	if (!blob || size < sizeof(h))
		return -EINVAL;
	memcpy(&h, blob, sizeof(h)); /* the blob need not be aligned */
	if (h.magic != EQ_IIR_DSP_MAGIC)
		return -EINVAL;
	if (h.version != EQ_IIR_DSP_VERSION)
		return -ENOTSUP;
	if (h.n_stages > EQ_IIR_DSP_MAX_STAGES)
		return -E2BIG;
	if (h.size != size || size != sizeof(h) + h.n_stages * sizeof(s))
		return -EINVAL;
	for (uint32_t k = 0; k < h.n_stages; k++) {
		memcpy(&s, (const uint8_t *)blob + sizeof(h) + k * sizeof(s), sizeof(s));
		if (check_stage(&s))
			return -EINVAL;
	}
	return 0;
}

int eq_iir_dsp_set_config(struct eq_iir_dsp *eq, const void *blob, size_t size)
{
	struct eq_iir_dsp_blob_header h;
	int err = eq_iir_dsp_check_config(blob, size);

	if (err)
		return err;
	memcpy(&h, blob, sizeof(h));
	eq->n_stages = h.n_stages;
	memcpy(eq->stage, (const uint8_t *)blob + sizeof(h), h.n_stages * sizeof(eq->stage[0]));
	eq_iir_dsp_reset(eq);
	return 0;
}

#define CHUNK 32 /* frames a channel runs through all stages at a time */
#define Y_MAX ((int64_t)INT32_MAX << (W_FRAC - 31)) /* between stages: Q1.31 range in Q8.56 */
#define Y_MIN (-((int64_t)1 << W_FRAC))

/*
 * @a (Q2.30) * w (Q8.56, |w| <= 2^60, given as its high word @wh and low word
 * @wl) in Q8.56: two 32x32 products. The halves are 32-bit variables so that
 * each product stays one smull (from an int64_t, GCC makes 64x64 multiplies).
 */
static inline int64_t mul_coef_w(int32_t a, int32_t wh, uint32_t wl)
{
	int64_t hi = (int64_t)a * wh;		      /* |.| <= 2^59 */
	int64_t lo = (int64_t)a * (int32_t)(wl >> 1); /* the lowest bit dropped */

	return (int64_t)((uint64_t)hi << 2) + (lo >> 29);
}

static inline int64_t mul_coef_q856(int32_t a, int64_t v)
{
	return mul_coef_w(a, (int32_t)(v >> 32), (uint32_t)v);
}

/*
 * One stage over @n samples of channel @c. The @first stage reads Q1.31
 * samples from @in32 (its feed-forward is exact: three 32x32 products); the
 * others read Q8.56 from @buf (two 32x32 products per tap). Every stage but
 * the @last writes w * 2^shift, saturated to the Q1.31 range but not
 * rounded, to @buf in place; the last stage rounds w once, straight into
 * frames @start.. of @out in @fmt. The coefficients and the delay line live
 * in locals for the whole chunk.
 */
static inline __attribute__((always_inline)) void
stage_run(const struct eq_iir_dsp_blob_stage *s, struct eq_iir_dsp_delay *d, const int32_t *in32,
	  int64_t *buf, uint32_t n, bool first, bool last, void *out, size_t start, unsigned int c,
	  unsigned int channels, enum sot_pcm_format fmt)
{
	const int32_t b0 = s->b0, b1 = s->b1, b2 = s->b2, a1 = s->a1, a2 = s->a2;
	const unsigned int shift = (unsigned int)s->shift;
	const int64_t y_max = Y_MAX >> shift, y_min = Y_MIN >> shift;
	int64_t x1 = d->x1, x2 = d->x2;
	int32_t w1h = (int32_t)(d->w1 >> 32), w2h = (int32_t)(d->w2 >> 32);
	uint32_t w1l = (uint32_t)d->w1, w2l = (uint32_t)d->w2;
	int32_t x1s = (int32_t)(x1 >> (W_FRAC - 31)), x2s = (int32_t)(x2 >> (W_FRAC - 31));

	for (uint32_t i = 0; i < n; i++) {
		int64_t ff, w;

		if (first) {
			int32_t x = in32[i];

			ff = ((int64_t)b0 * x + (int64_t)b1 * x1s + (int64_t)b2 * x2s) >>
			     (61 - W_FRAC); /* Q3.61 exact, to Q8.56 */
			x2s = x1s;
			x1s = x;
		} else {
			int64_t x = buf[i];

			ff = mul_coef_q856(b0, x) + mul_coef_q856(b1, x1) + mul_coef_q856(b2, x2);
			x2 = x1;
			x1 = x;
		}
		w = ff - mul_coef_w(a1, w1h, w1l) - mul_coef_w(a2, w2h, w2l);
		w = w > W_MAX ? W_MAX : w < -W_MAX ? -W_MAX : w;
		w2h = w1h;
		w2l = w1l;
		w1h = (int32_t)(w >> 32);
		w1l = (uint32_t)w;
		if (last)
			sot_pcm_store_wide(out, (start + i) * channels + c, fmt, w, W_FRAC - shift);
		else
			buf[i] = w > y_max   ? Y_MAX
				 : w < y_min ? Y_MIN
					     : (int64_t)((uint64_t)w << shift);
	}
	if (first) {
		x1 = (int64_t)x1s * ((int64_t)1 << (W_FRAC - 31));
		x2 = (int64_t)x2s * ((int64_t)1 << (W_FRAC - 31));
	}
	d->x1 = x1;
	d->x2 = x2;
	d->w1 = (int64_t)((uint64_t)(uint32_t)w1h << 32 | w1l);
	d->w2 = (int64_t)((uint64_t)(uint32_t)w2h << 32 | w2l);
}

/* Stage-major over chunks: each channel's chunk goes through every stage. */
static inline __attribute__((always_inline)) void eq_run(struct eq_iir_dsp *eq, const void *in,
							 void *out, uint32_t frames,
							 enum sot_pcm_format fmt,
							 unsigned int channels)
{
	unsigned int last = eq->n_stages - 1;
	int32_t x[CHUNK];
	int64_t buf[CHUNK];

	for (uint32_t start = 0; start < frames; start += CHUNK) {
		uint32_t n = frames - start < CHUNK ? frames - start : CHUNK;

		for (unsigned int c = 0; c < channels; c++) {
			struct eq_iir_dsp_delay *d = eq->delay[c];

			/* In place is fine: channel c's inputs are read before its outputs are written. */
			for (uint32_t i = 0; i < n; i++)
				x[i] = sot_pcm_load_q31(in, (size_t)(start + i) * channels + c,
							fmt);
			if (!last) {
				stage_run(&eq->stage[0], &d[0], x, buf, n, true, true, out, start,
					  c, channels, fmt);
				continue;
			}
			stage_run(&eq->stage[0], &d[0], x, buf, n, true, false, out, start, c,
				  channels, fmt);
			for (unsigned int k = 1; k < last; k++)
				stage_run(&eq->stage[k], &d[k], x, buf, n, false, false, out, start,
					  c, channels, fmt);
			stage_run(&eq->stage[last], &d[last], x, buf, n, false, true, out, start, c,
				  channels, fmt);
		}
	}
}

/* No stages: a copy that still rounds the container (S24 canonical). */
static void eq_copy(const void *in, void *out, size_t samples, enum sot_pcm_format fmt)
{
	for (size_t i = 0; i < samples; i++)
		sot_pcm_store_q31(out, i, fmt, sot_pcm_load_q31(in, i, fmt));
}

int eq_iir_dsp_process(struct eq_iir_dsp *eq, const void *in, void *out, uint32_t frames,
		       enum sot_pcm_format fmt, unsigned int channels)
{
	if (!sot_pcm_channels_are_valid(channels) || !sot_pcm_format_is_valid(fmt))
		return -EINVAL;
	if (!eq->n_stages) {
		eq_copy(in, out, (size_t)frames * channels, fmt);
		return 0;
	}
	switch (fmt) {
	case SOT_PCM_S16_LE:
		eq_run(eq, in, out, frames, SOT_PCM_S16_LE, channels);
		break;
	case SOT_PCM_S24_4LE:
		eq_run(eq, in, out, frames, SOT_PCM_S24_4LE, channels);
		break;
	case SOT_PCM_S32_LE:
		eq_run(eq, in, out, frames, SOT_PCM_S32_LE, channels);
		break;
	}
	return 0;
}
