/* SPDX-License-Identifier: MIT */
/* Mixer: bit-exact against the exact sum clipped to the format, host and target. */
#include "kernel/errno.h"
#include "modules/mixer/mixer_dsp.h"
#include "test/harness/ktest.h"
#include "test/unit/dsp_test.h"

#define FRAMES 300
#define CH     3

static int32_t in[MIXER_DSP_MAX_INPUTS][FRAMES * CH];
static int32_t out[FRAMES * CH];

static const enum sot_pcm_format formats[] = {SOT_PCM_S16_LE, SOT_PCM_S24_4LE, SOT_PCM_S32_LE};

KTEST(dsp_mixer, rejects_bad_config)
{
	struct mixer_dsp md;
	const void *ins[2] = {in[0], in[1]};

	KT_ASSERT_EQ(mixer_dsp_init(&md, 1), -EINVAL);
	KT_ASSERT_EQ(mixer_dsp_init(&md, MIXER_DSP_MAX_INPUTS + 1), -EINVAL);
	KT_ASSERT_EQ(mixer_dsp_init(&md, 2), 0);
	KT_ASSERT_EQ(mixer_dsp_process(&md, ins, out, 1, SOT_PCM_S16_LE, 0), -EINVAL);
	KT_ASSERT_EQ(mixer_dsp_process(&md, ins, out, 1, SOT_PCM_S16_LE, 9), -EINVAL);
	KT_ASSERT_EQ(mixer_dsp_process(&md, ins, out, 1, (enum sot_pcm_format)3, 1), -EINVAL);
}

/*
 * Loud random inputs (clipping is common with 4+ of them), every input count
 * and format: the output equals the exact sum clipped, bit for bit. S24
 * inputs carry garbage in bits 24..31, which must be ignored.
 */
KTEST(dsp_mixer, bit_exact_with_clipping)
{
	struct mixer_dsp md;
	const void *ins[MIXER_DSP_MAX_INPUTS];
	uint32_t seed = 5;
	unsigned int clipped = 0;

	for (unsigned int k = 0; k < 3; k++) {
		enum sot_pcm_format fmt = formats[k];
		unsigned int bits = sot_pcm_bits(fmt);

		for (unsigned int n = MIXER_DSP_MIN_INPUTS; n <= MIXER_DSP_MAX_INPUTS; n++) {
			KT_ASSERT_EQ(mixer_dsp_init(&md, n), 0);
			for (unsigned int j = 0; j < n; j++) {
				for (size_t i = 0; i < FRAMES * CH; i++) {
					int32_t v = (int32_t)dsp_test_rand(&seed);

					if (i % 50 == 0) /* all at a rail */
						v = i % 100 ? INT32_MIN : INT32_MAX;
					if (fmt == SOT_PCM_S24_4LE)
						in[j][i] = (v >> 8) ^ (int32_t)(seed & 0x5a000000);
					else
						sot_pcm_store_q31(in[j], i, fmt, v);
				}
				ins[j] = in[j];
			}
			KT_ASSERT_EQ(mixer_dsp_process(&md, ins, out, FRAMES, fmt, CH), 0);
			for (size_t i = 0; i < FRAMES * CH; i++) {
				double sum = 0;

				for (unsigned int j = 0; j < n; j++)
					sum += dsp_test_value(in[j], i, fmt);
				if (fabs(sum) >= 1.0)
					clipped++;
				KT_ASSERT_EQ(dsp_test_load(out, i, fmt),
					     dsp_test_quantise(sum, bits));
				if (fmt == SOT_PCM_S24_4LE)
					KT_ASSERT(dsp_test_s24_is_canonical(out[i]));
			}
		}
	}
	KT_ASSERT_GT(clipped, 1000); /* the clipping path was exercised */
}

/* Opposite rails cancel exactly; equal rails clip; the output may alias an input. */
KTEST(dsp_mixer, rails_and_in_place)
{
	struct mixer_dsp md;
	int16_t a[4] = {INT16_MAX, INT16_MIN, INT16_MAX, -3}, b[4] = {INT16_MIN, INT16_MIN, 1, 3};
	const void *ins[2] = {a, b};

	mixer_dsp_init(&md, 2);
	KT_ASSERT_EQ(mixer_dsp_process(&md, ins, a, 2, SOT_PCM_S16_LE, 2), 0);
	KT_ASSERT_EQ(a[0], -1);
	KT_ASSERT_EQ(a[1], INT16_MIN);
	KT_ASSERT_EQ(a[2], INT16_MAX);
	KT_ASSERT_EQ(a[3], 0);
}
