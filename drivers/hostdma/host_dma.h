/* SPDX-License-Identifier: MIT */
/*
 * Host DMA over the shared-memory window (drivers/ivshmem/shm_layout.h,
 * docs/host-shm.md): a DMA controller (struct dma_ops, id DMA_ID_HOST) with
 * one channel per PCM ring of the window; channel i is ring i and has that
 * ring's direction.
 *
 * The engine is software and runs when asked: the host ring is the "device"
 * side, the channel's firmware buffer (dma_config.buf, a cyclic buffer of
 * periods) the firmware side.
 *   DMA_DEV_TO_MEM (host playback, host ring -> firmware buffer; needs a
 *     SHM_DIR_PLAYBACK ring): status() first moves every whole frame the host
 *     ring holds that fits in the firmware buffer, then reports avail = bytes
 *     the firmware may read; commit(n) gives n read bytes back (the engine
 *     refills them at the next status()).
 *   DMA_MEM_TO_DEV (capture toward the host; SHM_DIR_CAPTURE ring): commit(n)
 *     marks n written bytes ready and copies what the host ring has room for;
 *     status() copies again, then reports avail = room the firmware may write
 *     and pending = bytes committed but not yet in the host ring.
 * The engine only runs while the channel runs; pause keeps every position,
 * stop empties the firmware buffer (hw_pos = sw_pos = 0, periods = 0) but
 * leaves the host ring's positions alone. The period callback runs (from
 * status()/commit(), in the caller's context) once for each period boundary
 * of the firmware buffer the engine's position crosses while copying.
 *
 * Xruns (counted in dma_status.xruns since config, in the ring's shared
 * xruns counter since boot, and flagged with SHM_FW_XRUN):
 *   playback underrun: a status() of a running channel finds less than one
 *     period for the firmware while the host has not set SHM_HOST_EOS, after
 *     the channel has received data since start. One underrun per shortage:
 *     the next is counted only after a status() has found a whole period.
 *   capture overflow: a status() of a running channel finds less than one
 *     period of room for the firmware because the host ring is full (committed
 *     data is still waiting): every waiting byte is dropped (the firmware side
 *     goes on at once; the host will miss that stretch).
 *
 * Nothing read from the window is trusted. At dma_config() the ring
 * descriptor is read and checked (direction, format, channels 1/2/4/8, rate,
 * frame size, data inside the window above SHM_DATA_MIN_OFF, SHM_DATA_ALIGN
 * aligned, power-of-two size): -EIO if it is not valid, -EINVAL if it is valid
 * but the firmware's config does not match it (direction, frame size). Then
 * only the host's position and host_flags are read: a host position that
 * claims more than the ring holds (or less than nothing) or is not a whole
 * frame away makes the engine move nothing, status() return -EIO (with *st
 * still filled in), and counts an error (host_dma_errors(), the ring's
 * shared errors counter, SHM_FW_BADPOS until a valid position is seen).
 * Words the firmware owns are written from private copies, never read back.
 *
 * A channel is driven by one thread at a time (the LL thread).
 */
#ifndef DRIVERS_HOST_DMA_H
#define DRIVERS_HOST_DMA_H

#include <stdbool.h>
#include <stdint.h>

#include <sotto/pcm.h>

#include "drivers/dma/dma.h"
#include "drivers/ivshmem/shm_layout.h"

#define DMA_ID_HOST    0x0002u
#define HOST_DMA_CHANS SHM_RINGS

/* Ring defaults written at every window reset. */
#define HOST_DMA_DEFAULT_FORMAT	  SOT_PCM_S16_LE
#define HOST_DMA_DEFAULT_CHANNELS 2u
#define HOST_DMA_DEFAULT_RATE	  48000u

/*
 * Take the window at @base (@size bytes, mapped with aligned accesses only),
 * lay it out (host_dma_shm_reset()) and register the controller. Logs one
 * line. 0, -ENOSPC (window smaller than SHM_WINDOW_MIN), -EEXIST.
 */
int host_dma_init(volatile void *base, uint32_t size);

/*
 * Re-initialise the window as at boot: fw_state not ready, header, every
 * ring descriptor at its defaults with positions, flags and counters 0, then
 * fw_state ready (boot_count + 1). -ENODEV before init, -EBUSY while a
 * channel is requested.
 */
int host_dma_shm_reset(void);

/*
 * Publish a new format for ring @ring (its data size stays the plan's, a
 * power of two). Channels must be 1, 2, 4 or 8 (power-of-two frames) and
 * the rate 1..SOT_PCM_MAX_RATE. 0, -EINVAL, -ENODEV, -EBUSY (the ring's
 * channel is configured).
 */
int host_dma_ring_set_format(unsigned int ring, enum sot_pcm_format fmt, unsigned int channels,
			     uint32_t rate);

/*
 * Set both positions of ring @ring to @pos (the host must leave the ring
 * alone meanwhile; tests use it to start near a wrap). 0, -ENODEV, -EBUSY
 * (the ring's channel runs or is paused).
 */
int host_dma_ring_reset(unsigned int ring, uint32_t pos);

/* The descriptor of ring @ring in the window, NULL before init or out of range. */
volatile struct shm_ring *host_dma_shm_ring(unsigned int ring);

/* Invalid host positions seen by @chan since its config. */
uint32_t host_dma_errors(const struct dma_chan *chan);

/*
 * Playback: the host has set SHM_HOST_EOS and its ring holds nothing more
 * (the firmware buffer may still: see dma_status.avail).
 */
bool host_dma_is_eos(const struct dma_chan *chan);

#endif /* DRIVERS_HOST_DMA_H */
