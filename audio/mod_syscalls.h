/* SPDX-License-Identifier: MIT */
/*
 * The audio side of the module system calls (kernel/sys_module.h;
 * modules call them through sotto/module_sys.h): the kernel has checked
 * and copied the arguments, this names the calling instance and acts.
 *
 *   mod_heap_alloc / mod_heap_free   the instance's blocks in its type's
 *                                    private heap (audio/module_image.c)
 *   ipc_msg_send                     a MODULE_NOTIFICATION for the host
 *   send_resource_notif              a RESOURCE_EVENT for the host, from
 *                                    the events a module may raise
 *
 * Notifications and events go through the audio notification queue
 * (audio/notify.h) like the firmware's own, which the host link forwards.
 * Both are bounded per instance — MOD_MSG_BURST in every window of
 * MOD_MSG_WINDOW_US, then -EAGAIN and a drop counted — and never take the
 * queue's last AUDIO_NOTIFY_RESERVE slots, so no number of flooding
 * modules keeps an xrun or a fault report from the host. None blocks.
 */
#ifndef AUDIO_MOD_SYSCALLS_H
#define AUDIO_MOD_SYSCALLS_H

#include <stdint.h>

#define MOD_MSG_BURST	  16
#define MOD_MSG_WINDOW_US 10000u

struct mod_instance;

/* Per instance (audio/module_image.c keeps it): the bound on what it sends. */
struct mod_msg_bound {
	uint64_t window_start; /* timer_uptime_us() when the current window began */
	uint32_t in_window;    /* admitted in it */
	uint32_t sent;	       /* queued for the host since the instance was created */
	uint32_t dropped;      /* refused with -EAGAIN: over the bound, or no room in the queue */
};

/*
 * Give the kernel the module system calls (at audio_init()). Boards that
 * call module images directly (MODULES_USER=0) give none: the calls
 * return -ENOSYS there (docs/modules.md).
 */
void mod_syscalls_init(void);

/* @m's counts so far. */
void mod_syscalls_get_stats(struct mod_instance *m, struct mod_msg_bound *st);

#endif /* AUDIO_MOD_SYSCALLS_H */
