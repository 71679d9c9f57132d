/* SPDX-License-Identifier: MIT */
/*
 * Audio events for the host: xruns, process errors, module faults. Raised
 * from the LL/DP side (never blocks, never allocates) into a bounded queue
 * that the host link drains; when the queue is full the event is counted as
 * dropped, never lost silently. Every event is also logged (rate limited by
 * the queue: one line per event while it has room).
 */
#ifndef AUDIO_NOTIFY_H
#define AUDIO_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#define AUDIO_NOTIFY_QUEUE 32

enum audio_event {
	AUDIO_EV_UNDERRUN,	  /* playback ran dry (toward a DAI, or from the host) */
	AUDIO_EV_OVERRUN,	  /* capture had no room (toward the host) */
	AUDIO_EV_PROCESS_ERROR,	  /* a module's process() failed */
	AUDIO_EV_MODULE_FAULT,	  /* an instance faulted / overran: bypassed, to be restarted */
	AUDIO_EV_MODULE_BYPASSED, /* past its restart limit: bypassed for good */
	AUDIO_EV_COUNT
};

struct audio_notification {
	enum audio_event ev;
	uint32_t module;   /* module type id (the host's module id) */
	uint32_t instance; /* module instance id */
	uint32_t value;	 /* event-specific: xruns since the last start/resume, error, fault class */
	uint32_t value2; /* a second word: the fault address */
};

/*
 * Queue an event of instance @instance of module type @module; false (and
 * counted as dropped) when the queue is full. Then the sink, if one is set,
 * is called (same context) to take the queue.
 */
bool audio_notify(enum audio_event ev, uint32_t module, uint32_t instance, uint32_t value);

/* The same with a second data word. */
bool audio_notify2(enum audio_event ev, uint32_t module, uint32_t instance, uint32_t value,
		   uint32_t value2);

/*
 * Call @fn after every audio_notify() (NULL: none); returns the sink it
 * replaces (a test that captures events puts it back). The host link's sink
 * pops the queue into its own notifications; it must never block.
 */
typedef void (*audio_notify_sink_t)(void);
audio_notify_sink_t audio_notify_set_sink(audio_notify_sink_t fn);

/* Take the oldest queued event; false when none. */
bool audio_notify_pop(struct audio_notification *n);

/* Events raised of @ev since boot (queued or dropped); events dropped. */
uint32_t audio_notify_count(enum audio_event ev);
uint32_t audio_notify_dropped(void);

const char *audio_event_name(enum audio_event ev);

#endif /* AUDIO_NOTIFY_H */
