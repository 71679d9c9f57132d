/* SPDX-License-Identifier: MIT */
/*
 * Intel High Definition Audio (HDA spec 1.0a) on PCI: the controller's
 * output stream DMA is the "link DMA" (struct dma, id DMA_ID_HDA), the
 * codec's output converter + pin is the DAI (struct dai, id DAI_ID_HDA).
 *
 * Bring-up: controller reset, codec discovery from STATESTS, widget walk of
 * the first codec's audio function group for an output converter and an
 * output pin, codec commands through the immediate command registers (no
 * CORB/RIRB). Playback: one output stream descriptor, a buffer descriptor
 * list with one entry per period (each with interrupt on completion), the
 * position from LPIB at every period interrupt, underruns detected when the
 * link position overtakes what the firmware committed.
 *
 * Errors never hang: every wait is bounded (HDA_TIMEOUT_US) and ends in a
 * log line and an error code.
 */
#ifndef DRIVERS_HDA_H
#define DRIVERS_HDA_H

#include <stdint.h>

#define DMA_ID_HDA 0x0001
#define DAI_ID_HDA 0x0010

#define HDA_TIMEOUT_US 10000 /* longest wait for the controller or a codec */

struct hda_info {
	int ready;	       /* probe found a controller and a usable codec */
	int probe_rc;	       /* what hda_init() returned */
	uint16_t gcap;	       /* GCAP: stream counts */
	unsigned int iss, oss; /* input / output stream descriptors */
	unsigned int codec;    /* codec address used */
	uint32_t vendor;       /* codec vendor/device id */
	unsigned int afg;      /* audio function group node */
	unsigned int dac, pin; /* output converter and pin nodes */
	uint32_t pcm_caps;     /* converter's supported rates/bits (param 0x0a) */
	uint32_t irqs;	       /* period interrupts handled */
	uint32_t cmd_timeouts; /* codec commands that got no answer */
	/* Period interrupt handler cost, PMU cycles (instructions under -icount). */
	uint32_t irq_instr_min;
	uint32_t irq_instr_last;
	uint64_t irq_instr_total; /* over irqs */
};

/*
 * Find the controller on PCI, reset it, find and configure the codec, and
 * register the DMA and DAI. 0; -ENODEV (no controller, no codec, no output
 * path), -ETIMEDOUT (reset or a codec command never completed).
 */
int hda_init(void);

/* What the probe found (for the shell, tests and benchmarks). */
const struct hda_info *hda_info(void);

/*
 * One codec verb through the immediate command registers: @verb is the
 * 20-bit node-relative part (12-bit verb + 8-bit payload, or 4-bit verb +
 * 16-bit payload). 0 with *@resp; -ETIMEDOUT when codec @cad does not answer
 * in HDA_TIMEOUT_US (the command slot is freed again); -ENODEV before init.
 */
int hda_codec_cmd(unsigned int cad, unsigned int nid, uint32_t verb, uint32_t *resp);

/* The converter format word for @rate/@bits/@channels, or -EINVAL (unsupported). */
int hda_stream_format(uint32_t rate, unsigned int bits, unsigned int channels);

#endif /* DRIVERS_HDA_H */
