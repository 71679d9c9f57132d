/* SPDX-License-Identifier: MIT */
/* Alignment and bit-exact comparison against a reference (see compare.h). */
#include "tools/wavcheck/compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/wavcheck/fft.h"

#define GAIN_FRAC     27
#define XCORR_MAX_REF 65536 /* REF frames correlated: 1.4 s at 48 kHz */
#define NONE	      SIZE_MAX

int32_t compare_expected_sample(int32_t ref, unsigned int ref_bits, int32_t gain_q27,
				unsigned int out_bits)
{
	int64_t q31 = (int64_t)ref * ((int64_t)1 << (32 - ref_bits));
	int64_t acc = q31 * gain_q27; /* |acc| <= 2^62 */
	unsigned int shift = 31 + GAIN_FRAC - (out_bits - 1);
	int64_t max = ((int64_t)1 << (out_bits - 1)) - 1;

	acc = (acc + ((int64_t)1 << (shift - 1))) >> shift;
	if (acc > max)
		return (int32_t)max;
	if (acc < -max - 1)
		return (int32_t)(-max - 1);
	return (int32_t)acc;
}

/* @ref x gain in @out_bits bits: a malloc'ed array like ref->samples. */
static int32_t *expected_samples(const struct wav *ref, int32_t gain_q27, unsigned int out_bits)
{
	size_t n = ref->frames * ref->channels;
	int32_t *e = malloc((n ? n : 1) * sizeof(*e));

	for (size_t i = 0; e && i < n; i++)
		e[i] = compare_expected_sample(ref->samples[i], ref->bits, gain_q27, out_bits);
	return e;
}

/* The first frame whose channel-0 sample is not zero, or NONE. */
static size_t first_nonzero(const int32_t *s, size_t frames, unsigned int channels)
{
	for (size_t i = 0; i < frames; i++)
		if (s[i * channels])
			return i;
	return NONE;
}

/*
 * Compare @exp (@ref_frames frames) with @out at @offset into @r; returns a
 * score to minimise: the mismatches plus every sample left uncompared.
 */
static size_t compare_at(const int32_t *exp, const struct wav *out, size_t ref_frames,
			 size_t offset, struct compare_result *r)
{
	unsigned int ch = out->channels;
	const int32_t *o = out->samples + offset * ch;

	memset(r, 0, sizeof(*r));
	r->offset = offset;
	r->ref_frames = ref_frames;
	r->compared = out->frames > offset ? out->frames - offset : 0;
	r->compared = r->compared < ref_frames ? r->compared : ref_frames;
	for (size_t i = 0; i < r->compared * ch; i++) {
		if (o[i] == exp[i])
			continue;
		if (!r->mismatches++) {
			r->first_frame = offset + i / ch;
			r->first_channel = (unsigned int)(i % ch);
			r->first_got = o[i];
			r->first_expected = exp[i];
		}
	}
	return r->mismatches + (ref_frames - r->compared) * ch;
}

/*
 * The lag d in [0, @max_lag] maximising sum_k a[k] b[k + d] over channel 0:
 * a = @exp from its first non-zero frame @r0 (at most XCORR_MAX_REF frames),
 * b = @out from the same frame. Through the FFT: conj(A) B, transformed back.
 */
static int xcorr_offset(const int32_t *exp, size_t ref_frames, size_t r0, const struct wav *out,
			size_t max_lag, size_t *lag)
{
	unsigned int ch = out->channels;
	size_t la = ref_frames - r0 < XCORR_MAX_REF ? ref_frames - r0 : XCORR_MAX_REF;
	size_t n = fft_pow2_ceil(la + max_lag + 1), best = 0;
	double *ar = calloc(n, sizeof(double)), *ai = calloc(n, sizeof(double));
	double *br = calloc(n, sizeof(double)), *bi = calloc(n, sizeof(double));
	int ret = -1;

	if (!ar || !ai || !br || !bi)
		goto out;
	for (size_t k = 0; k < la; k++)
		ar[k] = exp[(r0 + k) * ch];
	for (size_t k = 0; k < la + max_lag && r0 + k < out->frames; k++)
		br[k] = out->samples[(r0 + k) * ch];
	if (fft_run(ar, ai, n, false) || fft_run(br, bi, n, false))
		goto out;
	for (size_t k = 0; k < n; k++) {
		double re = ar[k] * br[k] + ai[k] * bi[k], im = ar[k] * bi[k] - ai[k] * br[k];

		br[k] = re;
		bi[k] = im;
	}
	if (fft_run(br, bi, n, true))
		goto out;
	for (size_t d = 1; d <= max_lag; d++)
		if (br[d] > br[best])
			best = d;
	*lag = best;
	ret = 0;
out:
	free(ar);
	free(ai);
	free(br);
	free(bi);
	return ret;
}

/* Check that @ref and @out can be compared at all. */
static int check_pair(const struct wav *ref, const struct wav *out, char *err, size_t err_len)
{
	if (ref->rate != out->rate) {
		snprintf(err, err_len, "REF is %u Hz, FILE %u Hz", ref->rate, out->rate);
		return -1;
	}
	if (ref->channels != out->channels) {
		snprintf(err, err_len, "REF has %u channels, FILE %u", ref->channels,
			 out->channels);
		return -1;
	}
	return 0;
}

int compare_wav(const struct wav *ref, const struct wav *out, int32_t gain_q27, size_t max_offset,
		struct compare_result *r, char *err, size_t err_len)
{
	size_t r0, o0, lag, score;
	struct compare_result alt;
	int32_t *exp;

	if (check_pair(ref, out, err, err_len))
		return -1;
	exp = expected_samples(ref, gain_q27, out->bits);
	if (!exp) {
		snprintf(err, err_len, "out of memory for %zu REF frames", ref->frames);
		return -1;
	}
	if (max_offset >= out->frames)
		max_offset = out->frames ? out->frames - 1 : 0;
	r0 = first_nonzero(exp, ref->frames, ref->channels);
	o0 = first_nonzero(out->samples, out->frames, out->channels);
	if (r0 == NONE) {
		compare_at(exp, out, ref->frames, 0, r);
		r->method = COMPARE_SILENT_REF;
		free(exp);
		return 0;
	}
	score = NONE;
	if (o0 != NONE && o0 >= r0 && o0 - r0 <= max_offset) {
		score = compare_at(exp, out, ref->frames, o0 - r0, r);
		r->method = COMPARE_FIRST_NONZERO;
	}
	if (score && xcorr_offset(exp, ref->frames, r0, out, max_offset, &lag) == 0 &&
	    compare_at(exp, out, ref->frames, lag, &alt) < score) {
		*r = alt;
		r->method = COMPARE_XCORR;
	} else if (score == NONE) {
		snprintf(err, err_len, "cannot align: out of memory for the cross-correlation");
		free(exp);
		return -1;
	}
	free(exp);
	return 0;
}
