/* SPDX-License-Identifier: MIT */
/*
 * The IPC4 handler, the "perform" half of decode-then-perform: a request that
 * ipc4_decode() accepted is looked up against the firmware's pipelines and
 * instances and carried out; everything else gets the decoder's status.
 * Callers (the host link's IPC thread, a test) may overlap: requests are
 * carried out one at a time under a kernel mutex, so call from a thread,
 * never from interrupt context. docs/ipc4.md, "What the firmware does",
 * lists every request's effect and statuses.
 *
 * The pipelines it creates are the host's: ids 0 .. IPC4_MAX_PIPELINES - 1,
 * kept in a table here, apart from pipelines the firmware builds itself (the
 * shell's demo).
 */
#ifndef AUDIO_IPC4_HANDLER_H
#define AUDIO_IPC4_HANDLER_H

#include <stddef.h>
#include <stdint.h>

#include "audio/notify.h"

/* A reply: ipc4_handle() fills the words and up to @max bytes of @payload. */
struct ipc4_reply {
	uint32_t primary, ext;
	uint32_t size;	  /* payload bytes written */
	uint8_t *payload; /* the caller's buffer */
	uint32_t max;	  /* its size */
};

/* Before the first request (audio_init() calls it): the lock. */
void ipc4_init(void);

/*
 * Handle one request. Always fills *@r (a reply to a request that is not
 * one still gets a reply primary word) and returns its status (0 SUCCESS or
 * an enum ipc4_status). Never trusts @payload beyond @size.
 */
uint32_t ipc4_handle(uint32_t primary, uint32_t ext, const void *payload, size_t size,
		     struct ipc4_reply *r);

/*
 * Stop, reset and delete every pipeline the host created, whoever's they
 * are. Nothing in the firmware calls it (a host link reset does not): it is
 * for tests that own every host pipeline.
 */
void ipc4_reset_all(void);

/* Host pipelines that exist, and instances in them. */
unsigned int ipc4_pipeline_count(void);
unsigned int ipc4_instance_count(void);

/*
 * The notification for audio event @n: the words of an IPC4 RESOURCE_EVENT
 * (a module's MODULE_MESSAGE: a MODULE_NOTIFICATION) and its two data
 * words. False for an event this firmware does not know.
 */
bool ipc4_event_notification(const struct audio_notification *n, uint32_t *primary, uint32_t *ext,
			     uint32_t data[2]);

#endif /* AUDIO_IPC4_HANDLER_H */
