/* SPDX-License-Identifier: MIT */
/* DMA position bookkeeping (drivers/dma/dma_ring.c): host and target. */
#include "drivers/dma/dma.h"
#include "kernel/errno.h"
#include "test/harness/ktest.h"

KTEST(dma_ring, playback_prefill_avail_commit)
{
	struct dma_ring r;

	dma_ring_reset(&r, DMA_MEM_TO_DEV, 1024, 4, 768);
	KT_ASSERT_EQ(dma_ring_pending(&r), 768);
	KT_ASSERT_EQ(dma_ring_avail(&r), 256);
	KT_ASSERT_EQ(dma_ring_commit(&r, 260), -EINVAL); /* more than the room */
	KT_ASSERT_EQ(dma_ring_commit(&r, 6), -EINVAL);	 /* not whole frames */
	KT_ASSERT_EQ(dma_ring_commit(&r, 256), 0);
	KT_ASSERT_EQ(dma_ring_avail(&r), 0);
	KT_ASSERT_EQ(dma_ring_update(&r, 512, 128), 0); /* device took 512 */
	KT_ASSERT_EQ(dma_ring_pending(&r), 512);
	KT_ASSERT_EQ(dma_ring_avail(&r), 512);
	KT_ASSERT_EQ(r.xruns, 0);
}

KTEST(dma_ring, positions_wrap_the_buffer)
{
	struct dma_ring r;

	dma_ring_reset(&r, DMA_MEM_TO_DEV, 1024, 4, 512);
	for (int lap = 0; lap < 10; lap++) {
		KT_ASSERT_EQ(dma_ring_update(&r, 256, 0), 0);
		KT_ASSERT_EQ(dma_ring_commit(&r, 256), 0);
		KT_ASSERT_EQ(dma_ring_update(&r, 768, 0), 0);
		KT_ASSERT_EQ(dma_ring_commit(&r, 512), 0);
		KT_ASSERT_EQ(dma_ring_update(&r, 0, 0), 0);
		KT_ASSERT_EQ(dma_ring_commit(&r, 256), 0);
		KT_ASSERT_EQ(dma_ring_pending(&r), 512);
	}
	KT_ASSERT_EQ(r.hw, 10u * 1024);
	KT_ASSERT_EQ(r.xruns, 0);
}

KTEST(dma_ring, playback_underrun_counts_once_per_starvation)
{
	struct dma_ring r;

	dma_ring_reset(&r, DMA_MEM_TO_DEV, 1024, 4, 256);
	KT_ASSERT_EQ(dma_ring_update(&r, 256, 128), 0); /* exactly caught up: not yet */
	KT_ASSERT_EQ(dma_ring_update(&r, 512, 128), 1); /* overtaken */
	KT_ASSERT_EQ(r.xruns, 1);
	KT_ASSERT_EQ(dma_ring_pending(&r), 128);	/* silence committed ahead */
	KT_ASSERT_EQ(dma_ring_update(&r, 768, 128), 1); /* still dry: re-padded, not counted */
	KT_ASSERT_EQ(r.xruns, 1);
	KT_ASSERT_EQ(dma_ring_commit(&r, 64), 0); /* fed again */
	KT_ASSERT_EQ(dma_ring_update(&r, 0, 128), 1);
	KT_ASSERT_EQ(r.xruns, 2);
}

KTEST(dma_ring, capture_overrun_drops_stale_data)
{
	struct dma_ring r;

	dma_ring_reset(&r, DMA_DEV_TO_MEM, 1024, 4, 512);
	KT_ASSERT_EQ(dma_ring_pending(&r), 0); /* capture ignores the prefill */
	KT_ASSERT_EQ(dma_ring_update(&r, 768, 0), 0);
	KT_ASSERT_EQ(dma_ring_avail(&r), 768);
	KT_ASSERT_EQ(dma_ring_commit(&r, 772), -EINVAL);
	KT_ASSERT_EQ(dma_ring_commit(&r, 256), 0);
	KT_ASSERT_EQ(dma_ring_update(&r, 0, 0), 0);   /* 768 unread of 1024 */
	KT_ASSERT_EQ(dma_ring_update(&r, 512, 0), 1); /* device lapped the reader */
	KT_ASSERT_EQ(r.xruns, 1);
	KT_ASSERT_EQ(dma_ring_avail(&r), 0);
}
