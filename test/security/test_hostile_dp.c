/* SPDX-License-Identifier: MIT */
/*
 * The hostile module as a DP module (t_hostile_dp): its own thread and
 * domain. A DP instance that spins is stopped at its budget, bypassed,
 * restarted, and bypassed for good after its restarts, while an LL pipeline
 * beside it plays every tick.
 */
#include <sotto/module_cfg.h>

#include "audio/dp_sched.h"
#include "audio/ll_sched.h"
#include "audio/mod_recovery.h"
#include "audio/module_image.h"
#include "audio/pipeline.h"
#include "drivers/dai/dai_mem.h"
#include "kernel/errno.h"
#include "kernel/heap.h"
#include "kernel/mm.h"
#include "kernel/thread.h"
#include "test/harness/ktest.h"
#include "test/kernel/leak_check.h"
#include "test/modules/hostile/hostile.h"

#define FRAMES 9600

static int16_t ring_a[FRAMES * 2], ring_b[FRAMES * 2];
static struct dai_mem dai_a, dai_b;
static struct pipeline *pa, *pb;

static void drop(struct pipeline **p)
{
	if (!*p)
		return;
	if ((*p)->state == PIPE_RUNNING || (*p)->state == PIPE_PAUSED)
		pipe_trigger(*p, PIPE_CMD_STOP);
	pipe_reset(*p);
	pipe_delete(*p);
	*p = NULL;
}

static void teardown(void)
{
	drop(&pa);
	drop(&pb);
	dai_unregister(&dai_a.dai);
	dai_unregister(&dai_b.dai);
}
KTEST_SUITE(hostile_dp, NULL, teardown);

static struct pipeline *pipe3(uint32_t id, uint32_t dai, const char *mid, const void *cfg,
			      size_t size, struct mod_instance **middle)
{
	struct sot_tone_cfg tone = {997000, -600, 3, SOT_PCM_S16_LE, 2, 48000};
	struct sot_endpoint_cfg out = {dai, SOT_PCM_S16_LE, 2, 48000};
	struct mod_instance *t, *m, *o;
	struct pipeline *p;

	KT_ASSERT_EQ(pipe_create(id, 0, LL_PERIOD_US, &p), 0);
	t = pipe_add_new(p, "tone", id * 10, &tone, sizeof(tone));
	m = pipe_add_new(p, mid, id * 10 + 1, cfg, size);
	o = pipe_add_new(p, "dai_out", id * 10 + 2, &out, sizeof(out));
	KT_ASSERT(t && m && o);
	KT_ASSERT_EQ(pipe_connect(p, t, 0, m, 0), 0);
	KT_ASSERT_EQ(pipe_connect(p, m, 0, o, 0), 0);
	KT_ASSERT_EQ(pipe_prepare(p), 0);
	*middle = m;
	return p;
}

KTEST(hostile_dp, spin_forever_in_dp_process)
{
	struct t_hostile_cfg cfg = {.attack = T_ATK_SPIN, .after = 5};
	struct sot_volume_cfg vol = {.ramp_frames = 0};
	struct mod_recovery_stats r0, r1;
	struct heap_stats buf_before, buf_after;
	struct mod_instance *h, *v;
	struct leak_snap before;
	uint32_t ticks0;

	if (!mod_image_user("t_hostile_dp"))
		ktest_skip("module images run privileged on this board (MODULES_USER=0)");
	leak_snap(&before);
	heap_stats(&buf_heap, &buf_before);
	KT_ASSERT_EQ(dai_mem_init(&dai_a, 9, DAI_PLAYBACK, ring_a, sizeof(ring_a)), 0);
	KT_ASSERT_EQ(dai_mem_init(&dai_b, 10, DAI_PLAYBACK, ring_b, sizeof(ring_b)), 0);
	pb = pipe3(4, 10, "volume", &vol, sizeof(vol), &v);
	pa = pipe3(3, 9, "t_hostile_dp", &cfg, sizeof(cfg), &h);
	mod_recovery_get_stats(&r0);
	KT_ASSERT_EQ(pipe_trigger(pb, PIPE_CMD_START), 0);
	KT_ASSERT_EQ(pipe_trigger(pa, PIPE_CMD_START), 0);
	ticks0 = pb->ticks;
	thread_sleep_us(160000);
	KT_ASSERT_EQ(pipe_trigger(pa, PIPE_CMD_STOP), 0);
	KT_ASSERT_EQ(pipe_trigger(pb, PIPE_CMD_STOP), 0);
	mod_recovery_get_stats(&r1);

	/* Four 20 ms budgets, three restarts, then bypassed for good. */
	KT_ASSERT_EQ(r1.faults - r0.faults, RESTART_MAX + 1);
	KT_ASSERT_EQ(r1.restarts - r0.restarts, RESTART_MAX);
	KT_ASSERT_EQ(r1.bypassed - r0.bypassed, 1);
	KT_ASSERT_EQ(r1.last_err, -ETIMEDOUT);
	KT_ASSERT_EQ(r1.last_module, T_HOSTILE_DP_ID);
	KT_ASSERT(h->bypassed);
	/* The LL pipeline beside it ran every tick: the spin was a DP thread's. */
	KT_ASSERT_GE(pb->ticks - ticks0, 155);
	KT_ASSERT_GE(dai_mem_level(&dai_b), 155 * 48);
	KT_ASSERT_EQ(dai_b.dai.xruns, 0);
	KT_ASSERT_EQ(pb->errors, 0);
	/* A kept flowing through the bypass between and after the restarts. */
	KT_ASSERT_GE(dai_mem_level(&dai_a), 60 * 48);

	teardown();
	heap_stats(&buf_heap, &buf_after);
	KT_ASSERT_EQ(buf_after.allocs, buf_before.allocs);
	leak_assert_same(&before);
}
