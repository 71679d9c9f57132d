/* SPDX-License-Identifier: MIT */
/*
 * A radix-2 complex FFT in double precision for wavcheck: the spectrum peak
 * of analyse.c and the cross-correlation of compare.c.
 */
#ifndef TOOLS_WAVCHECK_FFT_H
#define TOOLS_WAVCHECK_FFT_H

#include <stdbool.h>
#include <stddef.h>

/* The largest power of two <= @n (0 for 0). */
size_t fft_pow2_floor(size_t n);

/* The smallest power of two >= @n (1 for 0). */
size_t fft_pow2_ceil(size_t n);

/*
 * In-place transform of the @n points (@re[k], @im[k]), @n a power of two:
 * X[k] = sum x[j] e^(-2 pi i jk/n), or with @inverse e^(+2 pi i jk/n) and the
 * result divided by n. Returns 0, or -1 if @n is not a power of two or
 * memory for the twiddle table ran out.
 */
int fft_run(double *re, double *im, size_t n, bool inverse);

#endif /* TOOLS_WAVCHECK_FFT_H */
