/* SPDX-License-Identifier: MIT */
/*
 * EQ IIR design, at configuration time and in double precision (host tools,
 * tests, or a module's configuration path on a core with an FPU; never per
 * sample): RBJ "Audio EQ Cookbook" biquads, quantised and packed into the
 * blob eq_iir_dsp_set_config() takes.
 */
#ifndef MODULES_EQ_IIR_EQ_IIR_DESIGN_H
#define MODULES_EQ_IIR_EQ_IIR_DESIGN_H

#include <stddef.h>

#include "modules/eq_iir/eq_iir_dsp.h"

enum eq_iir_design_type {
	EQ_IIR_DESIGN_PEAKING,
	EQ_IIR_DESIGN_LOW_SHELF,
	EQ_IIR_DESIGN_HIGH_SHELF,
	EQ_IIR_DESIGN_LOW_PASS,
	EQ_IIR_DESIGN_HIGH_PASS,
};

struct eq_iir_design_band {
	enum eq_iir_design_type type;
	double freq;	/* Hz: centre (peaking), corner (shelves, passes) */
	double q;	/* > 0; shelves use it as the cookbook's Q too */
	double gain_db; /* peaking and shelves; ignored by the passes */
};

/*
 * Cookbook coefficients of @band at @rate Hz, normalised to a0 = 1, in
 * @coef: b0 b1 b2 a1 a2. Returns 0, or -EINVAL for an unknown type, a
 * frequency outside (0, rate / 2), q <= 0 or |gain_db| > 48.
 */
int eq_iir_design_biquad(const struct eq_iir_design_band *band, double rate, double coef[5]);

/*
 * Quantise @coef (b0 b1 b2 a1 a2, a0 = 1) into @stage: the smallest b shift
 * that makes the b's fit, then Q2.30 rounded to nearest. Returns 0, or
 * -ERANGE if the stage cannot be represented or checked (see eq_iir_dsp.h).
 */
int eq_iir_design_quantise(const double coef[5], struct eq_iir_dsp_blob_stage *stage);

/*
 * Design @n bands at @rate Hz into a blob at @blob of @size bytes. Returns
 * the blob's size in bytes, or -EINVAL (a bad band), -E2BIG (more than
 * EQ_IIR_DSP_MAX_STAGES), -ENOSPC (@size too small), -ERANGE (a band that
 * cannot be quantised).
 */
long eq_iir_design_blob(const struct eq_iir_design_band *bands, unsigned int n, double rate,
			void *blob, size_t size);

#endif /* MODULES_EQ_IIR_EQ_IIR_DESIGN_H */
