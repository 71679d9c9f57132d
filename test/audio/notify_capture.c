/* SPDX-License-Identifier: MIT */
#include "test/audio/notify_capture.h"
#include "kernel/arch.h"

static struct {
	struct audio_notification ev[NOTIFY_CAPTURE_MAX];
	volatile unsigned int n;
	audio_notify_sink_t prev;
	bool on;
} cap;

/* The sink while capturing (LL or DP context): the queue into ev[]. */
static void capture_sink(void)
{
	struct audio_notification n;

	while (audio_notify_pop(&n)) {
		if (cap.n < NOTIFY_CAPTURE_MAX)
			cap.ev[cap.n] = n;
		cap.n++;
	}
}

void notify_capture_start(void)
{
	struct audio_notification n;

	if (!cap.on)
		cap.prev = audio_notify_set_sink(capture_sink);
	cap.on = true;
	while (audio_notify_pop(&n))
		;
	cap.n = 0;
}

void notify_capture_stop(void)
{
	if (cap.on)
		audio_notify_set_sink(cap.prev);
	cap.on = false;
	cap.prev = NULL;
}

unsigned int notify_captured(void)
{
	return cap.n < NOTIFY_CAPTURE_MAX ? cap.n : NOTIFY_CAPTURE_MAX;
}

const struct audio_notification *notify_captured_at(unsigned int i)
{
	return i < notify_captured() ? &cap.ev[i] : NULL;
}

unsigned int notify_captured_count(enum audio_event ev, uint32_t module)
{
	unsigned int k = 0;

	for (unsigned int i = 0; i < notify_captured(); i++)
		k += cap.ev[i].ev == ev && cap.ev[i].module == module;
	return k;
}
