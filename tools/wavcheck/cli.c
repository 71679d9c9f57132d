/* SPDX-License-Identifier: MIT */
/* The wavcheck command line (see cli.h and docs/wavcheck.md). */
#include "tools/wavcheck/cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tools/wavcheck/analyse.h"
#include "tools/wavcheck/compare.h"
#include "tools/wavcheck/wav.h"

#define CLI_PI	  3.14159265358979323846
#define MAX_FAILS 64 /* > 5 per channel x 8 channels + 6 for the file */
#define FAIL_LEN  240
#define GEN_MAX_S 3600

struct cli_opts {
	const char *file, *ref, *gen;
	bool json, no_gaps, expect_exact, help;
	double threshold_db, skip_ms, skip_end_ms, gap_db, gap_ms, disc_db;
	double gain_q27, gain_db, max_offset_s;
	double expect_rate, expect_channels, expect_freq, freq_tol;
	double expect_level, level_tol, max_thdn, min_duration;
	double gen_rate, gen_channels, gen_freq, gen_level, gen_duration;
};

enum opt_kind {
	OPT_FLAG, /* bool, no value */
	OPT_NUM,  /* double in [min, max] */
	OPT_INT,  /* integer in [min, max], kept in a double */
	OPT_PATH, /* const char * */
};

struct opt_def {
	const char *name;
	enum opt_kind kind;
	size_t off;
	double min, max;
};

/* Table rows: option name, kind, field of struct cli_opts, allowed range. */
#define OPT(n, k, f, lo, hi)                                                                    \
	{                                                                                       \
		.name = n, .kind = k, .off = offsetof(struct cli_opts, f), .min = lo, .max = hi \
	}
#define FLAG(n, f)	  OPT(n, OPT_FLAG, f, 0, 0)
#define PATH(n, f)	  OPT(n, OPT_PATH, f, 0, 0)
#define NUM(n, f, lo, hi) OPT(n, OPT_NUM, f, lo, hi)
#define INT(n, f, lo, hi) OPT(n, OPT_INT, f, lo, hi)

static const struct opt_def opts_table[] = {
	FLAG("--json", json),
	FLAG("--help", help),
	NUM("--threshold-db", threshold_db, -200, 0),
	NUM("--skip-ms", skip_ms, 0, 1e7),
	NUM("--skip-end-ms", skip_end_ms, 0, 1e7),
	NUM("--gap-db", gap_db, -200, 0),
	NUM("--gap-ms", gap_ms, 1e-3, 1e7),
	NUM("--disc-db", disc_db, -200, 0),
	PATH("--ref", ref),
	INT("--gain-q27", gain_q27, INT32_MIN, INT32_MAX),
	NUM("--gain-db", gain_db, -200, 24),
	NUM("--max-offset", max_offset_s, 0, 3600),
	INT("--expect-rate", expect_rate, 1, UINT32_MAX),
	INT("--expect-channels", expect_channels, 1, WAV_MAX_CHANNELS),
	NUM("--expect-freq", expect_freq, 0, 1e7),
	NUM("--freq-tol", freq_tol, 0, 1e7),
	NUM("--expect-level-db", expect_level, -400, 400),
	NUM("--level-tol", level_tol, 0, 400),
	NUM("--max-thdn-db", max_thdn, -400, 400),
	FLAG("--no-gaps", no_gaps),
	NUM("--min-duration", min_duration, 0, 1e7),
	FLAG("--expect-exact", expect_exact),
	PATH("--gen-sine", gen),
	INT("--rate", gen_rate, 1, 768000),
	INT("--channels", gen_channels, 1, WAV_MAX_CHANNELS),
	NUM("--freq", gen_freq, 0, 384000),
	NUM("--level-db", gen_level, -200, 0),
	NUM("--duration", gen_duration, 0, GEN_MAX_S),
};

static const char usage[] =
	"usage: wavcheck FILE [--json] [--threshold-db D] [--skip-ms MS] [--skip-end-ms MS]\n"
	"                [--gap-db D] [--gap-ms MS] [--disc-db D]\n"
	"                [--ref REF.wav [--gain-q27 N | --gain-db G] [--max-offset S]]\n"
	"                [--expect-rate R] [--expect-channels C] [--expect-freq F [--freq-tol T]]\n"
	"                [--expect-level-db L [--level-tol T]] [--max-thdn-db X] [--no-gaps]\n"
	"                [--min-duration S] [--expect-exact]\n"
	"       wavcheck --gen-sine OUT.wav [--rate R] [--channels C] [--freq F] [--level-db L]\n"
	"                [--duration S]\n"
	"exit status: 0 pass, 1 an expectation failed, 2 usage or file error (docs/wavcheck.md)\n";

struct verdict {
	char lines[MAX_FAILS][FAIL_LEN];
	unsigned int n;
};

static void opts_default(struct cli_opts *o)
{
	struct analyse_params p;

	analyse_params_default(&p);
	*o = (struct cli_opts){
		.threshold_db = p.threshold_db,
		.skip_ms = p.skip_ms,
		.skip_end_ms = p.skip_end_ms,
		.gap_db = p.gap_db,
		.gap_ms = p.gap_ms,
		.disc_db = p.disc_floor_db,
		.gain_q27 = NAN,
		.gain_db = NAN,
		.max_offset_s = 2,
		.expect_rate = NAN,
		.expect_channels = NAN,
		.expect_freq = NAN,
		.freq_tol = 0.5,
		.expect_level = NAN,
		.level_tol = 0.5,
		.max_thdn = NAN,
		.min_duration = NAN,
		.gen_rate = 48000,
		.gen_channels = 2,
		.gen_freq = 1000,
		.gen_level = -6,
		.gen_duration = 1,
	};
}

/* Store @val for @d in @o; -1 with a message on @err if it is malformed. */
static int set_value(const struct opt_def *d, const char *val, struct cli_opts *o, FILE *err)
{
	char *end;
	double v;

	if (d->kind == OPT_PATH) {
		*(const char **)((char *)o + d->off) = val;
		return 0;
	}
	errno = 0;
	v = d->kind == OPT_INT ? (double)strtoll(val, &end, 10) : strtod(val, &end);
	if (end == val || *end || errno || !isfinite(v) || v < d->min || v > d->max) {
		fprintf(err, "wavcheck: %s: bad value '%s' (%s in [%g, %g])\n", d->name, val,
			d->kind == OPT_INT ? "an integer" : "a number", d->min, d->max);
		return -1;
	}
	*(double *)((char *)o + d->off) = v;
	return 0;
}

static const struct opt_def *find_opt(const char *name)
{
	for (size_t i = 0; i < sizeof(opts_table) / sizeof(opts_table[0]); i++)
		if (!strcmp(opts_table[i].name, name))
			return &opts_table[i];
	return NULL;
}

/* Parse @argv into @o; -1 with a message on @err for bad usage. */
static int parse_args(int argc, char **argv, struct cli_opts *o, FILE *err)
{
	for (int i = 1; i < argc; i++) {
		const struct opt_def *d = find_opt(argv[i]);

		if (argv[i][0] != '-' || !argv[i][1]) {
			if (o->file) {
				fprintf(err, "wavcheck: one FILE only ('%s', '%s')\n", o->file,
					argv[i]);
				return -1;
			}
			o->file = argv[i];
		} else if (!d) {
			fprintf(err, "wavcheck: unknown option '%s' (see wavcheck --help)\n",
				argv[i]);
			return -1;
		} else if (d->kind == OPT_FLAG) {
			*(bool *)((char *)o + d->off) = true;
		} else if (i + 1 == argc) {
			fprintf(err, "wavcheck: %s needs a value\n", argv[i]);
			return -1;
		} else if (set_value(d, argv[++i], o, err)) {
			return -1;
		}
	}
	return 0;
}

/* Usage rules across options; -1 with a message on @err if one is broken. */
static int check_args(const struct cli_opts *o, FILE *err)
{
	const char *why = NULL;

	if (o->gen && o->file)
		why = "--gen-sine takes no FILE";
	else if (!o->gen && !o->file)
		why = "no FILE given";
	else if (o->expect_exact && !o->ref)
		why = "--expect-exact needs --ref";
	else if ((!isnan(o->gain_q27) || !isnan(o->gain_db)) && !o->ref)
		why = "--gain-q27 and --gain-db need --ref";
	else if (!isnan(o->gain_q27) && !isnan(o->gain_db))
		why = "--gain-q27 or --gain-db, not both";
	if (why)
		fprintf(err, "wavcheck: %s (see wavcheck --help)\n", why);
	return why ? -1 : 0;
}

/* The gain in Q5.27 (unity without --gain-*); -1 if --gain-db does not fit. */
static int gain_q27(const struct cli_opts *o, int32_t *q27)
{
	double g = COMPARE_UNITY_Q27;

	if (!isnan(o->gain_q27))
		g = o->gain_q27;
	else if (!isnan(o->gain_db))
		g = round(ldexp(pow(10, o->gain_db / 20), 27));
	if (g > INT32_MAX)
		return -1;
	*q27 = (int32_t)g;
	return 0;
}

/* --gen-sine: a 16-bit sine in every channel, rounded to nearest, no dither. */
static int gen_sine(const struct cli_opts *o, FILE *err)
{
	struct wav w = {.rate = (uint32_t)o->gen_rate,
			.channels = (unsigned int)o->gen_channels,
			.bits = 16};
	double amp = ldexp(pow(10, o->gen_level / 20), 15);
	char why[200];
	int ret;

	if (o->gen_freq >= o->gen_rate / 2 ||
	    wav_alloc(&w, (size_t)round(o->gen_duration * o->gen_rate))) {
		fprintf(err, "wavcheck: --gen-sine: cannot make %g Hz at %g Hz for %g s\n",
			o->gen_freq, o->gen_rate, o->gen_duration);
		return CLI_ERROR;
	}
	for (size_t i = 0; i < w.frames; i++) {
		double v = round(amp * sin(2 * CLI_PI * o->gen_freq * (double)i / o->gen_rate));

		for (unsigned int c = 0; c < w.channels; c++)
			w.samples[i * w.channels + c] = (int32_t)fmax(-32768, fmin(32767, v));
	}
	ret = wav_write(o->gen, &w, why, sizeof(why));
	if (ret)
		fprintf(err, "wavcheck: %s: %s\n", o->gen, why);
	wav_free(&w);
	return ret ? CLI_ERROR : CLI_PASS;
}

__attribute__((format(printf, 2, 3))) static void fail(struct verdict *v, const char *fmt, ...)
{
	va_list ap;

	if (v->n == MAX_FAILS)
		return;
	va_start(ap, fmt);
	vsnprintf(v->lines[v->n++], FAIL_LEN, fmt, ap);
	va_end(ap);
}

/* The per-channel expectations of @o on channel @ch of @r. */
static void check_channel(const struct cli_opts *o, const struct analyse_result *r, unsigned int ch,
			  struct verdict *v)
{
	const struct analyse_channel *c = &r->ch[ch];

	if (!isnan(o->expect_freq) && !(fabs(c->freq_hz - o->expect_freq) <= o->freq_tol))
		fail(v, "freq ch%u: got %.4f Hz, want %g +- %g Hz", ch, c->freq_hz, o->expect_freq,
		     o->freq_tol);
	if (!isnan(o->expect_level) && !(fabs(c->rms_dbfs - o->expect_level) <= o->level_tol))
		fail(v, "level ch%u: got %.2f dBFS, want %g +- %g dBFS", ch, c->rms_dbfs,
		     o->expect_level, o->level_tol);
	if (!isnan(o->max_thdn) && !(c->thdn_db <= o->max_thdn))
		fail(v, "thdn ch%u: got %.2f dB, want <= %g dB", ch, c->thdn_db, o->max_thdn);
	if (o->no_gaps && c->n_gaps)
		fail(v, "gaps ch%u: got %zu (first at %.6f s, %.3f ms long), want 0", ch, c->n_gaps,
		     c->gaps[0].t_s, c->gaps[0].len_s * 1000);
	if (o->no_gaps && c->n_discs)
		fail(v, "discontinuities ch%u: got %zu (first at %.6f s), want 0", ch, c->n_discs,
		     c->discs[0]);
}

/* Every expectation of @o on @r (and @cmp with --ref); failures into @v. */
static void check_all(const struct cli_opts *o, const struct analyse_result *r,
		      const struct compare_result *cmp, struct verdict *v)
{
	double sig = r->has_signal ? (double)(r->end + 1 - r->start) / r->rate : 0;

	if (!isnan(o->expect_rate) && r->rate != o->expect_rate)
		fail(v, "rate: got %u, want %.0f", r->rate, o->expect_rate);
	if (!isnan(o->expect_channels) && r->channels != o->expect_channels)
		fail(v, "channels: got %u, want %.0f", r->channels, o->expect_channels);
	for (unsigned int ch = 0; ch < r->channels; ch++)
		check_channel(o, r, ch, v);
	if (!isnan(o->min_duration) && !(sig >= o->min_duration))
		fail(v, "signal duration: got %.6f s, want >= %g s", sig, o->min_duration);
	if (!o->expect_exact)
		return;
	if (cmp->mismatches)
		fail(v,
		     "exact: got %zu mismatches in %zu frames (first at frame %zu ch%u: %d, "
		     "expected %d), want 0",
		     cmp->mismatches, cmp->compared, cmp->first_frame, cmp->first_channel,
		     cmp->first_got, cmp->first_expected);
	if (cmp->compared < cmp->ref_frames)
		fail(v, "exact: got %zu of %zu REF frames in FILE (offset %zu), want all",
		     cmp->compared, cmp->ref_frames, cmp->offset);
}

static const char *method_name(enum compare_method m)
{
	switch (m) {
	case COMPARE_FIRST_NONZERO:
		return "first non-zero";
	case COMPARE_XCORR:
		return "cross-correlation";
	case COMPARE_SILENT_REF:
		return "REF silent";
	}
	return "?";
}

/* The human-readable report of channel @ch. */
static void report_channel(FILE *out, const struct analyse_channel *c, unsigned int ch)
{
	if (!c->has_signal) {
		fprintf(out, "ch%-7u silence (rms %.2f dBFS)\n", ch, c->rms_dbfs);
		return;
	}
	fprintf(out, "ch%-7u %.4f Hz  rms %.2f dBFS  peak %.2f dBFS  THD+N %.2f dB  %s\n", ch,
		c->freq_hz, c->rms_dbfs, c->peak_dbfs, c->thdn_db,
		c->is_tonal ? "tonal" : "not tonal");
	fprintf(out, "          gaps: %zu", c->n_gaps);
	for (size_t i = 0; i < c->n_gaps && i < ANALYSE_MAX_EVENTS; i++)
		fprintf(out, "%s %.6f s (%.3f ms)", i ? "," : "", c->gaps[i].t_s,
			c->gaps[i].len_s * 1000);
	fprintf(out, "%s\n          discontinuities: %zu",
		c->n_gaps > ANALYSE_MAX_EVENTS ? " ..." : "", c->n_discs);
	for (size_t i = 0; i < c->n_discs && i < ANALYSE_MAX_EVENTS; i++)
		fprintf(out, "%s %.6f s", i ? "," : "", c->discs[i]);
	fprintf(out, "%s\n", c->n_discs > ANALYSE_MAX_EVENTS ? " ..." : "");
}

static void report(FILE *out, const struct cli_opts *o, const struct wav *w,
		   const struct analyse_result *r, const struct compare_result *cmp, int32_t gain)
{
	fprintf(out, "file      %s\n", o->file);
	fprintf(out, "format    %u Hz, %u ch, %u-bit PCM, %zu frames, %.6f s\n", r->rate,
		r->channels, r->bits, r->frames, r->duration_s);
	if (w->note[0])
		fprintf(out, "note      %s\n", w->note);
	if (r->has_signal)
		fprintf(out,
			"signal    %.6f s .. %.6f s (above %g dBFS), analysed %.6f s .. %.6f s\n",
			r->signal_start_s, r->signal_end_s, o->threshold_db,
			(double)r->from / r->rate, (double)r->to / r->rate);
	else
		fprintf(out, "signal    none (nothing above %g dBFS)\n", o->threshold_db);
	for (unsigned int ch = 0; ch < r->channels; ch++)
		report_channel(out, &r->ch[ch], ch);
	if (!o->ref)
		return;
	fprintf(out, "compare   REF %s x %d/2^27 (%+.2f dB)\n", o->ref, gain,
		20 * log10(fabs((double)gain) / COMPARE_UNITY_Q27));
	fprintf(out,
		"          offset %zu frames (%.3f ms, by %s), %zu of %zu REF frames compared, "
		"%zu mismatches\n",
		cmp->offset, 1000.0 * (double)cmp->offset / r->rate, method_name(cmp->method),
		cmp->compared, cmp->ref_frames, cmp->mismatches);
	if (cmp->mismatches)
		fprintf(out,
			"          first mismatch: frame %zu (REF frame %zu) ch%u: got %d, "
			"expected %d\n",
			cmp->first_frame, cmp->first_frame - cmp->offset, cmp->first_channel,
			cmp->first_got, cmp->first_expected);
}

/* A JSON number, or null for NAN and infinities. */
static void json_num(FILE *out, const char *key, double v)
{
	if (isfinite(v))
		fprintf(out, "\"%s\":%.10g", key, v);
	else
		fprintf(out, "\"%s\":null", key);
}

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

static void json_channel(FILE *out, const struct analyse_channel *c)
{
	fputc('{', out);
	json_num(out, "freq_hz", c->freq_hz);
	fputc(',', out);
	json_num(out, "rms_dbfs", c->rms_dbfs);
	fputc(',', out);
	json_num(out, "peak_dbfs", c->peak_dbfs);
	fputc(',', out);
	json_num(out, "thdn_db", c->thdn_db);
	fprintf(out, ",\"tonal\":%s,\"gaps\":[", c->is_tonal ? "true" : "false");
	for (size_t i = 0; i < c->n_gaps && i < ANALYSE_MAX_EVENTS; i++)
		fprintf(out, "%s[%.10g,%.10g]", i ? "," : "", c->gaps[i].t_s, c->gaps[i].len_s);
	fprintf(out, "],\"gaps_total\":%zu,\"discontinuities\":[", c->n_gaps);
	for (size_t i = 0; i < c->n_discs && i < ANALYSE_MAX_EVENTS; i++)
		fprintf(out, "%s%.10g", i ? "," : "", c->discs[i]);
	fprintf(out, "],\"discontinuities_total\":%zu}", c->n_discs);
}

static void json_compare(FILE *out, const struct cli_opts *o, const struct compare_result *c,
			 int32_t gain)
{
	fprintf(out, ",\"compare\":{\"ref\":");
	json_str(out, o->ref);
	fprintf(out,
		",\"gain_q27\":%d,\"offset\":%zu,\"method\":\"%s\",\"compared\":%zu,"
		"\"ref_frames\":%zu,\"mismatches\":%zu,\"first_mismatch\":",
		gain, c->offset, method_name(c->method), c->compared, c->ref_frames, c->mismatches);
	if (c->mismatches)
		fprintf(out,
			"{\"frame\":%zu,\"ref_frame\":%zu,\"channel\":%u,\"got\":%d,"
			"\"expected\":%d}}",
			c->first_frame, c->first_frame - c->offset, c->first_channel, c->first_got,
			c->first_expected);
	else
		fprintf(out, "null}");
}

static void json(FILE *out, const struct cli_opts *o, const struct wav *w,
		 const struct analyse_result *r, const struct compare_result *cmp, int32_t gain,
		 const struct verdict *v)
{
	fprintf(out, "{\"file\":");
	json_str(out, o->file);
	fprintf(out, ",\"rate\":%u,\"channels\":%u,\"bits\":%u,\"frames\":%zu,", r->rate,
		r->channels, r->bits, r->frames);
	json_num(out, "duration_s", r->duration_s);
	fprintf(out, ",\"note\":");
	json_str(out, w->note);
	fputc(',', out);
	json_num(out, "signal_start_s", r->signal_start_s);
	fputc(',', out);
	json_num(out, "signal_end_s", r->signal_end_s);
	fprintf(out, ",\"per_channel\":[");
	for (unsigned int ch = 0; ch < r->channels; ch++) {
		fprintf(out, ch ? "," : "");
		json_channel(out, &r->ch[ch]);
	}
	fputc(']', out);
	if (o->ref)
		json_compare(out, o, cmp, gain);
	fprintf(out, ",\"pass\":%s,\"failures\":[", v->n ? "false" : "true");
	for (unsigned int i = 0; i < v->n; i++) {
		fprintf(out, i ? "," : "");
		json_str(out, v->lines[i]);
	}
	fprintf(out, "]}\n");
}

/* Read @path into @w; a message on @err and -1 if it is not a WAV we read. */
static int load(const char *path, struct wav *w, FILE *err)
{
	char why[300];

	if (!wav_read(path, w, why, sizeof(why)))
		return 0;
	fprintf(err, "wavcheck: %s: %s\n", path, why);
	return -1;
}

/* Analyse (and compare) @o->file; the verdict into @v. */
static int check_file(const struct cli_opts *o, FILE *out, FILE *err, struct verdict *v)
{
	struct analyse_params p;
	struct wav w, ref = {0};
	struct compare_result cmp = {0};
	struct analyse_result r;
	int32_t gain = COMPARE_UNITY_Q27;
	int ret = CLI_ERROR;
	char why[300];

	analyse_params_default(&p);
	p.threshold_db = o->threshold_db;
	p.skip_ms = o->skip_ms;
	p.skip_end_ms = o->skip_end_ms;
	p.gap_db = o->gap_db;
	p.gap_ms = o->gap_ms;
	p.disc_floor_db = o->disc_db;
	if (load(o->file, &w, err))
		return CLI_ERROR;
	if (o->ref && load(o->ref, &ref, err))
		goto out;
	if (o->ref && gain_q27(o, &gain)) {
		fprintf(err, "wavcheck: --gain-db %g is past Q5.27\n", o->gain_db);
		goto out;
	}
	if (o->ref && compare_wav(&ref, &w, gain, (size_t)round(o->max_offset_s * w.rate), &cmp,
				  why, sizeof(why))) {
		fprintf(err, "wavcheck: cannot compare %s with %s: %s\n", o->file, o->ref, why);
		goto out;
	}
	if (analyse_wav(&w, &p, &r)) {
		fprintf(err, "wavcheck: %s: out of memory\n", o->file);
		goto out;
	}
	check_all(o, &r, &cmp, v);
	if (o->json)
		json(out, o, &w, &r, &cmp, gain, v);
	else
		report(out, o, &w, &r, &cmp, gain);
	ret = v->n ? CLI_FAIL : CLI_PASS;
out:
	wav_free(&w);
	wav_free(&ref);
	return ret;
}

int cli_run(int argc, char **argv, FILE *out, FILE *err)
{
	struct verdict v = {.n = 0};
	struct cli_opts o;
	FILE *vout;
	int ret;

	opts_default(&o);
	if (parse_args(argc, argv, &o, err))
		return CLI_ERROR;
	if (o.help) {
		fputs(usage, out);
		return CLI_PASS;
	}
	if (check_args(&o, err))
		return CLI_ERROR;
	if (o.gen)
		return gen_sine(&o, err);
	ret = check_file(&o, out, err, &v);
	if (ret == CLI_ERROR)
		return ret;
	vout = o.json ? err : out;
	for (unsigned int i = 0; i < v.n; i++)
		fprintf(vout, "wavcheck: FAIL %s\n", v.lines[i]);
	if (!v.n)
		fprintf(vout, "wavcheck: PASS\n");
	return ret;
}
