/* SPDX-License-Identifier: MIT */
/* wavcheck tests: the bit-exact comparison and the command line. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/wavcheck/cli.h"
#include "tools/wavcheck/compare.h"
#include "tools/wavcheck/test_wavcheck.h"
#include "tools/wavcheck/wav.h"

/* ---- comparison -------------------------------------------------------------- */

static void test_expected_sample_rounding(void)
{
	int32_t half = 1 << 26;

	CHECK_EQ(compare_expected_sample(3, 16, half, 16), 2);	 /* 1.5 -> 2 */
	CHECK_EQ(compare_expected_sample(-3, 16, half, 16), -1); /* -1.5 -> -1: half up */
	CHECK_EQ(compare_expected_sample(1, 16, half, 16), 1);
	CHECK_EQ(compare_expected_sample(-1, 16, half, 16), 0);
	CHECK_EQ(compare_expected_sample(12345, 16, COMPARE_UNITY_Q27, 16), 12345);
	CHECK_EQ(compare_expected_sample(32767, 16, 1 << 28, 16), 32767); /* saturated */
	CHECK_EQ(compare_expected_sample(-32768, 16, 1 << 28, 16), -32768);
	CHECK_EQ(compare_expected_sample(-32768, 16, -COMPARE_UNITY_Q27, 16), 32767);
	CHECK_EQ(compare_expected_sample(1, 16, COMPARE_UNITY_Q27, 24), 256);
	CHECK_EQ(compare_expected_sample(128, 24, COMPARE_UNITY_Q27, 16), 1);
	CHECK_EQ(compare_expected_sample(127, 24, COMPARE_UNITY_Q27, 16), 0);
	CHECK_EQ(compare_expected_sample(INT32_MIN, 32, INT32_MAX, 32), INT32_MIN);
	/* (1000 * 95000000 + 2^26) >> 27 = 708.03 -> 708 */
	CHECK_EQ(compare_expected_sample(1000, 16, 95000000, 16), 708);
}

#define OFFSET 1234
#define GAIN   95000000 /* -3.00 dB */
#define TRAIL  500

/* REF: 1 s stereo, 0.25 s of silence then a tone; OUT: OFFSET frames of @lead, REF x GAIN, TRAIL zeros. */
static void make_pair(struct wav *ref, struct wav *out, double lead)
{
	double *x[2] = {tw_sine(RATE, 1000, 0.7, 0), tw_sine(RATE, 1500, 0.9, 2)};
	uint64_t s = 7;

	memset(x[0], 0, RATE / 4 * sizeof(double));
	memset(x[1], 0, RATE / 4 * sizeof(double));
	tw_to_wav16(ref, x, 2, RATE);
	*out = (struct wav){.rate = RATE, .channels = 2, .bits = 16};
	CHECK(wav_alloc(out, OFFSET + RATE + TRAIL) == 0);
	for (size_t i = 0; i < 2 * OFFSET; i++)
		out->samples[i] = (int32_t)round(lead * tw_gauss(&s));
	for (size_t i = 0; i < 2 * RATE; i++)
		out->samples[2 * OFFSET + i] =
			compare_expected_sample(ref->samples[i], 16, GAIN, 16);
	free(x[0]);
	free(x[1]);
}

static void test_compare_exact_with_offset(void)
{
	struct compare_result r;
	struct wav ref, out;
	char err[100];

	make_pair(&ref, &out, 0);
	CHECK(compare_wav(&ref, &out, GAIN, 2 * RATE, &r, err, sizeof(err)) == 0);
	CHECK_EQ(r.offset, OFFSET);
	CHECK_EQ(r.method, COMPARE_FIRST_NONZERO);
	CHECK_EQ(r.compared, RATE);
	CHECK_EQ(r.ref_frames, RATE);
	CHECK_EQ(r.mismatches, 0);
	out.samples[2 * (OFFSET + 30000) + 1] += 1;
	CHECK(compare_wav(&ref, &out, GAIN, 2 * RATE, &r, err, sizeof(err)) == 0);
	CHECK_EQ(r.offset, OFFSET);
	CHECK_EQ(r.mismatches, 1);
	CHECK_EQ(r.first_frame, OFFSET + 30000);
	CHECK_EQ(r.first_channel, 1);
	CHECK_EQ(r.first_expected, compare_expected_sample(ref.samples[60001], 16, GAIN, 16));
	CHECK_EQ(r.first_got, r.first_expected + 1);
	/* Unity gain: most samples differ, the offset is still found. */
	CHECK(compare_wav(&ref, &out, COMPARE_UNITY_Q27, 2 * RATE, &r, err, sizeof(err)) == 0);
	CHECK_EQ(r.offset, OFFSET);
	CHECK(r.mismatches > RATE);
	wav_free(&ref);
	wav_free(&out);
}

/* Noise before the output starts: no first-sample match, the cross-correlation aligns. */
static void test_compare_xcorr(void)
{
	struct compare_result r;
	struct wav ref, out;
	char err[100];

	make_pair(&ref, &out, 3);
	CHECK(compare_wav(&ref, &out, GAIN, 2 * RATE, &r, err, sizeof(err)) == 0);
	CHECK_EQ(r.method, COMPARE_XCORR);
	CHECK_EQ(r.offset, OFFSET);
	CHECK_EQ(r.mismatches, 0);
	CHECK_EQ(r.compared, RATE);
	/* Beyond --max-offset: what is found is wrong, and says so. */
	CHECK(compare_wav(&ref, &out, GAIN, 1000, &r, err, sizeof(err)) == 0);
	CHECK(r.offset <= 1000);
	CHECK(r.mismatches > 0);
	wav_free(&ref);
	wav_free(&out);
}

static void test_compare_short_and_mismatched(void)
{
	struct compare_result r;
	struct wav ref, out;
	char err[100];

	make_pair(&ref, &out, 0);
	out.frames = OFFSET + RATE - 1000;
	CHECK(compare_wav(&ref, &out, GAIN, 2 * RATE, &r, err, sizeof(err)) == 0);
	CHECK_EQ(r.offset, OFFSET);
	CHECK_EQ(r.compared, RATE - 1000);
	CHECK_EQ(r.mismatches, 0);
	out.frames = OFFSET + RATE + TRAIL;
	out.rate = 44100;
	CHECK(compare_wav(&ref, &out, GAIN, 2 * RATE, &r, err, sizeof(err)) == -1);
	CHECK_STR(err, "REF is 48000 Hz, FILE 44100 Hz");
	out.rate = RATE;
	ref.channels = 1;
	CHECK(compare_wav(&ref, &out, GAIN, 2 * RATE, &r, err, sizeof(err)) == -1);
	CHECK_STR(err, "REF has 1 channels, FILE 2");
	ref.channels = 2;
	wav_free(&ref);
	wav_free(&out);
}

/* ---- the command line ------------------------------------------------------------ */

struct run {
	int status;
	char out[8192], err[2048];
};

/* Read what @f holds into @buf. */
static void slurp(FILE *f, char *buf, size_t len)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* Run the CLI on the NULL-terminated arguments after "wavcheck". */
static void run(struct run *r, ...)
{
	char *argv[40] = {"wavcheck"};
	FILE *out = tmpfile(), *err = tmpfile();
	int argc = 1;
	va_list ap;

	CHECK(out && err);
	va_start(ap, r);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	r->status = cli_run(argc, argv, out, err);
	slurp(out, r->out, sizeof(r->out));
	slurp(err, r->err, sizeof(r->err));
}

/* The last line of @s. */
static const char *last_line(const char *s)
{
	size_t n = strlen(s);
	const char *p;

	while (n && s[n - 1] == '\n')
		n--;
	for (p = s + n; p > s && p[-1] != '\n'; p--)
		;
	return p;
}

/* A 1 s stereo 1 kHz file at -6.02 dBFS from --gen-sine. */
static const char *gen_file(void)
{
	const char *path = tw_tmp_file("gen.wav");
	struct run r;

	run(&r, "--gen-sine", path, "--level-db", "-6.0206", NULL);
	CHECK_EQ(r.status, CLI_PASS);
	return path;
}

static void test_cli_pass(void)
{
	const char *path = gen_file();
	struct run r;

	run(&r, path, "--expect-rate", "48000", "--expect-channels", "2", "--expect-freq", "1000",
	    "--freq-tol", "0.001", "--expect-level-db", "-6.02", "--level-tol", "0.01",
	    "--max-thdn-db", "-85", "--no-gaps", "--min-duration", "0.999", NULL);
	CHECK_EQ(r.status, CLI_PASS);
	CHECK_STR(r.out, "format    48000 Hz, 2 ch, 16-bit PCM, 48000 frames, 1.000000 s\n");
	CHECK_STR(r.out, "ch1       1000.0000 Hz  rms -6.02 dBFS  peak -6.02 dBFS  THD+N -9");
	CHECK(!strcmp(last_line(r.out), "wavcheck: PASS\n"));
	CHECK_EQ(r.err[0], 0);
}

static void test_cli_fail_lines(void)
{
	const char *path = gen_file();
	struct run r;

	run(&r, path, "--expect-rate", "44100", "--expect-channels", "1", "--expect-freq", "1001",
	    "--expect-level-db", "-3", "--max-thdn-db", "-100", "--min-duration", "2", NULL);
	CHECK_EQ(r.status, CLI_FAIL);
	CHECK_STR(r.out, "\nwavcheck: FAIL rate: got 48000, want 44100\n");
	CHECK_STR(r.out, "\nwavcheck: FAIL channels: got 2, want 1\n");
	CHECK_STR(r.out, "\nwavcheck: FAIL freq ch0: got 1000.0000 Hz, want 1001 +- 0.5 Hz\n");
	CHECK_STR(r.out, "\nwavcheck: FAIL level ch1: got -6.02 dBFS, want -3 +- 0.5 dBFS\n");
	CHECK_STR(r.out, "\nwavcheck: FAIL thdn ch0: got -9");
	CHECK_STR(r.out, "\nwavcheck: FAIL signal duration: got 0.999979 s, want >= 2 s\n");
	CHECK(!strstr(r.out, "PASS"));
}

static void test_cli_gaps_json(void)
{
	double *x = tw_sine(RATE, 1000, 0.5, 0.3);
	const char *path = tw_tmp_file("gap.wav");
	struct run r;
	struct wav w;
	char err[100];

	memset(x + RATE / 2, 0, 240 * sizeof(double));
	tw_to_wav16(&w, &x, 1, RATE);
	CHECK(wav_write(path, &w, err, sizeof(err)) == 0);
	run(&r, path, "--json", "--no-gaps", NULL);
	CHECK_EQ(r.status, CLI_FAIL);
	CHECK_STR(r.out, "{\"file\":\"");
	CHECK_STR(r.out, "\"rate\":48000,\"channels\":1,\"bits\":16,\"frames\":48000,"
			 "\"duration_s\":1,\"note\":\"\",\"signal_start_s\":0,");
	CHECK_STR(r.out, "\"gaps\":[[0.5,0.005]],\"gaps_total\":1,\"discontinuities\":[],"
			 "\"discontinuities_total\":0}]");
	CHECK_STR(r.out, "\"pass\":false,\"failures\":[\"gaps ch0: got 1 (first at 0.500000 s, "
			 "5.000 ms long), want 0\"]}\n");
	CHECK_STR(r.err, "wavcheck: FAIL gaps ch0: got 1 (first at 0.500000 s, 5.000 ms long), "
			 "want 0\n");
	CHECK(!strchr(strchr(r.out, '\n') + 1, '\n')); /* one line of JSON */
	free(x);
	wav_free(&w);
}

static void test_cli_compare(void)
{
	const char *rp = tw_tmp_file("ref.wav"), *op = tw_tmp_file("out.wav");
	struct wav ref, out;
	struct run r;
	char err[100], gain[64];

	make_pair(&ref, &out, 0);
	CHECK(wav_write(rp, &ref, err, sizeof(err)) == 0);
	CHECK(wav_write(op, &out, err, sizeof(err)) == 0);
	run(&r, op, "--ref", rp, "--gain-q27", "95000000", "--expect-exact", "--json", NULL);
	CHECK_EQ(r.status, CLI_PASS);
	CHECK_STR(r.out, "\"compare\":{\"ref\":\"");
	CHECK_STR(r.out, "\"gain_q27\":95000000,\"offset\":1234,\"method\":\"first non-zero\","
			 "\"compared\":48000,\"ref_frames\":48000,\"mismatches\":0,"
			 "\"first_mismatch\":null}");
	CHECK_STR(r.err, "wavcheck: PASS\n");
	out.samples[2 * (OFFSET + 30000) + 1] += 1;
	CHECK(wav_write(op, &out, err, sizeof(err)) == 0);
	run(&r, op, "--ref", rp, "--gain-db", "-3", "--expect-exact", NULL);
	CHECK_EQ(r.status, CLI_FAIL);
	snprintf(gain, sizeof(gain), "x %d/2^27 (-3.00 dB)", (int)round(ldexp(pow(10, -0.15), 27)));
	CHECK_STR(r.out, gain);
	CHECK_STR(r.out, "wavcheck: FAIL exact: got ");
	run(&r, op, "--ref", rp, "--gain-q27", "95000000", "--expect-exact", NULL);
	CHECK_EQ(r.status, CLI_FAIL);
	CHECK_STR(r.out, "offset 1234 frames (25.708 ms, by first non-zero), 48000 of 48000 REF "
			 "frames compared, 1 mismatches\n");
	CHECK_STR(r.out, "\nwavcheck: FAIL exact: got 1 mismatches in 48000 frames (first at "
			 "frame 31234 ch1: ");
	CHECK_STR(r.out, "first mismatch: frame 31234 (REF frame 30000) ch1: got");
	wav_free(&ref);
	wav_free(&out);
}

static void test_cli_errors(void)
{
	const char *path = tw_tmp_file("garbage.wav"), *gen = gen_file();
	FILE *f = fopen(path, "wb");
	struct run r;

	CHECK(f);
	fputs("this is not a wav file at all", f);
	fclose(f);
	run(&r, path, NULL);
	CHECK_EQ(r.status, CLI_ERROR);
	CHECK_STR(r.err, "garbage.wav: not a RIFF/WAVE file: starts with \"this\" ... \"not \"\n");
	CHECK_EQ(r.out[0], 0);
	run(&r, tw_tmp_file("missing.wav"), NULL);
	CHECK_EQ(r.status, CLI_ERROR);
	CHECK_STR(r.err, "missing.wav: cannot open: No such file or directory");
	run(&r, gen, "--bogus", NULL);
	CHECK_EQ(r.status, CLI_ERROR);
	CHECK_STR(r.err, "wavcheck: unknown option '--bogus'");
	run(&r, gen, "--expect-freq", "1k", NULL);
	CHECK_EQ(r.status, CLI_ERROR);
	CHECK_STR(r.err, "wavcheck: --expect-freq: bad value '1k'");
	run(&r, gen, "--expect-rate", NULL);
	CHECK_EQ(r.status, CLI_ERROR);
	CHECK_STR(r.err, "--expect-rate needs a value");
	run(&r, gen, "--expect-exact", NULL);
	CHECK_EQ(r.status, CLI_ERROR);
	CHECK_STR(r.err, "--expect-exact needs --ref");
	run(&r, gen, "--ref", gen, "--gain-db", "30", NULL);
	CHECK_EQ(r.status, CLI_ERROR);
	CHECK_STR(r.err, "wavcheck: --gain-db: bad value '30' (a number in [-200, 24])");
	run(&r, gen, "--ref", path, NULL);
	CHECK_EQ(r.status, CLI_ERROR);
	CHECK_STR(r.err, "garbage.wav: not a RIFF/WAVE file");
	run(&r, NULL);
	CHECK_EQ(r.status, CLI_ERROR);
	CHECK_STR(r.err, "no FILE given");
}

const struct tw_test tw_cli_tests[] = {
	{test_expected_sample_rounding, "expected_sample_rounding"},
	{test_compare_exact_with_offset, "compare_exact_with_offset"},
	{test_compare_xcorr, "compare_xcorr"},
	{test_compare_short_and_mismatched, "compare_short_and_mismatched"},
	{test_cli_pass, "cli_pass"},
	{test_cli_fail_lines, "cli_fail_lines"},
	{test_cli_gaps_json, "cli_gaps_json"},
	{test_cli_compare, "cli_compare"},
	{test_cli_errors, "cli_errors"},
};
const size_t tw_cli_tests_count = sizeof(tw_cli_tests) / sizeof(tw_cli_tests[0]);
