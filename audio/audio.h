/* SPDX-License-Identifier: MIT */
/* The audio layer's start-up: the LL scheduler thread. Images call it after boot. */
#ifndef AUDIO_AUDIO_H
#define AUDIO_AUDIO_H

int audio_init(void);

/*
 * Start the shell's demo pipeline (audio/demo.c): tone -> volume -> the
 * first DMA-fed playback DAI. 0, -ENODEV when the board has no such DAI.
 */
int audio_demo_start(void);

/*
 * Serve the host: IPC4 requests and audio notifications over the board's
 * host link, then FW_READY. 0, -ENODEV (no host link on this board or it is
 * not up).
 */
int audio_host_link_init(void);

#endif /* AUDIO_AUDIO_H */
