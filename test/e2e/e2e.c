/* SPDX-License-Identifier: MIT */
/*
 * End-to-end audio scenarios (sotto-e2e.elf). QEMU runs the image with the
 * codec writing a WAV file; tools/e2e.py picks the scenario through the
 * command line (-append NAME), then analyses the WAV with tools/wavcheck.
 * The firmware side checks what only it can see (xrun counts, positions,
 * errors) and prints "e2e: key=value" lines the host side asserts on, then
 * the usual "N passed, M failed" and exits through semihosting, which
 * completes the WAV header.
 *
 * Scenarios:
 *   tone      tone 1 kHz -1 dBFS -> volume -6 dB -> dai_copier (S16) -> HDA, 2 s
 *   underrun  as tone; at 0.5 s the LL thread is starved for 100 ms (more
 *             than the link's queue): exactly one underrun is reported and
 *             playback recovers
 *   host      host ring 0 (S16 stereo) -> host_copier -> volume -6 dB -> HDA,
 *             until the host's end of stream has played out
 *   nocodec   QEMU has a controller without codec: the driver said so and
 *             boot went on
 *   faults    pipeline B as tone, 2.6 s; beside it pipeline A, tone 440 Hz ->
 *             t_hostile (reads kernel memory 0.5 s after each (re)start) ->
 *             host ring 1: A faults, is bypassed and restarted three times,
 *             then bypassed for good; the host is told each time
 *             (test/e2e/e2e_faults.c)
 *   faults_ref  the same with t_hostile harmless: the reference captures
 */
#include <stdio.h>
#include <string.h>

#include <sotto/module_cfg.h>

#include "audio/ll_sched.h"
#include "audio/notify.h"
#include "audio/pipeline.h"
#include "drivers/dma/dma.h"
#include "drivers/hda/hda.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/thread.h"
#include "modules/common/dsp_fixed.h"
#include "test/e2e/e2e.h"

#define RATE	     48000
#define TONE_AMP_MB  E2E_TONE_AMP_MB
#define VOLUME_MB    E2E_VOLUME_MB
#define PIPE_ID	     1
#define E2E_STALL_US 100000

static unsigned int passed, failed;

void e2e_check(bool ok, const char *what, long got, long want)
{
	if (ok) {
		passed++;
		printf("PASS e2e.%s\n", what);
	} else {
		failed++;
		printf("FAIL e2e.%s: got %ld, want %ld\n", what, got, want);
	}
}

static uint32_t next_id = 1; /* instance ids */

struct mod_instance *e2e_add(struct pipeline *p, const char *name, const void *cfg, size_t size)
{
	return pipe_add_new(p, name, next_id++, cfg, size);
}

/* A chain of modules, each connected to the next. */
static int chain(struct pipeline *p, struct mod_instance **m, unsigned int n)
{
	for (unsigned int i = 0; i + 1 < n; i++)
		if (!m[i] || !m[i + 1] || pipe_connect(p, m[i], 0, m[i + 1], 0))
			return -EINVAL;
	return 0;
}

struct sot_copier_dma_status e2e_dma_stats(struct mod_instance *m)
{
	struct sot_copier_dma_status s = {0};
	size_t size = sizeof(s);

	m->mod.desc->ops->get_config(&m->mod, 0, &s, &size);
	return s;
}

static const struct sot_volume_cfg vol_cfg = {
	.gain_mb = {VOLUME_MB, VOLUME_MB}, .mute_mask = 0, .ramp_frames = 0};
static const struct sot_dai_copier_cfg dai_cfg = {DAI_ID_HDA, SOT_PCM_S16_LE, 0};

int e2e_tone_pipeline(struct pipeline **pp, struct mod_instance **dai)
{
	static const struct sot_tone_cfg tone = {1000000,	 TONE_AMP_MB, 0x3,
						 SOT_PCM_S32_LE, 2,	      RATE};
	struct mod_instance *m[3];
	int rc = pipe_create(PIPE_ID, 0, 1000, pp);

	if (rc)
		return rc;
	m[0] = e2e_add(*pp, "tone", &tone, sizeof(tone));
	m[1] = e2e_add(*pp, "volume", &vol_cfg, sizeof(vol_cfg));
	m[2] = e2e_add(*pp, "dai_copier", &dai_cfg, sizeof(dai_cfg));
	rc = chain(*pp, m, 3);
	if (!rc)
		rc = pipe_prepare(*pp);
	*dai = m[2];
	return rc;
}

static volatile int stall_done;

/* Above the LL thread: keeps it off the CPU for the given time (interrupts still run). */
static void staller(void *arg)
{
	uint64_t end = arch_counter() + (uint64_t)arch_counter_freq() * (uintptr_t)arg / 1000000u;

	while (arch_counter() < end)
		;
	stall_done = 1;
}

static void run_tone(bool stall)
{
	struct pipeline *p;
	struct mod_instance *dai;
	struct sot_copier_dma_status s;
	struct ll_stats ll;
	uint32_t under0 = audio_notify_count(AUDIO_EV_UNDERRUN);
	int rc = e2e_tone_pipeline(&p, &dai);

	e2e_check(rc == 0, "prepare", rc, 0);
	if (rc)
		return;
	printf("e2e: tone_amp_mb=%d volume_mb=%d\n", TONE_AMP_MB, VOLUME_MB);
	rc = pipe_trigger(p, PIPE_CMD_START);
	e2e_check(rc == 0, "start", rc, 0);
	if (stall) {
		struct thread *t;

		thread_sleep_us(500000);
		printf("e2e: stall_at_ms=%lu stall_ms=%u\n",
		       (unsigned long)(arch_counter() * 1000 / arch_counter_freq()),
		       E2E_STALL_US / 1000);
		rc = thread_create(&t, "stall", staller, (void *)(uintptr_t)E2E_STALL_US, 0);
		e2e_check(rc == 0, "stall_thread", rc, 0);
		if (!rc)
			thread_join(t, NULL, 1000000);
		thread_sleep_us(1500000);
	} else {
		thread_sleep_us(2000000);
	}
	s = e2e_dma_stats(dai);
	ll_get_stats(&ll);
	rc = pipe_trigger(p, PIPE_CMD_STOP);
	e2e_check(rc == 0, "stop", rc, 0);
	printf("e2e: frames=%lu periods=%lu xruns=%lu ll_ticks=%lu ll_overruns=%lu irqs=%lu\n",
	       (unsigned long)s.frames, (unsigned long)s.periods, (unsigned long)s.xruns,
	       (unsigned long)ll.ticks, (unsigned long)ll.overruns,
	       (unsigned long)hda_info()->irqs);
	if (stall) {
		uint32_t n = audio_notify_count(AUDIO_EV_UNDERRUN) - under0;

		e2e_check(s.xruns == 1, "underrun_counted_once", s.xruns, 1);
		e2e_check(n == 1, "underrun_notified", n, 1);
	} else {
		e2e_check(s.xruns == 0, "no_underrun", s.xruns, 0);
	}
	/* 2 s at 48 kHz: the link moved about 96000 frames (DMA periods of 2 ms). */
	e2e_check(s.frames >= 95000 && s.frames <= 97000, "frames_2s", s.frames, 96000);
	rc = pipe_reset(p);
	if (!rc)
		rc = pipe_delete(p);
	e2e_check(rc == 0, "teardown", rc, 0);
}

static void run_nocodec(void)
{
	const struct hda_info *h = hda_info();

	e2e_check(h->probe_rc == -ENODEV, "nocodec_probe", h->probe_rc, -ENODEV);
	e2e_check(!h->ready, "nocodec_not_ready", h->ready, 0);
	e2e_check(dma_get(DMA_ID_HDA) == NULL, "nocodec_no_dma", 0, 0);
}

int e2e_run(const char *scenario)
{
	if (!strcmp(scenario, "tone"))
		run_tone(false);
	else if (!strcmp(scenario, "underrun"))
		run_tone(true);
	else if (!strcmp(scenario, "host"))
		e2e_host();
	else if (!strcmp(scenario, "nocodec"))
		run_nocodec();
	else if (!strcmp(scenario, "faults"))
		e2e_faults(true);
	else if (!strcmp(scenario, "faults_ref"))
		e2e_faults(false);
	else
		e2e_check(false, "unknown_scenario", 0, 0);
	printf("e2e: volume_gain_q27=%ld\n", (long)dsp_mb_to_gain(VOLUME_MB, 27));
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
