/* SPDX-License-Identifier: MIT */
/*
 * The memory DAI end to end: a host stand-in (capture ring) feeds a
 * pipeline whose DAI endpoint plays into a playback ring; what comes out is
 * bit for bit what went in.
 */
#include <string.h>

#include "audio/ll_sched.h"
#include "audio/pipeline.h"
#include "drivers/dai/dai_mem.h"
#include "kernel/errno.h"
#include "kernel/thread.h"
#include "test/harness/ktest.h"

#define FRAMES 4800 /* 100 ms at 48 kHz */

struct endpoint_cfg {
	uint32_t dai_id;
	uint32_t format, channels, rate;
};

static int16_t capture_ring[FRAMES * 2], playback_ring[FRAMES * 2], pattern[FRAMES * 2],
	got[FRAMES * 2];
static struct dai_mem cap, play;
static struct pipeline *pipe;

static void teardown(void)
{
	if (pipe)
		pipe_destroy(pipe);
	pipe = NULL;
	dai_unregister(&cap.dai);
	dai_unregister(&play.dai);
}
KTEST_SUITE(dai_mem, NULL, teardown);

static struct mod_instance *endpoint(const char *name, uint32_t id, uint32_t dai_id)
{
	struct endpoint_cfg cfg = {dai_id, SOT_PCM_S16_LE, 2, 48000};
	struct mod_instance *m;

	KT_ASSERT_EQ(mod_create(mod_find_name(name), id, &m), 0);
	KT_ASSERT_EQ(
		mod_config(m, 0, SOT_CFG_FIRST | SOT_CFG_LAST, 0, &cfg, sizeof(cfg), sizeof(cfg)),
		0);
	return m;
}

KTEST(dai_mem, host_stand_in_to_playback_is_bit_exact)
{
	struct mod_instance *in, *out;
	uint32_t n;

	KT_ASSERT_EQ(dai_mem_init(&cap, 2, DAI_CAPTURE, capture_ring, sizeof(capture_ring)), 0);
	KT_ASSERT_EQ(dai_mem_init(&play, 1, DAI_PLAYBACK, playback_ring, sizeof(playback_ring)), 0);
	KT_ASSERT_EQ(dai_mem_init(&play, 1, DAI_PLAYBACK, playback_ring, sizeof(playback_ring)),
		     -EEXIST);
	for (int i = 0; i < FRAMES * 2; i++)
		pattern[i] = (int16_t)(i * 37 - 20000);
	KT_ASSERT_EQ(pipe_create(5, 0, LL_PERIOD_US, &pipe), 0);
	in = endpoint("dai_in", 1, 2);
	out = endpoint("dai_out", 2, 1);
	KT_ASSERT_EQ(pipe_add(pipe, in), 0);
	KT_ASSERT_EQ(pipe_add(pipe, out), 0);
	KT_ASSERT_EQ(pipe_connect(pipe, in, 0, out, 0), 0);
	KT_ASSERT_EQ(pipe_prepare(pipe), 0);
	KT_ASSERT_EQ(dai_mem_fill(&cap, pattern, FRAMES), FRAMES);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_START), 0);
	thread_sleep_us(50000);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_STOP), 0);
	n = dai_mem_drain(&play, got, FRAMES);
	KT_ASSERT_GE(n, 49 * 48);
	KT_ASSERT_LE(n, 51 * 48);
	KT_ASSERT_EQ(memcmp(got, pattern, n * 4), 0);
	KT_ASSERT_EQ(play.dai.xruns, 0);
	KT_ASSERT_EQ(cap.dai.xruns, 0);
}

KTEST(dai_mem, endpoint_refuses_unknown_dai)
{
	struct endpoint_cfg cfg = {77, SOT_PCM_S16_LE, 2, 48000};
	struct mod_instance *m;

	KT_ASSERT_EQ(mod_create(mod_find_name("dai_out"), 1, &m), 0);
	KT_ASSERT_EQ(
		mod_config(m, 0, SOT_CFG_FIRST | SOT_CFG_LAST, 0, &cfg, sizeof(cfg), sizeof(cfg)),
		-ENODEV);
	KT_ASSERT_EQ(mod_config(m, 0, SOT_CFG_FIRST | SOT_CFG_LAST, 0, &cfg, 3, 3), -EINVAL);
	mod_destroy(m);
}
