/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the DSP kernel tests (test/unit/test_dsp_*.c): the
 * double-precision side of the comparisons. Header only, everything static.
 */
#ifndef TEST_UNIT_DSP_TEST_H
#define TEST_UNIT_DSP_TEST_H

#include <math.h>
#include <stdint.h>

#include "test/harness/ktest.h"
#include <sotto/pcm.h>

#define DSP_TEST_PI 3.14159265358979323846

/*
 * KT_ASSERT_CMP compares integers; these compare doubles and print both
 * values in millionths (the target's printf need not format doubles).
 */
#define DSP_ASSERT_DBL(a, op, b)                                                 \
	do {                                                                     \
		double da_ = (a), db_ = (b);                                     \
		if (!(da_ op db_))                                               \
			KT_FAIL("%s %s %s: %lld vs %lld (x1e-6)", #a, #op, #b,   \
				(long long)(da_ * 1e6), (long long)(db_ * 1e6)); \
	} while (0)

#define DSP_ASSERT_NEAR(a, b, tol) DSP_ASSERT_DBL(fabs((a) - (b)), <=, tol)

/*
 * floor() and ceil() for |v| < 2^62 by integer conversion. Not libm's: the
 * arm-none-eabi picolibc of Debian 12 gets them wrong on target for |v| in
 * [2^20, 2^52) when the fraction carries (floor(-4193523.7) returns -4193522).
 */
static inline int64_t dsp_test_floor(double v)
{
	int64_t i = (int64_t)v; /* toward zero */

	return (double)i > v ? i - 1 : i;
}

static inline int64_t dsp_test_ceil(double v)
{
	return -dsp_test_floor(-v);
}

/*
 * The exact sample value @v (full scale +-1.0) as a @bits-bit sample the way
 * the kernels round: nearest, ties toward +infinity, saturated.
 */
static inline int32_t dsp_test_quantise(double v, unsigned int bits)
{
	int64_t lim = (int64_t)1 << (bits - 1);
	double x = ldexp(v, (int)bits - 1);
	int64_t q;

	if (x >= (double)lim)
		return (int32_t)(lim - 1);
	if (x <= (double)-lim)
		return (int32_t)-lim;
	q = dsp_test_floor(x + 0.5);
	return (int32_t)(q > lim - 1 ? lim - 1 : q);
}

/* Element @i of @buf as an integer sample of its format (S24 sign-extended from bit 23). */
static inline int32_t dsp_test_load(const void *buf, size_t i, enum sot_pcm_format fmt)
{
	int32_t q31 = sot_pcm_load_q31(buf, i, fmt);

	return q31 >> (32 - sot_pcm_bits(fmt));
}

/* The value of element @i of @buf, full scale +-1.0. */
static inline double dsp_test_value(const void *buf, size_t i, enum sot_pcm_format fmt)
{
	return ldexp(sot_pcm_load_q31(buf, i, fmt), -31);
}

/* True if the S24 container @v holds a sign-extended 24-bit value. */
static inline int dsp_test_s24_is_canonical(int32_t v)
{
	return v >= -(1 << 23) && v < (1 << 23);
}

/* Small deterministic generator (LCG), for test signals and block sizes. */
static inline uint32_t dsp_test_rand(uint32_t *seed)
{
	*seed = *seed * 1664525u + 1013904223u;
	return *seed;
}

/* Uniform in [-1, 1). */
static inline double dsp_test_rand_unit(uint32_t *seed)
{
	return ldexp((int32_t)dsp_test_rand(seed), -31);
}

/*
 * Least-squares fit of a sine of known frequency (any phase) to a stream of
 * values: what is left over (noise, distortion, a wrong frequency) is the
 * residual. Streaming, so long signals need no buffer.
 */
struct dsp_test_fit {
	double freq; /* cycles per sample */
	double ss, sc, cc, xs, xc, xx;
	uint32_t n;
};

static inline void dsp_test_fit_init(struct dsp_test_fit *fit, double freq)
{
	*fit = (struct dsp_test_fit){.freq = freq};
}

static inline void dsp_test_fit_add(struct dsp_test_fit *fit, double x)
{
	double s = sin(2 * DSP_TEST_PI * fit->freq * fit->n);
	double c = cos(2 * DSP_TEST_PI * fit->freq * fit->n);

	fit->ss += s * s;
	fit->sc += s * c;
	fit->cc += c * c;
	fit->xs += x * s;
	fit->xc += x * c;
	fit->xx += x * x;
	fit->n++;
}

/* Amplitude of the fitted sine and RMS of the residual. */
static inline void dsp_test_fit_result(const struct dsp_test_fit *fit, double *amp,
				       double *resid_rms)
{
	double det = fit->ss * fit->cc - fit->sc * fit->sc;
	double a = (fit->xs * fit->cc - fit->xc * fit->sc) / det;
	double b = (fit->xc * fit->ss - fit->xs * fit->sc) / det;
	double r = fit->xx - a * fit->xs - b * fit->xc; /* residual energy */

	*amp = sqrt(a * a + b * b);
	*resid_rms = sqrt((r > 0 ? r : 0) / fit->n);
}

/* Signal-to-noise ratio of the fit in dB: sine RMS over residual RMS. */
static inline double dsp_test_fit_snr_db(const struct dsp_test_fit *fit)
{
	double amp, resid;

	dsp_test_fit_result(fit, &amp, &resid);
	return 20 * log10(amp / sqrt(2) / resid);
}

/*
 * Frequency from upward zero crossings, linearly interpolated: (crossings -
 * 1) periods between the first and the last one.
 */
struct dsp_test_zc {
	double prev, first, last;
	uint32_t n, crossings;
};

static inline void dsp_test_zc_init(struct dsp_test_zc *zc)
{
	*zc = (struct dsp_test_zc){.first = -1};
}

static inline void dsp_test_zc_add(struct dsp_test_zc *zc, double x)
{
	if (zc->n && zc->prev < 0 && x >= 0) {
		zc->last = zc->n - 1 + -zc->prev / (x - zc->prev);
		if (zc->first < 0)
			zc->first = zc->last;
		zc->crossings++;
	}
	zc->prev = x;
	zc->n++;
}

/* Cycles per sample. */
static inline double dsp_test_zc_freq(const struct dsp_test_zc *zc)
{
	return (zc->crossings - 1) / (zc->last - zc->first);
}

#endif /* TEST_UNIT_DSP_TEST_H */
