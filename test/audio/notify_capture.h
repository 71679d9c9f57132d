/* SPDX-License-Identifier: MIT */
/*
 * Audio events for on-target tests: while a capture runs, every event
 * raised (audio_notify()) is taken from the queue and kept here, in order,
 * instead of going to the sink that was set (the host link in the shell
 * image), which gets its place back when the capture stops.
 */
#ifndef TEST_AUDIO_NOTIFY_CAPTURE_H
#define TEST_AUDIO_NOTIFY_CAPTURE_H

#include "audio/notify.h"

#define NOTIFY_CAPTURE_MAX 32

/* Drop what is queued, then keep every event raised from now on. */
void notify_capture_start(void);

/* Stop keeping events; the previous sink is back (nothing when no capture runs). */
void notify_capture_stop(void);

/* Events kept so far (at most NOTIFY_CAPTURE_MAX; later ones are counted, not kept). */
unsigned int notify_captured(void);
const struct audio_notification *notify_captured_at(unsigned int i);

/* Events kept of @ev raised by module type @module. */
unsigned int notify_captured_count(enum audio_event ev, uint32_t module);

#endif /* TEST_AUDIO_NOTIFY_CAPTURE_H */
