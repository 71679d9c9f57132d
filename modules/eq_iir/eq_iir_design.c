/* SPDX-License-Identifier: MIT */
/*
 * EQ IIR design in double precision (see eq_iir_design.h). Formulas: Robert
 * Bristow-Johnson, "Cookbook formulae for audio EQ biquad filter
 * coefficients" (A = 10^(gain/40), w0 = 2 pi f / fs, alpha = sin(w0) / 2Q).
 */
#include <math.h>
#include <string.h>

#include "kernel/errno.h"
#include "modules/eq_iir/eq_iir_design.h"

#define PI 3.14159265358979323846

int eq_iir_design_biquad(const struct eq_iir_design_band *band, double rate, double coef[5])
{
	double A, w0, cw, alpha, sq, b[3], a[3];

	if (!(band->freq > 0 && band->freq < rate / 2) || !(band->q > 0) ||
	    !(fabs(band->gain_db) <= 48))
		return -EINVAL;
	A = pow(10, band->gain_db / 40);
	w0 = 2 * PI * band->freq / rate;
	cw = cos(w0);
	alpha = sin(w0) / (2 * band->q);
	sq = 2 * sqrt(A) * alpha;
	switch (band->type) {
	case EQ_IIR_DESIGN_PEAKING:
		b[0] = 1 + alpha * A;
		b[1] = -2 * cw;
		b[2] = 1 - alpha * A;
		a[0] = 1 + alpha / A;
		a[1] = -2 * cw;
		a[2] = 1 - alpha / A;
		break;
	case EQ_IIR_DESIGN_LOW_SHELF:
		b[0] = A * ((A + 1) - (A - 1) * cw + sq);
		b[1] = 2 * A * ((A - 1) - (A + 1) * cw);
		b[2] = A * ((A + 1) - (A - 1) * cw - sq);
		a[0] = (A + 1) + (A - 1) * cw + sq;
		a[1] = -2 * ((A - 1) + (A + 1) * cw);
		a[2] = (A + 1) + (A - 1) * cw - sq;
		break;
	case EQ_IIR_DESIGN_HIGH_SHELF:
		b[0] = A * ((A + 1) + (A - 1) * cw + sq);
		b[1] = -2 * A * ((A - 1) + (A + 1) * cw);
		b[2] = A * ((A + 1) + (A - 1) * cw - sq);
		a[0] = (A + 1) - (A - 1) * cw + sq;
		a[1] = 2 * ((A - 1) - (A + 1) * cw);
		a[2] = (A + 1) - (A - 1) * cw - sq;
		break;
	case EQ_IIR_DESIGN_LOW_PASS:
		b[0] = (1 - cw) / 2;
		b[1] = 1 - cw;
		b[2] = (1 - cw) / 2;
		a[0] = 1 + alpha;
		a[1] = -2 * cw;
		a[2] = 1 - alpha;
		break;
	case EQ_IIR_DESIGN_HIGH_PASS:
		b[0] = (1 + cw) / 2;
		b[1] = -(1 + cw);
		b[2] = (1 + cw) / 2;
		a[0] = 1 + alpha;
		a[1] = -2 * cw;
		a[2] = 1 - alpha;
		break;
	default:
		return -EINVAL;
	}
	coef[0] = b[0] / a[0];
	coef[1] = b[1] / a[0];
	coef[2] = b[2] / a[0];
	coef[3] = a[1] / a[0];
	coef[4] = a[2] / a[0];
	return 0;
}

/*
 * round(@v * 2^@frac), halves away from zero, into *@q; false if it does not
 * fit an int32_t. By integer conversion, not floor(): the arm-none-eabi
 * picolibc floor() is wrong for some values of this size (see
 * test/unit/dsp_test.h).
 */
static int quantise(double v, int frac, int32_t *q)
{
	double x = ldexp(v, frac);

	if (!(x > -2147483648.5 && x < 2147483647.5))
		return 0;
	*q = (int32_t)(x < 0 ? -(int64_t)(0.5 - x) : (int64_t)(x + 0.5));
	return 1;
}

int eq_iir_design_quantise(const double coef[5], struct eq_iir_dsp_blob_stage *stage)
{
	struct eq_iir_dsp_blob_header h = {EQ_IIR_DSP_MAGIC, EQ_IIR_DSP_VERSION, 1, 0};
	uint8_t blob[sizeof(h) + sizeof(*stage)];
	struct eq_iir_dsp_blob_stage s;
	int shift;

	if (!quantise(coef[3], EQ_IIR_DSP_COEF_FRAC, &s.a1) ||
	    !quantise(coef[4], EQ_IIR_DSP_COEF_FRAC, &s.a2))
		return -ERANGE;
	for (shift = 0; shift <= EQ_IIR_DSP_MAX_SHIFT; shift++) {
		int frac = EQ_IIR_DSP_COEF_FRAC - shift;

		if (quantise(coef[0], frac, &s.b0) && quantise(coef[1], frac, &s.b1) &&
		    quantise(coef[2], frac, &s.b2) &&
		    fabs((double)s.b0) + fabs((double)s.b1) + fabs((double)s.b2) <
			    ldexp(4, EQ_IIR_DSP_COEF_FRAC))
			break;
	}
	if (shift > EQ_IIR_DSP_MAX_SHIFT)
		return -ERANGE;
	s.shift = shift;
	/* Let the DSP side's own check decide (stability after rounding). */
	h.size = sizeof(blob);
	memcpy(blob, &h, sizeof(h));
	memcpy(blob + sizeof(h), &s, sizeof(s));
	if (eq_iir_dsp_check_config(blob, sizeof(blob)))
		return -ERANGE;
	*stage = s;
	return 0;
}

long eq_iir_design_blob(const struct eq_iir_design_band *bands, unsigned int n, double rate,
			void *blob, size_t size)
{
	struct eq_iir_dsp_blob_header h = {EQ_IIR_DSP_MAGIC, EQ_IIR_DSP_VERSION, n, 0};
	struct eq_iir_dsp_blob_stage s;
	double coef[5];
	int err;

	if (n > EQ_IIR_DSP_MAX_STAGES)
		return -E2BIG;
	h.size = (uint32_t)(sizeof(h) + n * sizeof(s));
	if (size < h.size)
		return -ENOSPC;
	for (unsigned int k = 0; k < n; k++) {
		err = eq_iir_design_biquad(&bands[k], rate, coef);
		if (!err)
			err = eq_iir_design_quantise(coef, &s);
		if (err)
			return err;
		memcpy((uint8_t *)blob + sizeof(h) + k * sizeof(s), &s, sizeof(s));
	}
	memcpy(blob, &h, sizeof(h));
	return (long)h.size;
}
