/* SPDX-License-Identifier: MIT */
/*
 * The wavcheck host tests (test_*.c in this folder): a tiny runner with
 * CHECK macros that end the test at the first failure, and the signal
 * helpers the test files share.
 */
#ifndef TOOLS_WAVCHECK_TEST_WAVCHECK_H
#define TOOLS_WAVCHECK_TEST_WAVCHECK_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tools/wavcheck/wav.h"

#define PI   3.14159265358979323846
#define RATE 48000
#define LSB  (1.0 / 32768) /* one 16-bit step */

struct tw_test {
	void (*fn)(void);
	const char *name;
};

/* Each test file's table. */
extern const struct tw_test tw_wav_tests[], tw_analyse_tests[], tw_cli_tests[];
extern const size_t tw_wav_tests_count, tw_analyse_tests_count, tw_cli_tests_count;

/* Fail the running test with a reason: it ends at once. */
__attribute__((noreturn, format(printf, 3, 4))) void tw_fail(const char *file, int line,
							     const char *fmt, ...);

#define CHECK(cond)                                                             \
	do {                                                                    \
		if (!(cond))                                                    \
			tw_fail(__FILE__, __LINE__, "check failed: %s", #cond); \
	} while (0)

#define CHECK_EQ(a, b)                                                                         \
	do {                                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);                            \
		if (a_ != b_)                                                                  \
			tw_fail(__FILE__, __LINE__, "%s == %s: %lld vs %lld", #a, #b, a_, b_); \
	} while (0)

#define CHECK_NEAR(a, b, tol)                                                                 \
	do {                                                                                  \
		double a_ = (a), b_ = (b);                                                    \
		if (!(fabs(a_ - b_) <= (tol)))                                                \
			tw_fail(__FILE__, __LINE__, "%s = %.9g, want %.9g +- %g", #a, a_, b_, \
				(double)(tol));                                               \
	} while (0)

#define CHECK_STR(hay, needle)                                                            \
	do {                                                                              \
		if (!strstr((hay), (needle)))                                             \
			tw_fail(__FILE__, __LINE__, "\"%s\" not in \"%s\"", needle, hay); \
	} while (0)

/* @n samples of @amp * sin(2 pi @f i / RATE + @phase), malloc'ed. */
double *tw_sine(size_t n, double f, double amp, double phase);

/* A reproducible normal deviate from the state *@s (xorshift64, Box-Muller). */
double tw_gauss(uint64_t *s);

/* Channels @x[0..@nch) of @n samples as a 16-bit WAV at RATE, rounded and clipped. */
void tw_to_wav16(struct wav *w, double *const *x, unsigned int nch, size_t n);

/* A path in the run's temporary directory (the last four stay valid). */
const char *tw_tmp_file(const char *name);

/* Write @w to @name and read it back into @back; the samples must survive. */
void tw_round_trip(const struct wav *w, const char *name, struct wav *back);

#endif /* TOOLS_WAVCHECK_TEST_WAVCHECK_H */
