/* SPDX-License-Identifier: MIT */
/*
 * The memory DAI: a DAI whose "codec" is a ring in RAM. Playback appends
 * what the pipeline plays (a test reads it back and analyses it); capture
 * hands out what a test (the host stand-in) put there.
 */
#ifndef DRIVERS_DAI_MEM_H
#define DRIVERS_DAI_MEM_H

#include "drivers/dai/dai.h"

struct dai_mem {
	struct dai dai;
	uint8_t *data;
	uint32_t bytes;	     /* of the ring */
	uint32_t capacity;   /* frames, once configured */
	uint32_t head, tail; /* frames written / read so far (free running) */
};

/* Set up @m over @data (@bytes) as DAI @id of direction @dir and register it. */
int dai_mem_init(struct dai_mem *m, uint32_t id, enum dai_dir dir, void *data, uint32_t bytes);

/* Frames currently in the ring (capture: not yet taken; playback: played, not yet drained). */
uint32_t dai_mem_level(const struct dai_mem *m);

/* The test side: take played frames out / put frames to capture in. Return frames moved. */
uint32_t dai_mem_drain(struct dai_mem *m, void *out, uint32_t frames);
uint32_t dai_mem_fill(struct dai_mem *m, const void *in, uint32_t frames);

#endif /* DRIVERS_DAI_MEM_H */
