/* SPDX-License-Identifier: MIT */
/* Volume gains and ramps against double math of the same factors: host and target. */
#include "kernel/errno.h"
#include "modules/common/dsp_fixed.h"
#include "modules/volume/volume_dsp.h"
#include "test/harness/ktest.h"
#include "test/unit/dsp_test.h"

#define MAX_FRAMES 2048
#define CH	   2

static int32_t in[MAX_FRAMES * SOT_PCM_MAX_CHANNELS], out[MAX_FRAMES * SOT_PCM_MAX_CHANNELS];

static const enum sot_pcm_format formats[] = {SOT_PCM_S16_LE, SOT_PCM_S24_4LE, SOT_PCM_S32_LE};

/* Fill @in with @frames frames of a random signal in @fmt (full scale, sometimes at the rails). */
static void fill_random(enum sot_pcm_format fmt, size_t samples, uint32_t seed)
{
	for (size_t i = 0; i < samples; i++) {
		double v = dsp_test_rand_unit(&seed);

		if (i % 97 == 0)
			v = i % 2 ? -1.0 : 1.0; /* the extremes, saturated on store */
		sot_pcm_store_q31(in, i, fmt, dsp_test_quantise(v, 32));
	}
}

/* Q5.27 factor of @mb as a double. */
static double factor(int32_t mb)
{
	return mb == VOLUME_DSP_MB_MUTE ? 0 : ldexp(dsp_mb_to_gain(mb, VOLUME_DSP_GAIN_FRAC), -27);
}

/* |out - round(in * g)| over one sample; the largest so far in *@worst. */
static void check_sample(size_t i, enum sot_pcm_format fmt, double g, int32_t *worst)
{
	int32_t want = dsp_test_quantise(dsp_test_value(in, i, fmt) * g, sot_pcm_bits(fmt));
	int32_t d = dsp_test_load(out, i, fmt) - want;

	if (fmt == SOT_PCM_S24_4LE)
		KT_ASSERT(dsp_test_s24_is_canonical(out[i]));
	d = d < 0 ? -d : d;
	*worst = d > *worst ? d : *worst;
}

KTEST(dsp_volume, rejects_bad_config)
{
	struct volume_dsp vd;

	KT_ASSERT_EQ(volume_dsp_init(&vd, 0), -EINVAL);
	KT_ASSERT_EQ(volume_dsp_init(&vd, 48000), 0);
	KT_ASSERT_EQ(vd.ramp_frames, 480);
	KT_ASSERT_EQ(volume_dsp_set_gain(&vd, SOT_PCM_MAX_CHANNELS, 0), -EINVAL);
	KT_ASSERT_EQ(volume_dsp_set_gain(&vd, 0, VOLUME_DSP_MB_MAX + 1), -EINVAL);
	KT_ASSERT_EQ(volume_dsp_set_gain(&vd, 0, VOLUME_DSP_MB_MIN - 1), -EINVAL);
	KT_ASSERT_EQ(volume_dsp_set_mute(&vd, SOT_PCM_MAX_CHANNELS, true), -EINVAL);
	KT_ASSERT_EQ(volume_dsp_set_ramp(&vd, VOLUME_DSP_RAMP_MAX + 1), -EINVAL);
	KT_ASSERT(!volume_dsp_is_ramping(&vd));
	KT_ASSERT_EQ(volume_dsp_process(&vd, in, out, 4, SOT_PCM_S16_LE, 0), -EINVAL);
	KT_ASSERT_EQ(volume_dsp_process(&vd, in, out, 4, SOT_PCM_S16_LE, 9), -EINVAL);
	KT_ASSERT_EQ(volume_dsp_process(&vd, in, out, 4, (enum sot_pcm_format)7, 2), -EINVAL);
	KT_ASSERT_EQ(vd.ch[0].target, 1 << 27); /* unchanged: 0 dB */
}

/* Steady gains from -100 dB to +20 dB and mute, 8 channels, every format. */
KTEST(dsp_volume, steady_gains_all_formats)
{
	static const int32_t gains[8] = {
		0, -600, 600, VOLUME_DSP_MB_MIN, VOLUME_DSP_MB_MAX, -3333, VOLUME_DSP_MB_MUTE, 1};
	struct volume_dsp vd;

	for (unsigned int k = 0; k < 3; k++) {
		enum sot_pcm_format fmt = formats[k];
		int32_t worst = 0;

		volume_dsp_init(&vd, 48000);
		volume_dsp_set_ramp(&vd, 0);
		for (unsigned int c = 0; c < 8; c++)
			KT_ASSERT_EQ(volume_dsp_set_gain(&vd, c, gains[c]), 0);
		KT_ASSERT(!volume_dsp_is_ramping(&vd));
		fill_random(fmt, 256 * 8, 1 + k);
		KT_ASSERT_EQ(volume_dsp_process(&vd, in, out, 256, fmt, 8), 0);
		for (size_t i = 0; i < 256 * 8; i++)
			check_sample(i, fmt, factor(gains[i % 8]), &worst);
		/* S16 * Q5.27 is exact in a double: bit-exact there. */
		KT_ASSERT_LE(worst, fmt == SOT_PCM_S16_LE ? 0 : 1);
	}
}

/* Positive gain on loud input clips at the rails: no wrap-around. */
KTEST(dsp_volume, positive_gain_saturates)
{
	struct volume_dsp vd;

	for (unsigned int k = 0; k < 3; k++) {
		enum sot_pcm_format fmt = formats[k];
		int32_t max = (int32_t)(((int64_t)1 << (sot_pcm_bits(fmt) - 1)) - 1);

		volume_dsp_init(&vd, 48000);
		volume_dsp_set_ramp(&vd, 0);
		volume_dsp_set_gain(&vd, 0, VOLUME_DSP_MB_MAX);
		sot_pcm_store_q31(in, 0, fmt, INT32_MAX);
		sot_pcm_store_q31(in, 1, fmt, INT32_MIN);
		sot_pcm_store_q31(in, 2, fmt, 0x20000000);
		sot_pcm_store_q31(in, 3, fmt, -0x20000000);
		volume_dsp_process(&vd, in, out, 4, fmt, 1);
		KT_ASSERT_EQ(dsp_test_load(out, 0, fmt), max);
		KT_ASSERT_EQ(dsp_test_load(out, 1, fmt), -max - 1);
		KT_ASSERT_EQ(dsp_test_load(out, 2, fmt), max);
		KT_ASSERT_EQ(dsp_test_load(out, 3, fmt), -max - 1);
	}
}

/*
 * A ramp from each channel's old factor g0 to its new one g1 over L frames:
 * frame k uses g0 + (g1 - g0) * (k + 1) / L, then g1. Random input, two
 * channels ramping opposite ways, processed in random block sizes.
 */
static void check_ramp(enum sot_pcm_format fmt, uint32_t len, const int32_t from[CH],
		       const int32_t to[CH], uint32_t seed)
{
	struct volume_dsp vd;
	uint32_t frames = len + 100, done = 0;
	int32_t worst = 0;

	KT_ASSERT_LE(frames, MAX_FRAMES);
	volume_dsp_init(&vd, 48000);
	volume_dsp_set_ramp(&vd, 0);
	for (unsigned int c = 0; c < CH; c++)
		volume_dsp_set_gain(&vd, c, from[c]);
	KT_ASSERT_EQ(volume_dsp_set_ramp(&vd, len), 0);
	for (unsigned int c = 0; c < CH; c++)
		volume_dsp_set_gain(&vd, c, to[c]);
	KT_ASSERT(volume_dsp_is_ramping(&vd));
	fill_random(fmt, (size_t)frames * CH, seed);
	while (done < frames) {
		uint32_t n = 1 + dsp_test_rand(&seed) % 300;
		size_t off = (size_t)done * CH * sot_pcm_bytes(fmt);

		n = n > frames - done ? frames - done : n;
		KT_ASSERT_EQ(volume_dsp_process(&vd, (const char *)in + off, (char *)out + off, n,
						fmt, CH),
			     0);
		done += n;
	}
	KT_ASSERT(!volume_dsp_is_ramping(&vd));
	for (uint32_t f = 0; f < frames; f++) {
		for (unsigned int c = 0; c < CH; c++) {
			double g0 = factor(from[c]), g1 = factor(to[c]);
			double g = f < len ? g0 + (g1 - g0) * (f + 1) / len : g1;

			check_sample((size_t)f * CH + c, fmt, g, &worst);
		}
	}
	KT_ASSERT_LE(worst, 1);
}

KTEST(dsp_volume, ramp_matches_reference_all_formats)
{
	static const int32_t from[CH] = {-4000, 600}, to[CH] = {600, VOLUME_DSP_MB_MUTE};

	for (unsigned int k = 0; k < 3; k++) {
		check_ramp(formats[k], 480, from, to, 10 + k);
		check_ramp(formats[k], 1, to, from, 20 + k);
		check_ramp(formats[k], 1777, from, to, 30 + k);
	}
}

/*
 * Ramping a constant: the output is monotonic and moves by at most one ramp
 * step (rounded up) per frame: no discontinuity, no click.
 */
KTEST(dsp_volume, ramp_is_monotonic_and_smooth)
{
	struct volume_dsp vd;
	const uint32_t len = 480, frames = 600;
	const int32_t x = 0x5a000000; /* 0.703 */

	for (unsigned int k = 0; k < 3; k++) {
		enum sot_pcm_format fmt = formats[k];
		double lsb = ldexp(1.0, 1 - (int)sot_pcm_bits(fmt));
		double g0 = factor(-6000), g1 = factor(200);
		int32_t max_step =
			(int32_t)dsp_test_ceil(ldexp(x, -31) * (g1 - g0) / len / lsb) + 1;

		volume_dsp_init(&vd, 48000);
		volume_dsp_set_ramp(&vd, 0);
		volume_dsp_set_gain(&vd, 0, -6000);
		volume_dsp_set_ramp(&vd, len);
		volume_dsp_set_gain(&vd, 0, 200);
		for (uint32_t i = 0; i < frames; i++)
			sot_pcm_store_q31(in, i, fmt, x);
		volume_dsp_process(&vd, in, out, frames, fmt, 1);
		for (uint32_t i = 1; i < frames; i++) {
			int32_t d = dsp_test_load(out, i, fmt) - dsp_test_load(out, i - 1, fmt);

			KT_ASSERT_GE(d, 0);
			KT_ASSERT_LE(d, max_step);
		}
		KT_ASSERT_EQ(dsp_test_load(out, frames - 1, fmt),
			     dsp_test_quantise(ldexp(x, -31) * g1, sot_pcm_bits(fmt)));
	}
}

/* A change in the middle of a ramp starts from where the factor is: no jump. */
KTEST(dsp_volume, retarget_mid_ramp_is_continuous)
{
	struct volume_dsp vd;
	const int32_t x = 0x20000000; /* 0.25: +10 dB stays below full scale */
	int32_t prev;

	volume_dsp_init(&vd, 48000); /* 480-frame ramps */
	volume_dsp_set_gain(&vd, 0, -2000);
	for (uint32_t i = 0; i < 1000; i++)
		in[i] = x;
	volume_dsp_process(&vd, in, out, 200, SOT_PCM_S32_LE, 1);
	prev = out[199];
	volume_dsp_set_gain(&vd, 0, 1000); /* turn back up mid-way */
	volume_dsp_process(&vd, in, out, 800, SOT_PCM_S32_LE, 1);
	/* One step of either ramp is below 0.25 * 3.2 / 480 full scale: 3.6e6. */
	KT_ASSERT_LT(out[0] > prev ? out[0] - prev : prev - out[0], 3600000);
	for (uint32_t i = 1; i < 480; i++)
		KT_ASSERT_GT(out[i], out[i - 1]);
	KT_ASSERT_EQ(out[799], dsp_test_quantise(0.25 * factor(1000), 32));
}

/* Mute ramps to exact silence, unmute back; a gain set while muted stays silent. */
KTEST(dsp_volume, mute_and_unmute_ramp)
{
	struct volume_dsp vd;
	const int32_t x = 0x30000000;

	volume_dsp_init(&vd, 48000);
	volume_dsp_set_ramp(&vd, 100);
	for (uint32_t i = 0; i < 400; i++)
		in[i] = x;
	KT_ASSERT_EQ(volume_dsp_set_mute(&vd, 0, true), 0);
	volume_dsp_process(&vd, in, out, 150, SOT_PCM_S32_LE, 1);
	KT_ASSERT_GT(out[0], 0);
	KT_ASSERT_LT(out[0], x);
	KT_ASSERT_EQ(out[99], 0);
	KT_ASSERT_EQ(out[149], 0);
	KT_ASSERT_EQ(volume_dsp_set_gain(&vd, 0, -600), 0);
	KT_ASSERT(!volume_dsp_is_ramping(&vd));
	volume_dsp_process(&vd, in, out, 10, SOT_PCM_S32_LE, 1);
	KT_ASSERT_EQ(out[9], 0);
	KT_ASSERT_EQ(volume_dsp_set_mute(&vd, 0, false), 0);
	volume_dsp_process(&vd, in, out, 150, SOT_PCM_S32_LE, 1);
	KT_ASSERT_LT(out[0], out[50]);
	KT_ASSERT_EQ(out[149], dsp_test_quantise(ldexp(x, -31) * factor(-600), 32));
}

/* The factors: 0 dB is 1.0 exactly, the range ends, in-place processing. */
KTEST(dsp_volume, factors_and_in_place)
{
	struct volume_dsp vd;

	volume_dsp_init(&vd, 44100);
	KT_ASSERT_EQ(vd.ramp_frames, 441);
	volume_dsp_set_ramp(&vd, 0);
	volume_dsp_set_gain(&vd, 1, VOLUME_DSP_MB_MAX);
	volume_dsp_set_gain(&vd, 2, VOLUME_DSP_MB_MIN);
	KT_ASSERT_EQ(vd.ch[0].target, 1 << 27);
	KT_ASSERT_EQ(vd.ch[1].target, 1342177280); /* 10.0 */
	KT_ASSERT_EQ(vd.ch[2].target, 1342);	   /* 1e-5 * 2^27 = 1342.18 */
	for (int i = 0; i < 3; i++)
		in[i] = 0x01000000;
	volume_dsp_process(&vd, in, in, 1, SOT_PCM_S32_LE, 3);
	KT_ASSERT_EQ(in[0], 0x01000000);
	KT_ASSERT_EQ(in[1], 0x0a000000);
	KT_ASSERT_EQ(in[2], 168); /* 2^24 * 1342 / 2^27 = 167.75 */
}
