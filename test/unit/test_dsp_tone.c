/* SPDX-License-Identifier: MIT */
/* Tone generator against sin() in double precision: host and target. */
#include "kernel/errno.h"
#include "modules/common/dsp_fixed.h"
#include "modules/tone/tone_dsp.h"
#include "test/harness/ktest.h"
#include "test/unit/dsp_test.h"

#define BLOCK 960 /* frames per call: 20 ms at 48 kHz */

static int32_t buf[BLOCK * SOT_PCM_MAX_CHANNELS];

/* What tone_dsp_sample(@phase, @amp) should be, in a @bits-bit format. */
static int32_t ref_sample(uint32_t phase, int32_t amp, unsigned int bits)
{
	double v = ldexp(amp, -31) * sin(2 * DSP_TEST_PI * ldexp(phase, -32));

	return dsp_test_quantise(v, bits);
}

KTEST(dsp_tone, rejects_bad_config)
{
	struct tone_dsp td;

	KT_ASSERT_EQ(tone_dsp_init(&td, 0), -EINVAL);
	KT_ASSERT_EQ(tone_dsp_init(&td, SOT_PCM_MAX_RATE + 1), -EINVAL);
	KT_ASSERT_EQ(tone_dsp_init(&td, 48000), 0);
	KT_ASSERT_EQ(tone_dsp_set_freq(&td, 24000000), -EINVAL); /* Nyquist */
	KT_ASSERT_EQ(tone_dsp_set_freq(&td, 23999999), 0);
	KT_ASSERT_EQ(tone_dsp_set_amplitude(&td, -1), -EINVAL);
	KT_ASSERT_EQ(tone_dsp_set_amplitude_mb(&td, 1), -EINVAL);
	KT_ASSERT_EQ(tone_dsp_process(&td, buf, 4, SOT_PCM_S16_LE, 0), -EINVAL);
	KT_ASSERT_EQ(tone_dsp_process(&td, buf, 4, SOT_PCM_S16_LE, 9), -EINVAL);
	KT_ASSERT_EQ(tone_dsp_process(&td, buf, 4, (enum sot_pcm_format)3, 2), -EINVAL);
	KT_ASSERT_EQ(td.phase, 0);
}

/*
 * The kernel alone over the whole circle at full amplitude: within 1 Q1.31
 * LSB of the rounded reference, exact at the quadrant boundaries, odd.
 */
KTEST(dsp_tone, sine_kernel_full_circle)
{
	static const uint32_t edges[] = {0,	     1,		 0x3fffffff, 0x40000000,
					 0x40000001, 0x7fffffff, 0x80000000, 0xc0000000,
					 0xbfffffff, 0xffffffff};
	uint32_t phase = 12345;
	int32_t worst = 0;

	for (int i = 0; i < 100000; i++) {
		int32_t d = tone_dsp_sample(phase, INT32_MAX) - ref_sample(phase, INT32_MAX, 32);

		d = d < 0 ? -d : d;
		worst = d > worst ? d : worst;
		phase += 0x9e3779b1u; /* 2^32 / golden ratio: phases spread evenly */
	}
	KT_ASSERT_LE(worst, 1);
	for (unsigned int i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		int32_t d =
			tone_dsp_sample(edges[i], INT32_MAX) - ref_sample(edges[i], INT32_MAX, 32);

		KT_ASSERT_LE(d < 0 ? -d : d, 1);
	}
	KT_ASSERT_EQ(tone_dsp_sample(0, INT32_MAX), 0);
	KT_ASSERT_EQ(tone_dsp_sample(0x40000000, INT32_MAX), INT32_MAX);
	KT_ASSERT_EQ(tone_dsp_sample(0xc0000000, INT32_MAX), -INT32_MAX);
	KT_ASSERT_EQ(tone_dsp_sample(0x40000000, 0), 0);
	for (uint32_t p = 7; p < 0x80000000u; p += 0x01234567u)
		KT_ASSERT_EQ(tone_dsp_sample(p + 0x80000000u, 1000000),
			     -tone_dsp_sample(p, 1000000));
}

/*
 * Generate 0.5 s in @fmt and compare every sample with the reference: within
 * @tol LSB on the channels of @mask, exactly 0 on the others.
 */
static void check_format(enum sot_pcm_format fmt, unsigned int channels, uint32_t mask, int32_t tol)
{
	struct tone_dsp td;
	unsigned int bits = sot_pcm_bits(fmt);
	uint32_t phase = 0x10000000, step;
	int32_t amp = 2040109466; /* -0.45 dBFS */
	int32_t worst = 0;

	KT_ASSERT_EQ(tone_dsp_init(&td, 48000), 0);
	KT_ASSERT_EQ(tone_dsp_set_freq(&td, 997000), 0);
	KT_ASSERT_EQ(tone_dsp_set_amplitude(&td, amp), 0);
	tone_dsp_set_channels(&td, mask);
	tone_dsp_set_phase(&td, phase);
	step = td.step;
	for (int blk = 0; blk < 25; blk++) {
		KT_ASSERT_EQ(tone_dsp_process(&td, buf, BLOCK, fmt, channels), 0);
		for (unsigned int f = 0; f < BLOCK; f++, phase += step) {
			int32_t want = ref_sample(phase, amp, bits);

			for (unsigned int c = 0; c < channels; c++) {
				size_t i = (size_t)f * channels + c;
				int32_t got = dsp_test_load(buf, i, fmt), d;

				if (fmt == SOT_PCM_S24_4LE)
					KT_ASSERT(dsp_test_s24_is_canonical(buf[i]));
				if (!((mask >> c) & 1)) {
					KT_ASSERT_EQ(got, 0);
					continue;
				}
				d = got - want;
				d = d < 0 ? -d : d;
				worst = d > worst ? d : worst;
			}
		}
	}
	KT_ASSERT_EQ(td.phase, phase);
	KT_ASSERT_LE(worst, tol);
}

KTEST(dsp_tone, s16_within_1lsb)
{
	check_format(SOT_PCM_S16_LE, 2, 0x3, 1);
}

KTEST(dsp_tone, s24_within_1lsb_masked)
{
	check_format(SOT_PCM_S24_4LE, 3, 0x5, 1);
}

KTEST(dsp_tone, s32_within_1lsb)
{
	check_format(SOT_PCM_S32_LE, 1, 0x1, 1);
}

/*
 * Frequency measured from the output over 1 s: upward zero crossings,
 * interpolated, first to last. @freq_mhz requested, at @rate.
 */
static void check_frequency(uint32_t rate, uint32_t freq_mhz)
{
	struct tone_dsp td;
	struct dsp_test_zc zc;

	dsp_test_zc_init(&zc);
	KT_ASSERT_EQ(tone_dsp_init(&td, rate), 0);
	KT_ASSERT_EQ(tone_dsp_set_freq(&td, freq_mhz), 0);
	tone_dsp_set_phase(&td, 0xc0000000); /* start at the trough */
	for (uint32_t done = 0; done < rate; done += BLOCK) {
		uint32_t frames = rate - done < BLOCK ? rate - done : BLOCK;

		KT_ASSERT_EQ(tone_dsp_process(&td, buf, frames, SOT_PCM_S32_LE, 1), 0);
		for (uint32_t i = 0; i < frames; i++)
			dsp_test_zc_add(&zc, buf[i]);
	}
	/* Within 0.5 Hz is the requirement; the phase step makes it 1e-5 Hz. */
	DSP_ASSERT_NEAR(dsp_test_zc_freq(&zc) * rate * 1000, freq_mhz, 1);
}

KTEST(dsp_tone, frequency_1khz_48k)
{
	check_frequency(48000, 1000000);
}

KTEST(dsp_tone, frequency_fractional_44k1)
{
	check_frequency(44100, 440500); /* 440.5 Hz */
}

/* Any block split gives the same samples as one call (phase carried over). */
KTEST(dsp_tone, blocks_are_seamless)
{
	static int16_t whole[600 * 2];
	struct tone_dsp a, b;
	uint32_t seed = 99, done = 0;

	tone_dsp_init(&a, 96000);
	tone_dsp_set_freq(&a, 12345678);
	b = a;
	KT_ASSERT_EQ(tone_dsp_process(&a, whole, 600, SOT_PCM_S16_LE, 2), 0);
	while (done < 600) {
		uint32_t n = dsp_test_rand(&seed) % 50;

		n = n > 600 - done ? 600 - done : n;
		KT_ASSERT_EQ(tone_dsp_process(&b, buf, n, SOT_PCM_S16_LE, 2), 0);
		KT_ASSERT(!memcmp(buf, &whole[done * 2], n * 2 * sizeof(int16_t)));
		done += n;
	}
	KT_ASSERT_EQ(a.phase, b.phase);
}

KTEST(dsp_tone, amplitude_in_millibels)
{
	struct tone_dsp td;

	tone_dsp_init(&td, 48000);
	KT_ASSERT_EQ(tone_dsp_set_amplitude_mb(&td, 0), 0);
	KT_ASSERT_EQ(td.amp, INT32_MAX);
	KT_ASSERT_EQ(tone_dsp_set_amplitude_mb(&td, -602), 0); /* 10^-0.301 = 0.50003 */
	KT_ASSERT_EQ(td.amp, 1073815987);
	KT_ASSERT_EQ(tone_dsp_set_amplitude_mb(&td, -12000), 0);
	KT_ASSERT_EQ(td.amp, 2147); /* -120 dB */
}
