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

#endif /* AUDIO_AUDIO_H */
