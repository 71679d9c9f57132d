/* SPDX-License-Identifier: MIT */
/*
 * DMA path costs (boards with a DMA-fed codec DAI): tone -> dai_copier
 * (S32 -> S16 stereo, 48 kHz) into the HDA link for 200 ms.
 *   dma_period_irq  the link's period interrupt handler (position update,
 *                   silence behind the link, status acknowledge), per IRQ
 *   copier_period   the dai_copier's process() per LL period (1 ms, 48 frames)
 */
#include <string.h>

#include <sotto/module_cfg.h>

#include "audio/pipeline.h"
#include "drivers/hda/hda.h"
#include "kernel/thread.h"
#include "test/harness/kbench.h"

static uint32_t next_id = 700; /* instance ids */

/* A new instance of @name, configured, appended to @p; NULL on failure. */
static struct mod_instance *add(struct pipeline *p, const char *name, const void *cfg, size_t size)
{
	return pipe_add_new(p, name, next_id++, cfg, size);
}

KBENCH(dma)
{
	static const struct sot_tone_cfg tone = {1000000, -600, 0x3, SOT_PCM_S32_LE, 2, 48000};
	static const struct sot_dai_copier_cfg dc = {DAI_ID_HDA, SOT_PCM_S16_LE, 0};
	struct hda_info h0, h1;
	struct mod_instance *t, *d;
	struct pipeline *p;

	if (!hda_info()->ready || pipe_create(920, 0, 1000, &p))
		return;
	t = add(p, "tone", &tone, sizeof(tone));
	d = add(p, "dai_copier", &dc, sizeof(dc));
	if (t && d && !pipe_connect(p, t, 0, d, 0) && !pipe_prepare(p) &&
	    !pipe_trigger(p, PIPE_CMD_START)) {
		thread_sleep_us(50000); /* settle: the codec's FIFO fills first */
		h0 = *hda_info();
		d->calls = 0;
		d->cost_total = 0;
		thread_sleep_us(200000);
		h1 = *hda_info();
		pipe_trigger(p, PIPE_CMD_STOP);
		if (h1.irqs > h0.irqs)
			kbench_report("dma_period_irq",
				      (uint32_t)((h1.irq_instr_total - h0.irq_instr_total) /
						 (h1.irqs - h0.irqs)),
				      "instr");
		if (d->calls)
			kbench_report("copier_period", (uint32_t)(d->cost_total / d->calls),
				      "instr");
	}
	pipe_reset(p);
	pipe_delete(p);
}
