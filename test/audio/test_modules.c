/* SPDX-License-Identifier: MIT */
/*
 * The audio modules (tone, volume, mixer, eq_iir, copier, src) in running
 * pipelines, played into the memory DAI and analysed here in double
 * precision. Under -icount the sleeps are virtual time.
 */
#include <math.h>
#include <string.h>

#include <sotto/module_cfg.h>

#include "audio/dp_sched.h"
#include "audio/ll_sched.h"
#include "audio/pipeline.h"
#include "drivers/dai/dai_mem.h"
#include "kernel/errno.h"
#include "kernel/thread.h"
#include "modules/eq_iir/eq_iir_design.h"
#include "modules/tone/tone_dsp.h"
#include "test/harness/ktest.h"

#define RATE	 48000
#define FS	 2147483648.0 /* Q1.31 full scale */
#define RING	 4096	      /* frames of the playback ring */
#define MONO_MAX 100000	      /* channel 0 of what was played */

#define DAI_ID 7

static uint8_t ring[RING * 8], tmp[RING * 8];
static int32_t mono[MONO_MAX];
static struct dai_mem play;
static struct pipeline *pipe;

/* ---- test-only modules ---------------------------------------------------- */

/* A constant (DC) source: S32 stereo at 48 kHz, both channels 1/2 full scale. */
static int dc_init(struct sot_module *mod)
{
	(void)mod;
	return 0;
}

static int dc_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
		      struct sot_stream *out, unsigned int n_out)
{
	(void)mod;
	(void)in;
	(void)n_in;
	(void)n_out;
	out[0] = (struct sot_stream){SOT_PCM_S32_LE, 2, RATE};
	return 0;
}

static int dc_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
		      struct sot_port *snk, unsigned int n_snk)
{
	struct abuf_region r;
	uint32_t n = abuf_write_region(snk[0].buf, mod->period_frames, &r);

	(void)src;
	(void)n_src;
	(void)n_snk;
	for (int p = 0; p < 2; p++)
		for (uint32_t i = 0; i < 2 * r.frames[p]; i++)
			((int32_t *)r.ptr[p])[i] = 1 << 30;
	abuf_write_commit(snk[0].buf, n);
	return 0;
}

static const struct sot_module_ops dc_ops = {
	.init = dc_init, .prepare = dc_prepare, .process = dc_process};
static const struct sot_module_desc dc_desc = {.name = "t_dc",
					       .id = 0xf101,
					       .sched = SOT_SCHED_LL,
					       .min_sinks = 1,
					       .max_sinks = 1,
					       .ops = &dc_ops};
SOT_MODULE(dc_desc);

/*
 * A sink that takes everything there is (dai_out takes at most a period, 44
 * frames at 44.1 kHz, which cannot keep up with 44.1 frames per ms): keeps
 * channel 0 (S32) in mono[] and the frame count after its 100th and 2100th call.
 */
struct sink {
	uint32_t calls, frames, at_100, at_2100;
};

static int sink_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
			struct sot_stream *out, unsigned int n_out)
{
	(void)mod;
	(void)out;
	(void)n_out;
	return n_in == 1 && in[0].format == SOT_PCM_S32_LE ? 0 : -EINVAL;
}

static int sink_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
			struct sot_port *snk, unsigned int n_snk)
{
	struct sink *s = mod->priv;
	struct abuf_region r;
	uint32_t n = abuf_read_region(src[0].buf, abuf_avail(src[0].buf), &r);
	uint32_t ch = src[0].stream.channels;

	(void)n_src;
	(void)snk;
	(void)n_snk;
	for (int p = 0; p < 2; p++)
		for (uint32_t i = 0; i < r.frames[p]; i++)
			if (s->frames < MONO_MAX)
				mono[s->frames++] = ((const int32_t *)r.ptr[p])[i * ch];
			else
				s->frames++;
	abuf_read_commit(src[0].buf, n);
	if (++s->calls == 100)
		s->at_100 = s->frames;
	if (s->calls == 2100)
		s->at_2100 = s->frames;
	return 0;
}

static const struct sot_module_ops sink_ops = {
	.init = dc_init, .prepare = sink_prepare, .process = sink_process};
static const struct sot_module_desc sink_desc = {.name = "t_sink",
						 .id = 0xf102,
						 .sched = SOT_SCHED_LL,
						 .formats = 1u << SOT_PCM_S32_LE,
						 .min_sources = 1,
						 .max_sources = 1,
						 .priv_size = sizeof(struct sink),
						 .ops = &sink_ops};
SOT_MODULE(sink_desc);

/* ---- helpers ---------------------------------------------------------------- */

static void setup(void)
{
	pipe = NULL;
	ll_reset_stats();
	KT_ASSERT_EQ(dai_mem_init(&play, DAI_ID, DAI_PLAYBACK, ring, sizeof(ring)), 0);
}

static void teardown(void)
{
	if (pipe)
		pipe_destroy(pipe);
	pipe = NULL;
	dai_unregister(&play.dai);
}
KTEST_SUITE(modules, setup, teardown);

static struct mod_instance *add(const char *name, const void *cfg, size_t size)
{
	static uint32_t next_id = 100;
	struct mod_instance *m;

	KT_ASSERT_EQ(mod_create(mod_find_name(name), next_id++, &m), 0);
	if (cfg)
		KT_ASSERT_EQ(mod_config(m, 0, SOT_CFG_FIRST | SOT_CFG_LAST, 0, cfg, size, size), 0);
	KT_ASSERT_EQ(pipe_add(pipe, m), 0);
	return m;
}

static struct mod_instance *add_dai_out(enum sot_pcm_format fmt)
{
	struct sot_endpoint_cfg cfg = {DAI_ID, fmt, 2, RATE};

	return add("dai_out", &cfg, sizeof(cfg));
}

static void connect(struct mod_instance *a, struct mod_instance *b, unsigned int port)
{
	KT_ASSERT_EQ(pipe_connect(pipe, a, 0, b, port), 0);
}

static struct sot_volume_cfg vol_cfg(int32_t mb, uint32_t ramp)
{
	struct sot_volume_cfg c = {.ramp_frames = ramp};

	for (int i = 0; i < 8; i++)
		c.gain_mb[i] = mb;
	return c;
}

/* Drain the playback ring, discarding. */
static void discard(void)
{
	while (dai_mem_drain(&play, tmp, RING))
		;
}

/*
 * Keep channel 0 of the next @frames played frames (stereo, @fmt) in mono[]
 * from @at on, sleeping between drains.
 */
static void collect(uint32_t at, uint32_t frames, enum sot_pcm_format fmt)
{
	uint32_t got = 0;

	for (int guard = 0; got < frames && guard < 10000; guard++) {
		uint32_t n;

		thread_sleep_us(10000);
		n = dai_mem_drain(&play, tmp, RING);
		for (uint32_t i = 0; i < n && got < frames; i++, got++)
			mono[at + got] = fmt == SOT_PCM_S16_LE ? ((const int16_t *)tmp)[2 * i]
							       : ((const int32_t *)tmp)[2 * i];
	}
	KT_ASSERT_EQ(got, frames);
}

/* Amplitude of the component at @f Hz (a single DFT bin, @n samples at @rate). */
static double dft_amp(const int32_t *x, uint32_t n, double f, double rate)
{
	double w = 2 * M_PI * f / rate, c = cos(w), s = sin(w), pr = 1, pi = 0, re = 0, im = 0;

	for (uint32_t i = 0; i < n; i++) {
		double t;

		re += x[i] * pr;
		im -= x[i] * pi;
		t = pr * c - pi * s;
		pi = pr * s + pi * c;
		pr = t;
		if ((i & 1023) == 1023) { /* keep the phasor on the unit circle */
			t = sqrt(pr * pr + pi * pi);
			pr /= t;
			pi /= t;
		}
	}
	return 2 * sqrt(re * re + im * im) / n;
}

/* Frequency from upward zero crossings (linear interpolation between samples). */
static double zc_freq(const int32_t *x, uint32_t n, double rate)
{
	double first = -1, last = -1;
	uint32_t count = 0;

	for (uint32_t i = 1; i < n; i++) {
		if (x[i - 1] < 0 && x[i] >= 0) {
			double t = (i - 1) + (double)-x[i - 1] / ((double)x[i] - x[i - 1]);

			if (first < 0)
				first = t;
			last = t;
			count++;
		}
	}
	return count > 1 ? (count - 1) * rate / (last - first) : 0;
}

/* The tone DSP's phase step for @freq_mhz at RATE (the exact frequency it plays). */
static uint32_t tone_step(uint32_t freq_mhz)
{
	struct tone_dsp td;

	KT_ASSERT_EQ(tone_dsp_init(&td, RATE), 0);
	KT_ASSERT_EQ(tone_dsp_set_freq(&td, freq_mhz), 0);
	return td.step;
}

/* sin of frame @i of a tone with phase step @step, from phase 0. */
static double tone_sin(uint32_t step, uint32_t i)
{
	return sin(2 * M_PI * (double)(uint32_t)(step * i) / 4294967296.0);
}

static double db(double ratio)
{
	return 20 * log10(ratio);
}

/* |@v - @want| <= @tol, else fail showing the values in thousandths. */
#define KT_ASSERT_NEAR(v, want, tol)                                                               \
	do {                                                                                       \
		double v_ = (v), w_ = (want), t_ = (tol);                                          \
		if (!(fabs(v_ - w_) <= t_))                                                        \
			KT_FAIL("%s = %ld/1000, want %ld/1000 +- %ld/1000", #v, (long)(v_ * 1000), \
				(long)(w_ * 1000), (long)(t_ * 1000));                             \
	} while (0)

static void run_ticks(void)
{
	KT_ASSERT_EQ(pipe_prepare(pipe), 0);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_START), 0);
}

static void no_xruns(void)
{
	struct ll_stats st;

	for (unsigned int i = 0; i < pipe->n_links; i++) {
		KT_ASSERT_EQ(pipe->links[i].buf->overruns, 0);
		KT_ASSERT_EQ(pipe->links[i].buf->underruns, 0);
	}
	KT_ASSERT_EQ(pipe->errors, 0);
	ll_get_stats(&st);
	KT_ASSERT_EQ(st.overruns, 0);
}

/* ---- tests -------------------------------------------------------------------- */

/* tone 1 kHz -3 dBFS -> volume -6 dB -> dai_out: 1000 Hz, 6 dB below the tone. */
KTEST(modules, tone_volume_frequency_and_level)
{
	struct sot_tone_cfg tc = {1000000, -300, 0x3, SOT_PCM_S32_LE, 2, RATE};
	struct sot_volume_cfg vc = vol_cfg(-600, 0);
	struct mod_instance *t, *v, *o;
	double f, amp;

	KT_ASSERT_EQ(pipe_create(20, 0, LL_PERIOD_US, &pipe), 0);
	t = add("tone", &tc, sizeof(tc));
	v = add("volume", &vc, sizeof(vc));
	o = add_dai_out(SOT_PCM_S32_LE);
	connect(t, v, 0);
	connect(v, o, 0);
	run_ticks();
	collect(0, RATE / 2 + RATE / 10, SOT_PCM_S32_LE);
	no_xruns();
	KT_ASSERT_EQ(play.dai.xruns, 0);
	/* Skip the first 100 ms, analyse 0.5 s (500 whole cycles). */
	f = zc_freq(mono + RATE / 10, RATE / 2, RATE);
	KT_ASSERT_NEAR(f, 1000.0, 0.5);
	amp = dft_amp(mono + RATE / 10, RATE / 2, 1000, RATE);
	KT_ASSERT_NEAR(db(amp / (FS * pow(10, -300 / 2000.0))), -6.0, 0.1);
}

/*
 * A DC level of 1/2 through volume; mid-stream 0 dB -> -20 dB with a 480
 * frame (10 ms) ramp. The output must fall monotonically from 1/2 to 1/20
 * over the ramp, each frame by at most (1/2 - 1/20) / 480 of full scale (the
 * linear ramp's slope) plus 2 LSB of rounding: a click would be a step of up
 * to 0.45 FS (966 million LSB) at once; the bound is 2 million LSB.
 */
KTEST(modules, volume_change_ramps_click_free)
{
	struct sot_volume_cfg vc = vol_cfg(0, 480);
	struct mod_instance *d, *v, *o;
	double hi = 0.5 * FS, lo = 0.5 * FS * pow(10, -1.0), bound = (hi - lo) / 480 + 2;
	uint32_t ramp = 0, start = 0;
	double max_step = 0;

	KT_ASSERT_EQ(pipe_create(21, 0, LL_PERIOD_US, &pipe), 0);
	d = add("t_dc", NULL, 0);
	v = add("volume", &vc, sizeof(vc));
	o = add_dai_out(SOT_PCM_S32_LE);
	connect(d, v, 0);
	connect(v, o, 0);
	run_ticks();
	collect(0, 4800, SOT_PCM_S32_LE);
	vc = vol_cfg(-2000, 480);
	KT_ASSERT_EQ(mod_config(v, 0, SOT_CFG_FIRST | SOT_CFG_LAST, 0, &vc, sizeof(vc), sizeof(vc)),
		     0);
	collect(4800, 4800, SOT_PCM_S32_LE);
	no_xruns();
	for (uint32_t i = 0; i < 4800; i++)
		KT_ASSERT_EQ(mono[i], 1 << 30); /* 0 dB: exact */
	for (uint32_t i = 1; i < 9600; i++) {
		double step = (double)mono[i - 1] - mono[i];

		KT_ASSERT_GE(step, 0); /* monotonic */
		if (step > max_step)
			max_step = step;
		if (step > 0) {
			if (!start)
				start = i;
			ramp = i - start + 1;
		}
	}
	KT_ASSERT_LE(max_step, bound);
	KT_ASSERT_GE(ramp, 479);
	KT_ASSERT_LE(ramp, 481);
	KT_ASSERT_NEAR(mono[9599], lo, 2);
}

/* Two tones mixed: the output is their sum sample for sample (from stream start). */
KTEST(modules, mixer_sums_two_tones)
{
	struct sot_tone_cfg a = {1000000, -1200, 0x3, SOT_PCM_S32_LE, 2, RATE};
	struct sot_tone_cfg b = {3000000, -1200, 0x3, SOT_PCM_S32_LE, 2, RATE};
	struct mod_instance *ta, *tb, *m, *o;
	double ga = FS * pow(10, -1200 / 2000.0);
	uint32_t sa = tone_step(a.freq_mhz), sb = tone_step(b.freq_mhz);
	long max_err = 0;

	KT_ASSERT_EQ(pipe_create(22, 0, LL_PERIOD_US, &pipe), 0);
	ta = add("tone", &a, sizeof(a));
	tb = add("tone", &b, sizeof(b));
	m = add("mixer", NULL, 0);
	o = add_dai_out(SOT_PCM_S32_LE);
	connect(ta, m, 0);
	connect(tb, m, 1);
	connect(m, o, 0);
	run_ticks();
	collect(0, 4800, SOT_PCM_S32_LE);
	no_xruns();
	for (uint32_t i = 0; i < 4800; i++) {
		double want = ga * tone_sin(sa, i) + ga * tone_sin(sb, i);
		long err = (long)fabs(mono[i] - want);

		if (err > max_err)
			max_err = err;
	}
	/* Each tone is within 2 LSB of amp * sin(its exact phase) (tone_dsp.h) and
	 * its amplitude within 2e-10 relative (0.1 LSB here): the sum within 5. */
	KT_ASSERT_LE(max_err, 5);
}

/* Two full-scale tones in phase: the sum clips at the rails, never wraps. */
KTEST(modules, mixer_saturates_at_full_scale)
{
	struct sot_tone_cfg a = {1000000, 0, 0x3, SOT_PCM_S32_LE, 2, RATE};
	struct mod_instance *ta, *tb, *m, *o;
	uint32_t top = 0, bottom = 0, sa = tone_step(a.freq_mhz);

	KT_ASSERT_EQ(pipe_create(23, 0, LL_PERIOD_US, &pipe), 0);
	ta = add("tone", &a, sizeof(a));
	tb = add("tone", &a, sizeof(a));
	m = add("mixer", NULL, 0);
	o = add_dai_out(SOT_PCM_S32_LE);
	connect(ta, m, 0);
	connect(tb, m, 1);
	connect(m, o, 0);
	run_ticks();
	collect(0, 4800, SOT_PCM_S32_LE);
	no_xruns();
	for (uint32_t i = 0; i < 4800; i++) {
		double want = 2 * (FS - 1) * tone_sin(sa, i);

		if (want >= FS) {
			KT_ASSERT_EQ(mono[i], INT32_MAX);
			top++;
		} else if (want < -FS) {
			KT_ASSERT_EQ(mono[i], INT32_MIN);
			bottom++;
		} else {
			KT_ASSERT_LE(fabs(mono[i] - want), 8);
		}
	}
	KT_ASSERT_GT(top, 1000);
	KT_ASSERT_GT(bottom, 1000);
}

/* A designed peaking filter: gain at 5 frequencies within 0.2 dB of the design. */
KTEST(modules, eq_iir_peaking_matches_design)
{
	static const uint32_t freqs[] = {100, 500, 1000, 2000, 8000};
	struct eq_iir_design_band band = {EQ_IIR_DESIGN_PEAKING, 1000, 1.0, 6.0};
	struct sot_tone_cfg tc = {1000000, -1200, 0x3, SOT_PCM_S32_LE, 2, RATE};
	uint8_t blob[16 + 24];
	struct mod_instance *t, *e, *o;
	double coef[5], ref = FS * pow(10, -1200 / 2000.0);

	KT_ASSERT_EQ(eq_iir_design_blob(&band, 1, RATE, blob, sizeof(blob)), (long)sizeof(blob));
	KT_ASSERT_EQ(eq_iir_design_biquad(&band, RATE, coef), 0);
	KT_ASSERT_EQ(pipe_create(24, 0, LL_PERIOD_US, &pipe), 0);
	t = add("tone", &tc, sizeof(tc));
	e = add("eq_iir", blob, sizeof(blob));
	o = add_dai_out(SOT_PCM_S32_LE);
	connect(t, e, 0);
	connect(e, o, 0);
	run_ticks();
	for (unsigned int k = 0; k < sizeof(freqs) / sizeof(freqs[0]); k++) {
		double w = 2 * M_PI * freqs[k] / RATE, nr, ni, dr, di, want, got;

		tc.freq_mhz = freqs[k] * 1000;
		KT_ASSERT_EQ(mod_config(t, 0, SOT_CFG_FIRST | SOT_CFG_LAST, 0, &tc, sizeof(tc),
					sizeof(tc)),
			     0);
		thread_sleep_us(5000);
		discard();
		thread_sleep_us(50000); /* let the filter settle */
		discard();
		collect(0, 9600, SOT_PCM_S32_LE); /* 200 ms: whole cycles of every frequency */
		/* |H(e^jw)| of the design: (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2). */
		nr = coef[0] + coef[1] * cos(w) + coef[2] * cos(2 * w);
		ni = -coef[1] * sin(w) - coef[2] * sin(2 * w);
		dr = 1 + coef[3] * cos(w) + coef[4] * cos(2 * w);
		di = -coef[3] * sin(w) - coef[4] * sin(2 * w);
		want = 10 * log10((nr * nr + ni * ni) / (dr * dr + di * di));
		got = db(dft_amp(mono, 9600, freqs[k], RATE) / ref);
		KT_ASSERT_NEAR(got, want, 0.2);
	}
	no_xruns();
}

/* S32 -> S16 with the channels swapped: equals the rounded S32 reference. */
KTEST(modules, copier_s32_to_s16_equals_reference)
{
	struct sot_tone_cfg tc = {997000, -100, 0x1, SOT_PCM_S32_LE, 2, RATE};
	struct sot_copier_cfg cc = {SOT_PCM_S16_LE, 2, {1, 0}};
	struct mod_instance *t, *c, *o;
	static int32_t ref[4800 * 2];
	static int16_t got[RING * 2];
	struct tone_dsp td;
	uint32_t n = 0;

	KT_ASSERT_EQ(tone_dsp_init(&td, RATE), 0);
	KT_ASSERT_EQ(tone_dsp_set_freq(&td, tc.freq_mhz), 0);
	KT_ASSERT_EQ(tone_dsp_set_amplitude_mb(&td, tc.amp_mb), 0);
	tone_dsp_set_channels(&td, tc.ch_mask);
	KT_ASSERT_EQ(tone_dsp_process(&td, ref, 4800, SOT_PCM_S32_LE, 2), 0);
	KT_ASSERT_EQ(pipe_create(25, 0, LL_PERIOD_US, &pipe), 0);
	t = add("tone", &tc, sizeof(tc));
	c = add("copier", &cc, sizeof(cc));
	o = add_dai_out(SOT_PCM_S16_LE);
	connect(t, c, 0);
	connect(c, o, 0);
	run_ticks();
	for (int guard = 0; n < 4800 && guard < 1000; guard++) {
		uint32_t k;

		thread_sleep_us(10000);
		k = dai_mem_drain(&play, got, RING);
		for (uint32_t i = 0; i < k && n < 4800; i++, n++) {
			/* ch0 of the output is ch1 of the input (silence), ch1 is ch0 */
			int64_t want = ((int64_t)ref[2 * n] + 0x8000) >> 16;

			if (want > INT16_MAX)
				want = INT16_MAX;
			KT_ASSERT_EQ(got[2 * i], 0);
			KT_ASSERT_EQ(got[2 * i + 1], want);
		}
	}
	KT_ASSERT_EQ(n, 4800);
	no_xruns();
}

/*
 * tone 48 kHz (LL) -> src to 44.1 kHz (DP) -> volume (LL) -> sink (LL) for
 * 2.2 s: 88200 frames per 2 s (within a period), 1 kHz kept within 1 Hz, no
 * xruns, no deadline misses.
 */
KTEST(modules, src_48k_to_44k1_in_mixed_pipeline)
{
	struct sot_tone_cfg tc = {1000000, -600, 0x3, SOT_PCM_S32_LE, 2, RATE};
	struct sot_volume_cfg vc = vol_cfg(0, 0);
	struct sot_src_cfg sc = {44100};
	struct mod_instance *t, *s, *v, *k;
	struct sink *sk;
	struct dp_stats ds;
	double f;

	KT_ASSERT_EQ(pipe_create(26, 0, LL_PERIOD_US, &pipe), 0);
	t = add("tone", &tc, sizeof(tc));
	s = add("src", &sc, sizeof(sc));
	v = add("volume", &vc, sizeof(vc));
	k = add("t_sink", NULL, 0);
	connect(t, s, 0);
	connect(s, v, 0);
	connect(v, k, 0);
	sk = k->mod.priv;
	run_ticks();
	KT_ASSERT_EQ(v->snk[0].stream.rate, 44100);
	thread_sleep_us(2200000);
	for (int guard = 0; sk->calls < 2100 && guard < 100; guard++)
		thread_sleep_us(10000);
	no_xruns();
	dp_get_stats(s, &ds);
	KT_ASSERT_EQ(ds.misses, 0);
	KT_ASSERT_GE(ds.releases, 2000);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_STOP), 0);
	KT_ASSERT_NEAR((double)(sk->at_2100 - sk->at_100), 88200, 44);
	f = zc_freq(mono + 4410, sk->at_2100 - 4410, 44100);
	KT_ASSERT_NEAR(f, 1000.0, 1.0);
	KT_ASSERT_NEAR(db(dft_amp(mono + 4410, 88200, 1000, 44100) / (FS * pow(10, -0.3))), 0,
		       0.05);
}
