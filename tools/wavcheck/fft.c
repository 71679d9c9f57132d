/* SPDX-License-Identifier: MIT */
/* Iterative radix-2 decimation-in-time FFT (see fft.h). */
#include "tools/wavcheck/fft.h"

#include <math.h>
#include <stdlib.h>

#define FFT_PI 3.14159265358979323846

size_t fft_pow2_floor(size_t n)
{
	size_t p = 1;

	if (!n)
		return 0;
	while (p <= n / 2)
		p *= 2;
	return p;
}

size_t fft_pow2_ceil(size_t n)
{
	size_t p = 1;

	while (p < n)
		p *= 2;
	return p;
}

/* Put the @n points in bit-reversed index order. */
static void bit_reverse(double *re, double *im, size_t n)
{
	for (size_t i = 1, j = 0; i < n; i++) {
		size_t bit = n >> 1;

		for (; j & bit; bit >>= 1)
			j ^= bit;
		j |= bit;
		if (i < j) {
			double t = re[i];

			re[i] = re[j];
			re[j] = t;
			t = im[i];
			im[i] = im[j];
			im[j] = t;
		}
	}
}

int fft_run(double *re, double *im, size_t n, bool inverse)
{
	double sign = inverse ? 1.0 : -1.0, *cs;

	if (!n || (n & (n - 1)))
		return -1;
	/* cos and sin of 2 pi k / n, k < n / 2, each computed directly (no drift). */
	cs = malloc((n / 2 + 1) * 2 * sizeof(*cs));
	if (!cs)
		return -1;
	for (size_t k = 0; k < n / 2; k++) {
		cs[2 * k] = cos(2 * FFT_PI * (double)k / (double)n);
		cs[2 * k + 1] = sign * sin(2 * FFT_PI * (double)k / (double)n);
	}
	bit_reverse(re, im, n);
	for (size_t len = 2; len <= n; len *= 2) {
		size_t half = len / 2, stride = n / len;

		for (size_t i = 0; i < n; i += len) {
			for (size_t j = 0; j < half; j++) {
				double wr = cs[2 * j * stride], wi = cs[2 * j * stride + 1];
				size_t a = i + j, b = a + half;
				double tr = re[b] * wr - im[b] * wi, ti = re[b] * wi + im[b] * wr;

				re[b] = re[a] - tr;
				im[b] = im[a] - ti;
				re[a] += tr;
				im[a] += ti;
			}
		}
	}
	if (inverse) {
		for (size_t k = 0; k < n; k++) {
			re[k] /= (double)n;
			im[k] /= (double)n;
		}
	}
	free(cs);
	return 0;
}
