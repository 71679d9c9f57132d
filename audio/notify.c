/* SPDX-License-Identifier: MIT */
#include "audio/notify.h"
#include "kernel/arch.h"
#include "kernel/log.h"

static struct {
	struct audio_notification q[AUDIO_NOTIFY_QUEUE];
	uint32_t head, tail; /* free-running */
	uint32_t count[AUDIO_EV_COUNT];
	uint32_t dropped;
	audio_notify_sink_t sink;
} nq;

const char *audio_event_name(enum audio_event ev)
{
	static const char *const names[AUDIO_EV_COUNT] = {
		[AUDIO_EV_UNDERRUN] = "underrun",
		[AUDIO_EV_OVERRUN] = "overrun",
		[AUDIO_EV_PROCESS_ERROR] = "process-error",
		[AUDIO_EV_MODULE_FAULT] = "module-fault",
		[AUDIO_EV_MODULE_BYPASSED] = "module-bypassed",
		[AUDIO_EV_MODULE_MESSAGE] = "module-message",
		[AUDIO_EV_MODULE_EVENT] = "module-event",
	};

	return (unsigned int)ev < AUDIO_EV_COUNT ? names[ev] : "?";
}

audio_notify_sink_t audio_notify_set_sink(audio_notify_sink_t fn)
{
	unsigned long key = arch_irq_lock();
	audio_notify_sink_t old = nq.sink;

	nq.sink = fn;
	arch_irq_unlock(key);
	return old;
}

bool audio_notify(enum audio_event ev, uint32_t module, uint32_t instance, uint32_t value)
{
	return audio_notify2(ev, module, instance, value, 0);
}

bool audio_notify2(enum audio_event ev, uint32_t module, uint32_t instance, uint32_t value,
		   uint32_t value2)
{
	unsigned long key = arch_irq_lock();
	bool room = nq.head - nq.tail < AUDIO_NOTIFY_QUEUE;
	audio_notify_sink_t sink;

	if ((unsigned int)ev < AUDIO_EV_COUNT)
		nq.count[ev]++;
	if (room)
		nq.q[nq.head++ % AUDIO_NOTIFY_QUEUE] =
			(struct audio_notification){.ev = ev,
						    .module = module,
						    .instance = instance,
						    .value = value,
						    .value2 = value2};
	else
		nq.dropped++;
	arch_irq_unlock(key);
	if (room)
		LOG_WRN("audio: instance %04lx.%lu: %s (%lu)", (unsigned long)module,
			(unsigned long)instance, audio_event_name(ev), (unsigned long)value);
	sink = nq.sink; /* read once: a test may swap it meanwhile */
	if (sink)
		sink();
	return room;
}

bool audio_notify_module(const struct audio_notification *n)
{
	unsigned long key = arch_irq_lock();
	bool room = AUDIO_NOTIFY_QUEUE - (nq.head - nq.tail) > AUDIO_NOTIFY_RESERVE;
	audio_notify_sink_t sink;

	if (room) {
		nq.q[nq.head++ % AUDIO_NOTIFY_QUEUE] = *n;
		if ((unsigned int)n->ev < AUDIO_EV_COUNT)
			nq.count[n->ev]++;
	}
	arch_irq_unlock(key);
	if (!room)
		return false;
	LOG_DBG("audio: instance %04lx.%lu: %s %lu (%08lx %08lx)", (unsigned long)n->module,
		(unsigned long)n->instance, audio_event_name(n->ev), (unsigned long)n->code,
		(unsigned long)n->value, (unsigned long)n->value2);
	sink = nq.sink;
	if (sink)
		sink();
	return true;
}

bool audio_notify_pop(struct audio_notification *n)
{
	unsigned long key = arch_irq_lock();
	bool some = nq.head != nq.tail;

	if (some)
		*n = nq.q[nq.tail++ % AUDIO_NOTIFY_QUEUE];
	arch_irq_unlock(key);
	return some;
}

uint32_t audio_notify_count(enum audio_event ev)
{
	return (unsigned int)ev < AUDIO_EV_COUNT ? nq.count[ev] : 0;
}

uint32_t audio_notify_dropped(void)
{
	return nq.dropped;
}
