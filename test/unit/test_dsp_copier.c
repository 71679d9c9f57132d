/* SPDX-License-Identifier: MIT */
/* Copier: all format pairs bit-exact, channel maps; host and target. */
#include "kernel/errno.h"
#include "modules/copier/copier_dsp.h"
#include "test/harness/ktest.h"
#include "test/unit/dsp_test.h"

#define N 512

static int32_t in[N * SOT_PCM_MAX_CHANNELS], out[N * SOT_PCM_MAX_CHANNELS];

static const enum sot_pcm_format formats[] = {SOT_PCM_S16_LE, SOT_PCM_S24_4LE, SOT_PCM_S32_LE};

/* Input values (Q1.31) at the rails and on either side of every rounding tie. */
static const int32_t edges[] = {
	INT32_MAX,  INT32_MIN,	 0,	      1,	   -1,	       0x7fff7fff,
	0x7fff8000, 0x7fff8001,	 0x7fffff7f,  0x7fffff80,  0x00007fff, 0x00008000,
	0x00008001, -0x00008000, -0x00007fff, -0x00008001, 0x00000080, -0x00000080,
	0x0000007f, -0x00000081, 0x12345678,  -0x12345678, 0x7fffff00, -0x7fffff00,
};

KTEST(dsp_copier, rejects_bad_config)
{
	struct copier_dsp cd;
	const uint8_t bad[2] = {0, 2}, silent[2] = {COPIER_DSP_SILENT, 1};

	KT_ASSERT_EQ(copier_dsp_init(&cd, (enum sot_pcm_format)3, 2, SOT_PCM_S16_LE, 2, NULL),
		     -EINVAL);
	KT_ASSERT_EQ(copier_dsp_init(&cd, SOT_PCM_S16_LE, 2, (enum sot_pcm_format)9, 2, NULL),
		     -EINVAL);
	KT_ASSERT_EQ(copier_dsp_init(&cd, SOT_PCM_S16_LE, 0, SOT_PCM_S16_LE, 2, NULL), -EINVAL);
	KT_ASSERT_EQ(copier_dsp_init(&cd, SOT_PCM_S16_LE, 2, SOT_PCM_S16_LE, 9, NULL), -EINVAL);
	KT_ASSERT_EQ(copier_dsp_init(&cd, SOT_PCM_S16_LE, 2, SOT_PCM_S16_LE, 2, bad), -EINVAL);
	KT_ASSERT_EQ(copier_dsp_init(&cd, SOT_PCM_S16_LE, 2, SOT_PCM_S16_LE, 2, silent), 0);
}

/*
 * Integer reference for one sample: @v (an @in_bits integer) to @out_bits,
 * widened by a shift or narrowed with round-half-up and saturation.
 */
static int32_t ref_convert(int32_t v, unsigned int in_bits, unsigned int out_bits)
{
	int64_t x = v, max = ((int64_t)1 << (out_bits - 1)) - 1;

	if (out_bits >= in_bits)
		return (int32_t)(x * ((int64_t)1 << (out_bits - in_bits)));
	x = (x + ((int64_t)1 << (in_bits - out_bits - 1))) >> (in_bits - out_bits);
	return (int32_t)(x > max ? max : x);
}

/*
 * All nine pairs on the edge values and random ones, stereo: equal to the
 * integer reference and to the double one, bit for bit.
 */
KTEST(dsp_copier, all_pairs_bit_exact)
{
	struct copier_dsp cd;
	uint32_t seed = 77;

	for (unsigned int a = 0; a < 3; a++) {
		for (unsigned int b = 0; b < 3; b++) {
			enum sot_pcm_format fi = formats[a], fo = formats[b];
			unsigned int ib = sot_pcm_bits(fi), ob = sot_pcm_bits(fo);
			size_t n_edges = sizeof(edges) / sizeof(edges[0]);

			for (size_t i = 0; i < N * 2; i++) {
				int32_t v = i < n_edges ? edges[i] : (int32_t)dsp_test_rand(&seed);

				sot_pcm_store_q31(in, i, fi, v);
				if (fi == SOT_PCM_S24_4LE && (i & 1)) /* junk above bit 23 */
					in[i] = (int32_t)(((uint32_t)in[i] & 0xffffff) |
							  (seed & 0xff000000));
				if (fi == SOT_PCM_S32_LE) /* every bit pattern, not only rounded */
					in[i] = v;
			}
			KT_ASSERT_EQ(copier_dsp_init(&cd, fi, 2, fo, 2, NULL), 0);
			memset(out, 0x5a, sizeof(out));
			copier_dsp_process(&cd, in, out, N);
			for (size_t i = 0; i < N * 2; i++) {
				int32_t x = dsp_test_load(in, i, fi),
					got = dsp_test_load(out, i, fo);

				KT_ASSERT_EQ(got, ref_convert(x, ib, ob));
				KT_ASSERT_EQ(got, dsp_test_quantise(dsp_test_value(in, i, fi), ob));
				if (fo == SOT_PCM_S24_4LE)
					KT_ASSERT(dsp_test_s24_is_canonical(out[i]));
			}
			if (fo == SOT_PCM_S16_LE) { /* nothing written past the end */
				uint8_t past[2];

				memcpy(past, (uint8_t *)out + N * 2 * sizeof(int16_t), 2);
				KT_ASSERT(past[0] == 0x5a && past[1] == 0x5a);
			}
		}
	}
}

/* A few conversions by hand, so the rounding rule reads in numbers. */
KTEST(dsp_copier, rounding_by_example)
{
	struct copier_dsp cd;
	int32_t s32[6] = {0x00008000, -0x00008000, 0x7fff8000, 0x00017fff, -0x00018000, 0x7fffffff};
	int16_t s16[6];

	copier_dsp_init(&cd, SOT_PCM_S32_LE, 1, SOT_PCM_S16_LE, 1, NULL);
	copier_dsp_process(&cd, s32, s16, 6);
	KT_ASSERT_EQ(s16[0], 1);	 /* +0.5 LSB ties up */
	KT_ASSERT_EQ(s16[1], 0);	 /* -0.5 LSB ties up too */
	KT_ASSERT_EQ(s16[2], INT16_MAX); /* would round to 2^15: saturated */
	KT_ASSERT_EQ(s16[3], 1);
	KT_ASSERT_EQ(s16[4], -1);
	KT_ASSERT_EQ(s16[5], INT16_MAX);
}

/* Channel map: reorder, drop, duplicate, silence; NULL map pads with silence. */
KTEST(dsp_copier, channel_map)
{
	struct copier_dsp cd;
	const uint8_t map[3] = {3, COPIER_DSP_SILENT, 0};
	const uint8_t dup[4] = {1, 1, 0, 1};
	int16_t src[2 * 4] = {100, 101, 102, 103, -200, -201, -202, -203};
	int16_t dst16[2 * 4];
	int32_t dst[2 * 4];

	KT_ASSERT_EQ(copier_dsp_init(&cd, SOT_PCM_S16_LE, 4, SOT_PCM_S32_LE, 3, map), 0);
	copier_dsp_process(&cd, src, dst, 2);
	KT_ASSERT_EQ(dst[0], 103 << 16);
	KT_ASSERT_EQ(dst[1], 0);
	KT_ASSERT_EQ(dst[2], 100 << 16);
	KT_ASSERT_EQ(dst[3], -203 * 65536);
	KT_ASSERT_EQ(dst[4], 0);
	KT_ASSERT_EQ(dst[5], -200 * 65536);

	KT_ASSERT_EQ(copier_dsp_init(&cd, SOT_PCM_S16_LE, 2, SOT_PCM_S24_4LE, 4, dup), 0);
	copier_dsp_process(&cd, src, dst, 2);
	KT_ASSERT_EQ(dst[0], 101 << 8);
	KT_ASSERT_EQ(dst[1], 101 << 8);
	KT_ASSERT_EQ(dst[2], 100 << 8);
	KT_ASSERT_EQ(dst[3], 101 << 8);
	KT_ASSERT_EQ(dst[4], 103 << 8);
	KT_ASSERT_EQ(dst[6], 102 << 8);

	KT_ASSERT_EQ(copier_dsp_init(&cd, SOT_PCM_S16_LE, 2, SOT_PCM_S16_LE, 4, NULL), 0);
	copier_dsp_process(&cd, src, dst16, 2);
	KT_ASSERT_EQ(dst16[0], 100);
	KT_ASSERT_EQ(dst16[1], 101);
	KT_ASSERT_EQ(dst16[2], 0);
	KT_ASSERT_EQ(dst16[3], 0);
	KT_ASSERT_EQ(dst16[4], 102);
}

/* Identity: S16/S32 are copied as they are; S24 containers come out canonical. */
KTEST(dsp_copier, identity)
{
	struct copier_dsp cd;
	int32_t s24[3] = {0x12ffffff, (int32_t)0x00800000, 0x00000001};

	for (size_t i = 0; i < 64; i++)
		in[i] = (int32_t)(i * 0x9e3779b1u);
	copier_dsp_init(&cd, SOT_PCM_S32_LE, 2, SOT_PCM_S32_LE, 2, NULL);
	copier_dsp_process(&cd, in, out, 32);
	KT_ASSERT(!memcmp(in, out, 64 * sizeof(int32_t)));
	copier_dsp_init(&cd, SOT_PCM_S24_4LE, 1, SOT_PCM_S24_4LE, 1, NULL);
	copier_dsp_process(&cd, s24, out, 3);
	KT_ASSERT_EQ(out[0], -1);
	KT_ASSERT_EQ(out[1], -0x800000);
	KT_ASSERT_EQ(out[2], 1);
}
