/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "drivers/dai/dai_mem.h"
#include "kernel/errno.h"

static int mem_config(struct dai *dai, const struct sot_stream *s)
{
	struct dai_mem *m = (struct dai_mem *)dai;

	if (dai->running)
		return -EBUSY; /* another endpoint's stream */
	if (!sot_pcm_format_is_valid(s->format) || !sot_pcm_channels_are_valid(s->channels))
		return -EINVAL;
	dai->stream = *s;
	dai->frame_bytes = sot_pcm_bytes(s->format) * s->channels;
	m->capacity = m->bytes / dai->frame_bytes;
	m->head = m->tail = 0;
	return 0;
}

static int mem_trigger(struct dai *dai, enum dai_cmd cmd)
{
	if (!dai->frame_bytes)
		return -EINVAL; /* not configured */
	dai->running = cmd == DAI_START;
	return 0;
}

/* Copy @frames frames between the ring slot @pos and @buf, wrapping. */
static void ring_copy(struct dai_mem *m, uint32_t pos, void *buf, uint32_t frames, int to_ring)
{
	uint32_t fb = m->dai.frame_bytes, cap = m->capacity;

	for (uint32_t done = 0; done < frames;) {
		uint32_t at = (pos + done) % cap, n = cap - at;

		if (n > frames - done)
			n = frames - done;
		if (to_ring)
			memcpy(m->data + at * fb, (uint8_t *)buf + done * fb, n * fb);
		else
			memcpy((uint8_t *)buf + done * fb, m->data + at * fb, n * fb);
		done += n;
	}
}

uint32_t dai_mem_level(const struct dai_mem *m)
{
	return m->head - m->tail;
}

static uint32_t put(struct dai_mem *m, const void *in, uint32_t frames)
{
	uint32_t room = m->capacity - dai_mem_level(m);

	if (frames > room)
		frames = room;
	ring_copy(m, m->head % m->capacity, (void *)in, frames, 1);
	m->head += frames;
	return frames;
}

static uint32_t take(struct dai_mem *m, void *out, uint32_t frames)
{
	uint32_t level = dai_mem_level(m);

	if (frames > level)
		frames = level;
	ring_copy(m, m->tail % m->capacity, out, frames, 0);
	m->tail += frames;
	return frames;
}

static uint32_t mem_write(struct dai *dai, const void *data, uint32_t frames)
{
	uint32_t n = put((struct dai_mem *)dai, data, frames);

	if (n < frames)
		dai->xruns++;
	return n;
}

static uint32_t mem_read(struct dai *dai, void *data, uint32_t frames)
{
	uint32_t n = take((struct dai_mem *)dai, data, frames);

	if (n < frames)
		dai->xruns++;
	return n;
}

static const struct dai_ops mem_ops = {mem_config, mem_trigger, mem_write, mem_read};

int dai_mem_init(struct dai_mem *m, uint32_t id, enum dai_dir dir, void *data, uint32_t bytes)
{
	memset(m, 0, sizeof(*m));
	m->dai.name = dir == DAI_PLAYBACK ? "mem-playback" : "mem-capture";
	m->dai.id = id;
	m->dai.dir = dir;
	m->dai.ops = &mem_ops;
	m->data = data;
	m->bytes = bytes;
	return dai_register(&m->dai);
}

uint32_t dai_mem_drain(struct dai_mem *m, void *out, uint32_t frames)
{
	return take(m, out, frames);
}

uint32_t dai_mem_fill(struct dai_mem *m, const void *in, uint32_t frames)
{
	return put(m, in, frames);
}
