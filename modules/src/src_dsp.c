/* SPDX-License-Identifier: MIT */
/* SRC: 44.1 <-> 48 kHz polyphase FIR (see src_dsp.h). */
#include <string.h>

#include "kernel/errno.h"
#include "modules/src/src_coefs.h"
#include "modules/src/src_dsp.h"

_Static_assert(SRC_COEFS_TAPS == SRC_DSP_TAPS, "src_coefs.h and src_dsp.h disagree");
_Static_assert(SRC_DSP_TAPS % 4 == 0, "the dot products are unrolled by 4");

#define ACC_FRAC (31 + SRC_COEFS_FRAC) /* Q1.31 * Q2.30 = Q3.61 */
#define ACC_MAX	 (((int64_t)1 << 62) - 1)

int src_dsp_init(struct src_dsp *sd, uint32_t in_rate, uint32_t out_rate, unsigned int channels)
{
	if (!sot_pcm_channels_are_valid(channels) || in_rate > SOT_PCM_MAX_RATE ||
	    out_rate > SOT_PCM_MAX_RATE || !in_rate)
		return -EINVAL;
	if (in_rate * 160 == out_rate * 147) {
		sd->up = 160;
		sd->down = 147;
	} else if (in_rate * 147 == out_rate * 160) {
		sd->up = 147;
		sd->down = 160;
	} else {
		return -EINVAL;
	}
	sd->in_rate = in_rate;
	sd->out_rate = out_rate;
	sd->channels = channels;
	src_dsp_reset(sd);
	return 0;
}

void src_dsp_reset(struct src_dsp *sd)
{
	sd->pos = sd->up; /* no input yet: the first output needs one */
	sd->w = 0;
	memset(sd->hist, 0, sizeof(sd->hist));
}

/*
 * Window @x (oldest first) times phase row @h. Unrolled by 4: a core without
 * SIMD (Cortex-R5) spends half the loop on its own overhead otherwise; GCC
 * still vectorises it where it can (NEON).
 */
static inline int64_t dot_fwd(const int32_t *x, const int32_t *h)
{
	int64_t acc = 0;

	for (unsigned int j = 0; j < SRC_DSP_TAPS; j += 4) {
		acc += (int64_t)x[j] * h[j];
		acc += (int64_t)x[j + 1] * h[j + 1];
		acc += (int64_t)x[j + 2] * h[j + 2];
		acc += (int64_t)x[j + 3] * h[j + 3];
	}
	return acc;
}

/* The same with the row reversed: the phases of the second half. */
static inline int64_t dot_rev(const int32_t *x, const int32_t *h)
{
	const int32_t *r = h + SRC_DSP_TAPS - 1;
	int64_t acc = 0;

	for (unsigned int j = 0; j < SRC_DSP_TAPS; j += 4) {
		acc += (int64_t)x[j] * r[-(int)j];
		acc += (int64_t)x[j + 1] * r[-(int)j - 1];
		acc += (int64_t)x[j + 2] * r[-(int)j - 2];
		acc += (int64_t)x[j + 3] * r[-(int)j - 3];
	}
	return acc;
}

static inline __attribute__((always_inline)) void
src_run(struct src_dsp *sd, const void *in, uint32_t in_frames, uint32_t *in_used, void *out,
	uint32_t out_frames, uint32_t *out_made, enum sot_pcm_format fmt)
{
	/* Chosen here, not kept as a pointer: the state holds no address, so it
	 * stays valid wherever the module's code and tables are mapped. */
	const int32_t(*coefs)[SRC_DSP_TAPS] = sd->up == 160 ? src_coefs_160 : src_coefs_147;
	const uint32_t up = sd->up, down = sd->down, half = (up + 1) / 2;
	const unsigned int ch = sd->channels;
	uint32_t pos = sd->pos, w = sd->w, ni = 0, no = 0;

	for (;;) {
		while (pos >= up) { /* the next output lies past the newest input */
			if (ni == in_frames)
				goto done;
			for (unsigned int c = 0; c < ch; c++) {
				int32_t x = sot_pcm_load_q31(in, (size_t)ni * ch + c, fmt);

				sd->hist[c][w] = x;
				sd->hist[c][w + SRC_DSP_TAPS] = x;
			}
			w = w + 1 == SRC_DSP_TAPS ? 0 : w + 1;
			ni++;
			pos -= up;
		}
		if (no == out_frames)
			goto done;
		for (unsigned int c = 0; c < ch; c++) {
			const int32_t *x = &sd->hist[c][w];
			int64_t acc = pos < half ? dot_fwd(x, coefs[pos])
						 : dot_rev(x, coefs[up - 1 - pos]);

			acc = acc > ACC_MAX ? ACC_MAX : acc < -ACC_MAX ? -ACC_MAX : acc;
			sot_pcm_store_wide(out, (size_t)no * ch + c, fmt, acc, ACC_FRAC);
		}
		no++;
		pos += down;
	}
done:
	sd->pos = pos;
	sd->w = w;
	*in_used = ni;
	*out_made = no;
}

int src_dsp_process(struct src_dsp *sd, const void *in, uint32_t in_frames, uint32_t *in_used,
		    void *out, uint32_t out_frames, uint32_t *out_made, enum sot_pcm_format fmt)
{
	*in_used = 0;
	*out_made = 0;
	switch (fmt) {
	case SOT_PCM_S16_LE:
		src_run(sd, in, in_frames, in_used, out, out_frames, out_made, SOT_PCM_S16_LE);
		return 0;
	case SOT_PCM_S24_4LE:
		src_run(sd, in, in_frames, in_used, out, out_frames, out_made, SOT_PCM_S24_4LE);
		return 0;
	case SOT_PCM_S32_LE:
		src_run(sd, in, in_frames, in_used, out, out_frames, out_made, SOT_PCM_S32_LE);
		return 0;
	}
	return -EINVAL;
}
