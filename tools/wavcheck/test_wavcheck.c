/* SPDX-License-Identifier: MIT */
/*
 * Host tests of wavcheck on generated signals, in memory and through WAV
 * files written to a temporary directory and read back: the runner, the
 * shared helpers and the analysis tests (WAV files in test_wav.c, the
 * comparison and the command line in test_cli.c).
 *
 *   wavcheck_tests [name]   one PASS/FAIL line per test, then "N passed, M failed"
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, opendir */

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/wavcheck/analyse.h"
#include "tools/wavcheck/test_wavcheck.h"
#include "tools/wavcheck/wav.h"

static jmp_buf test_env;
static char tmpdir[64], reason[512];

void tw_fail(const char *file, int line, const char *fmt, ...)
{
	int n = snprintf(reason, sizeof(reason), "%s:%d: ", file, line);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason + n, sizeof(reason) - (size_t)n, fmt, ap);
	va_end(ap);
	longjmp(test_env, 1);
}

/* @n samples of amp * sin(2 pi f i / RATE + phase). */
double *tw_sine(size_t n, double f, double amp, double phase)
{
	double *x = malloc(n * sizeof(*x));

	CHECK(x);
	for (size_t i = 0; i < n; i++)
		x[i] = amp * sin(2 * PI * f * (double)i / RATE + phase);
	return x;
}

/* A reproducible normal deviate (xorshift64 and Box-Muller). */
double tw_gauss(uint64_t *s)
{
	double u[2];

	for (int k = 0; k < 2; k++) {
		*s ^= *s << 13;
		*s ^= *s >> 7;
		*s ^= *s << 17;
		u[k] = ((double)(*s >> 11) + 0.5) / 9007199254740992.0;
	}
	return sqrt(-2 * log(u[0])) * cos(2 * PI * u[1]);
}

/* Channels @x[0..@nch) of @n samples as a 16-bit WAV, rounded and clipped. */
void tw_to_wav16(struct wav *w, double *const *x, unsigned int nch, size_t n)
{
	*w = (struct wav){.rate = RATE, .channels = nch, .bits = 16};
	CHECK(wav_alloc(w, n) == 0);
	for (size_t i = 0; i < n; i++)
		for (unsigned int c = 0; c < nch; c++)
			w->samples[i * nch + c] =
				(int32_t)fmax(-32768, fmin(32767, round(x[c][i] * 32768)));
}

/* A path in the test's temporary directory. */
const char *tw_tmp_file(const char *name)
{
	static char path[4][128];
	static int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", tmpdir, name);
	return path[k];
}

/* Write @w to @name and read it back into @back; the samples must survive. */
void tw_round_trip(const struct wav *w, const char *name, struct wav *back)
{
	char err[200];

	CHECK(wav_write(tw_tmp_file(name), w, err, sizeof(err)) == 0);
	CHECK(wav_read(tw_tmp_file(name), back, err, sizeof(err)) == 0);
	CHECK_EQ(back->frames, w->frames);
	CHECK_EQ(back->channels, w->channels);
	CHECK_EQ(back->bits, w->bits);
	CHECK(!memcmp(back->samples, w->samples, w->frames * w->channels * 4));
	CHECK_EQ(back->note[0], 0);
}

/* analyse_wav() with the default parameters. */
static void analyse(const struct wav *w, struct analyse_result *r)
{
	struct analyse_params p;

	analyse_params_default(&p);
	CHECK(analyse_wav(w, &p, r) == 0);
}

/* One channel in memory (no quantisation), defaults, region = whole channel's signal. */
static void analyse_mem(const double *x, size_t n, struct analyse_channel *c)
{
	struct analyse_params p;
	size_t first, last;

	analyse_params_default(&p);
	CHECK(analyse_region(x, n, analyse_db_to_lin(p.threshold_db), &first, &last));
	CHECK(analyse_channel(x, n, RATE, first, last, &p, c) == 0);
}

/* A clean channel: one tone, no events. */
static void check_clean(const struct analyse_channel *c, double f)
{
	CHECK(c->has_signal);
	CHECK(c->is_tonal);
	CHECK_NEAR(c->freq_hz, f, 1e-3);
	CHECK_EQ(c->n_gaps, 0);
	CHECK_EQ(c->n_discs, 0);
}

/* ---- analysis ---------------------------------------------------------------- */

static void test_region_and_levels(void)
{
	double x[1000] = {0};
	size_t first, last;

	CHECK(!analyse_region(x, 1000, 0.001, &first, &last));
	x[100] = 0.001; /* at the threshold: not above it */
	x[101] = -0.0011;
	x[900] = 0.5;
	CHECK(analyse_region(x, 1000, 0.001, &first, &last));
	CHECK_EQ(first, 101);
	CHECK_EQ(last, 900);
	CHECK_NEAR(analyse_peak_dbfs(x, 1000), -6.0206, 1e-4);
	for (int i = 0; i < 1000; i++)
		x[i] = i % 2 ? 0.5 : -0.5; /* square wave: rms 0.5, +3.01 dB over a sine */
	CHECK_NEAR(analyse_rms_dbfs(x, 1000), -6.0206 + 3.0103, 1e-4);
}

/* 1 kHz at -6.02 dBFS, 48 kHz stereo S16 through a file: the 16-bit floor. */
static void test_sine_1k_stereo(void)
{
	double *x[2] = {tw_sine(RATE, 1000, 0.5, 0.3), tw_sine(RATE, 1000, 0.5, 1.9)};
	struct analyse_result r;
	struct wav w, back;
	/* Quantisation noise LSB / sqrt(12) against the sine's RMS. */
	double floor_db = 20 * log10(LSB / sqrt(12) / (0.5 / sqrt(2)));
	int32_t peak[2] = {0, 0};

	tw_to_wav16(&w, x, 2, RATE);
	for (int i = 0; i < 2 * RATE; i++) /* the analysed region holds the peaks */
		peak[i % 2] = abs(w.samples[i]) > peak[i % 2] ? abs(w.samples[i]) : peak[i % 2];
	tw_round_trip(&w, "sine1k.wav", &back);
	analyse(&back, &r);
	CHECK_EQ(r.rate, RATE);
	CHECK_EQ(r.channels, 2);
	CHECK_EQ(r.frames, RATE);
	CHECK_NEAR(r.duration_s, 1.0, 0);
	CHECK_EQ(r.start, 0);
	CHECK_EQ(r.end, RATE - 1);
	for (int c = 0; c < 2; c++) {
		check_clean(&r.ch[c], 1000);
		CHECK_NEAR(r.ch[c].freq_hz, 1000, 1e-4);
		CHECK_NEAR(r.ch[c].rms_dbfs, -6.0206, 0.005);
		CHECK_NEAR(r.ch[c].peak_dbfs, 20 * log10(peak[c] * LSB), 1e-9);
		CHECK_NEAR(r.ch[c].peak_dbfs, -6.0206, 0.019); /* cos(pi / 48) at worst */
		CHECK(r.ch[c].thdn_db < -85);
		CHECK_NEAR(r.ch[c].thdn_db, floor_db, 2.0);
	}
	free(x[0]);
	free(x[1]);
	wav_free(&w);
	wav_free(&back);
}

/* 1% third harmonic: THD+N = 20 log10(0.01) = -40 dB (the floor adds 1e-5 dB). */
static void test_third_harmonic(void)
{
	double *x = tw_sine(RATE, 1000, 0.5, 0.3), *h = tw_sine(RATE, 3000, 0.005, 0.7);
	struct analyse_result r;
	struct wav w;

	for (int i = 0; i < RATE; i++)
		x[i] += h[i];
	tw_to_wav16(&w, &x, 1, RATE);
	analyse(&w, &r);
	CHECK_NEAR(r.ch[0].freq_hz, 1000, 1e-4);
	CHECK_NEAR(r.ch[0].thdn_db, -40.0, 0.02);
	CHECK_EQ(r.ch[0].n_discs, 0);
	free(x);
	free(h);
	wav_free(&w);
}

/*
 * White noise at -50 dBFS (AES17: RMS 10^(-50/20) / sqrt(2)) on a -6.02 dBFS
 * sine: THD+N = -50 + 6.02 = -43.98 dB, computed from the noise drawn.
 */
static void test_white_noise(void)
{
	double *x = tw_sine(RATE, 1000, 0.5, 0.3), sum = 0, want;
	double sigma = analyse_db_to_lin(-50) / sqrt(2);
	struct analyse_result r;
	uint64_t s = 12345;
	struct wav w;

	for (int i = 0; i < RATE; i++) {
		double n = sigma * tw_gauss(&s);

		x[i] += n;
		if (i >= RATE / 50) /* the analysed region skips 20 ms */
			sum += n * n;
	}
	want = 10 * log10((sum / (RATE - RATE / 50) + LSB * LSB / 12) / (0.125));
	CHECK_NEAR(want, -43.98, 0.1);
	tw_to_wav16(&w, &x, 1, RATE);
	analyse(&w, &r);
	CHECK_NEAR(r.ch[0].freq_hz, 1000, 0.01);
	CHECK_NEAR(r.ch[0].thdn_db, want, 0.05);
	CHECK(r.ch[0].is_tonal);
	CHECK_EQ(r.ch[0].n_gaps, 0);
	CHECK_EQ(r.ch[0].n_discs, 0);
	free(x);
	wav_free(&w);
}

/* 5 ms of zeros at 0.5 s in one channel: one gap there, the other channel clean. */
static void test_gap(void)
{
	double *x[2] = {tw_sine(RATE, 1000, 0.5, 0.3), tw_sine(RATE, 1000, 0.5, 0.3)};
	struct analyse_result r;
	struct wav w;

	memset(x[0] + RATE / 2, 0, 240 * sizeof(double));
	tw_to_wav16(&w, x, 2, RATE);
	analyse(&w, &r);
	CHECK_EQ(r.ch[0].n_gaps, 1);
	CHECK_NEAR(r.ch[0].gaps[0].t_s, 0.5, 1e-4);
	CHECK_NEAR(r.ch[0].gaps[0].len_s, 0.005, 1e-4);
	CHECK_EQ(r.ch[0].n_discs, 0); /* the gap's edges are the gap's */
	CHECK_NEAR(r.ch[0].freq_hz, 1000, 1e-3);
	check_clean(&r.ch[1], 1000);
	free(x[0]);
	free(x[1]);
	wav_free(&w);
}

/* Zeros shorter than --gap-ms are no gap but one discontinuity. */
static void test_short_dropout(void)
{
	double *x = tw_sine(RATE, 1000, 0.5, 0.3);
	struct analyse_channel c;

	memset(x + 30000, 0, 12 * sizeof(double));
	analyse_mem(x, RATE, &c);
	CHECK_EQ(c.n_gaps, 0);
	CHECK_EQ(c.n_discs, 1);
	CHECK_NEAR(c.discs[0], 30000.0 / RATE, 1e-4);
	free(x);
}

/* 7 samples dropped at 0.5 s: one discontinuity there, no gap. */
static void test_phase_jump(void)
{
	double *x = tw_sine(RATE + 7, 1000, 0.5, 0.3), *y = tw_sine(RATE, 1000, 0.5, 0.3);
	struct analyse_result r;
	struct wav w;
	double *ch[2] = {x, y};

	memmove(x + RATE / 2, x + RATE / 2 + 7, (RATE / 2) * sizeof(double));
	tw_to_wav16(&w, ch, 2, RATE);
	analyse(&w, &r);
	CHECK_EQ(r.ch[0].n_gaps, 0);
	CHECK_EQ(r.ch[0].n_discs, 1);
	CHECK_NEAR(r.ch[0].discs[0], 0.5, 1e-4);
	check_clean(&r.ch[1], 1000);
	free(x);
	free(y);
	wav_free(&w);
}

/* Clean tones at the ends of the band: no events, the frequency to 1 mHz. */
static void test_clean_tones(void)
{
	static const double freqs[] = {100, 997, 1000, 10000, 19999.5};

	for (size_t i = 0; i < sizeof(freqs) / sizeof(freqs[0]); i++) {
		double *x = tw_sine(RATE, freqs[i], 0.5, 0.3);
		struct analyse_result r;
		struct wav w;

		tw_to_wav16(&w, &x, 1, RATE);
		analyse(&w, &r);
		check_clean(&r.ch[0], freqs[i]);
		CHECK(r.ch[0].thdn_db < -85);
		CHECK_NEAR(r.ch[0].rms_dbfs, -6.0206, 0.01);
		free(x);
		wav_free(&w);
	}
}

/* Half a second with a 10 ms fade-in: the fit still lands, the skip hides the fade. */
static void test_short_tone_fade_in(void)
{
	size_t n = RATE / 2, lead = 4800;
	double *x = calloc(n + lead, sizeof(double)), *s = tw_sine(n, 440.25, 0.25, 1.0);
	struct analyse_result r;
	struct wav w;

	size_t first = 0;

	CHECK(x);
	for (size_t i = 0; i < n; i++)
		x[lead + i] = s[i] * (i < 480 ? (double)i / 480 : 1.0);
	tw_to_wav16(&w, &x, 1, n + lead);
	while (abs(w.samples[first]) <= 32) /* -60 dBFS is 32.8 LSB */
		first++;
	CHECK(first > lead && first < lead + 10);
	analyse(&w, &r);
	CHECK_EQ(r.start, first);
	CHECK_NEAR(r.signal_start_s, (double)first / RATE, 0);
	check_clean(&r.ch[0], 440.25);
	CHECK_NEAR(r.ch[0].rms_dbfs, -12.0412, 0.01);
	CHECK(r.ch[0].thdn_db < -80);
	free(x);
	free(s);
	wav_free(&w);
}

/* Noise is no tone: a spike in it is found by the second difference; silence is silent. */
static void test_noise_spike_and_silence(void)
{
	double *x = calloc(RATE, sizeof(double));
	struct analyse_channel c;
	struct analyse_result r;
	uint64_t s = 99;
	struct wav w;

	CHECK(x);
	for (int i = 0; i < RATE; i++)
		x[i] = 0.05 * tw_gauss(&s);
	analyse_mem(x, RATE, &c);
	CHECK(!c.is_tonal);
	CHECK_EQ(c.n_discs, 0);
	CHECK_EQ(c.n_gaps, 0);
	x[20000] += 0.9;
	analyse_mem(x, RATE, &c);
	CHECK_EQ(c.n_discs, 1);
	CHECK_NEAR(c.discs[0], 20000.0 / RATE, 1e-4);
	memset(x, 0, RATE * sizeof(double));
	tw_to_wav16(&w, &x, 1, RATE);
	analyse(&w, &r);
	CHECK(!r.has_signal);
	CHECK(!r.ch[0].has_signal);
	CHECK(isnan(r.ch[0].freq_hz));
	CHECK(isinf(r.ch[0].rms_dbfs));
	free(x);
	wav_free(&w);
}

/* More events than listed: all counted, the first ANALYSE_MAX_EVENTS kept in order. */
static void test_event_cap(void)
{
	double *x = tw_sine(RATE, 1000, 0.5, 0.3);
	struct analyse_channel c;

	for (int k = 0; k < 30; k++)
		memset(x + 2000 + 1500 * k, 0, 48 * sizeof(double)); /* 1 ms each */
	analyse_mem(x, RATE, &c);
	CHECK_EQ(c.n_gaps, 30);
	CHECK_EQ(c.n_discs, 0);
	CHECK_NEAR(c.gaps[ANALYSE_MAX_EVENTS - 1].t_s, (2000.0 + 1500 * 19) / RATE, 1e-9);
	CHECK_NEAR(c.gaps[3].len_s, 0.001, 1e-9);
	free(x);
}

/*
 * Regression: on a tone whose level changes the residual is large, and
 * Gauss-Newton steps overshoot: they crept to the frequency in some 50 steps
 * (or gave up after 40, leaving THD+N NAN). The secant steps get there in a
 * few. A ramped level change is no discontinuity; a step is one.
 */
static void test_fit_converges_on_level_change(void)
{
	double *x = tw_sine(3 * RATE, 1000, 0.5, 0.3), *y = tw_sine(3 * RATE, 1000, 0.5, 0.3);
	double *ch[2] = {x, y};
	struct analyse_sine fit;
	struct analyse_result r;
	struct wav w;

	for (int i = RATE; i < 3 * RATE; i++)
		y[i] *= 0.02; /* -34 dB */
	CHECK(analyse_sine_fit(y, NULL, 3 * RATE, RATE, 999.94, &fit) == 0);
	CHECK_NEAR(fit.freq_hz, 1000, 1e-4);
	CHECK(fit.iterations <= 12);
	for (int i = RATE; i < 3 * RATE; i++)
		y[i] /= 0.02;

	for (int i = RATE; i < 3 * RATE; i++) {
		x[i] *= i < RATE + 480 ? 1 - 0.75 * (i - RATE) / 480.0 : 0.25;
		y[i] *= 0.25;
	}
	tw_to_wav16(&w, ch, 2, 3 * RATE);
	analyse(&w, &r);
	for (int c = 0; c < 2; c++) {
		CHECK(isfinite(r.ch[c].thdn_db));
		CHECK_NEAR(r.ch[c].freq_hz, 1000, 1e-4);
	}
	CHECK_EQ(r.ch[0].n_discs, 0);
	CHECK_EQ(r.ch[1].n_discs, 1);
	CHECK_NEAR(r.ch[1].discs[0], 1.0, 1e-4);
	free(x);
	free(y);
	wav_free(&w);
}

/* A channel that starts later: its leading silence is no gap, its onset no discontinuity. */
static void test_late_channel(void)
{
	double *x = tw_sine(RATE, 1000, 0.5, 0.3), *y = tw_sine(RATE, 1000, 0.5, PI / 2);
	double *ch[2] = {x, y};
	struct analyse_result r;
	struct wav w;

	memset(y, 0, RATE / 4 * sizeof(double)); /* then it jumps straight to 0.5 */
	tw_to_wav16(&w, ch, 2, RATE);
	analyse(&w, &r);
	CHECK_EQ(r.start, 0);
	check_clean(&r.ch[0], 1000);
	check_clean(&r.ch[1], 1000);
	free(x);
	free(y);
	wav_free(&w);
}

/* The analysed region: skip_ms off the start, skip_end_ms off the end, if both fit. */
static void test_span(void)
{
	struct analyse_params p;
	size_t from, to;

	analyse_params_default(&p);
	analyse_span(100, 48099, RATE, &p, &from, &to);
	CHECK_EQ(from, 100 + 960);
	CHECK_EQ(to, 48099);
	p.skip_end_ms = 10;
	analyse_span(100, 48099, RATE, &p, &from, &to);
	CHECK_EQ(from, 1060);
	CHECK_EQ(to, 48099 - 480);
	analyse_span(100, 1540, RATE, &p, &from, &to); /* 1441 samples: 1440 to skip */
	CHECK_EQ(from, 1060);
	CHECK_EQ(to, 1060);
	analyse_span(100, 1539, RATE, &p, &from, &to); /* too short: all of it */
	CHECK_EQ(from, 100);
	CHECK_EQ(to, 1539);
}

const struct tw_test tw_analyse_tests[] = {
	{test_region_and_levels, "region_and_levels"},
	{test_sine_1k_stereo, "sine_1k_stereo"},
	{test_third_harmonic, "third_harmonic"},
	{test_white_noise, "white_noise"},
	{test_gap, "gap"},
	{test_short_dropout, "short_dropout"},
	{test_phase_jump, "phase_jump"},
	{test_clean_tones, "clean_tones"},
	{test_short_tone_fade_in, "short_tone_fade_in"},
	{test_noise_spike_and_silence, "noise_spike_and_silence"},
	{test_event_cap, "event_cap"},
	{test_fit_converges_on_level_change, "fit_converges_on_level_change"},
	{test_late_channel, "late_channel"},
	{test_span, "span"},
};
const size_t tw_analyse_tests_count = sizeof(tw_analyse_tests) / sizeof(tw_analyse_tests[0]);

/* Remove the temporary directory and what the tests left in it. */
static void clean_tmpdir(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			remove(tw_tmp_file(e->d_name));
	if (d)
		closedir(d);
	rmdir(tmpdir);
}

/* Run @t; true if it passed. */
static bool run_one(const struct tw_test *t)
{
	if (setjmp(test_env)) {
		printf("FAIL wavcheck.%s: %s\n", t->name, reason);
		return false;
	}
	t->fn();
	printf("PASS wavcheck.%s\n", t->name);
	return true;
}

int main(int argc, char **argv)
{
	const struct {
		const struct tw_test *tests;
		size_t count;
	} files[] = {
		{tw_wav_tests, tw_wav_tests_count},
		{tw_analyse_tests, tw_analyse_tests_count},
		{tw_cli_tests, tw_cli_tests_count},
	};
	unsigned int passed = 0, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0); /* every line out, even if LeakSanitizer ends us */
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/wavcheck-test-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 2;
	}
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		for (size_t i = 0; i < files[f].count; i++) {
			const struct tw_test *t = &files[f].tests[i];

			if (argc > 1 && strcmp(argv[1], t->name))
				continue;
			if (run_one(t))
				passed++;
			else
				failed++;
		}
	}
	clean_tmpdir();
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
