/* SPDX-License-Identifier: MIT */
/*
 * IPC4 over the host link of boards that have one (drivers/ipc): requests
 * go to ipc4_handle(), audio events go out as RESOURCE_EVENT notifications,
 * and FW_READY tells the host that requests are taken.
 */
#include "audio/audio.h"
#include "audio/ipc4.h"
#include "audio/ipc4_handler.h"
#include "audio/notify.h"
#include "drivers/ipc/ipc_link.h"
#include "kernel/errno.h"
#include "kernel/log.h"

static uint32_t dropped_sent; /* audio_notify_dropped() the host was last told */

static int handle(const struct ipc_link_msg *req, struct ipc_link_msg *reply)
{
	struct ipc4_reply r = {.payload = reply->payload, .max = IPC_LINK_PAYLOAD_MAX};

	ipc4_handle(req->primary, req->extension, req->payload, req->size, &r);
	reply->primary = r.primary;
	reply->extension = r.ext;
	reply->size = r.size;
	return 0;
}

/* After every audio event (LL or DP context): the queue into the link's ring. */
static void forward_events(void)
{
	struct audio_notification n;
	uint32_t primary, ext, data[IPC4_RE_DATA_WORDS];
	uint32_t dropped = audio_notify_dropped();

	while (audio_notify_pop(&n))
		if (ipc4_event_notification(&n, &primary, &ext, data))
			ipc_link_notify(primary, ext, data, sizeof(data));
	if (dropped != dropped_sent) {
		struct ipc4_hdr h = ipc4_enc_resource_event(IPC4_RES_EV_EVENTS_DROPPED,
							    IPC4_RES_MODULE_INSTANCE, 0);

		data[0] = dropped;
		data[1] = 0;
		if (!ipc_link_notify(h.primary, h.ext, data, sizeof(data)))
			dropped_sent = dropped;
	}
}

int audio_host_link_init(void)
{
	if (!ipc_link_is_up())
		return -ENODEV;
	ipc_link_set_handler(handle);
	audio_notify_set_sink(forward_events);
	forward_events(); /* what happened before */
	ipc_link_notify(ipc4_notif_primary(IPC4_NOTIF_FW_READY, 0), 0, NULL, 0);
	LOG_INF("ipc4: the host link takes IPC4 requests");
	return 0;
}
