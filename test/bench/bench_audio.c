/* SPDX-License-Identifier: MIT */
/*
 * Audio costs, in instructions (-icount): the LL tick with 1, 4 and 8
 * modules in one running pipeline (tone -> N-1 volumes -> a null sink), and
 * each module's process() per 1 ms period at 48 kHz stereo S32 (the module
 * adapter's own measurement, cost_total / calls, in steady state).
 */
#include <string.h>

#include <sotto/module_cfg.h>

#include "audio/dp_sched.h"
#include "audio/ll_sched.h"
#include "audio/mod_recovery.h"
#include "audio/module_image.h"
#include "audio/pipeline.h"
#include "kernel/mm.h"
#include "kernel/thread.h"
#include "modules/eq_iir/eq_iir_design.h"
#include "test/harness/kbench.h"
#include "test/modules/hostile/hostile.h"

#define RATE 48000

/* A sink that drops whatever it is given (not counted: its cost is in the tick). */
static int null_init(struct sot_module *mod)
{
	(void)mod;
	return 0;
}

static int null_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
			struct sot_stream *out, unsigned int n_out)
{
	(void)mod;
	(void)in;
	(void)out;
	(void)n_out;
	return n_in == 1 ? 0 : -1;
}

static int null_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
			struct sot_port *snk, unsigned int n_snk)
{
	(void)mod;
	(void)n_src;
	(void)snk;
	(void)n_snk;
	abuf_read_commit(src[0].buf, abuf_avail(src[0].buf));
	return 0;
}

static const struct sot_module_ops null_ops = {
	.init = null_init, .prepare = null_prepare, .process = null_process};
static const struct sot_module_desc null_desc = {
	.name = "b_null",
	.id = 0xf201,
	.sched = SOT_SCHED_LL,
	.formats = (1u << SOT_PCM_S16_LE) | (1u << SOT_PCM_S24_4LE) | (1u << SOT_PCM_S32_LE),
	.min_sources = 1,
	.max_sources = 1,
	.ops = &null_ops};
SOT_MODULE(null_desc);

static uint32_t next_id = 500; /* instance ids */

/* A new instance of @name, configured, appended to @p; NULL on failure. */
static struct mod_instance *add(struct pipeline *p, const char *name, const void *cfg, size_t size)
{
	return pipe_add_new(p, name, next_id++, cfg, size);
}

static const struct sot_tone_cfg tone_1k = {1000000, -600, 0x3, SOT_PCM_S32_LE, 2, RATE};

/* Run @p for 50 ms to settle, then 200 ms measured; stop it. 0 or -1. */
static int run(struct pipeline *p, struct ll_stats *st)
{
	if (pipe_prepare(p) || pipe_trigger(p, PIPE_CMD_START))
		return -1;
	thread_sleep_us(50000);
	ll_reset_stats();
	for (unsigned int i = 0; i < p->n_mods; i++) {
		struct mod_instance *m = p->mods[i];

		m->calls = 0;
		m->cost_total = 0;
		m->cost_max = 0;
	}
	thread_sleep_us(200000);
	ll_get_stats(st);
	return pipe_trigger(p, PIPE_CMD_STOP);
}

static void ll_tick(unsigned int n_mods, const char *name)
{
	struct mod_instance *prev, *m;
	struct pipeline *p;
	struct ll_stats st;
	char max_name[32];

	if (pipe_create(900 + n_mods, 0, LL_PERIOD_US, &p))
		return;
	prev = add(p, "tone", &tone_1k, sizeof(tone_1k));
	for (unsigned int i = 1; prev && i < n_mods; i++) {
		m = add(p, "volume", NULL, 0);
		if (!m || pipe_connect(p, prev, 0, m, 0))
			prev = NULL;
		else
			prev = m;
	}
	m = prev ? add(p, "b_null", NULL, 0) : NULL;
	if (m && !pipe_connect(p, prev, 0, m, 0) && !run(p, &st) && st.ticks) {
		kbench_report(name, (uint32_t)(st.cost_total / st.ticks), "instr");
		strcpy(max_name, name);
		strcat(max_name, "_max");
		kbench_report(max_name, st.cost_max, "instr");
	}
	pipe_reset(p);
	pipe_delete(p);
}

KBENCH(ll_tick)
{
	ll_tick(1, "ll_tick_1mod");
	ll_tick(4, "ll_tick_4mod");
	ll_tick(8, "ll_tick_8mod");
}

static void report_mod(const struct mod_instance *m, const char *name)
{
	if (m && m->calls)
		kbench_report(name, (uint32_t)(m->cost_total / m->calls), "instr");
}

/*
 * Every module once, 48 kHz stereo S32 in:
 *   tone, tone -> mixer -> volume -> eq_iir (2 bands) -> copier (S32 -> S16) -> null
 *   tone -> src (48 -> 44.1 kHz, DP) -> null
 */
static void mod_period_run(void);

KBENCH(mod_period)
{
	/*
	 * Measured one call at a time by the adapter: the modules run
	 * privileged here (an LL tick runs unprivileged ones as one batch).
	 */
	static const char *const types[] = {"tone", "mixer", "volume", "eq_iir", "copier", "src"};

	for (unsigned int i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		mod_image_set_user(types[i], false);
	mod_period_run();
	for (unsigned int i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		mod_image_set_user(types[i], CONFIG_MODULES_USER);
}

static void mod_period_run(void)
{
	static const struct eq_iir_design_band bands[2] = {
		{EQ_IIR_DESIGN_PEAKING, 1000, 1.0, 6.0},
		{EQ_IIR_DESIGN_HIGH_PASS, 40, 0.707, 0},
	};
	struct sot_copier_cfg cc = {SOT_PCM_S16_LE, 0, {0}};
	uint32_t src_cfg = 44100;
	uint8_t blob[16 + 2 * 24];
	struct mod_instance *ta, *tb, *mx, *vo, *eq, *cp, *nl, *sr;
	struct pipeline *p;
	struct ll_stats st;

	if (eq_iir_design_blob(bands, 2, RATE, blob, sizeof(blob)) != (long)sizeof(blob) ||
	    pipe_create(910, 0, LL_PERIOD_US, &p))
		return;
	ta = add(p, "tone", &tone_1k, sizeof(tone_1k));
	tb = add(p, "tone", &tone_1k, sizeof(tone_1k));
	mx = add(p, "mixer", NULL, 0);
	vo = add(p, "volume", NULL, 0);
	eq = add(p, "eq_iir", blob, sizeof(blob));
	cp = add(p, "copier", &cc, sizeof(cc));
	nl = add(p, "b_null", NULL, 0);
	if (ta && tb && mx && vo && eq && cp && nl && !pipe_connect(p, ta, 0, mx, 0) &&
	    !pipe_connect(p, tb, 0, mx, 1) && !pipe_connect(p, mx, 0, vo, 0) &&
	    !pipe_connect(p, vo, 0, eq, 0) && !pipe_connect(p, eq, 0, cp, 0) &&
	    !pipe_connect(p, cp, 0, nl, 0) && !run(p, &st)) {
		report_mod(ta, "mod_tone_period");
		report_mod(mx, "mod_mixer_period");
		report_mod(vo, "mod_volume_period");
		report_mod(eq, "mod_eq_iir_period");
		report_mod(cp, "mod_copier_period");
	}
	pipe_reset(p);
	pipe_delete(p);

	if (pipe_create(911, 0, LL_PERIOD_US, &p))
		return;
	ta = add(p, "tone", &tone_1k, sizeof(tone_1k));
	sr = add(p, "src", &src_cfg, sizeof(src_cfg));
	nl = add(p, "b_null", NULL, 0);
	if (ta && sr && nl && !pipe_connect(p, ta, 0, sr, 0) && !pipe_connect(p, sr, 0, nl, 0) &&
	    !run(p, &st))
		report_mod(sr, "mod_src_period");
	pipe_reset(p);
	pipe_delete(p);
}

/*
 * The LL tick of tone -> 2 volumes -> null with the module images run
 * privileged and then unprivileged (the default): same code, same pipeline.
 */
static void ll_tick_mode(bool user, const char *name)
{
	if (mod_image_set_user("tone", user) || mod_image_set_user("volume", user))
		return;
	ll_tick(4, name);
	mod_image_set_user("tone", CONFIG_MODULES_USER);
	mod_image_set_user("volume", CONFIG_MODULES_USER);
}

KBENCH(ll_tick_mode)
{
	ll_tick_mode(false, "ll_tick_4mod_kernel");
	if (CONFIG_MODULES_USER)
		ll_tick_mode(true, "ll_tick_4mod_user");
}

/* Tick cost of tone -> volume -> @second -> null. */
static uint32_t tick_with(const char *second, uint32_t pipe_id)
{
	struct mod_instance *t, *v, *w, *n;
	struct pipeline *p;
	struct ll_stats st;
	uint32_t cost = 0;

	if (pipe_create(pipe_id, 0, LL_PERIOD_US, &p))
		return 0;
	t = add(p, "tone", &tone_1k, sizeof(tone_1k));
	v = add(p, "volume", NULL, 0);
	w = add(p, second, NULL, 0);
	n = add(p, "b_null", NULL, 0);
	if (t && v && w && n && !pipe_connect(p, t, 0, v, 0) && !pipe_connect(p, v, 0, w, 0) &&
	    !pipe_connect(p, w, 0, n, 0) && !run(p, &st) && st.ticks)
		cost = (uint32_t)(st.cost_total / st.ticks);
	pipe_reset(p);
	pipe_delete(p);
	return cost;
}

/*
 * What an untrusted LL module costs over a trusted one: the same volume code
 * as t_volume_u (its own domain: an upcall with an address space switch to
 * it and back) instead of in the LL user domain's batch.
 */
KBENCH(untrusted_ll_switch)
{
	uint32_t trusted, untrusted;

	if (!CONFIG_MODULES_USER || !mod_find_name("t_volume_u"))
		return;
	trusted = tick_with("volume", 920);
	untrusted = tick_with("t_volume_u", 921);
	if (trusted && untrusted > trusted)
		kbench_report("untrusted_ll_switch", untrusted - trusted, "instr");
}

/* System calls a DP module instance's thread makes per period in steady state. */
KBENCH(dp_syscalls_per_period)
{
	uint32_t src_cfg = 44100;
	struct mod_instance *t, *s, *n;
	struct dp_stats a, b;
	struct pipeline *p;

	if (pipe_create(922, 0, LL_PERIOD_US, &p))
		return;
	t = add(p, "tone", &tone_1k, sizeof(tone_1k));
	s = add(p, "src", &src_cfg, sizeof(src_cfg));
	n = add(p, "b_null", NULL, 0);
	if (t && s && n && !pipe_connect(p, t, 0, s, 0) && !pipe_connect(p, s, 0, n, 0) &&
	    !pipe_prepare(p) && !pipe_trigger(p, PIPE_CMD_START)) {
		thread_sleep_us(50000);
		dp_get_stats(s, &a);
		thread_sleep_us(200000);
		dp_get_stats(s, &b);
		pipe_trigger(p, PIPE_CMD_STOP);
		if (b.releases > a.releases)
			kbench_report("dp_syscalls_per_period",
				      (b.syscalls - a.syscalls) / (b.releases - a.releases),
				      "calls");
	}
	pipe_reset(p);
	pipe_delete(p);
}

/*
 * A fault to audio again: t_hostile faults once (a kernel read, 20 periods
 * in); instructions from the fault to the end of the first period its
 * restart processed (bypass, recovery thread, init, configuration, prepare,
 * start, the wait for the next tick's work included).
 */
KBENCH(module_restart)
{
	struct t_hostile_cfg cfg = {
		.attack = T_ATK_READ, .after = 20, .target = (uint32_t)(uintptr_t)&kheap};
	struct mod_instance *t, *h, *n;
	struct mod_recovery_stats r0, r1;
	struct pipeline *p;

	if (!CONFIG_MODULES_USER || !mod_find_name("t_hostile") ||
	    pipe_create(923, 0, LL_PERIOD_US, &p))
		return;
	mod_recovery_get_stats(&r0);
	t = add(p, "tone", &tone_1k, sizeof(tone_1k));
	h = add(p, "t_hostile", &cfg, sizeof(cfg));
	n = add(p, "b_null", NULL, 0);
	if (t && h && n && !pipe_connect(p, t, 0, h, 0) && !pipe_connect(p, h, 0, n, 0) &&
	    !pipe_prepare(p) && !pipe_trigger(p, PIPE_CMD_START)) {
		thread_sleep_us(30000); /* one fault at 20 ms, the next would be at 41 */
		pipe_trigger(p, PIPE_CMD_STOP);
		mod_recovery_get_stats(&r1);
		if (r1.restarts == r0.restarts + 1) {
			kbench_report("module_restart", r1.restart_cycles, "instr");
			kbench_report("module_restart_work", r1.restart_work_cycles, "instr");
		}
	}
	pipe_reset(p);
	pipe_delete(p);
}
