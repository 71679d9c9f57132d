/* SPDX-License-Identifier: MIT */
/* Levels, frequency, THD+N, gaps and discontinuities (see analyse.h). */
#include "tools/wavcheck/analyse.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "tools/wavcheck/fft.h"

#define AN_PI 3.14159265358979323846

#define PEAK_BLOCK_MAX	65536 /* FFT block: 0.73 Hz bins at 48 kHz */
#define PEAK_MIN	16
#define TONAL_BINS	4 /* Hann main lobe +-2 bins, and some room */
#define TONAL_FRACTION	0.5
#define FIT_FIRST_BLOCK 65536 /* first stage of a long fit */
#define FIT_MAX_ITER	40
#define FIT_TOL_PHASE	1e-6   /* converged: a step moves the phase less than this over the fit */
#define MAD_TO_SIGMA	1.4826 /* sigma of a normal distribution per median |x| */
#define DISC_BLOCK_S	0.010
#define DISC_MERGE_S	0.001

void analyse_params_default(struct analyse_params *p)
{
	p->threshold_db = -60;
	p->skip_ms = 20;
	p->skip_end_ms = 0;
	p->gap_db = -70;
	p->gap_ms = 0.5;
	p->disc_factor = 10;
	p->disc_floor_db = -50;
}

double analyse_db_to_lin(double db)
{
	return pow(10, db / 20);
}

void analyse_span(size_t start, size_t end, double rate, const struct analyse_params *p,
		  size_t *from, size_t *to)
{
	size_t head = (size_t)round(p->skip_ms * rate / 1000);
	size_t tail = (size_t)round(p->skip_end_ms * rate / 1000);

	*from = start;
	*to = end;
	if (end - start >= head + tail) {
		*from += head;
		*to -= tail;
	}
}

bool analyse_region(const double *x, size_t n, double thr, size_t *first, size_t *last)
{
	size_t i = 0, j = n;

	while (i < n && !(fabs(x[i]) > thr))
		i++;
	if (i == n) {
		*first = *last = 0;
		return false;
	}
	while (!(fabs(x[j - 1]) > thr))
		j--;
	*first = i;
	*last = j - 1;
	return true;
}

double analyse_rms_dbfs(const double *x, size_t n)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += x[i] * x[i];
	return n ? 10 * log10(2 * sum / (double)n) : -INFINITY;
}

double analyse_peak_dbfs(const double *x, size_t n)
{
	double peak = 0;

	for (size_t i = 0; i < n; i++)
		peak = fmax(peak, fabs(x[i]));
	return 20 * log10(peak);
}

/* Offset of the true peak from bin @k: a parabola through the log powers. */
static double peak_offset(const double *pw, size_t k)
{
	double l0 = log(pw[k - 1] + 1e-300), l1 = log(pw[k] + 1e-300);
	double l2 = log(pw[k + 1] + 1e-300), den = l0 - 2 * l1 + l2;

	if (!(den < 0))
		return 0;
	return fmax(-0.5, fmin(0.5, 0.5 * (l0 - l2) / den));
}

/* Strongest bin of the power spectrum @pw[0..@half] and whether it is tonal. */
static size_t strongest_bin(const double *pw, size_t half, bool *is_tonal)
{
	double total = 0, near = 0;
	size_t k = 1;

	for (size_t i = 1; i < half; i++) {
		total += pw[i];
		if (pw[i] > pw[k])
			k = i;
	}
	for (size_t i = k > TONAL_BINS ? k - TONAL_BINS : 1; i <= k + TONAL_BINS && i < half; i++)
		near += pw[i];
	*is_tonal = total > 0 && near >= TONAL_FRACTION * total;
	return total > 0 ? k : 0;
}

double analyse_peak_freq(const double *x, size_t n, double rate, bool *is_tonal)
{
	size_t len = fft_pow2_floor(n < PEAK_BLOCK_MAX ? n : PEAK_BLOCK_MAX), k;
	double *re, *im, mean = 0, f = NAN;

	*is_tonal = false;
	if (len < PEAK_MIN)
		return NAN;
	x += (n - len) / 2;
	re = malloc(len * sizeof(*re));
	im = calloc(len, sizeof(*im));
	if (!re || !im)
		goto out;
	for (size_t i = 0; i < len; i++)
		mean += x[i];
	mean /= (double)len;
	for (size_t i = 0; i < len; i++)
		re[i] = (x[i] - mean) * (0.5 - 0.5 * cos(2 * AN_PI * (double)i / (double)len));
	if (fft_run(re, im, len, false))
		goto out;
	for (size_t i = 0; i <= len / 2; i++)
		re[i] = re[i] * re[i] + im[i] * im[i];
	k = strongest_bin(re, len / 2, is_tonal);
	if (k)
		f = ((double)k + peak_offset(re, k)) * rate / (double)len;
out:
	free(re);
	free(im);
	return f;
}

/*
 * Solve the @k x @k system in the augmented matrix @m (column @k is the
 * right-hand side) by Gaussian elimination with partial pivoting into @out.
 */
static int solve(double m[4][5], int k, double out[4])
{
	for (int c = 0; c < k; c++) {
		int piv = c;

		for (int r = c + 1; r < k; r++)
			if (fabs(m[r][c]) > fabs(m[piv][c]))
				piv = r;
		if (!(fabs(m[piv][c]) > 1e-300))
			return -1;
		for (int j = 0; j <= k; j++) {
			double t = m[c][j];

			m[c][j] = m[piv][j];
			m[piv][j] = t;
		}
		for (int r = c + 1; r < k; r++) {
			double f = m[r][c] / m[c][c];

			for (int j = c; j <= k; j++)
				m[r][j] -= f * m[c][j];
		}
	}
	for (int r = k - 1; r >= 0; r--) {
		double s = m[r][k];

		for (int j = r + 1; j < k; j++)
			s -= m[r][j] * out[j];
		out[r] = s / m[r][r];
	}
	return 0;
}

/*
 * The sums a fit at one frequency needs, over the samples of a block at
 * times t = i - tc, u = t * scale in [-1, 1], c = cos(w t), s = sin(w t).
 * The frequency column of the four-parameter fit, u (-a s + b c), expands
 * into the u-weighted sums, so one pass gives both the three-parameter fit
 * (a, b, dc) and the Gauss-Newton frequency step from it.
 */
struct fit_sums {
	double n, c, s, cc, ss, cs, x, xc, xs;			  /* three-parameter */
	double uc, us, ucc, uss, ucs, uuss, uucc, uucs, uxc, uxs; /* frequency column */
};

static void fit_accumulate(const double *x, const uint8_t *skip, size_t n, double w, double tc,
			   double scale, struct fit_sums *f)
{
	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < n; i++) {
		double t = (double)i - tc, u = t * scale, c = cos(w * t), s = sin(w * t);

		if (skip && skip[i])
			continue;
		f->n += 1;
		f->c += c;
		f->s += s;
		f->cc += c * c;
		f->ss += s * s;
		f->cs += c * s;
		f->x += x[i];
		f->xc += x[i] * c;
		f->xs += x[i] * s;
		f->uc += u * c;
		f->us += u * s;
		f->ucc += u * c * c;
		f->uss += u * s * s;
		f->ucs += u * c * s;
		f->uuss += u * u * s * s;
		f->uucc += u * u * c * c;
		f->uucs += u * u * c * s;
		f->uxc += u * x[i] * c;
		f->uxs += u * x[i] * s;
	}
}

/*
 * From @f: the three-parameter fit into @p[0..2] (a, b, dc), and into
 * *@step the Gauss-Newton frequency step (in units of @scale rad/sample)
 * of the four-parameter fit linearised at that a, b.
 */
static int fit_solve(const struct fit_sums *f, double p[3], double *step)
{
	double m3[4][5] = {
		{f->cc, f->cs, f->c, f->xc}, {f->cs, f->ss, f->s, f->xs}, {f->c, f->s, f->n, f->x}};
	double m4[4][5], q[4], a, b;

	memcpy(m4, m3, sizeof(m4)); /* solve() works in place */
	if (solve(m3, 3, q))
		return -1;
	a = p[0] = q[0];
	b = p[1] = q[1];
	p[2] = q[2];
	/* q = u (-a s + b c): its products with c, s, 1, itself and x. */
	m4[0][3] = m4[3][0] = -a * f->ucs + b * f->ucc;
	m4[1][3] = m4[3][1] = -a * f->uss + b * f->ucs;
	m4[2][3] = m4[3][2] = -a * f->us + b * f->uc;
	m4[3][3] = a * a * f->uuss - 2 * a * b * f->uucs + b * b * f->uucc;
	m4[0][4] = f->xc;
	m4[1][4] = f->xs;
	m4[2][4] = f->x;
	m4[3][4] = -a * f->uxs + b * f->uxc;
	if (solve(m4, 4, q))
		return -1;
	*step = q[3];
	return 0;
}

/*
 * Gauss-Newton over @x[0..@n) from *@w; the converged fit in @fit. With a
 * large residual (a tone whose level changes, a second tone) its steps
 * overshoot and converge only linearly: when a step is not four times
 * shorter than the last, take the secant step to the zero of step(w).
 */
static int fit_block(const double *x, const uint8_t *skip, size_t n, double *w,
		     struct analyse_sine *fit)
{
	double tc = ((double)n - 1) / 2, scale = 2.0 / (double)n, p[3], prev_w = 0, prev_d = 0;
	double max_step = AN_PI / (double)n; /* half a DFT bin */
	struct fit_sums f;

	for (unsigned int it = 1; it <= FIT_MAX_ITER; it++) {
		double d, dw;

		fit_accumulate(x, skip, n, *w, tc, scale, &f);
		if (fit_solve(&f, p, &d))
			return -1;
		d *= scale;
		if (fabs(d) * (double)n < FIT_TOL_PHASE) {
			fit->a = p[0];
			fit->b = p[1];
			fit->dc = p[2];
			fit->t0 = tc;
			fit->amp = hypot(p[0], p[1]);
			fit->iterations += it;
			return 0;
		}
		dw = d;
		if (it > 1 && fabs(d) > 0.25 * fabs(prev_d) && d != prev_d)
			dw = -d * (*w - prev_w) / (d - prev_d);
		prev_w = *w;
		prev_d = d;
		*w += fmax(-max_step, fmin(max_step, dw));
		if (!(*w > 0 && *w < AN_PI))
			return -1;
	}
	return -1;
}

int analyse_sine_fit(const double *x, const uint8_t *skip, size_t n, double rate, double f0_hz,
		     struct analyse_sine *fit)
{
	double w = 2 * AN_PI * f0_hz / rate;
	size_t len = n < FIT_FIRST_BLOCK ? n : FIT_FIRST_BLOCK;

	memset(fit, 0, sizeof(*fit));
	if (n < 8 || !(w > 0 && w < AN_PI))
		return -1;
	for (;;) {
		size_t off = (n - len) / 2;

		if (fit_block(x + off, skip ? skip + off : NULL, len, &w, fit))
			return -1;
		fit->t0 += (double)off;
		if (len == n)
			break;
		len = n / 4 > len ? 4 * len : n;
	}
	fit->freq_hz = w * rate / (2 * AN_PI);
	return 0;
}

double analyse_thdn_db(const double *x, size_t n, const struct analyse_sine *fit, double rate)
{
	double w = 2 * AN_PI * fit->freq_hz / rate, sum = 0;

	for (size_t i = 0; i < n; i++) {
		double t = (double)i - fit->t0;
		double r = x[i] - (fit->a * cos(w * t) + fit->b * sin(w * t) + fit->dc);

		sum += r * r;
	}
	return 10 * log10(sum / (double)n / (fit->amp * fit->amp / 2));
}

size_t analyse_gaps(const double *x, size_t first, size_t last, double thr, size_t min_len,
		    double rate, struct analyse_gap *gaps, size_t max, uint8_t *mask)
{
	size_t count = 0, run = 0;

	for (size_t i = first; i <= last; i++) {
		size_t from = i - run;

		if (fabs(x[i]) <= thr) {
			run++;
			continue;
		}
		if (run && run >= min_len && from > first) {
			if (count < max)
				gaps[count] = (struct analyse_gap){(double)from / rate,
								   (double)run / rate};
			count++;
			if (mask)
				memset(mask + from, 1, i + 2 <= last ? run + 2 : last + 1 - from);
		}
		run = 0;
	}
	return count;
}

/* The median of @v[0..@n), @n > 0 (the upper one for even @n); reorders @v (Hoare's select). */
static double median(double *v, size_t n)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, k = (ptrdiff_t)n / 2;

	while (lo < hi) {
		double pivot = v[k];
		ptrdiff_t i = lo, j = hi;

		do {
			while (v[i] < pivot)
				i++;
			while (pivot < v[j])
				j--;
			if (i <= j) {
				double t = v[i];

				v[i++] = v[j];
				v[j--] = t;
			}
		} while (i <= j);
		if (j < k)
			lo = i;
		if (k < i)
			hi = j;
	}
	return v[k];
}

/* Per block of @blk samples of @e[0..@n): the median |e| of unmasked samples. */
static void block_medians(const double *e, const uint8_t *mask, size_t n, size_t blk, double *med,
			  double *tmp)
{
	for (size_t b = 0; b * blk < n; b++) {
		size_t m = 0;

		for (size_t i = b * blk; i < n && i < (b + 1) * blk; i++)
			if (!mask || !mask[i])
				tmp[m++] = fabs(e[i]);
		med[b] = m ? median(tmp, m) : 0;
	}
}

size_t analyse_discontinuities(const double *x, const uint8_t *mask, size_t first, size_t last,
			       double w, double dc, const struct analyse_params *p, double rate,
			       double *times, size_t max)
{
	size_t lo = first + 2, n, blk = (size_t)fmax(16, round(DISC_BLOCK_S * rate)), nb;
	size_t merge = (size_t)fmax(3, round(DISC_MERGE_S * rate)), count = 0, event = 0;
	double c2 = 2 * cos(w), floor_lin = analyse_db_to_lin(p->disc_floor_db), *e, *med, *tmp;

	if (last < lo)
		return 0;
	n = last + 1 - lo;
	nb = (n + blk - 1) / blk;
	e = malloc(n * sizeof(*e));
	med = malloc(nb * sizeof(*med));
	tmp = malloc(blk * sizeof(*tmp));
	if (!e || !med || !tmp) {
		count = SIZE_MAX;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		e[i] = (x[lo + i] - dc) - c2 * (x[lo + i - 1] - dc) + (x[lo + i - 2] - dc);
	block_medians(e, mask ? mask + lo : NULL, n, blk, med, tmp);
	for (size_t i = 0; i < n; i++) {
		size_t b = i / blk;
		double local = fmax(med[b], fmax(b ? med[b - 1] : 0, b + 1 < nb ? med[b + 1] : 0));
		double thr = fmax(p->disc_factor * MAD_TO_SIGMA * local, floor_lin);

		if ((mask && mask[lo + i]) || !(fabs(e[i]) > thr))
			continue;
		if (count && lo + i - event <= merge)
			continue;
		if (count < max)
			times[count] = (double)(lo + i) / rate;
		count++;
		event = lo + i;
	}
out:
	free(e);
	free(med);
	free(tmp);
	return count;
}

/* The fit and what follows from it: frequency, THD+N, the sine to take out. */
static void measure_tone(const double *x, const uint8_t *mask, size_t n, double rate,
			 struct analyse_channel *c, double *w, double *dc)
{
	struct analyse_sine fit;
	double f0 = analyse_peak_freq(x, n, rate, &c->is_tonal);

	*w = 0;
	*dc = 0;
	c->freq_hz = f0;
	if (!isfinite(f0) || analyse_sine_fit(x, mask, n, rate, f0, &fit))
		return;
	c->freq_hz = fit.freq_hz;
	c->thdn_db = analyse_thdn_db(x, n, &fit, rate);
	if (c->is_tonal) {
		*w = 2 * AN_PI * fit.freq_hz / rate;
		*dc = fit.dc;
	}
}

/* What a channel without signal reports. */
static void channel_silent(struct analyse_channel *c)
{
	memset(c, 0, sizeof(*c));
	c->freq_hz = c->thdn_db = NAN;
	c->rms_dbfs = c->peak_dbfs = -INFINITY;
}

int analyse_channel(const double *x, size_t n, double rate, size_t start, size_t end,
		    const struct analyse_params *p, struct analyse_channel *c)
{
	size_t a, b, len, first, last;
	size_t min_gap = (size_t)fmax(1, ceil(p->gap_ms * rate / 1000 - 1e-9));
	double w, dc;
	uint8_t *mask;

	channel_silent(c);
	if (end >= n || start > end)
		return 0;
	analyse_span(start, end, rate, p, &a, &b);
	len = b + 1 - a;
	c->rms_dbfs = analyse_rms_dbfs(x + a, len);
	c->peak_dbfs = analyse_peak_dbfs(x + a, len);
	c->has_signal = analyse_region(x, n, analyse_db_to_lin(p->threshold_db), &first, &last);
	if (!c->has_signal)
		return 0;
	mask = calloc(n, 1);
	if (!mask)
		return -1;
	c->n_gaps = analyse_gaps(x, first, last, analyse_db_to_lin(p->gap_db), min_gap, rate,
				 c->gaps, ANALYSE_MAX_EVENTS, mask);
	measure_tone(x + a, mask + a, len, rate, c, &w, &dc);
	c->n_discs = analyse_discontinuities(x, mask, first, last, w, dc, p, rate, c->discs,
					     ANALYSE_MAX_EVENTS);
	free(mask);
	return c->n_discs == SIZE_MAX ? -1 : 0;
}

/* Channel @ch of @w into @x as fractions of full scale. */
static void deinterleave(const struct wav *w, unsigned int ch, double *x)
{
	for (size_t i = 0; i < w->frames; i++)
		x[i] = wav_sample(w, i, ch);
}

int analyse_wav(const struct wav *w, const struct analyse_params *p, struct analyse_result *r)
{
	double *x = malloc((w->frames ? w->frames : 1) * sizeof(*x));
	double thr = analyse_db_to_lin(p->threshold_db);
	int ret = 0;

	memset(r, 0, sizeof(*r));
	if (!x)
		return -1;
	r->rate = w->rate;
	r->channels = w->channels;
	r->bits = w->bits;
	r->frames = w->frames;
	r->duration_s = (double)w->frames / w->rate;
	r->start = SIZE_MAX;
	for (unsigned int ch = 0; ch < w->channels; ch++) {
		size_t first, last;

		deinterleave(w, ch, x);
		if (!analyse_region(x, w->frames, thr, &first, &last))
			continue;
		r->has_signal = true;
		r->start = first < r->start ? first : r->start;
		r->end = last > r->end ? last : r->end;
	}
	r->signal_start_s = r->signal_end_s = NAN;
	if (!r->has_signal) {
		r->start = r->end = 0;
		for (unsigned int ch = 0; ch < w->channels; ch++)
			channel_silent(&r->ch[ch]);
		free(x);
		return 0;
	}
	analyse_span(r->start, r->end, w->rate, p, &r->from, &r->to);
	r->signal_start_s = (double)r->start / w->rate;
	r->signal_end_s = (double)r->end / w->rate;
	for (unsigned int ch = 0; ch < w->channels && !ret; ch++) {
		deinterleave(w, ch, x);
		ret = analyse_channel(x, w->frames, w->rate, r->start, r->end, p, &r->ch[ch]);
	}
	free(x);
	return ret;
}
