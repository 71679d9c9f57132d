/* SPDX-License-Identifier: MIT */
/*
 * EQ IIR: blob checks, cookbook designs, measured magnitude response against
 * the analytic one, samples against a double-precision DF2T cascade.
 * Host and target.
 */
#include "kernel/errno.h"
#include "modules/eq_iir/eq_iir_design.h"
#include "modules/eq_iir/eq_iir_dsp.h"
#include "test/harness/ktest.h"
#include "test/unit/dsp_test.h"

#define RATE	 48000
#define MEASURE	 4800 /* 0.1 s: every multiple of 10 Hz has whole cycles */
#define SETTLE	 9600
#define FRAMES	 3000
#define CH	 2
#define BLOB_MAX (sizeof(struct eq_iir_dsp_blob_header) + 8 * sizeof(struct eq_iir_dsp_blob_stage))

static struct eq_iir_dsp eq;
static uint8_t blob[BLOB_MAX + 4];
static int32_t in[FRAMES * CH], out[FRAMES * CH];

/* A typical 4-band EQ: bass shelf, a cut, treble shelf, a low-pass. */
static const struct eq_iir_design_band bands4[] = {
	{EQ_IIR_DESIGN_LOW_SHELF, 100, 0.707, 6},
	{EQ_IIR_DESIGN_PEAKING, 1000, 1.4, -6},
	{EQ_IIR_DESIGN_HIGH_SHELF, 8000, 0.707, 4},
	{EQ_IIR_DESIGN_LOW_PASS, 16000, 0.707, 0},
};

/* Hard on the arithmetic: poles close to z = 1 (a 20 Hz shelf, a 40 Hz Q 8 peak). */
static const struct eq_iir_design_band bands_low[] = {
	{EQ_IIR_DESIGN_HIGH_PASS, 15, 0.6, 0},
	{EQ_IIR_DESIGN_PEAKING, 40, 8, -10},
	{EQ_IIR_DESIGN_LOW_SHELF, 20, 0.5, 9},
};

static size_t design(const struct eq_iir_design_band *bands, unsigned int n, double rate)
{
	long len = eq_iir_design_blob(bands, n, rate, blob, BLOB_MAX);

	KT_ASSERT_GT(len, 0);
	return (size_t)len;
}

/* Stage @k of the blob (unaligned-safe). */
static struct eq_iir_dsp_blob_stage blob_stage(unsigned int k)
{
	struct eq_iir_dsp_blob_stage s;

	memcpy(&s, blob + sizeof(struct eq_iir_dsp_blob_header) + k * sizeof(s), sizeof(s));
	return s;
}

/* |H(e^jw)| in dB of the quantised cascade in the blob, at @freq Hz. */
static double response_db(unsigned int n, double freq, double rate)
{
	double w = 2 * DSP_TEST_PI * freq / rate, db = 0;

	for (unsigned int k = 0; k < n; k++) {
		struct eq_iir_dsp_blob_stage s = blob_stage(k);
		double sc = ldexp(1, s.shift - 30), ac = ldexp(1, -30);
		double nr = s.b0 * sc + s.b1 * sc * cos(w) + s.b2 * sc * cos(2 * w);
		double ni = -s.b1 * sc * sin(w) - s.b2 * sc * sin(2 * w);
		double dr = 1 + s.a1 * ac * cos(w) + s.a2 * ac * cos(2 * w);
		double di = -s.a1 * ac * sin(w) - s.a2 * ac * sin(2 * w);

		db += 10 * log10((nr * nr + ni * ni) / (dr * dr + di * di));
	}
	return db;
}

/* Write header fields and one stage into the blob by hand. */
static void raw_blob(uint32_t magic, uint32_t version, uint32_t n, uint32_t size,
		     const struct eq_iir_dsp_blob_stage *s)
{
	struct eq_iir_dsp_blob_header h = {magic, version, n, size};

	memcpy(blob, &h, sizeof(h));
	for (uint32_t k = 0; k < n && k < 8; k++)
		memcpy(blob + sizeof(h) + k * sizeof(*s), s, sizeof(*s));
}

KTEST(dsp_eq_iir, rejects_bad_blobs)
{
	const struct eq_iir_dsp_blob_stage ok = {1 << 30, 0, 0, -(1 << 29), 1 << 27, 0};
	struct eq_iir_dsp_blob_stage s;
	const size_t one = 16 + 24;

	eq_iir_dsp_init(&eq);
	raw_blob(EQ_IIR_DSP_MAGIC, 1, 1, one, &ok);
	KT_ASSERT_EQ(eq_iir_dsp_set_config(&eq, blob, one), 0);
	KT_ASSERT_EQ(eq.n_stages, 1);
	KT_ASSERT_EQ(eq_iir_dsp_check_config(NULL, one), -EINVAL);
	KT_ASSERT_EQ(eq_iir_dsp_check_config(blob, 15), -EINVAL);
	KT_ASSERT_EQ(eq_iir_dsp_check_config(blob, one - 1), -EINVAL); /* size field differs */
	raw_blob(0x52495146, 1, 1, one, &ok);
	KT_ASSERT_EQ(eq_iir_dsp_check_config(blob, one), -EINVAL);
	raw_blob(EQ_IIR_DSP_MAGIC, 2, 1, one, &ok);
	KT_ASSERT_EQ(eq_iir_dsp_check_config(blob, one), -ENOTSUP);
	raw_blob(EQ_IIR_DSP_MAGIC, 1, 9, 16 + 9 * 24, &ok);
	KT_ASSERT_EQ(eq_iir_dsp_check_config(blob, 16 + 9 * 24), -E2BIG);
	raw_blob(EQ_IIR_DSP_MAGIC, 1, 2, one, &ok); /* says 2 stages, holds 1 */
	KT_ASSERT_EQ(eq_iir_dsp_check_config(blob, one), -EINVAL);
	s = ok;
	s.shift = EQ_IIR_DSP_MAX_SHIFT + 1;
	raw_blob(EQ_IIR_DSP_MAGIC, 1, 1, one, &s);
	KT_ASSERT_EQ(eq_iir_dsp_check_config(blob, one), -EINVAL);
	s = ok;
	s.a2 = 1 << 30; /* pole on the unit circle */
	raw_blob(EQ_IIR_DSP_MAGIC, 1, 1, one, &s);
	KT_ASSERT_EQ(eq_iir_dsp_check_config(blob, one), -EINVAL);
	s = ok;
	s.a1 = -(1 << 30) - (1 << 27) - 1; /* |a1| >= 1 + a2: a real pole outside */
	raw_blob(EQ_IIR_DSP_MAGIC, 1, 1, one, &s);
	KT_ASSERT_EQ(eq_iir_dsp_check_config(blob, one), -EINVAL);
	s = ok;
	s.b0 = s.b1 = s.b2 = 0x55555556; /* |b0| + |b1| + |b2| >= 4 */
	raw_blob(EQ_IIR_DSP_MAGIC, 1, 1, one, &s);
	KT_ASSERT_EQ(eq_iir_dsp_check_config(blob, one), -EINVAL);
	/* Refused blobs changed nothing: still the first one. */
	KT_ASSERT_EQ(eq_iir_dsp_set_config(&eq, blob, one), -EINVAL);
	KT_ASSERT_EQ(eq.n_stages, 1);
	KT_ASSERT_EQ(eq.stage[0].a1, -(1 << 29));
	/* Zero stages is a valid, flat EQ. */
	raw_blob(EQ_IIR_DSP_MAGIC, 1, 0, 16, &ok);
	KT_ASSERT_EQ(eq_iir_dsp_set_config(&eq, blob, 16), 0);
	KT_ASSERT_EQ(eq.n_stages, 0);
	KT_ASSERT_EQ(eq_iir_dsp_process(&eq, in, out, 1, SOT_PCM_S16_LE, 9), -EINVAL);
	KT_ASSERT_EQ(eq_iir_dsp_process(&eq, in, out, 1, (enum sot_pcm_format)3, 1), -EINVAL);
}

KTEST(dsp_eq_iir, design_rejects_bad_bands)
{
	struct eq_iir_design_band b = {EQ_IIR_DESIGN_PEAKING, 1000, 1, 3};
	double c[5];

	KT_ASSERT_EQ(eq_iir_design_biquad(&b, RATE, c), 0);
	b.freq = RATE / 2;
	KT_ASSERT_EQ(eq_iir_design_biquad(&b, RATE, c), -EINVAL);
	b.freq = 1000;
	b.q = 0;
	KT_ASSERT_EQ(eq_iir_design_biquad(&b, RATE, c), -EINVAL);
	b.q = 1;
	b.gain_db = 60;
	KT_ASSERT_EQ(eq_iir_design_biquad(&b, RATE, c), -EINVAL);
	b.gain_db = 3;
	b.type = (enum eq_iir_design_type)99;
	KT_ASSERT_EQ(eq_iir_design_biquad(&b, RATE, c), -EINVAL);
	KT_ASSERT_EQ(eq_iir_design_blob(bands4, 9, RATE, blob, BLOB_MAX), -E2BIG);
	KT_ASSERT_EQ(eq_iir_design_blob(bands4, 4, RATE, blob, 16 + 3 * 24), -ENOSPC);
}

/*
 * The cookbook's defining points, on the quantised coefficients: a peak
 * reaches its gain at its centre, a shelf reaches its gain at DC or Nyquist,
 * a Butterworth low-pass is -3.01 dB at its corner. Within 0.001 dB.
 */
KTEST(dsp_eq_iir, design_hits_cookbook_points)
{
	static const struct {
		struct eq_iir_design_band band;
		double freq, want_db;
	} cases[] = {
		{{EQ_IIR_DESIGN_PEAKING, 1000, 2, 12}, 1000, 12},
		{{EQ_IIR_DESIGN_PEAKING, 250, 0.5, -18}, 250, -18},
		{{EQ_IIR_DESIGN_PEAKING, 60, 4, 24}, 60, 24},
		{{EQ_IIR_DESIGN_LOW_SHELF, 200, 0.707, 9}, 1e-9, 9},
		{{EQ_IIR_DESIGN_HIGH_SHELF, 5000, 0.707, -7}, RATE / 2, -7},
		{{EQ_IIR_DESIGN_LOW_PASS, 3000, 0.70710678, 0}, 3000, -3.0103},
		{{EQ_IIR_DESIGN_HIGH_PASS, 300, 0.70710678, 0}, 300, -3.0103},
	};
	/* A wide +24 dB peak needs its b scaled down: shift > 0. */
	static const struct eq_iir_design_band wide = {EQ_IIR_DESIGN_PEAKING, 3000, 0.3, 24};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		design(&cases[i].band, 1, RATE);
		DSP_ASSERT_NEAR(response_db(1, cases[i].freq, RATE), cases[i].want_db, 0.001);
	}
	design(&wide, 1, RATE);
	KT_ASSERT_GT(blob_stage(0).shift, 0);
	DSP_ASSERT_NEAR(response_db(1, 3000, RATE), 24, 0.001);
}

/*
 * Run a sine of @freq (amplitude 1/4, S32, mono) through the EQ and measure
 * the output's amplitude by a least-squares fit after the transient; returns
 * the gain in dB.
 */
static double measure_db(double freq)
{
	struct dsp_test_fit fit;
	double amp, resid;
	uint32_t n = 0;

	dsp_test_fit_init(&fit, freq / RATE);
	eq_iir_dsp_reset(&eq);
	while (n < SETTLE + MEASURE) {
		uint32_t len = FRAMES < SETTLE + MEASURE - n ? FRAMES : SETTLE + MEASURE - n;

		for (uint32_t i = 0; i < len; i++)
			in[i] = dsp_test_quantise(
				0.25 * sin(2 * DSP_TEST_PI * freq * (n + i) / RATE), 32);
		KT_ASSERT_EQ(eq_iir_dsp_process(&eq, in, out, len, SOT_PCM_S32_LE, 1), 0);
		for (uint32_t i = 0; i < len; i++)
			if (n + i >= SETTLE)
				dsp_test_fit_add(&fit, ldexp(out[i], -31));
		n += len;
	}
	dsp_test_fit_result(&fit, &amp, &resid);
	DSP_ASSERT_DBL(resid, <, amp * 1e-5); /* a clean sine: nothing else came out */
	return 20 * log10(amp / 0.25);
}

KTEST(dsp_eq_iir, measured_magnitude_matches_analytic)
{
	static const double freqs[] = {50, 300, 1000, 5000, 12000};
	/* Required: 0.1 dB. Measured: below 1e-6 dB. */
	size_t len = design(bands4, 4, RATE);

	eq_iir_dsp_init(&eq);
	KT_ASSERT_EQ(eq_iir_dsp_set_config(&eq, blob, len), 0);
	for (unsigned int i = 0; i < 5; i++) {
		double got = measure_db(freqs[i]), want = response_db(4, freqs[i], RATE);

		if (fabs(got - want) >= 0.001)
			KT_FAIL("%d Hz: measured %d mdB, analytic %d mdB", (int)freqs[i],
				(int)(got * 1000), (int)(want * 1000));
	}
}

/* Double-precision DF2T cascade of the blob's quantised coefficients. */
struct ref_biquad {
	double b0, b1, b2, a1, a2, s1, s2;
};

static void ref_init(struct ref_biquad *r, unsigned int n)
{
	for (unsigned int k = 0; k < n; k++) {
		struct eq_iir_dsp_blob_stage s = blob_stage(k);
		double sc = ldexp(1, s.shift - 30);

		r[k] = (struct ref_biquad){s.b0 * sc,	     s.b1 * sc, s.b2 * sc, ldexp(s.a1, -30),
					   ldexp(s.a2, -30), 0,		0};
	}
}

static double ref_step(struct ref_biquad *r, unsigned int n, double x)
{
	for (unsigned int k = 0; k < n; k++) {
		double y = r[k].b0 * x + r[k].s1;

		r[k].s1 = r[k].b1 * x - r[k].a1 * y + r[k].s2;
		r[k].s2 = r[k].b2 * x - r[k].a2 * y;
		x = y;
	}
	return x;
}

/*
 * Stereo noise plus a low sine (different per channel) through a cascade,
 * in random block sizes: every sample within @tol LSB of the DF2T
 * reference. Returns nothing; fails the test with the worst error.
 */
static void check_samples(const struct eq_iir_design_band *bands, unsigned int n, double rate,
			  enum sot_pcm_format fmt, int32_t tol)
{
	struct ref_biquad ref[CH][EQ_IIR_DSP_MAX_STAGES];
	unsigned int bits = sot_pcm_bits(fmt);
	uint32_t seed = 31 + fmt, done = 0;
	int32_t worst = 0;

	eq_iir_dsp_init(&eq);
	KT_ASSERT_EQ(eq_iir_dsp_set_config(&eq, blob, design(bands, n, rate)), 0);
	for (unsigned int c = 0; c < CH; c++)
		ref_init(ref[c], n);
	for (size_t i = 0; i < FRAMES * CH; i++) {
		double v =
			0.1 * dsp_test_rand_unit(&seed) +
			0.1 * sin(2 * DSP_TEST_PI * (i % 2 ? 45.0 : 97.0) * (double)(i / 2) / rate);

		sot_pcm_store_q31(in, i, fmt, dsp_test_quantise(v, 32));
	}
	while (done < FRAMES) {
		uint32_t len = 1 + dsp_test_rand(&seed) % 200;
		size_t off = (size_t)done * CH * sot_pcm_bytes(fmt);

		len = len > FRAMES - done ? FRAMES - done : len;
		KT_ASSERT_EQ(eq_iir_dsp_process(&eq, (const uint8_t *)in + off,
						(uint8_t *)out + off, len, fmt, CH),
			     0);
		done += len;
	}
	for (size_t i = 0; i < FRAMES * CH; i++) {
		double y = ref_step(ref[i % CH], n, dsp_test_value(in, i, fmt));
		int32_t d = dsp_test_load(out, i, fmt) - dsp_test_quantise(y, bits);

		d = d < 0 ? -d : d;
		worst = d > worst ? d : worst;
		if (fmt == SOT_PCM_S24_4LE)
			KT_ASSERT(dsp_test_s24_is_canonical(out[i]));
	}
	KT_ASSERT_LE(worst, tol);
}

KTEST(dsp_eq_iir, samples_match_df2t_s16)
{
	check_samples(bands4, 4, RATE, SOT_PCM_S16_LE, 1);
	check_samples(bands_low, 3, 96000, SOT_PCM_S16_LE, 1);
}

KTEST(dsp_eq_iir, samples_match_df2t_s24)
{
	check_samples(bands4, 4, RATE, SOT_PCM_S24_4LE, 1);
	check_samples(bands_low, 3, 96000, SOT_PCM_S24_4LE, 1);
}

KTEST(dsp_eq_iir, samples_match_df2t_s32)
{
	check_samples(bands4, 4, RATE, SOT_PCM_S32_LE, 1);
	check_samples(bands_low, 3, 96000, SOT_PCM_S32_LE, 1);
}

/* A boost on a full-scale square clips at the rails instead of wrapping. */
KTEST(dsp_eq_iir, boost_saturates)
{
	static const struct eq_iir_design_band boost = {EQ_IIR_DESIGN_LOW_SHELF, 1000, 0.707, 12};
	static int16_t s16[2000], o16[2000];

	eq_iir_dsp_init(&eq);
	KT_ASSERT_EQ(eq_iir_dsp_set_config(&eq, blob, design(&boost, 1, RATE)), 0);
	for (int i = 0; i < 2000; i++)
		s16[i] = (i / 500) % 2 ? INT16_MIN : INT16_MAX;
	eq_iir_dsp_process(&eq, s16, o16, 2000, SOT_PCM_S16_LE, 1);
	KT_ASSERT_EQ(o16[499], INT16_MAX);
	KT_ASSERT_EQ(o16[999], INT16_MIN);
	KT_ASSERT_EQ(o16[1499], INT16_MAX);
}

/* Flat (no stages) is a copy; reset makes the impulse response repeat. */
KTEST(dsp_eq_iir, flat_and_reset)
{
	int32_t first[64];

	eq_iir_dsp_init(&eq);
	for (int i = 0; i < 64; i++)
		in[i] = (int32_t)((uint32_t)i * 0x9e3779b1u) >> 8;
	eq_iir_dsp_process(&eq, in, out, 64, SOT_PCM_S32_LE, 1);
	KT_ASSERT(!memcmp(in, out, 64 * sizeof(int32_t)));
	KT_ASSERT_EQ(eq_iir_dsp_set_config(&eq, blob, design(bands_low, 3, RATE)), 0);
	memset(in, 0, 64 * sizeof(int32_t));
	in[0] = 0x40000000;
	eq_iir_dsp_process(&eq, in, first, 64, SOT_PCM_S32_LE, 1);
	eq_iir_dsp_process(&eq, in, out, 64, SOT_PCM_S32_LE, 1);
	KT_ASSERT(memcmp(first, out, sizeof(first))); /* the tail is still ringing */
	eq_iir_dsp_reset(&eq);
	eq_iir_dsp_process(&eq, in, out, 64, SOT_PCM_S32_LE, 1);
	KT_ASSERT(!memcmp(first, out, sizeof(first)));
}
