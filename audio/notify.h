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
/*
 * Slots module traffic (audio_notify_module()) never takes: however many
 * instances flood, the firmware's own events (xruns, faults) find room.
 */
#define AUDIO_NOTIFY_RESERVE 8

enum audio_event {
	AUDIO_EV_UNDERRUN,	  /* playback ran dry (toward a DAI, or from the host) */
	AUDIO_EV_OVERRUN,	  /* capture had no room (toward the host) */
	AUDIO_EV_PROCESS_ERROR,	  /* a module's process() failed */
	AUDIO_EV_MODULE_FAULT,	  /* an instance faulted / overran: bypassed, to be restarted */
	AUDIO_EV_MODULE_BYPASSED, /* past its restart limit: bypassed for good */
	AUDIO_EV_MODULE_MESSAGE,  /* a module's notification (ipc_msg_send): code, size bytes */
	AUDIO_EV_MODULE_EVENT,	  /* a resource event a module raised: the host's number in code */
	AUDIO_EV_COUNT
};

struct audio_notification {
	enum audio_event ev;
	uint32_t module;   /* module type id (the host's module id) */
	uint32_t instance; /* module instance id */
	uint32_t value;	 /* event-specific: xruns since the last start/resume, error, fault class */
	uint32_t value2; /* a second word: the fault address */
	uint32_t code;	 /* MODULE_MESSAGE: the module's type; MODULE_EVENT: the event */
	uint32_t size;	 /* MODULE_MESSAGE: bytes of value, value2 that carry data */
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
 * Queue @n, raised by a module (the module system calls, audio/mod_syscalls.c),
 * only while more than AUDIO_NOTIFY_RESERVE slots are free; true if
 * queued. A refused one is the module's loss (its caller counts it), not
 * an event dropped. Logged at debug level; then the sink, as for
 * audio_notify().
 */
bool audio_notify_module(const struct audio_notification *n);

/*
 * Call @fn after every audio_notify() (NULL: none); returns the sink it
 * replaces (a test that captures events puts it back). The host link's sink
 * pops the queue into its own notifications; it must never block.
 */
typedef void (*audio_notify_sink_t)(void);
audio_notify_sink_t audio_notify_set_sink(audio_notify_sink_t fn);

/* Take the oldest queued event; false when none. */
bool audio_notify_pop(struct audio_notification *n);

/*
 * Events raised of @ev since boot (queued or dropped; of the module kinds,
 * queued); events dropped.
 */
uint32_t audio_notify_count(enum audio_event ev);
uint32_t audio_notify_dropped(void);

const char *audio_event_name(enum audio_event ev);

#endif /* AUDIO_NOTIFY_H */
