/* SPDX-License-Identifier: MIT */
/*
 * DAI (digital audio interface) drivers: where a pipeline's audio leaves
 * for a codec or arrives from one. A driver implements struct dai_ops;
 * the audio layer's endpoint modules reach it only through these calls.
 * The memory DAI (dai_mem.c) plays into and captures from RAM rings, so
 * pipelines run end to end on any board.
 */
#ifndef DRIVERS_DAI_H
#define DRIVERS_DAI_H

#include <stdint.h>

#include <sotto/module.h>

#define DAI_MAX 8

enum dai_dir { DAI_PLAYBACK, DAI_CAPTURE };
enum dai_cmd { DAI_START, DAI_STOP };

struct dai;

struct dai_ops {
	/* Accept @s (format, channels, rate); -EINVAL, or -EBUSY while the DAI runs. */
	int (*config)(struct dai *dai, const struct sot_stream *s);
	int (*trigger)(struct dai *dai, enum dai_cmd cmd);
	/*
	 * A DAI that moves data itself (the memory DAI) has write and read; a
	 * DAI fed by a DMA engine (dma_id below) has neither: the DAI copier
	 * moves the audio through that engine.
	 */
	/* Playback: take up to @frames frames; returns how many it took. */
	uint32_t (*write)(struct dai *dai, const void *data, uint32_t frames);
	/* Capture: give up to @frames frames; returns how many it gave. */
	uint32_t (*read)(struct dai *dai, void *data, uint32_t frames);
};

struct dai {
	const char *name;
	uint32_t id;
	enum dai_dir dir;
	const struct dai_ops *ops;
	struct sot_stream stream;
	uint32_t frame_bytes;
	uint32_t xruns; /* playback: no room; capture: nothing there */
	int running;
	uint32_t dma_id; /* the DMA controller that feeds it (drivers/dma), 0: none */
	int dma_index;	 /* its channel there */
};

/* Make @dai reachable by its id; 0, -EEXIST, -ENOSPC. */
int dai_register(struct dai *dai);
void dai_unregister(struct dai *dai);

/* The registered DAI with @id, or NULL. */
struct dai *dai_get(uint32_t id);

#endif /* DRIVERS_DAI_H */
