/* SPDX-License-Identifier: MIT */
/*
 * The DMA copiers (audio/copier_dma.c) on virt-a15's engines: dai_copier
 * into the HDA codec through its link DMA. Pipelines are built here with
 * the pipeline calls, as the shell's demo does.
 */
#include <sotto/module_cfg.h>

#include "audio/ll_sched.h"
#include "audio/pipeline.h"
#include "drivers/dai/dai.h"
#include "drivers/hda/hda.h"
#include "kernel/errno.h"
#include "kernel/thread.h"
#include "test/harness/ktest.h"

#define RATE 48000

static struct pipeline *pipes[2];

static void teardown(void)
{
	for (unsigned int i = 0; i < 2; i++) {
		struct pipeline *p = pipes[i];

		if (!p)
			continue;
		if (p->state == PIPE_RUNNING || p->state == PIPE_PAUSED)
			pipe_trigger(p, PIPE_CMD_STOP);
		pipe_reset(p);
		pipe_delete(p);
		pipes[i] = NULL;
	}
}
KTEST_SUITE(copier_dma, NULL, teardown);

/* Module @name of @p with @cfg, connected after @prev (if any). */
static struct mod_instance *add(struct pipeline *p, struct mod_instance *prev, const char *name,
				uint32_t id, const void *cfg, size_t size)
{
	struct mod_instance *m = pipe_add_new(p, name, id, cfg, size);

	KT_ASSERT(m != NULL);
	if (prev)
		KT_ASSERT_EQ(pipe_connect(p, prev, 0, m, 0), 0);
	return m;
}

/* pipes[@slot]: tone -> dai_copier (the codec), not prepared; the copier. */
static struct mod_instance *tone_to_codec(unsigned int slot)
{
	static const struct sot_tone_cfg tone = {1000000, -600, 0x3, SOT_PCM_S32_LE, 2, RATE};
	static const struct sot_dai_copier_cfg dc = {DAI_ID_HDA, SOT_PCM_S16_LE, 0};
	struct mod_instance *t;

	KT_ASSERT_EQ(pipe_create(200 + slot, 0, LL_PERIOD_US, &pipes[slot]), 0);
	t = add(pipes[slot], NULL, "tone", 10 * slot + 1, &tone, sizeof(tone));
	return add(pipes[slot], t, "dai_copier", 10 * slot + 2, &dc, sizeof(dc));
}

static struct sot_copier_dma_status dma_status_of(struct mod_instance *m)
{
	struct sot_copier_dma_status s = {0};
	size_t size = sizeof(s);

	KT_ASSERT_EQ(mod_get_config(m, 0, &s, &size), 0);
	return s;
}

/*
 * Regression: deleting a dai_copier whose prepare found the codec busy sent
 * DAI_STOP to the codec another pipeline plays through.
 */
KTEST(copier_dma, copier_on_a_busy_dai_leaves_its_player_alone)
{
	struct dai *codec = dai_get(DAI_ID_HDA);
	struct mod_instance *first;
	uint32_t frames;

	KT_ASSERT(codec != NULL);
	first = tone_to_codec(0);
	KT_ASSERT_EQ(pipe_prepare(pipes[0]), 0);
	KT_ASSERT_EQ(pipe_trigger(pipes[0], PIPE_CMD_START), 0);
	KT_ASSERT(codec->running);

	tone_to_codec(1);
	KT_ASSERT_EQ(pipe_prepare(pipes[1]), -EBUSY);
	KT_ASSERT_EQ(pipes[1]->state, PIPE_CREATED);
	KT_ASSERT_EQ(pipe_delete(pipes[1]), 0);
	pipes[1] = NULL;
	KT_ASSERT(codec->running);

	thread_sleep_us(5000);
	frames = dma_status_of(first).frames;
	thread_sleep_us(20000);
	KT_ASSERT_GE(dma_status_of(first).frames - frames, 19 * 48);
	KT_ASSERT_EQ(dma_status_of(first).xruns, 0);

	/* Its own stop does stop the codec. */
	KT_ASSERT_EQ(pipe_trigger(pipes[0], PIPE_CMD_STOP), 0);
	KT_ASSERT(!codec->running);
}
