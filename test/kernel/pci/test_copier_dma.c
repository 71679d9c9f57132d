/* SPDX-License-Identifier: MIT */
/*
 * The DMA copiers (audio/copier_dma.c) on virt-a15's engines: dai_copier
 * into the HDA codec through its link DMA, host_copier through the host DMA
 * (the test plays the host's part in the shared window, as test_hostdma.c
 * does). Pipelines are built here with the pipeline calls, as the shell's
 * demo does.
 */
#include <sotto/module_cfg.h>

#include "audio/ll_sched.h"
#include "audio/pipeline.h"
#include "drivers/dai/dai.h"
#include "drivers/dai/dai_mem.h"
#include "drivers/hda/hda.h"
#include "drivers/hostdma/host_dma.h"
#include "drivers/ivshmem/ivshmem.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/thread.h"
#include "test/audio/notify_capture.h"
#include "test/harness/ktest.h"

#define RATE	    48000
#define DAI_COPIER  0x0103
#define HOST_COPIER 0x0104
#define MEM_DAI	    7
#define PERIOD	    192	   /* bytes of one LL period, S16 stereo at 48 kHz */
#define STALL_US    100000 /* more than the codec's 64 ms DMA buffer */

static struct pipeline *pipes[2];
static int16_t mem_ring[4800 * 2];
static struct dai_mem mem_play;

static void teardown(void)
{
	notify_capture_stop();
	for (unsigned int i = 0; i < 2; i++) {
		if (pipes[i])
			pipe_destroy(pipes[i]);
		pipes[i] = NULL;
	}
	dai_unregister(&mem_play.dai);
	host_dma_shm_reset(); /* the rings' positions and counters as at boot */
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

/* Above the LL thread: keeps it off the CPU for @arg microseconds (interrupts still run). */
static void staller(void *arg)
{
	uint64_t end = arch_counter() + (uint64_t)arch_counter_freq() * (uintptr_t)arg / 1000000u;

	while (arch_counter() < end)
		;
}

/* Starve the LL thread, so the codec's link DMA runs dry, and let it recover. */
static void starve_ll(void)
{
	struct thread *t;

	KT_ASSERT_EQ(thread_create(&t, "stall", staller, (void *)(uintptr_t)STALL_US, 0), 0);
	KT_ASSERT_EQ(thread_join(t, NULL, 1000000), 0);
	thread_sleep_us(20000);
}

/*
 * Regression: a RELEASE restarts the HDA link (dma_start), whose xrun count
 * starts again at 0, while the copier kept the count it had reported: a
 * false GATEWAY_UNDERRUN with data 0 after every resume that followed an
 * underrun. The count in an event is the xruns since the last start/resume.
 */
KTEST(copier_dma, xrun_count_restarts_at_release_without_a_false_event)
{
	struct mod_instance *dc = tone_to_codec(0);
	const struct audio_notification *ev;

	KT_ASSERT_EQ(pipe_prepare(pipes[0]), 0);
	notify_capture_start();
	KT_ASSERT_EQ(pipe_trigger(pipes[0], PIPE_CMD_START), 0);
	thread_sleep_us(20000);
	KT_ASSERT_EQ(notify_captured(), 0);
	starve_ll();
	KT_ASSERT_EQ(notify_captured(), 1);
	ev = notify_captured_at(0);
	KT_ASSERT_EQ(ev->ev, AUDIO_EV_UNDERRUN);
	KT_ASSERT_EQ(ev->module, DAI_COPIER);
	KT_ASSERT_EQ(ev->instance, 2);
	KT_ASSERT_EQ(ev->value, 1);
	KT_ASSERT_EQ(dma_status_of(dc).xruns, 1);

	/* Pause and release: the link restarts primed; nothing to report. */
	KT_ASSERT_EQ(pipe_trigger(pipes[0], PIPE_CMD_PAUSE), 0);
	thread_sleep_us(5000);
	KT_ASSERT_EQ(pipe_trigger(pipes[0], PIPE_CMD_START), 0);
	thread_sleep_us(30000);
	KT_ASSERT_EQ(notify_captured(), 1);

	/* The next underrun is the first since the release. */
	starve_ll();
	KT_ASSERT_EQ(notify_captured(), 2);
	ev = notify_captured_at(1);
	KT_ASSERT_EQ(ev->ev, AUDIO_EV_UNDERRUN);
	KT_ASSERT_EQ(ev->value, 1);

	/* So is the first after a stop and a new start. */
	KT_ASSERT_EQ(pipe_trigger(pipes[0], PIPE_CMD_STOP), 0);
	KT_ASSERT_EQ(pipe_trigger(pipes[0], PIPE_CMD_START), 0);
	thread_sleep_us(30000);
	KT_ASSERT_EQ(notify_captured(), 2);
	starve_ll();
	KT_ASSERT_EQ(notify_captured(), 3);
	KT_ASSERT_EQ(notify_captured_at(2)->value, 1);
}

static volatile struct shm_ring *ring(unsigned int i)
{
	return host_dma_shm_ring(i);
}

/* The host: @n more bytes (silence) into playback ring @i. */
static void host_put(unsigned int i, uint32_t n)
{
	volatile struct shm_ring *r = ring(i);
	volatile uint8_t *data = (volatile uint8_t *)ivshmem_base() + r->data_off;
	uint32_t w = r->write;

	for (uint32_t k = 0; k < n; k++)
		data[(w + k) & (r->data_size - 1)] = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	r->write = w + n;
}

/*
 * Regression: the event kind followed the DMA direction, and a host
 * playback channel is DMA_DEV_TO_MEM: a host that stopped feeding its ring
 * was reported as GATEWAY_OVERRUN. The pipeline found nothing to play: an
 * underrun.
 */
KTEST(copier_dma, starved_host_playback_is_an_underrun)
{
	static const struct sot_host_copier_cfg hc = {
		DMA_ID_HOST, 0, SOT_HOST_PLAYBACK, SOT_PCM_S16_LE, 2, RATE, SOT_FMT_SAME, 0};
	static const struct sot_endpoint_cfg out = {MEM_DAI, SOT_PCM_S16_LE, 2, RATE};
	struct mod_instance *host;
	const struct audio_notification *ev;

	KT_ASSERT_EQ(dai_mem_init(&mem_play, MEM_DAI, DAI_PLAYBACK, mem_ring, sizeof(mem_ring)), 0);
	KT_ASSERT_EQ(pipe_create(200, 0, LL_PERIOD_US, &pipes[0]), 0);
	host = add(pipes[0], NULL, "host_copier", 1, &hc, sizeof(hc));
	add(pipes[0], host, "dai_out", 2, &out, sizeof(out));
	KT_ASSERT_EQ(pipe_prepare(pipes[0]), 0);
	notify_capture_start();
	KT_ASSERT_EQ(pipe_trigger(pipes[0], PIPE_CMD_START), 0);
	host_put(0, 20 * PERIOD); /* 20 ms, then the host falls silent */
	thread_sleep_us(50000);
	KT_ASSERT_EQ(dma_status_of(host).frames, 20 * 48);
	KT_ASSERT_EQ(dma_status_of(host).xruns, 1);
	KT_ASSERT_EQ(notify_captured(), 1);
	ev = notify_captured_at(0);
	KT_ASSERT_EQ(ev->ev, AUDIO_EV_UNDERRUN);
	KT_ASSERT_EQ(ev->module, HOST_COPIER);
	KT_ASSERT_EQ(ev->instance, 1);
	KT_ASSERT_EQ(ev->value, 1);
}

/* Capture toward a host whose ring is full: the pipeline found no room, an overrun. */
KTEST(copier_dma, full_host_capture_ring_is_an_overrun)
{
	static const struct sot_tone_cfg tone = {1000000, -600, 0x3, SOT_PCM_S16_LE, 2, RATE};
	static const struct sot_host_copier_cfg hc = {
		DMA_ID_HOST, 1, SOT_HOST_CAPTURE, SOT_PCM_S16_LE, 2, RATE, SOT_FMT_SAME, 0};
	struct mod_instance *host;
	const struct audio_notification *ev;

	/* The host lags: its ring has room for two periods. */
	KT_ASSERT_EQ(host_dma_ring_reset(1, 0), 0);
	ring(1)->read = 0u - (ring(1)->data_size - 2 * PERIOD);
	KT_ASSERT_EQ(pipe_create(200, 0, LL_PERIOD_US, &pipes[0]), 0);
	host = add(pipes[0], add(pipes[0], NULL, "tone", 1, &tone, sizeof(tone)), "host_copier", 2,
		   &hc, sizeof(hc));
	KT_ASSERT_EQ(pipe_prepare(pipes[0]), 0);
	notify_capture_start();
	KT_ASSERT_EQ(pipe_trigger(pipes[0], PIPE_CMD_START), 0);
	thread_sleep_us(20000);
	KT_ASSERT_GE(dma_status_of(host).xruns, 1);
	KT_ASSERT_GE(notify_captured(), 1);
	ev = notify_captured_at(0);
	KT_ASSERT_EQ(ev->ev, AUDIO_EV_OVERRUN);
	KT_ASSERT_EQ(ev->module, HOST_COPIER);
	KT_ASSERT_EQ(ev->instance, 2);
	KT_ASSERT_EQ(ev->value, 1);
	KT_ASSERT_EQ(notify_captured_count(AUDIO_EV_UNDERRUN, HOST_COPIER), 0);
}
