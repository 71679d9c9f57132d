/* SPDX-License-Identifier: MIT */
/*
 * SRC 44.1 <-> 48 kHz: exact output counts whatever the block sizes, the
 * samples independent of the split, a 1 kHz sine in and out at 1 kHz with
 * its SNR measured. Host and target.
 */
#include "kernel/errno.h"
#include "modules/src/src_dsp.h"
#include "test/harness/ktest.h"
#include "test/unit/dsp_test.h"

#define BLOCK 512 /* input frames per step */
#define CH    2

static struct src_dsp sd;
static int32_t in[BLOCK * CH], out[(BLOCK * 2 + 4) * CH], whole[2400 * CH];

/* Frame @t of a fixed pseudo-random stream (half scale) into @in at frame @i. */
static void noise_frame(uint32_t t, uint32_t i)
{
	for (unsigned int c = 0; c < CH; c++) {
		uint32_t h = (t * 2 + c + 1) * 0x9e3779b1u;

		in[(size_t)i * CH + c] = (int32_t)(h ^ (h >> 15)) >> 1;
	}
}

KTEST(dsp_src, rejects_bad_config)
{
	uint32_t used = 99, made = 99;

	KT_ASSERT_EQ(src_dsp_init(&sd, 48000, 48000, 2), -EINVAL);
	KT_ASSERT_EQ(src_dsp_init(&sd, 44100, 32000, 2), -EINVAL);
	KT_ASSERT_EQ(src_dsp_init(&sd, 0, 0, 2), -EINVAL);
	KT_ASSERT_EQ(src_dsp_init(&sd, 44100, 48000, 0), -EINVAL);
	KT_ASSERT_EQ(src_dsp_init(&sd, 44100, 48000, 9), -EINVAL);
	KT_ASSERT_EQ(src_dsp_init(&sd, 352800, 384000, 2), -EINVAL); /* above 192 kHz */
	KT_ASSERT_EQ(src_dsp_init(&sd, 88200, 96000, 2), 0);
	KT_ASSERT_EQ(src_dsp_init(&sd, 192000, 176400, 2), 0);
	KT_ASSERT_EQ(src_dsp_init(&sd, 48000, 44100, 2), 0);
	KT_ASSERT_EQ(src_dsp_process(&sd, in, 4, &used, out, 4, &made, (enum sot_pcm_format)3),
		     -EINVAL);
	KT_ASSERT_EQ(used, 0);
	KT_ASSERT_EQ(made, 0);
}

/*
 * Feed @n input frames in random block sizes with random output space and
 * count: exactly floor((n L - 1) / M) + 1 outputs, all input consumed. The
 * first 2400 output frames must equal those of a single call.
 */
static void check_counts(uint32_t in_rate, uint32_t out_rate, uint32_t n, uint32_t seed)
{
	uint64_t up = out_rate == 48000 ? 160 : 147, down = out_rate == 48000 ? 147 : 160;
	uint32_t fed = 0, produced = 0, used, made;

	KT_ASSERT_EQ(src_dsp_init(&sd, in_rate, out_rate, CH), 0);
	while (fed < n) {
		uint32_t len = 1 + dsp_test_rand(&seed) % BLOCK, off = 0;

		len = len > n - fed ? n - fed : len;
		for (uint32_t i = 0; i < len; i++)
			noise_frame(fed + i, i);
		while (off < len) { /* offer what is left until the block is taken */
			uint32_t space = dsp_test_rand(&seed) % (BLOCK + 1);

			KT_ASSERT_EQ(src_dsp_process(&sd, in + (size_t)off * CH, len - off, &used,
						     out, space, &made, SOT_PCM_S32_LE),
				     0);
			KT_ASSERT_LE(made, space);
			if (produced < 2400) {
				uint32_t k = made < 2400 - produced ? made : 2400 - produced;

				KT_ASSERT(!memcmp(out, &whole[(size_t)produced * CH],
						  (size_t)k * CH * sizeof(int32_t)));
			}
			off += used;
			produced += made;
		}
		fed += len;
	}
	/* Drain: everything the consumed input allows. */
	KT_ASSERT_EQ(src_dsp_process(&sd, in, 0, &used, out, BLOCK, &made, SOT_PCM_S32_LE), 0);
	produced += made;
	KT_ASSERT_EQ(produced, (uint32_t)((n * up - 1) / down + 1));
}

/* The reference for the split test: the same stream in whole blocks, all the output space. */
static void single_call(uint32_t in_rate, uint32_t out_rate)
{
	uint32_t used, made, produced = 0, fed = 0;

	KT_ASSERT_EQ(src_dsp_init(&sd, in_rate, out_rate, CH), 0);
	while (produced < 2400) {
		for (uint32_t i = 0; i < BLOCK; i++)
			noise_frame(fed + i, i);
		KT_ASSERT_EQ(src_dsp_process(&sd, in, BLOCK, &used, &whole[(size_t)produced * CH],
					     2400 - produced, &made, SOT_PCM_S32_LE),
			     0);
		produced += made;
		fed += used;
		if (used < BLOCK)
			break;
	}
}

KTEST(dsp_src, exact_counts_any_split_44k1_to_48k)
{
	single_call(44100, 48000);
	check_counts(44100, 48000, 44100, 7);
	check_counts(44100, 48000, 1, 8);
	check_counts(44100, 48000, 147, 9);
}

KTEST(dsp_src, exact_counts_any_split_48k_to_44k1)
{
	single_call(48000, 44100);
	check_counts(48000, 44100, 48000, 11);
	check_counts(48000, 44100, 1, 12);
	check_counts(48000, 44100, 161, 13);
}

/*
 * A 1 kHz sine (amplitude 1/2, a different phase per channel) converted for
 * 0.5 s of input: the output's frequency by zero crossings, and a least-squares
 * fit of a 1 kHz sine at the output rate: amplitude 1/2 (passband gain) and
 * the residual (images, aliasing, rounding) gives the SNR.
 */
static void check_sine(uint32_t in_rate, uint32_t out_rate, enum sot_pcm_format fmt,
		       double min_snr_db)
{
	const uint32_t skip = 200; /* the filter's start-up transient */
	struct dsp_test_fit fit[CH];
	struct dsp_test_zc zc;
	uint32_t fed = 0, produced = 0, used, made;
	double amp, resid;

	KT_ASSERT_EQ(src_dsp_init(&sd, in_rate, out_rate, CH), 0);
	dsp_test_zc_init(&zc);
	for (unsigned int c = 0; c < CH; c++)
		dsp_test_fit_init(&fit[c], 1000.0 / out_rate);
	while (fed < in_rate / 2) {
		for (uint32_t i = 0; i < BLOCK; i++)
			for (unsigned int c = 0; c < CH; c++)
				sot_pcm_store_q31(
					in, (size_t)i * CH + c, fmt,
					dsp_test_quantise(0.5 * sin(2 * DSP_TEST_PI * 1000.0 *
									    (fed + i) / in_rate +
								    c),
							  32));
		KT_ASSERT_EQ(src_dsp_process(&sd, in, BLOCK, &used, out, BLOCK * 2, &made, fmt), 0);
		KT_ASSERT_EQ(used, BLOCK);
		for (uint32_t i = 0; i < made; i++, produced++) {
			if (produced < skip)
				continue;
			dsp_test_zc_add(&zc, dsp_test_value(out, (size_t)i * CH, fmt));
			for (unsigned int c = 0; c < CH; c++)
				dsp_test_fit_add(&fit[c],
						 dsp_test_value(out, (size_t)i * CH + c, fmt));
		}
		fed += BLOCK;
	}
	DSP_ASSERT_NEAR(dsp_test_zc_freq(&zc) * out_rate, 1000.0, 0.001);
	for (unsigned int c = 0; c < CH; c++) {
		dsp_test_fit_result(&fit[c], &amp, &resid);
		DSP_ASSERT_NEAR(amp, 0.5, 0.5 * 0.0002); /* passband flat to 0.002 dB */
		DSP_ASSERT_DBL(dsp_test_fit_snr_db(&fit[c]), >, min_snr_db);
	}
}

/*
 * Measured SNR: 88.7 dB for S16 both ways (the 16-bit quantisation of input
 * and output), 110 dB for 44.1 -> 48 kHz in S24/S32 and 97.4 dB for 48 ->
 * 44.1 kHz (the shorter 147-phase prototype's images). Asserted with margin.
 */
KTEST(dsp_src, sine_44k1_to_48k_s16)
{
	check_sine(44100, 48000, SOT_PCM_S16_LE, 85);
}

KTEST(dsp_src, sine_48k_to_44k1_s16)
{
	check_sine(48000, 44100, SOT_PCM_S16_LE, 85);
}

KTEST(dsp_src, sine_44k1_to_48k_s24)
{
	check_sine(44100, 48000, SOT_PCM_S24_4LE, 105);
}

KTEST(dsp_src, sine_48k_to_44k1_s32)
{
	check_sine(48000, 44100, SOT_PCM_S32_LE, 95);
}

/* DC passes at gain 1 (every phase sums to 1); S24 output stays canonical. */
KTEST(dsp_src, dc_gain_and_reset)
{
	const int32_t dc = -0x00456789; /* S24 */
	uint32_t used, made;

	for (unsigned int k = 0; k < 2; k++) {
		KT_ASSERT_EQ(src_dsp_init(&sd, k ? 48000 : 44100, k ? 44100 : 48000, 1), 0);
		for (int i = 0; i < BLOCK; i++)
			in[i] = dc;
		src_dsp_process(&sd, in, BLOCK, &used, out, BLOCK * 2, &made, SOT_PCM_S24_4LE);
		KT_ASSERT_GT(made, 400);
		for (uint32_t i = 100; i < made; i++) {
			KT_ASSERT(dsp_test_s24_is_canonical(out[i]));
			KT_ASSERT_LE(out[i] - dc, 1);
			KT_ASSERT_GE(out[i] - dc, -1);
		}
		src_dsp_reset(&sd);
		src_dsp_process(&sd, in, 1, &used, out, BLOCK, &made, SOT_PCM_S24_4LE);
		KT_ASSERT_EQ(made, k ? 1 : 2);
		KT_ASSERT_LT(out[0] > dc / 8 ? out[0] : -out[0], -dc / 8); /* starts from silence */
	}
}
