/* SPDX-License-Identifier: MIT */
/* Cyclic-buffer position bookkeeping for DMA drivers (pure: host-tested). */
#include "drivers/dma/dma.h"
#include "kernel/errno.h"

void dma_ring_reset(struct dma_ring *r, enum dma_dir dir, uint32_t bytes, uint32_t frame,
		    uint32_t prefill)
{
	*r = (struct dma_ring){.dir = dir, .bytes = bytes, .frame = frame};
	if (dir == DMA_MEM_TO_DEV)
		r->sw = prefill;
}

uint32_t dma_ring_pending(const struct dma_ring *r)
{
	return r->dir == DMA_MEM_TO_DEV ? r->sw - r->hw : r->hw - r->sw;
}

uint32_t dma_ring_avail(const struct dma_ring *r)
{
	uint32_t p = dma_ring_pending(r);

	return r->dir == DMA_MEM_TO_DEV ? r->bytes - p : p;
}

int dma_ring_update(struct dma_ring *r, uint32_t off, uint32_t margin)
{
	uint32_t moved = (off + r->bytes - r->hw_off) % r->bytes;

	r->hw_off = off;
	r->hw += moved;
	if (r->dir == DMA_MEM_TO_DEV) {
		/* Overtaken when hw passed sw: sw - hw "negative". */
		if ((int32_t)(r->sw - r->hw) >= 0)
			return 0;
		r->sw = r->hw + margin;
	} else {
		if (r->hw - r->sw <= r->bytes)
			return 0;
		r->sw = r->hw;
	}
	if (!r->starved)
		r->xruns++;
	r->starved = 1;
	return 1;
}

int dma_ring_commit(struct dma_ring *r, uint32_t n)
{
	if (n > dma_ring_avail(r) || n % r->frame)
		return -EINVAL;
	r->sw += n;
	if (n)
		r->starved = 0;
	return 0;
}
