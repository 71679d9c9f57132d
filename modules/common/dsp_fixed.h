/* SPDX-License-Identifier: MIT */
/*
 * Fixed-point helpers shared by the DSP kernels of the modules. Integer only
 * (the DSPs have no FPU), no libgcc helper calls (no 64-bit division), no
 * global state.
 *
 * Q notation: Qm.n is a signed value with m integer bits (sign included) and
 * n fractional bits in m + n bits; the value of the integer x is x / 2^n.
 */
#ifndef MODULES_COMMON_DSP_FIXED_H
#define MODULES_COMMON_DSP_FIXED_H

#include <stdint.h>

/* Saturate @v to int32_t. */
static inline int32_t dsp_sat32(int64_t v)
{
	if (v > INT32_MAX)
		return INT32_MAX;
	if (v < INT32_MIN)
		return INT32_MIN;
	return (int32_t)v;
}

/* @v / 2^@shift rounded to nearest (ties toward +infinity); 1 <= shift <= 62. */
static inline int64_t dsp_shr_round(int64_t v, unsigned int shift)
{
	return (v + ((int64_t)1 << (shift - 1))) >> shift;
}

/*
 * @n / @d truncated, by shift and subtract (no __aeabi_uldivmod). For
 * configuration paths, not per sample: up to 64 iterations. @d must not be 0.
 */
uint64_t dsp_div_u64_u32(uint64_t n, uint32_t d);

/* @n / @d truncated toward zero, for signed @n; @d must not be 0. */
int64_t dsp_div_s64_u32(int64_t n, uint32_t d);

/*
 * 10^(mb / 2000), the linear gain of @mb millibels (1/100 dB), in Q(32 - frac).frac:
 * round(10^(mb / 2000) * 2^frac), saturated to INT32_MAX; 0 when it rounds to
 * 0. @frac is 0..31, @mb is clamped to +-2^20. Integer only: 2^y with y = mb *
 * log2(10) / 2000 split into an integer and a fractional part, 2^fraction by
 * a degree-9 Taylor polynomial around 0.5 (truncation below 1e-11) in Q3.61.
 * The result is within 1 of the exactly rounded value (relative error of the
 * unrounded result below 2e-10), checked for every mb in -10000..2000.
 */
int32_t dsp_mb_to_gain(int32_t mb, unsigned int frac);

#endif /* MODULES_COMMON_DSP_FIXED_H */
