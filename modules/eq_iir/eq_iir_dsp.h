/* SPDX-License-Identifier: MIT */
/*
 * EQ IIR: a cascade of up to 8 biquads, the same on every channel.
 *
 * Stage k computes H(z) = 2^shift * (b0 + b1 z^-1 + b2 z^-2) /
 * (1 + a1 z^-1 + a2 z^-2) in direct form I. Coefficients are Q2.30; b is
 * stored scaled down by 2^shift (0..8) so that gains up to +48 dB fit.
 * Fixed point, per sample and stage:
 *   ff = b0 x[n] + b1 x[n-1] + b2 x[n-2]      Q8.56
 *   w  = ff - a1 w[n-1] - a2 w[n-2]           Q8.56, 64-bit, clamped to +-16
 *   y  = w * 2^shift
 * The recursion keeps w in 64 bits and multiplies the full 64-bit w by a1,
 * a2 (two 32x32 products each). A 32-bit feedback path would inject rounding
 * noise that poles near z = 1 amplify (worst case by 1 / ((1 - r) sin theta),
 * 2e6 for a 40 Hz Q 8 peak at 96 kHz): with w rounded to Q1.31 the tests'
 * low-corner cascade is off by 41 LSB at S24 and 23000 at S32. Between
 * stages y is not rounded either: it is passed on in Q8.56, saturated to the
 * Q1.31 range [-1, 1 - 2^-31] (so give a boost stage after the cuts, or
 * headroom), and the next stage's feed-forward takes it at full precision
 * (two 32x32 products per tap). The first stage's input is Q1.31, so its
 * feed-forward is exact in Q3.61 with one product per tap. Only the last
 * stage rounds, once, straight to the output format.
 *
 * Accuracy against a double-precision direct form II transposed cascade of
 * the same (quantised) coefficients: within +-1 LSB for S16, S24 and S32.
 * Before the final rounding the output is within 0.04 S32 LSB of the exact
 * response on the tests' cascades (the Q1.31 rounding between stages, which
 * the following stages amplified to 1.9 LSB, is gone). The magnitude
 * response measured with sines matches the analytic response of the
 * coefficients within 1e-6 dB (the tests assert 0.001 dB).
 *
 * Cost per sample: 7 multiplies for the first stage (3 feed-forward, 2 x 2
 * feedback), 10 for each further one (3 x 2 feed-forward, 2 x 2 feedback).
 *
 * Configuration blob (all fields 32-bit little-endian, no alignment needed):
 *   struct eq_iir_dsp_blob_header  magic EQ_IIR_DSP_MAGIC, version
 *                                  EQ_IIR_DSP_VERSION, n_stages (0..8; 0 is
 *                                  a flat response), size (bytes of the
 *                                  whole blob: 16 + 24 * n_stages)
 *   struct eq_iir_dsp_blob_stage   n_stages times: b0 b1 b2 a1 a2 (Q2.30),
 *                                  shift (0..EQ_IIR_DSP_MAX_SHIFT)
 * A stage is accepted if its poles are inside the unit circle (|a2| < 1,
 * |a1| < 1 + a2) and |b0| + |b1| + |b2| < 4 (the Q3.61 sum cannot overflow).
 * modules/eq_iir/eq_iir_design.h designs bands and packs blobs.
 */
#ifndef MODULES_EQ_IIR_EQ_IIR_DSP_H
#define MODULES_EQ_IIR_EQ_IIR_DSP_H

#include <stddef.h>
#include <stdint.h>

#include <sotto/pcm.h>

#define EQ_IIR_DSP_MAGIC      0x52495145u /* "EQIR" in memory order */
#define EQ_IIR_DSP_VERSION    1
#define EQ_IIR_DSP_MAX_STAGES 8
#define EQ_IIR_DSP_MAX_SHIFT  8
#define EQ_IIR_DSP_COEF_FRAC  30 /* Q2.30 */

struct eq_iir_dsp_blob_header {
	uint32_t magic;
	uint32_t version;
	uint32_t n_stages;
	uint32_t size;
};

struct eq_iir_dsp_blob_stage {
	int32_t b0, b1, b2, a1, a2; /* Q2.30; b scaled by 2^-shift */
	int32_t shift;
};

_Static_assert(sizeof(struct eq_iir_dsp_blob_header) == 16, "blob header layout");
_Static_assert(sizeof(struct eq_iir_dsp_blob_stage) == 24, "blob stage layout");

/* Delay line of one stage on one channel. */
struct eq_iir_dsp_delay {
	int64_t x1, x2; /* inputs, Q8.56 (within +-1) */
	int64_t w1, w2; /* recursion state, Q8.56 */
};

struct eq_iir_dsp {
	unsigned int n_stages;
	struct eq_iir_dsp_blob_stage stage[EQ_IIR_DSP_MAX_STAGES];
	struct eq_iir_dsp_delay delay[SOT_PCM_MAX_CHANNELS][EQ_IIR_DSP_MAX_STAGES];
};

/* No stages (flat), delays cleared. */
void eq_iir_dsp_init(struct eq_iir_dsp *eq);

/*
 * Check a configuration blob of @size bytes without applying it. Returns 0,
 * -EINVAL (NULL, bad magic, size field or @size not 16 + 24 * n_stages, shift
 * out of range, unstable poles, b too large), -ENOTSUP (version), -E2BIG
 * (more than EQ_IIR_DSP_MAX_STAGES stages).
 */
int eq_iir_dsp_check_config(const void *blob, size_t size);

/* Check, then apply @blob and clear the delays. On error nothing changes. */
int eq_iir_dsp_set_config(struct eq_iir_dsp *eq, const void *blob, size_t size);

/* Clear the delays of every channel (stream restart). */
void eq_iir_dsp_reset(struct eq_iir_dsp *eq);

/*
 * Filter @frames frames of @channels (1..8) channels in @fmt from @in to @out
 * (which may be @in). Returns 0, or -EINVAL for a bad format or channel count
 * (nothing done).
 */
int eq_iir_dsp_process(struct eq_iir_dsp *eq, const void *in, void *out, uint32_t frames,
		       enum sot_pcm_format fmt, unsigned int channels);

#endif /* MODULES_EQ_IIR_EQ_IIR_DSP_H */
