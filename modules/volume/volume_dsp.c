/* SPDX-License-Identifier: MIT */
/* Volume: per-channel gain with linear ramps (see volume_dsp.h). */
#include "modules/volume/volume_dsp.h"
#include "kernel/errno.h"
#include "modules/common/dsp_fixed.h"

/* Output = input (Q1.31) * factor (Q5.27): a Q6.58 product. */
#define PRODUCT_FRAC (31 + VOLUME_DSP_GAIN_FRAC)

/* A Q5.27 factor widened to Q5.59 (factors are never negative). */
static inline int64_t widen(int32_t q27)
{
	return (int64_t)q27 * ((int64_t)1 << 32);
}

/* Point @c at the factor its gain and mute state ask for, ramping over @frames. */
static void retarget(struct volume_dsp_channel *c, uint32_t frames)
{
	bool silent = c->muted || c->mb == VOLUME_DSP_MB_MUTE;

	c->target = silent ? 0 : dsp_mb_to_gain(c->mb, VOLUME_DSP_GAIN_FRAC);
	if (frames == 0 || c->gain == widen(c->target)) {
		c->gain = widen(c->target);
		c->step = 0;
		c->left = 0;
		return;
	}
	c->step = dsp_div_s64_u32(widen(c->target) - c->gain, frames);
	c->left = frames;
}

int volume_dsp_init(struct volume_dsp *vd, uint32_t rate)
{
	if (rate == 0 || rate > SOT_PCM_MAX_RATE)
		return -EINVAL;
	vd->ramp_frames = rate / 100;
	for (unsigned int i = 0; i < SOT_PCM_MAX_CHANNELS; i++) {
		struct volume_dsp_channel *c = &vd->ch[i];

		c->mb = 0;
		c->muted = false;
		c->gain = 0;
		retarget(c, 0);
	}
	return 0;
}

int volume_dsp_set_ramp(struct volume_dsp *vd, uint32_t frames)
{
	if (frames > VOLUME_DSP_RAMP_MAX)
		return -EINVAL;
	vd->ramp_frames = frames;
	return 0;
}

int volume_dsp_set_gain(struct volume_dsp *vd, unsigned int ch, int32_t mb)
{
	if (ch >= SOT_PCM_MAX_CHANNELS)
		return -EINVAL;
	if (mb != VOLUME_DSP_MB_MUTE && (mb < VOLUME_DSP_MB_MIN || mb > VOLUME_DSP_MB_MAX))
		return -EINVAL;
	vd->ch[ch].mb = mb;
	retarget(&vd->ch[ch], vd->ramp_frames);
	return 0;
}

int volume_dsp_set_mute(struct volume_dsp *vd, unsigned int ch, bool mute)
{
	if (ch >= SOT_PCM_MAX_CHANNELS)
		return -EINVAL;
	vd->ch[ch].muted = mute;
	retarget(&vd->ch[ch], vd->ramp_frames);
	return 0;
}

bool volume_dsp_is_ramping(const struct volume_dsp *vd)
{
	for (unsigned int i = 0; i < SOT_PCM_MAX_CHANNELS; i++)
		if (vd->ch[i].left)
			return true;
	return false;
}

/* @x (Q1.31) * @g (Q5.59, >= 0) in Q6.58, the low half of g included. */
static inline int64_t mul_gain64(int32_t x, int64_t g)
{
	int64_t hi = (int64_t)x * (int32_t)(g >> 32);
	int64_t lo = (int64_t)x * (int64_t)(uint32_t)g; /* |lo| < 2^63 */

	return hi + (lo >> 32);
}

/* Steady gains: one multiply per sample. */
static inline __attribute__((always_inline)) void
run_steady(const struct volume_dsp *vd, const void *in, void *out, size_t start, uint32_t frames,
	   enum sot_pcm_format fmt, unsigned int channels)
{
	int32_t g[SOT_PCM_MAX_CHANNELS];
	size_t i = start * channels, end = (start + frames) * channels;

	for (unsigned int c = 0; c < channels; c++)
		g[c] = vd->ch[c].target;
	while (i < end) {
		for (unsigned int c = 0; c < channels; c++, i++) {
			int32_t x = sot_pcm_load_q31(in, i, fmt);

			sot_pcm_store_wide(out, i, fmt, (int64_t)x * g[c], PRODUCT_FRAC);
		}
	}
}

/*
 * @frames frames, fewer than or as many as any ramping channel has left: every
 * channel's factor moves by its step each frame (0 for steady ones).
 */
static inline __attribute__((always_inline)) void run_ramp(struct volume_dsp *vd, const void *in,
							   void *out, size_t start, uint32_t frames,
							   enum sot_pcm_format fmt,
							   unsigned int channels)
{
	int64_t g[SOT_PCM_MAX_CHANNELS], step[SOT_PCM_MAX_CHANNELS];
	size_t i = start * channels, end = (start + frames) * channels;

	for (unsigned int c = 0; c < channels; c++) {
		g[c] = vd->ch[c].gain;
		step[c] = vd->ch[c].step;
	}
	while (i < end) {
		for (unsigned int c = 0; c < channels; c++, i++) {
			int32_t x = sot_pcm_load_q31(in, i, fmt);

			g[c] += step[c];
			sot_pcm_store_wide(out, i, fmt, mul_gain64(x, g[c]), PRODUCT_FRAC);
		}
	}
	for (unsigned int c = 0; c < channels; c++) {
		struct volume_dsp_channel *ch = &vd->ch[c];

		if (!ch->left)
			continue;
		ch->left -= frames;
		ch->gain = ch->left ? g[c] : widen(ch->target);
		if (!ch->left)
			ch->step = 0;
	}
}

/* Frames of the next stretch in which no ramp ends early: 0 if none ramps. */
static uint32_t ramp_stretch(const struct volume_dsp *vd, unsigned int channels, uint32_t frames)
{
	uint32_t n = 0;

	for (unsigned int c = 0; c < channels; c++) {
		uint32_t left = vd->ch[c].left;

		if (left && (!n || left < n))
			n = left;
	}
	return n < frames ? n : frames;
}

static inline __attribute__((always_inline)) void volume_run(struct volume_dsp *vd, const void *in,
							     void *out, uint32_t frames,
							     enum sot_pcm_format fmt,
							     unsigned int channels)
{
	size_t done = 0;

	while (done < frames) {
		uint32_t n = ramp_stretch(vd, channels, frames - (uint32_t)done);

		if (!n) {
			run_steady(vd, in, out, done, frames - (uint32_t)done, fmt, channels);
			return;
		}
		run_ramp(vd, in, out, done, n, fmt, channels);
		done += n;
	}
}

int volume_dsp_process(struct volume_dsp *vd, const void *in, void *out, uint32_t frames,
		       enum sot_pcm_format fmt, unsigned int channels)
{
	if (!sot_pcm_channels_are_valid(channels))
		return -EINVAL;
	switch (fmt) {
	case SOT_PCM_S16_LE:
		volume_run(vd, in, out, frames, SOT_PCM_S16_LE, channels);
		return 0;
	case SOT_PCM_S24_4LE:
		volume_run(vd, in, out, frames, SOT_PCM_S24_4LE, channels);
		return 0;
	case SOT_PCM_S32_LE:
		volume_run(vd, in, out, frames, SOT_PCM_S32_LE, channels);
		return 0;
	}
	return -EINVAL;
}
