/* SPDX-License-Identifier: MIT */
/* Shared DSP helpers: sotto/pcm.h and modules/common/dsp_fixed.h. Host and target. */
#include "modules/common/dsp_fixed.h"
#include "test/harness/ktest.h"
#include "test/unit/dsp_test.h"

KTEST(dsp_common, pcm_sizes)
{
	KT_ASSERT_EQ(sot_pcm_bytes(SOT_PCM_S16_LE), 2);
	KT_ASSERT_EQ(sot_pcm_bytes(SOT_PCM_S24_4LE), 4);
	KT_ASSERT_EQ(sot_pcm_bytes(SOT_PCM_S32_LE), 4);
	KT_ASSERT_EQ(sot_pcm_bytes((enum sot_pcm_format)3), 0);
	KT_ASSERT_EQ(sot_pcm_bits(SOT_PCM_S24_4LE), 24);
	KT_ASSERT(!sot_pcm_format_is_valid((enum sot_pcm_format)3));
	KT_ASSERT(!sot_pcm_channels_are_valid(0));
	KT_ASSERT(sot_pcm_channels_are_valid(8));
	KT_ASSERT(!sot_pcm_channels_are_valid(9));
}

/* Loads are exact (S24 ignores bits 24..31); stores round half up and saturate. */
KTEST(dsp_common, pcm_load_store)
{
	int16_t s16[4] = {INT16_MIN, -1, 1, INT16_MAX};
	int32_t s24[3] = {0x00800000, 0x7f7fffff, (int32_t)0xff000001};
	int32_t w[4];

	KT_ASSERT_EQ(sot_pcm_load_q31(s16, 0, SOT_PCM_S16_LE), INT32_MIN);
	KT_ASSERT_EQ(sot_pcm_load_q31(s16, 1, SOT_PCM_S16_LE), -65536);
	KT_ASSERT_EQ(sot_pcm_load_q31(s16, 3, SOT_PCM_S16_LE), 0x7fff0000);
	KT_ASSERT_EQ(sot_pcm_load_q31(s24, 0, SOT_PCM_S24_4LE), INT32_MIN);
	KT_ASSERT_EQ(sot_pcm_load_q31(s24, 1, SOT_PCM_S24_4LE), 0x7fffff00);
	KT_ASSERT_EQ(sot_pcm_load_q31(s24, 2, SOT_PCM_S24_4LE), 0x100);
	sot_pcm_store_q31(s16, 0, SOT_PCM_S16_LE, 0x7fff8000); /* rounds to 2^15: saturates */
	sot_pcm_store_q31(s16, 1, SOT_PCM_S16_LE, -0x8001);
	sot_pcm_store_q31(s16, 2, SOT_PCM_S16_LE, -0x8000); /* -0.5 LSB: up to 0 */
	KT_ASSERT_EQ(s16[0], INT16_MAX);
	KT_ASSERT_EQ(s16[1], -1);
	KT_ASSERT_EQ(s16[2], 0);
	sot_pcm_store_q31(w, 0, SOT_PCM_S24_4LE, INT32_MIN);
	sot_pcm_store_q31(w, 1, SOT_PCM_S24_4LE, 0x7fffff80);
	sot_pcm_store_q31(w, 2, SOT_PCM_S24_4LE, -0x180);
	KT_ASSERT_EQ(w[0], -0x800000);
	KT_ASSERT_EQ(w[1], 0x7fffff);
	KT_ASSERT_EQ(w[2], -1);
	/* Wide accumulators: 3.0 saturates, -0.25 is exact, 1 LSB + 0.5 rounds up. */
	sot_pcm_store_wide(w, 0, SOT_PCM_S32_LE, (int64_t)3 << 58, 58);
	sot_pcm_store_wide(w, 1, SOT_PCM_S32_LE, -((int64_t)1 << 56), 58);
	sot_pcm_store_wide(w, 2, SOT_PCM_S32_LE, ((int64_t)3 << 26), 58);
	sot_pcm_store_wide(w, 3, SOT_PCM_S32_LE, -((int64_t)3 << 58), 58);
	KT_ASSERT_EQ(w[0], INT32_MAX);
	KT_ASSERT_EQ(w[1], -0x20000000);
	KT_ASSERT_EQ(w[2], 2);
	KT_ASSERT_EQ(w[3], INT32_MIN);
}

KTEST(dsp_common, div_u64_u32)
{
	uint32_t seed = 3;

	KT_ASSERT_EQ(dsp_div_u64_u32(0, 7), 0);
	KT_ASSERT(dsp_div_u64_u32(UINT64_MAX, 1) == UINT64_MAX);
	KT_ASSERT(dsp_div_u64_u32(UINT64_MAX, 0xffffffffu) == 0x100000001ull);
	for (int i = 0; i < 2000; i++) {
		uint64_t n =
			((uint64_t)dsp_test_rand(&seed) << 32 | dsp_test_rand(&seed)) >> (i % 64);
		uint32_t d = dsp_test_rand(&seed) >> (i % 31);

		d = d ? d : 1;
		KT_ASSERT(dsp_div_u64_u32(n, d) == n / d);
		KT_ASSERT(dsp_div_s64_u32(-(int64_t)(n >> 1), d) ==
			  -(int64_t)(n >> 1) / (int64_t)d);
	}
}

/*
 * Every millibel value of the volume range, in Q5.27 and (for <= 0 dB)
 * Q1.31: within 1 of round(10^(mb/2000) * 2^frac). Ends: 0 dB is exact,
 * large gains saturate, tiny ones reach 0.
 */
KTEST(dsp_common, mb_to_gain_every_millibel)
{
	int32_t worst = 0;

	for (int32_t mb = -10000; mb <= 2000; mb++) {
		for (unsigned int frac = 27; frac <= 31; frac += 4) {
			double want;
			int32_t d;

			if (frac == 31 && mb > 0)
				continue;
			want = (double)dsp_test_floor(pow(10, mb / 2000.0) * ldexp(1, (int)frac) +
						      0.5);
			if (want > INT32_MAX)
				want = INT32_MAX;
			d = dsp_mb_to_gain(mb, frac) - (int32_t)want;
			d = d < 0 ? -d : d;
			worst = d > worst ? d : worst;
		}
	}
	KT_ASSERT_LE(worst, 1);
	KT_ASSERT_EQ(dsp_mb_to_gain(0, 27), 1 << 27);
	KT_ASSERT_EQ(dsp_mb_to_gain(0, 0), 1);
	KT_ASSERT_EQ(dsp_mb_to_gain(0, 31), INT32_MAX);
	KT_ASSERT_EQ(dsp_mb_to_gain(2409, 27), INT32_MAX); /* 16.0: one past Q5.27 */
	KT_ASSERT_EQ(dsp_mb_to_gain(INT32_MAX, 27), INT32_MAX);
	KT_ASSERT_EQ(dsp_mb_to_gain(-40000, 31), 0);
	KT_ASSERT_EQ(dsp_mb_to_gain(INT32_MIN, 31), 0);
	KT_ASSERT_EQ(dsp_mb_to_gain(-600, 27), 67268212); /* 0.501187 */
}
