/* SPDX-License-Identifier: MIT */
/*
 * Pipelines, the LL and DP schedulers and the module adapter, with test
 * modules: a counting source, a DP pass-through and a checking sink. The
 * test image runs under -icount, so "2 s" is 2 s of virtual time.
 */
#include <string.h>

#include "audio/dp_sched.h"
#include "audio/ll_sched.h"
#include "audio/pipeline.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "test/audio/notify_capture.h"
#include "test/harness/ktest.h"

#define RATE 48000
#define CH   2

/* ---- test modules ------------------------------------------------------ */

struct ramp {
	uint32_t next;
};

static int ramp_init(struct sot_module *mod)
{
	(void)mod;
	return 0;
}

static int ramp_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
			struct sot_stream *out, unsigned int n_out)
{
	(void)mod;
	(void)in;
	(void)n_in;
	for (unsigned int i = 0; i < n_out; i++)
		out[i] = (struct sot_stream){SOT_PCM_S32_LE, CH, RATE};
	return 0;
}

/* One period of frames numbered n, n+1, ... (both channels). */
static int ramp_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
			struct sot_port *snk, unsigned int n_snk)
{
	struct ramp *r = mod->priv;
	struct abuf_region reg;
	uint32_t n = abuf_write_region(snk[0].buf, mod->period_frames, &reg);

	(void)src;
	(void)n_src;
	(void)n_snk;
	for (int p = 0; p < 2; p++) {
		int32_t *s = (int32_t *)reg.ptr[p];

		for (uint32_t i = 0; i < reg.frames[p]; i++, r->next++)
			s[2 * i] = s[2 * i + 1] = (int32_t)r->next;
	}
	abuf_write_commit(snk[0].buf, n);
	return 0;
}

static const struct sot_module_ops ramp_ops = {
	.init = ramp_init, .prepare = ramp_prepare, .process = ramp_process};
static const struct sot_module_desc ramp_desc = {.name = "t_ramp",
						 .id = 0xf001,
						 .sched = SOT_SCHED_LL,
						 .formats = 0,
						 .min_sources = 0,
						 .max_sources = 0,
						 .min_sinks = 1,
						 .max_sinks = 1,
						 .priv_size = sizeof(struct ramp),
						 .ops = &ramp_ops};
SOT_MODULE(ramp_desc);

static int pass_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
			struct sot_stream *out, unsigned int n_out)
{
	(void)mod;
	if (n_in != 1 || n_out != 1)
		return -EINVAL;
	out[0] = in[0];
	return 0;
}

static int pass_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
			struct sot_port *snk, unsigned int n_snk)
{
	struct abuf_region in, out;
	uint32_t n = mod->period_frames;

	(void)n_src;
	(void)n_snk;
	n = abuf_read_region(src[0].buf, n, &in);
	abuf_write_region(snk[0].buf, n, &out);
	for (uint32_t k = 0, done = 0; k < 2; k++) {
		/* Copy in frame-sized pieces across both wraps. */
		for (uint32_t i = 0; i < in.frames[k]; i++, done++) {
			uint32_t o = done < out.frames[0] ? 0 : 1;
			uint32_t oi = o ? done - out.frames[0] : done;

			memcpy(out.ptr[o] + oi * 8, in.ptr[k] + i * 8, 8);
		}
	}
	abuf_read_commit(src[0].buf, n);
	abuf_write_commit(snk[0].buf, n);
	return 0;
}

static const struct sot_module_ops pass_ops = {
	.init = ramp_init, .prepare = pass_prepare, .process = pass_process};
static const struct sot_module_desc pass_desc = {.name = "t_pass",
						 .id = 0xf002,
						 .sched = SOT_SCHED_DP,
						 .formats = 1u << SOT_PCM_S32_LE,
						 .min_sources = 1,
						 .max_sources = 1,
						 .min_sinks = 1,
						 .max_sinks = 1,
						 .ops = &pass_ops};
SOT_MODULE(pass_desc);

/* A DP pass-through whose calls 10..14 and 30..32 fail (-EIO, nothing moved). */
static int flaky_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
			 struct sot_port *snk, unsigned int n_snk)
{
	uint32_t *calls = mod->priv;
	uint32_t n = ++*calls;

	if ((n >= 10 && n < 15) || (n >= 30 && n < 33))
		return -EIO;
	return pass_process(mod, src, n_src, snk, n_snk);
}

static const struct sot_module_ops flaky_ops = {
	.init = ramp_init, .prepare = pass_prepare, .process = flaky_process};
static const struct sot_module_desc flaky_desc = {.name = "t_flaky",
						  .id = 0xf004,
						  .sched = SOT_SCHED_DP,
						  .formats = 1u << SOT_PCM_S32_LE,
						  .min_sources = 1,
						  .max_sources = 1,
						  .min_sinks = 1,
						  .max_sinks = 1,
						  .priv_size = sizeof(uint32_t),
						  .ops = &flaky_ops};
SOT_MODULE(flaky_desc);

struct check {
	uint32_t expect;
	uint32_t frames, bad, short_ticks;
	bool primed;
	uint32_t cfg_size, cfg_sum, cfg_calls;
};

/* Remembers what it was given: the adapter must deliver whole blobs. */
static int check_set_config(struct sot_module *mod, uint32_t param, uint32_t flags, uint32_t offset,
			    const void *data, size_t size, size_t total)
{
	struct check *c = mod->priv;
	const uint8_t *b = data;

	(void)param;
	if (flags != (SOT_CFG_FIRST | SOT_CFG_LAST) || offset || size != total)
		return -EINVAL;
	c->cfg_calls++;
	c->cfg_size = (uint32_t)size;
	c->cfg_sum = 0;
	for (size_t i = 0; i < size; i++)
		c->cfg_sum += b[i];
	return 0;
}

static int check_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
			 struct sot_stream *out, unsigned int n_out)
{
	(void)mod;
	(void)out;
	(void)n_out;
	return n_in == 1 && in[0].channels == CH ? 0 : -EINVAL;
}

/* Takes one period per tick once data flows; checks the numbering. */
static int check_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
			 struct sot_port *snk, unsigned int n_snk)
{
	struct check *c = mod->priv;
	struct abuf_region reg;
	uint32_t n;

	(void)n_src;
	(void)snk;
	(void)n_snk;
	if (!c->primed && abuf_avail(src[0].buf) < mod->period_frames)
		return 0;
	c->primed = true;
	if (abuf_avail(src[0].buf) < mod->period_frames)
		c->short_ticks++;
	n = abuf_read_region(src[0].buf, mod->period_frames, &reg);
	for (int p = 0; p < 2; p++) {
		const int32_t *s = (const int32_t *)reg.ptr[p];

		for (uint32_t i = 0; i < reg.frames[p]; i++, c->expect++)
			if (s[2 * i] != (int32_t)c->expect || s[2 * i + 1] != (int32_t)c->expect)
				c->bad++;
	}
	c->frames += n;
	abuf_read_commit(src[0].buf, n);
	return 0;
}

static const struct sot_module_ops check_ops = {.init = ramp_init,
						.prepare = check_prepare,
						.process = check_process,
						.set_config = check_set_config};
static const struct sot_module_desc check_desc = {.name = "t_check",
						  .id = 0xf003,
						  .sched = SOT_SCHED_LL,
						  .formats = 1u << SOT_PCM_S32_LE,
						  .min_sources = 1,
						  .max_sources = 1,
						  .min_sinks = 0,
						  .max_sinks = 0,
						  .priv_size = sizeof(struct check),
						  .ops = &check_ops};
SOT_MODULE(check_desc);

/* ---- tests --------------------------------------------------------------- */

static struct pipeline *pipe;
static struct mod_instance *src, *mid, *dst;
static size_t kheap_used;

static void setup(void)
{
	struct heap_stats st;

	heap_stats(&kheap, &st);
	kheap_used = st.used;
	ll_reset_stats();
	pipe = NULL;
}

static void teardown(void)
{
	struct heap_stats st;

	ll_set_load(0);
	notify_capture_stop();
	if (pipe) {
		pipe_destroy(pipe);
		pipe = NULL;
		heap_stats(&kheap, &st);
		KT_ASSERT_EQ(st.used, kheap_used); /* nothing leaked */
	}
}
KTEST_SUITE(pipeline, setup, teardown);

/* src -> dst, or src -> mid -> dst with @dp the DP module in the middle (NULL: none). */
static void build_with(const char *dp)
{
	bool with_dp = dp != NULL;

	KT_ASSERT_EQ(pipe_create(1, 0, LL_PERIOD_US, &pipe), 0);
	KT_ASSERT_EQ(mod_create(mod_find(0xf001), 1, &src), 0);
	KT_ASSERT_EQ(pipe_add(pipe, src), 0);
	if (with_dp) {
		KT_ASSERT_EQ(mod_create(mod_find_name(dp), 2, &mid), 0);
		KT_ASSERT_EQ(pipe_add(pipe, mid), 0);
	}
	KT_ASSERT_EQ(mod_create(mod_find(0xf003), 3, &dst), 0);
	KT_ASSERT_EQ(pipe_add(pipe, dst), 0);
	if (with_dp) {
		KT_ASSERT_EQ(pipe_connect(pipe, src, 0, mid, 0), 0);
		KT_ASSERT_EQ(pipe_connect(pipe, mid, 0, dst, 0), 0);
	} else {
		KT_ASSERT_EQ(pipe_connect(pipe, src, 0, dst, 0), 0);
	}
}

static void build(bool with_dp)
{
	build_with(with_dp ? "t_pass" : NULL);
}

KTEST(pipeline, state_machine_refuses_illegal_transitions)
{
	build(false);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_START), -EBUSY); /* not prepared */
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_PAUSE), -EBUSY);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_STOP), -EBUSY);
	KT_ASSERT_EQ(pipe_prepare(pipe), 0);
	KT_ASSERT_EQ(pipe_prepare(pipe), -EBUSY);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_PAUSE), -EBUSY);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_START), 0);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_START), -EBUSY);
	KT_ASSERT_EQ(pipe_reset(pipe), -EBUSY);
	KT_ASSERT_EQ(pipe_delete(pipe), -EBUSY);
	KT_ASSERT_EQ(pipe_add(pipe, src), -EBUSY);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_PAUSE), 0);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_PAUSE), -EBUSY);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_START), 0);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_STOP), 0);
	KT_ASSERT_EQ(pipe->state, PIPE_PREPARED);
	KT_ASSERT_EQ(pipe_reset(pipe), 0);
	KT_ASSERT_EQ(pipe->state, PIPE_CREATED);
}

KTEST(pipeline, connect_checks)
{
	struct mod_instance *extra;

	KT_ASSERT_EQ(pipe_create(1, 0, 500, &pipe), -EINVAL);
	build(false);
	KT_ASSERT_EQ(pipe_connect(pipe, dst, 0, src, 0), -EINVAL); /* backwards */
	KT_ASSERT_EQ(pipe_connect(pipe, src, 0, src, 0), -EINVAL); /* to itself */
	KT_ASSERT_EQ(pipe_connect(pipe, src, 1, dst, 1), -EINVAL); /* no such ports */
	KT_ASSERT_EQ(mod_create(mod_find(0xf003), 9, &extra), 0);
	KT_ASSERT_EQ(pipe_connect(pipe, src, 1, extra, 0), -EINVAL); /* not in the pipeline */
	mod_destroy(extra);
	KT_ASSERT(mod_find(0xdead) == NULL);
}

KTEST(pipeline, unconnected_input_fails_prepare_cleanly)
{
	struct mod_instance *lonely;
	struct heap_stats before, after;

	KT_ASSERT_EQ(pipe_create(2, 0, LL_PERIOD_US, &pipe), 0);
	KT_ASSERT_EQ(mod_create(mod_find(0xf003), 1, &lonely), 0);
	KT_ASSERT_EQ(pipe_add(pipe, lonely), 0);
	heap_stats(&buf_heap, &before);
	KT_ASSERT_EQ(pipe_prepare(pipe), -EINVAL);
	heap_stats(&buf_heap, &after);
	KT_ASSERT_EQ(after.used, before.used);
	KT_ASSERT_EQ(pipe->state, PIPE_CREATED);
}

KTEST(pipeline, ll_stream_is_continuous)
{
	struct check *c;

	build(false);
	c = dst->mod.priv;
	KT_ASSERT_EQ(pipe_prepare(pipe), 0);
	KT_ASSERT_EQ(src->mod.period_frames, 48);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_START), 0);
	thread_sleep_us(100000);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_STOP), 0);
	KT_ASSERT_GE(c->frames, 99 * 48);
	KT_ASSERT_LE(c->frames, 101 * 48);
	KT_ASSERT_EQ(c->bad, 0);
	KT_ASSERT_EQ(c->short_ticks, 0);
	KT_ASSERT_EQ(pipe->links[0].buf->overruns + pipe->links[0].buf->underruns, 0);
}

/* A DP module between LL modules: 2 s of virtual time, not one xrun or miss. */
KTEST(pipeline, ll_and_dp_run_two_seconds_without_xruns)
{
	struct check *c;
	struct dp_stats dps;
	struct ll_stats lls;

	build(true);
	c = dst->mod.priv;
	KT_ASSERT_EQ(pipe_prepare(pipe), 0);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_START), 0);
	thread_sleep_us(2000000);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_STOP), 0);
	dp_get_stats(mid, &dps);
	ll_get_stats(&lls);
	KT_ASSERT_GE(c->frames, 1990 * 48);
	KT_ASSERT_EQ(c->bad, 0);
	KT_ASSERT_EQ(c->short_ticks, 0);
	KT_ASSERT_GE(dps.releases, 1990);
	KT_ASSERT_EQ(dps.misses, 0);
	KT_ASSERT_EQ(lls.overruns, 0);
	for (unsigned int i = 0; i < pipe->n_links; i++)
		KT_ASSERT_EQ(pipe->links[i].buf->overruns + pipe->links[i].buf->underruns, 0);
}

/*
 * Regression: the DP thread ignored process() errors. They are counted and
 * the first of each run of failing calls is reported, as for LL modules.
 */
KTEST(pipeline, dp_process_errors_are_reported_once_per_run)
{
	const struct audio_notification *ev;

	build_with("t_flaky");
	KT_ASSERT_EQ(pipe_prepare(pipe), 0);
	notify_capture_start();
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_START), 0);
	thread_sleep_us(100000);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_STOP), 0);
	KT_ASSERT_EQ(mid->errors, 8);
	KT_ASSERT_EQ(pipe->errors, 8);
	KT_ASSERT_EQ(notify_captured(), 2); /* two runs: calls 10..14 and 30..32 */
	for (unsigned int i = 0; i < 2; i++) {
		ev = notify_captured_at(i);
		KT_ASSERT_EQ(ev->ev, AUDIO_EV_PROCESS_ERROR);
		KT_ASSERT_EQ(ev->module, 0xf004);
		KT_ASSERT_EQ(ev->instance, 2);
		KT_ASSERT_EQ((int32_t)ev->value, -EIO);
	}
	KT_ASSERT(!mid->failing);
	notify_capture_stop();
}

/* Work longer than the tick is detected, counted and reported. */
KTEST(pipeline, ll_overrun_is_detected)
{
	struct ll_stats st;
	uint32_t tick = (uint32_t)timer_us_to_cycles(LL_PERIOD_US);

	build(false);
	KT_ASSERT_EQ(pipe_prepare(pipe), 0);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_START), 0);
	thread_sleep_us(5000);
	ll_get_stats(&st);
	KT_ASSERT_EQ(st.overruns, 0);
	/* Under -icount a counter tick is a fixed number of instructions: burn 1.5 ticks. */
	ll_set_load(tick * (1000000000u / arch_counter_freq()) * 3 / 2);
	thread_sleep_us(10000);
	ll_set_load(0);
	ll_get_stats(&st);
	KT_ASSERT_GT(st.overruns, 0);
	KT_ASSERT_GT(st.cost_max, tick);
}

KTEST(pipeline, fragmented_config_in_order_only)
{
	static const uint8_t blob[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

	struct check *c;

	build(false);
	c = dst->mod.priv;
	/* t_ramp takes no configuration. */
	KT_ASSERT_EQ(mod_config(src, 0, SOT_CFG_FIRST | SOT_CFG_LAST, 0, blob, 4, 4), -ENOTSUP);
	/* A middle fragment with nothing started, a wrong offset, an overlong piece. */
	KT_ASSERT_EQ(mod_config(dst, 7, 0, 4, blob + 4, 3, 10), -EINVAL);
	KT_ASSERT_EQ(mod_config(dst, 7, SOT_CFG_FIRST, 0, blob, 4, 10), 0);
	KT_ASSERT_EQ(mod_config(dst, 7, 0, 5, blob + 5, 3, 10), -EINVAL);
	KT_ASSERT_EQ(mod_config(dst, 7, 0, 4, blob + 4, 7, 10), -EINVAL);
	KT_ASSERT_EQ(c->cfg_calls, 0);
	/* In order: 4 + 3 + 3, delivered to the module once, whole. */
	KT_ASSERT_EQ(mod_config(dst, 7, 0, 4, blob + 4, 3, 10), 0);
	KT_ASSERT_EQ(mod_config(dst, 7, SOT_CFG_LAST, 7, blob + 7, 3, 10), 0);
	KT_ASSERT_EQ(c->cfg_calls, 1);
	KT_ASSERT_EQ(c->cfg_size, 10);
	KT_ASSERT_EQ(c->cfg_sum, 55);
	/* LAST before the blob is complete is refused. */
	KT_ASSERT_EQ(mod_config(dst, 7, SOT_CFG_FIRST, 0, blob, 4, 10), 0);
	KT_ASSERT_EQ(mod_config(dst, 7, SOT_CFG_LAST, 4, blob + 4, 3, 10), -EINVAL);
	KT_ASSERT_EQ(c->cfg_calls, 1);
}
