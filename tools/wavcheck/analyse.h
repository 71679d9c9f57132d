/* SPDX-License-Identifier: MIT */
/*
 * What wavcheck measures, as pure functions on samples in doubles (full
 * scale 1.0). docs/wavcheck.md explains each measure and its defaults.
 *
 * Regions: a channel's signal region runs from its first to its last sample
 * with |x| above threshold_db; the file's is the union over its channels.
 * Levels, frequency and THD+N use the analysed region: the file's signal
 * region minus its first skip_ms (fade-ins and ramps) and its last
 * skip_end_ms (fade-outs), if some is left after both. Gaps and
 * discontinuities are searched over each channel's own signal region.
 */
#ifndef TOOLS_WAVCHECK_ANALYSE_H
#define TOOLS_WAVCHECK_ANALYSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tools/wavcheck/wav.h"

/* Gaps and discontinuities listed per channel; the rest are only counted. */
#define ANALYSE_MAX_EVENTS 20

struct analyse_params {
	double threshold_db;  /* signal: |x| above this, dBFS (-60) */
	double skip_ms;	      /* skipped at the start of the signal region (20) */
	double skip_end_ms;   /* skipped at its end (0) */
	double gap_db;	      /* gap: |x| at or below this, dBFS (-70) ... */
	double gap_ms;	      /* ... for at least this long (0.5) */
	double disc_factor;   /* discontinuity: |e| above factor x local sigma (10) ... */
	double disc_floor_db; /* ... and above this, dBFS (-50) */
};

/* x[i] ~ a cos(w (i - t0)) + b sin(w (i - t0)) + dc, w = 2 pi freq_hz / rate. */
struct analyse_sine {
	double freq_hz;
	double a, b, dc;
	double t0;  /* sample index the phase is measured from */
	double amp; /* hypot(a, b) */
	unsigned int iterations;
};

struct analyse_gap {
	double t_s;   /* time of the gap's first sample */
	double len_s; /* its length */
};

struct analyse_channel {
	bool has_signal;  /* some sample above threshold_db */
	bool is_tonal;	  /* half the spectrum's power or more is in one peak */
	double freq_hz;	  /* sine-fit frequency (FFT peak if the fit failed), NAN if silent */
	double rms_dbfs;  /* AES17: a full-scale sine reads 0 dBFS; -INFINITY if silent */
	double peak_dbfs; /* 20 log10 max |x|; -INFINITY if silent */
	double thdn_db;	  /* residual after the sine fit re the sine, NAN without a fit */
	size_t n_gaps;	  /* gaps found; the first ANALYSE_MAX_EVENTS in gaps[] */
	struct analyse_gap gaps[ANALYSE_MAX_EVENTS];
	size_t n_discs; /* discontinuities found; the first ANALYSE_MAX_EVENTS in discs[] */
	double discs[ANALYSE_MAX_EVENTS]; /* their times, s */
};

struct analyse_result {
	uint32_t rate;
	unsigned int channels, bits;
	size_t frames;
	double duration_s;
	bool has_signal;   /* some sample of some channel above threshold_db */
	size_t start, end; /* the file's signal region, frames, inclusive */
	size_t from, to;   /* the analysed region, frames, inclusive */
	double signal_start_s, signal_end_s;
	struct analyse_channel ch[WAV_MAX_CHANNELS];
};

/* The defaults above. */
void analyse_params_default(struct analyse_params *p);

/* 10^(@db / 20). */
double analyse_db_to_lin(double db);

/* The analysed region [*@from, *@to] of the signal region [@start, @end]. */
void analyse_span(size_t start, size_t end, double rate, const struct analyse_params *p,
		  size_t *from, size_t *to);

/* First and last index of @x[0..@n) with |x| > @thr; false (and 0, 0) if none. */
bool analyse_region(const double *x, size_t n, double thr, size_t *first, size_t *last);

/* RMS level of @x[0..@n) in dBFS per AES17 (20 log10(sqrt(2) rms)). */
double analyse_rms_dbfs(const double *x, size_t n);

/* Peak level of @x[0..@n) in dBFS (20 log10 max |x|). */
double analyse_peak_dbfs(const double *x, size_t n);

/*
 * Frequency of the strongest peak in the Hann-windowed power spectrum of the
 * centred power-of-two block (at most 65536 points) of @x[0..@n), refined by
 * a parabola through the log power of the peak bin and its neighbours.
 * *@is_tonal: the peak's +-4 bins hold half the (non-DC) power or more.
 * NAN (and not tonal) for silence or fewer than 16 samples.
 */
double analyse_peak_freq(const double *x, size_t n, double rate, bool *is_tonal);

/*
 * Least-squares sine fit (IEEE 1057 four-parameter: amplitude in two
 * quadratures, offset and frequency, Gauss-Newton from @f0_hz) to @x[0..@n),
 * leaving out samples whose @skip byte is non-zero (@skip may be NULL). Long
 * inputs are fitted on a centred block first, growing four times a stage.
 * Returns 0, or -1 if it does not converge or the system is singular.
 */
int analyse_sine_fit(const double *x, const uint8_t *skip, size_t n, double rate, double f0_hz,
		     struct analyse_sine *fit);

/* THD+N of @x[0..@n) against @fit (all samples): residual RMS re the sine's, dB. */
double analyse_thdn_db(const double *x, size_t n, const struct analyse_sine *fit, double rate);

/*
 * Runs of at least @min_len samples with |x| <= @thr strictly inside
 * [@first, @last]: counted, the first @max stored in @gaps (times from index
 * 0 at @rate), and, if @mask is not NULL, each run and the two samples after
 * it marked there. Returns how many.
 */
size_t analyse_gaps(const double *x, size_t first, size_t last, double thr, size_t min_len,
		    double rate, struct analyse_gap *gaps, size_t max, uint8_t *mask);

/*
 * Discontinuities in [@first + 2, @last]: e[i] = y[i] - 2 cos(@w) y[i-1] +
 * y[i-2], y = x - @dc, is zero for a sine of @w rad/sample (the second
 * difference for @w = 0); a sample is a discontinuity if |e| exceeds @p's
 * floor and disc_factor times the local sigma (1.4826 x the largest median
 * |e| of its 10 ms block and the blocks either side), unless @mask marks
 * it. An event is a flagged sample and those flagged within 1 ms after it
 * (a burst counts once per ms), timed by its first. Counted, the first @max
 * times stored in @times; returns how many, or SIZE_MAX if memory ran out.
 */
size_t analyse_discontinuities(const double *x, const uint8_t *mask, size_t first, size_t last,
			       double w, double dc, const struct analyse_params *p, double rate,
			       double *times, size_t max);

/*
 * Every measure of one channel @x[0..@n) at @rate, given the file's signal
 * region [@start, @end]. Returns 0 or -1 if memory ran out.
 */
int analyse_channel(const double *x, size_t n, double rate, size_t start, size_t end,
		    const struct analyse_params *p, struct analyse_channel *c);

/* Every measure of @w into @r. Returns 0 or -1 if memory ran out. */
int analyse_wav(const struct wav *w, const struct analyse_params *p, struct analyse_result *r);

#endif /* TOOLS_WAVCHECK_ANALYSE_H */
