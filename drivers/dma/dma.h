/* SPDX-License-Identifier: MIT */
/*
 * DMA drivers: engines that move audio between a firmware buffer and a
 * device (the codec link) or the host. A driver implements struct dma_ops;
 * the audio layer's copiers reach it only through the dma_*() calls below,
 * so a PL080 or an SoC's own engine can implement the same interface.
 *
 * A channel runs a cyclic buffer of whole periods. The firmware side and the
 * device side each own a position in it:
 *   DMA_MEM_TO_DEV (playback toward the device/host): the firmware writes
 *     at its position, dma_commit() hands those bytes to the device, which
 *     consumes them at its own pace;
 *   DMA_DEV_TO_MEM (capture from the device/host): the device fills, the
 *     firmware reads at its position, dma_commit() gives the bytes back.
 * An xrun is the device side overtaking the firmware side (playback: the
 * device played bytes the firmware had not written; capture: it overwrote
 * bytes the firmware had not read). The driver counts it, re-synchronises
 * (playback: silence ahead of the device; capture: drops the stale bytes)
 * and goes on; the channel never stops on its own.
 */
#ifndef DRIVERS_DMA_H
#define DRIVERS_DMA_H

#include <stdint.h>

#define DMA_MAX 4 /* registered controllers */

enum dma_dir { DMA_MEM_TO_DEV, DMA_DEV_TO_MEM };
enum dma_state { DMA_IDLE, DMA_CONFIGURED, DMA_RUNNING, DMA_PAUSED };

struct dma_chan;

/* Called in interrupt context (or from the engine's poll) once per period. */
typedef void (*dma_period_cb_t)(void *arg, struct dma_chan *chan);

struct dma_config {
	enum dma_dir dir;
	void *buf;	       /* cyclic buffer, kernel address; the engine gets its bus address */
	uint32_t bytes;	       /* a whole number of periods */
	uint32_t period_bytes; /* > 0, a multiple of the frame size */
	uint32_t frame_bytes;  /* bytes of one frame (alignment of positions) */
	dma_period_cb_t period_cb; /* may be NULL */
	void *cb_arg;
};

struct dma_status {
	enum dma_state state;
	uint32_t hw_pos;  /* device position in the buffer, bytes from its start */
	uint32_t sw_pos;  /* firmware position in the buffer */
	uint32_t avail;	  /* bytes the firmware may commit now (write room or data to read) */
	uint32_t pending; /* bytes committed the device has not yet taken (playback) */
	uint32_t periods; /* periods completed since start */
	uint32_t xruns;	  /* since config */
};

struct dma_ops {
	/* Claim channel @index (or any free one for -1): 0 .. n-1, -EBUSY, -ENODEV. */
	int (*request)(struct dma_chan *chans, int index);
	int (*config)(struct dma_chan *chan, const struct dma_config *cfg);
	int (*start)(struct dma_chan *chan);
	int (*stop)(struct dma_chan *chan);
	int (*pause)(struct dma_chan *chan);
	int (*resume)(struct dma_chan *chan);
	int (*status)(struct dma_chan *chan, struct dma_status *st);
	int (*commit)(struct dma_chan *chan, uint32_t bytes);
	void (*release)(struct dma_chan *chan);
};

/* One channel of a controller; drivers embed or extend it (priv). */
struct dma_chan {
	struct dma *dma;
	unsigned int index;
	int busy;
	struct dma_config cfg;
	enum dma_state state;
	void *priv;
};

struct dma {
	const char *name;
	uint32_t id;
	const struct dma_ops *ops;
	struct dma_chan *chans;
	unsigned int n_chans;
};

/* Make controller @dma reachable by its id; 0, -EEXIST, -ENOSPC. */
int dma_register(struct dma *dma);
void dma_unregister(struct dma *dma);
struct dma *dma_get(uint32_t id);

/*
 * Claim a channel of controller @id: @index, or any free one for -1. NULL
 * when the controller is missing or the channel busy.
 */
struct dma_chan *dma_request(uint32_t id, int index);
void dma_release(struct dma_chan *chan);

/* -EINVAL for a bad buffer/period (nothing changed), -EBUSY while running. */
int dma_config(struct dma_chan *chan, const struct dma_config *cfg);
int dma_start(struct dma_chan *chan);
int dma_stop(struct dma_chan *chan);
int dma_pause(struct dma_chan *chan);
int dma_resume(struct dma_chan *chan);
int dma_status(struct dma_chan *chan, struct dma_status *st);
/* The firmware wrote (playback) or read (capture) @bytes at its position; -EINVAL past avail. */
int dma_commit(struct dma_chan *chan, uint32_t bytes);

/* Check @cfg against the rules above (helpers for drivers); 0 or -EINVAL. */
int dma_config_check(const struct dma_config *cfg);

/*
 * Position bookkeeping every cyclic engine needs (drivers use it): both
 * sides count bytes since start modulo 2^32, so "how far apart" is one
 * subtraction and a wrap of the buffer is not a special case.
 */
struct dma_ring {
	enum dma_dir dir;
	uint32_t bytes;	 /* buffer size */
	uint32_t frame;	 /* positions stay multiples of it */
	uint32_t hw;	 /* device side, bytes since start */
	uint32_t sw;	 /* firmware side, bytes since start */
	uint32_t hw_off; /* last device offset seen in the buffer */
	uint32_t xruns;
	int starved; /* overtaken, and the firmware has not committed since */
};

/* Start both sides at 0; playback starts with @prefill bytes committed (silence). */
void dma_ring_reset(struct dma_ring *r, enum dma_dir dir, uint32_t bytes, uint32_t frame,
		    uint32_t prefill);

/*
 * The device is now at offset @off in the buffer (0 <= @off < bytes); it
 * moved forward by less than one buffer since the last call. Detects and
 * repairs an xrun: returns 1 when the device overtook the firmware, after
 * which playback has @margin bytes committed ahead of the device (the
 * caller fills them with silence, from offset @off on) and capture drops all
 * unread data. One starvation counts as one xrun however long it lasts: it
 * ends when the firmware commits again.
 */
int dma_ring_update(struct dma_ring *r, uint32_t off, uint32_t margin);

/* Firmware-side room (playback) or data (capture) in bytes. */
uint32_t dma_ring_avail(const struct dma_ring *r);
/* Committed bytes the device has not reached yet (playback), data waiting (capture). */
uint32_t dma_ring_pending(const struct dma_ring *r);
/* Move the firmware side by @n (<= avail); 0 or -EINVAL. */
int dma_ring_commit(struct dma_ring *r, uint32_t n);

#endif /* DRIVERS_DMA_H */
