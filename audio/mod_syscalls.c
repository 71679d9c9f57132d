/* SPDX-License-Identifier: MIT */
/* The module system calls' audio side (audio/mod_syscalls.h). */
#include <string.h>

#include <sotto/module_sys.h>

#include "audio/ipc4.h"
#include "audio/mod_syscalls.h"
#include "audio/module_adapter.h"
#include "audio/module_image.h"
#include "audio/notify.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/sys_module.h"
#include "kernel/timer.h"

/* The SDK's promises are these numbers. */
_Static_assert(SOT_MSG_MAX == SYS_MODULE_MSG_MAX && SOT_MSG_MAX == IPC4_MN_DATA_MAX,
	       "one message size");
_Static_assert(SOT_MSG_BURST == MOD_MSG_BURST && SOT_MSG_WINDOW_US == MOD_MSG_WINDOW_US,
	       "one bound");
_Static_assert(SOT_HEAP_ALLOC_MAX == MOD_HEAP_BLOCKS, "one block count");
_Static_assert((int)SOT_RES_EV_MIXER_UNDERRUN == (int)IPC4_RES_EV_MIXER_UNDERRUN &&
		       (int)SOT_RES_EV_STREAM_DATA_SEGMENT ==
			       (int)IPC4_RES_EV_STREAM_DATA_SEGMENT &&
		       (int)SOT_RES_EV_PROCESS_DATA_ERROR == (int)IPC4_RES_EV_PROCESS_DATA_ERROR &&
		       (int)SOT_RES_EV_BUFFERING_MODE_CHANGED ==
			       (int)IPC4_RES_EV_BUFFERING_MODE_CHANGED,
	       "IPC4's event numbers");

/*
 * The resource events a module may raise: what it sees in its own
 * processing. The others (budget, stack, gateway xruns, EDF, watchdog and
 * Sotto's fault events) are the firmware's findings about the module or
 * about hardware; a module claiming them would mislead the host.
 */
static bool module_may_raise(uint32_t event)
{
	switch (event) {
	case IPC4_RES_EV_MIXER_UNDERRUN:
	case IPC4_RES_EV_STREAM_DATA_SEGMENT:
	case IPC4_RES_EV_PROCESS_DATA_ERROR:
	case IPC4_RES_EV_BUFFERING_MODE_CHANGED:
		return true;
	default:
		return false;
	}
}

/* One more for @b in the current window, if the bound allows. */
static bool admit(struct mod_msg_bound *b)
{
	uint64_t now = timer_uptime_us();
	unsigned long key = arch_irq_lock();
	bool ok;

	if (now - b->window_start >= MOD_MSG_WINDOW_US) {
		b->window_start = now;
		b->in_window = 0;
	}
	ok = b->in_window < MOD_MSG_BURST;
	if (ok)
		b->in_window++;
	else
		b->dropped++;
	arch_irq_unlock(key);
	return ok;
}

/* @n from instance @m toward the host: 0, or -EAGAIN (bound, or no room). */
static long send(struct mod_instance *m, struct audio_notification *n)
{
	struct mod_msg_bound *b = mod_image_msg_bound(m);
	unsigned long key;
	bool queued;

	if (!admit(b))
		return -EAGAIN;
	n->module = m->mod.desc->id;
	n->instance = m->mod.instance_id;
	queued = audio_notify_module(n);
	key = arch_irq_lock();
	if (queued)
		b->sent++;
	else
		b->dropped++;
	arch_irq_unlock(key);
	return queued ? 0 : -EAGAIN;
}

static long heap_alloc(void *owner, uint32_t size, uint32_t align)
{
	struct mod_instance *m = mod_image_caller(owner);

	return m ? mod_image_heap_alloc(m, size, align) : -EPERM;
}

static long heap_free(void *owner, vaddr_t va)
{
	struct mod_instance *m = mod_image_caller(owner);

	return m ? mod_image_heap_free(m, va) : -EPERM;
}

static long msg_send(void *owner, uint32_t type, const void *data, uint32_t size)
{
	struct mod_instance *m = mod_image_caller(owner);
	struct audio_notification n = {.ev = AUDIO_EV_MODULE_MESSAGE, .code = type, .size = size};
	uint32_t w[2] = {0, 0};

	if (!m)
		return -EPERM;
	if (type > 0xffffu)
		return -EINVAL;
	memcpy(w, data, size); /* size <= 8: the kernel checked it */
	n.value = w[0];
	n.value2 = w[1];
	return send(m, &n);
}

static long resource_notif(void *owner, uint32_t event, uint32_t data0, uint32_t data1)
{
	struct mod_instance *m = mod_image_caller(owner);
	struct audio_notification n = {
		.ev = AUDIO_EV_MODULE_EVENT, .code = event, .value = data0, .value2 = data1};

	if (!m)
		return -EPERM;
	if (!module_may_raise(event))
		return -EINVAL;
	return send(m, &n);
}

static const struct sys_module_ops ops = {
	.heap_alloc = heap_alloc,
	.heap_free = heap_free,
	.msg_send = msg_send,
	.resource_notif = resource_notif,
};

void mod_syscalls_init(void)
{
	if (CONFIG_MODULES_USER)
		sys_module_set_ops(&ops);
}

void mod_syscalls_get_stats(struct mod_instance *m, struct mod_msg_bound *st)
{
	unsigned long key = arch_irq_lock();

	*st = *mod_image_msg_bound(m);
	arch_irq_unlock(key);
}
