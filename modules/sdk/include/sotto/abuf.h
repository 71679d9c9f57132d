/* SPDX-License-Identifier: MIT */
/*
 * Audio buffers: a ring of whole frames in shared memory between exactly one
 * producer and one consumer, possibly in two different domains. Each side
 * only ever writes its own position, so there are no locks and no system
 * calls on the data path. Positions run over twice the size (the mirror
 * trick: full and empty differ without a wasted slot, no division on the
 * data path). Header-only: module code and the kernel share it.
 *
 *   producer (sink):   n = abuf_free(b); abuf_write_region(b, n, &r); fill; abuf_write_commit(b, n)
 *   consumer (source): n = abuf_avail(b); abuf_read_region(b, n, &r);  use;  abuf_read_commit(b, n)
 */
#ifndef SOTTO_ABUF_H
#define SOTTO_ABUF_H

#include <stddef.h>
#include <stdint.h>

#define ABUF_MAGIC 0x41425546u /* "ABUF" */

struct abuf {
	uint32_t magic;
	uint32_t size;		     /* data bytes: a whole number of frames */
	uint32_t frame_bytes;	     /* bytes per frame (all channels) */
	uint32_t data_offset;	     /* from the start of the struct */
	volatile uint32_t wpos;	     /* written by the producer only: 0 .. 2*size-1 */
	volatile uint32_t rpos;	     /* written by the consumer only */
	volatile uint32_t overruns;  /* producer found no room for what it had (producer writes) */
	volatile uint32_t underruns; /* consumer found less than it needed (consumer writes) */
};

/* Up to two pieces: the second is non-empty when the region wraps. */
struct abuf_region {
	uint8_t *ptr[2];
	uint32_t frames[2];
};

/* Bytes a buffer of @frames frames of @frame_bytes needs, header included. */
static inline size_t abuf_bytes(uint32_t frames, uint32_t frame_bytes)
{
	return sizeof(struct abuf) + (size_t)frames * frame_bytes;
}

/* Format @b (in memory of abuf_bytes(frames, frame_bytes)) as an empty ring. 0 or -1. */
static inline int abuf_init(struct abuf *b, uint32_t frames, uint32_t frame_bytes)
{
	if (!frames || !frame_bytes || (uint64_t)frames * frame_bytes > 0x3fffffffu)
		return -1;
	b->size = frames * frame_bytes;
	b->frame_bytes = frame_bytes;
	b->data_offset = sizeof(struct abuf);
	b->wpos = b->rpos = 0;
	b->overruns = b->underruns = 0;
	__atomic_store_n(&b->magic, ABUF_MAGIC, __ATOMIC_RELEASE);
	return 0;
}

static inline uint8_t *abuf_data(const struct abuf *b)
{
	return (uint8_t *)b + b->data_offset;
}

static inline uint32_t abuf_used_bytes(const struct abuf *b)
{
	uint32_t w = __atomic_load_n(&b->wpos, __ATOMIC_ACQUIRE);
	uint32_t r = __atomic_load_n(&b->rpos, __ATOMIC_ACQUIRE);

	return w >= r ? w - r : w + 2 * b->size - r;
}

/* Frames the consumer can read now. */
static inline uint32_t abuf_avail(const struct abuf *b)
{
	return abuf_used_bytes(b) / b->frame_bytes;
}

/* Frames the producer can write now. */
static inline uint32_t abuf_free(const struct abuf *b)
{
	return (b->size - abuf_used_bytes(b)) / b->frame_bytes;
}

static inline void abuf_region_at(const struct abuf *b, uint32_t pos, uint32_t frames,
				  struct abuf_region *r)
{
	uint32_t off = pos >= b->size ? pos - b->size : pos;
	uint32_t first = (b->size - off) / b->frame_bytes;

	if (first > frames)
		first = frames;
	r->ptr[0] = abuf_data(b) + off;
	r->frames[0] = first;
	r->ptr[1] = abuf_data(b);
	r->frames[1] = frames - first;
}

static inline uint32_t abuf_advance(const struct abuf *b, uint32_t pos, uint32_t frames)
{
	pos += frames * b->frame_bytes;
	return pos >= 2 * b->size ? pos - 2 * b->size : pos;
}

/* Where the next @frames (<= abuf_avail()) are; counts an underrun if short. */
static inline uint32_t abuf_read_region(struct abuf *b, uint32_t frames, struct abuf_region *r)
{
	uint32_t avail = abuf_avail(b);

	if (frames > avail) {
		b->underruns++;
		frames = avail;
	}
	abuf_region_at(b, b->rpos, frames, r);
	return frames;
}

/* Give back @frames read frames (publish the new read position). */
static inline void abuf_read_commit(struct abuf *b, uint32_t frames)
{
	__atomic_store_n(&b->rpos, abuf_advance(b, b->rpos, frames), __ATOMIC_RELEASE);
}

/* Where @frames (<= abuf_free()) can be written; counts an overrun if short. */
static inline uint32_t abuf_write_region(struct abuf *b, uint32_t frames, struct abuf_region *r)
{
	uint32_t room = abuf_free(b);

	if (frames > room) {
		b->overruns++;
		frames = room;
	}
	abuf_region_at(b, b->wpos, frames, r);
	return frames;
}

/* Publish @frames written frames (data before position). */
static inline void abuf_write_commit(struct abuf *b, uint32_t frames)
{
	__atomic_store_n(&b->wpos, abuf_advance(b, b->wpos, frames), __ATOMIC_RELEASE);
}

/*
 * Walking a region run by run (a run is contiguous memory):
 *   struct abuf_cursor c = {.fb = port->frame_bytes};
 *   abuf_read_region(buf, n, &c.r);
 *   while ((k = abuf_cursor_run(&c)) != 0) { use k frames at abuf_cursor_ptr(&c); c.off += k; }
 */
struct abuf_cursor {
	struct abuf_region r;
	unsigned int piece;
	uint32_t off; /* frames used of the current piece */
	uint32_t fb;  /* frame bytes */
};

/* Frames left in the current contiguous run (0 when the region is used up). */
static inline uint32_t abuf_cursor_run(struct abuf_cursor *c)
{
	while (c->piece < 2 && c->off == c->r.frames[c->piece]) {
		c->piece++;
		c->off = 0;
	}
	return c->piece < 2 ? c->r.frames[c->piece] - c->off : 0;
}

static inline uint8_t *abuf_cursor_ptr(const struct abuf_cursor *c)
{
	return c->r.ptr[c->piece] + c->off * c->fb;
}

/* Drop everything (both sides stopped): the ring is empty again, counters kept. */
static inline void abuf_reset(struct abuf *b)
{
	b->wpos = b->rpos = 0;
}

#endif /* SOTTO_ABUF_H */
