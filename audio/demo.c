/* SPDX-License-Identifier: MIT */
/*
 * The demo pipeline of the shell image: tone -> volume -> dai_copier into
 * the first DAI that a DMA engine feeds (the HDA codec on virt-a15; under
 * `make run` QEMU writes what it plays to build/<board>/demo.wav). The shell
 * command `demo` starts, stops (and deletes: the codec is then free for
 * pipelines the host builds), retunes and reports it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sotto/module_cfg.h>

#include "audio/audio.h"
#include "audio/pipeline.h"
#include "drivers/dai/dai.h"
#include "kernel/errno.h"
#include "kernel/shell.h"

#define DEMO_PIPE_ID  100
#define DEMO_RATE     48000
#define DEMO_FIRST_ID 1000 /* instance ids of the demo's modules */

static struct {
	struct pipeline *p;
	struct mod_instance *tone, *vol, *dai;
	struct sot_tone_cfg tone_cfg;
	struct sot_volume_cfg vol_cfg;
} demo = {
	.tone_cfg = {440000, -1000, 0x3, SOT_PCM_S32_LE, 2, DEMO_RATE},
	.vol_cfg = {.gain_mb = {-600, -600}, .ramp_frames = SOT_VOLUME_RAMP_DEFAULT},
};

/* The first playback DAI fed by a DMA engine, or NULL. */
static struct dai *codec_dai(void)
{
	for (uint32_t id = 0; id < 0x100; id++) {
		struct dai *d = dai_get(id);

		if (d && d->dma_id && d->dir == DAI_PLAYBACK)
			return d;
	}
	return NULL;
}

static void demo_delete(void)
{
	if (!demo.p)
		return;
	pipe_destroy(demo.p);
	demo.p = NULL;
	/* The instances went with the pipeline: nothing may reach them now. */
	demo.tone = demo.vol = demo.dai = NULL;
}

int audio_demo_start(void)
{
	struct dai *dai = codec_dai();
	struct sot_dai_copier_cfg dc;
	int rc;

	if (!dai)
		return -ENODEV;
	if (demo.p)
		return demo.p->state == PIPE_RUNNING ? 0 : pipe_trigger(demo.p, PIPE_CMD_START);
	dc = (struct sot_dai_copier_cfg){dai->id, SOT_PCM_S16_LE, 0};
	rc = pipe_create(DEMO_PIPE_ID, 0, 1000, &demo.p);
	if (rc)
		return rc;
	demo.tone =
		pipe_add_new(demo.p, "tone", DEMO_FIRST_ID, &demo.tone_cfg, sizeof(demo.tone_cfg));
	demo.vol = pipe_add_new(demo.p, "volume", DEMO_FIRST_ID + 1, &demo.vol_cfg,
				sizeof(demo.vol_cfg));
	demo.dai = pipe_add_new(demo.p, "dai_copier", DEMO_FIRST_ID + 2, &dc, sizeof(dc));
	rc = demo.tone && demo.vol && demo.dai ? 0 : -ENOMEM;
	if (!rc)
		rc = pipe_connect(demo.p, demo.tone, 0, demo.vol, 0);
	if (!rc)
		rc = pipe_connect(demo.p, demo.vol, 0, demo.dai, 0);
	if (!rc)
		rc = pipe_prepare(demo.p);
	if (!rc)
		rc = pipe_trigger(demo.p, PIPE_CMD_START);
	if (rc)
		demo_delete();
	return rc;
}

/*
 * New configuration @cfg (@size bytes) for the demo's instance @m, kept in
 * @stored: handed to @m while the demo exists (kept only if @m takes it),
 * else only stored for the next `demo start`. 0 or the module's error.
 */
static int demo_retune(struct mod_instance *m, void *stored, const void *cfg, size_t size)
{
	int rc = 0;

	if (m)
		rc = mod_config(m, 0, SOT_CFG_FIRST | SOT_CFG_LAST, 0, cfg, size, size);
	if (!rc)
		memcpy(stored, cfg, size);
	return rc;
}

static void demo_status(void)
{
	struct sot_copier_dma_status s = {0};
	size_t size = sizeof(s);
	char tune[80];

	snprintf(tune, sizeof(tune), "tone %lu.%03lu Hz %ld mB, volume %ld mB",
		 (unsigned long)demo.tone_cfg.freq_mhz / 1000,
		 (unsigned long)demo.tone_cfg.freq_mhz % 1000, (long)demo.tone_cfg.amp_mb,
		 (long)demo.vol_cfg.gain_mb[0]);
	if (!demo.p) {
		printf("demo: stopped, the codec is free; %s at the next start\n", tune);
		return;
	}
	mod_get_config(demo.dai, 0, &s, &size);
	printf("demo: %s, %s; %lu frames played, %lu DMA periods, %lu underruns\n",
	       demo.p->state == PIPE_RUNNING ? "running" : "stopped", tune, (unsigned long)s.frames,
	       (unsigned long)s.periods, (unsigned long)s.xruns);
}

static int cmd_demo(int argc, char **argv)
{
	const char *op = argc > 1 ? argv[1] : "status";
	int rc = 0;

	if (!strcmp(op, "start")) {
		rc = audio_demo_start();
	} else if (!strcmp(op, "stop")) {
		demo_delete(); /* the codec is free for the host (sotto-ctl) */
	} else if (!strcmp(op, "freq") && argc == 3) {
		struct sot_tone_cfg t = demo.tone_cfg;

		t.freq_mhz = (uint32_t)(atof(argv[2]) * 1000.0 + 0.5);
		rc = demo_retune(demo.tone, &demo.tone_cfg, &t, sizeof(t));
	} else if (!strcmp(op, "volume") && argc == 3) {
		struct sot_volume_cfg v = demo.vol_cfg;

		v.gain_mb[0] = v.gain_mb[1] = (int32_t)(atof(argv[2]) * 100.0);
		rc = demo_retune(demo.vol, &demo.vol_cfg, &v, sizeof(v));
	} else if (strcmp(op, "status")) {
		printf("usage: demo [start|stop|status|freq HZ|volume DB]\n");
		return -EINVAL;
	}
	if (rc)
		printf("demo: %s: error %d\n", op, rc);
	else
		demo_status();
	return rc;
}
SHELL_CMD(demo, "demo [start|stop|status|freq HZ|volume DB]: the tone -> volume -> codec demo",
	  cmd_demo);
