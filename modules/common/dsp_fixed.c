/* SPDX-License-Identifier: MIT */
/* Fixed-point helpers of the DSP kernels: configuration-time arithmetic. */
#include "modules/common/dsp_fixed.h"

uint64_t dsp_div_u64_u32(uint64_t n, uint32_t d)
{
	uint64_t q = 0, r = 0;

	for (int i = 63; i >= 0; i--) {
		r = (r << 1) | ((n >> i) & 1); /* r < 2d < 2^33 */
		if (r >= d) {
			r -= d;
			q |= (uint64_t)1 << i;
		}
	}
	return q;
}

int64_t dsp_div_s64_u32(int64_t n, uint32_t d)
{
	uint64_t mag = n < 0 ? -(uint64_t)n : (uint64_t)n;
	uint64_t q = dsp_div_u64_u32(mag, d);

	return n < 0 ? -(int64_t)q : (int64_t)q;
}

/* log2(10) / 2000 in Q16.48: y = mb * this is log2 of the gain. */
#define LOG2_10_PER_MB_Q48 467519816571ll

/* sqrt(2) * ln(2)^k / k! in Q3.61, k = 0..9: 2^f = sum of these * (f - 1/2)^k. */
static const int64_t exp2_coef[10] = {
	3260954456333195553ll, 2260321387341743790ll, 783367698397636881ll, 180996370495351864ll,
	31364280975109104ll,   4348012585637362ll,    502302110795616ll,    49738470269613ll,
	4309510054093ll,       331902749288ll,
};

/* (@a * @b) >> 32 for a 64-bit @a: two 32x32 products, no 128-bit type. */
static int64_t mul_s64_s32_shr32(int64_t a, int32_t b)
{
	int64_t hi = (int64_t)(int32_t)(a >> 32) * b;
	int64_t lo = (int64_t)(uint32_t)a * b; /* |lo| < 2^63 */

	return hi + (lo >> 32);
}

int32_t dsp_mb_to_gain(int32_t mb, unsigned int frac)
{
	const int32_t lim = 1 << 20;
	int64_t y, p;
	uint64_t f;
	int32_t n, d;
	int shift;

	if (mb > lim)
		mb = lim;
	if (mb < -lim)
		mb = -lim;
	y = (int64_t)mb * LOG2_10_PER_MB_Q48; /* |y| < 2^59 */
	n = (int32_t)(y >> 48);		      /* floor */
	f = ((uint64_t)y & (((uint64_t)1 << 48) - 1)) + (1u << 15);
	f >>= 16; /* fractional part, Q0.32, rounded; may round up to 1.0 */
	if (f >> 32) {
		n++;
		f = 0;
	}
	d = (int32_t)(uint32_t)(f - 0x80000000u); /* f - 1/2 in Q0.32: [-1/2, 1/2) */
	p = exp2_coef[9];
	for (int k = 8; k >= 0; k--)
		p = exp2_coef[k] + mul_s64_s32_shr32(p, d);
	/* p = 2^f in Q3.61, in [2^61, 2^62); the gain is p * 2^n. */
	shift = 61 - (int)frac - n;
	if (shift <= 0)
		return INT32_MAX;
	if (shift >= 63)
		return 0;
	y = dsp_shr_round(p, (unsigned int)shift);
	return y > INT32_MAX ? INT32_MAX : (int32_t)y;
}
