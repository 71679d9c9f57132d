/* SPDX-License-Identifier: MIT */
/* The audio layer's start-up: the LL scheduler thread. Images call it after boot. */
#ifndef AUDIO_AUDIO_H
#define AUDIO_AUDIO_H

int audio_init(void);

#endif /* AUDIO_AUDIO_H */
