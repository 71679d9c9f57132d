/* SPDX-License-Identifier: MIT */
/*
 * System calls only a module instance may make (kernel/sys_module.h,
 * docs/modules.md "What a module may call"): memory from its type's
 * private heap, notifications and resource events for the host. The
 * kernel knows which instance calls: the one whose operation the upcall
 * runs (in the LL batch, the item the runner is at). From code that is not
 * a module instance's operation they return -EPERM.
 *
 * Images the firmware calls directly (boards built with MODULES_USER=0,
 * zcu102-r5) run privileged, in the caller's SVC mode, where an svc is no
 * system call: the vector takes it for an unexpected exception (a panic),
 * and the trap would overwrite the caller's banked lr. There these
 * wrappers return -ENOSYS (NULL) at once, without trapping; the kernel
 * has no handler for them either.
 */
#ifndef SOTTO_MODULE_SYS_H
#define SOTTO_MODULE_SYS_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include <sotto/syscall.h>

#if defined(CONFIG_MODULES_USER) && !CONFIG_MODULES_USER
#define SOT_MODULE_SYSCALLS 0 /* called directly: no system calls */
#else
#define SOT_MODULE_SYSCALLS 1
#endif

#define SOT_MSG_MAX	   8	 /* bytes of data one sot_ipc_msg_send() carries */
#define SOT_MSG_BURST	   16	 /* notifications + events an instance may send ... */
#define SOT_MSG_WINDOW_US  10000 /* ... per window of this many microseconds */
#define SOT_HEAP_ALLOC_MAX 32	 /* live sot_mod_alloc() blocks per instance */

/*
 * The resource events a module may raise: IPC4's numbers (docs/ipc4.md).
 * Any other is -EINVAL: gateway xruns, budget, stack and scheduling events
 * and the module fault events are the firmware's to report.
 */
enum sot_res_event {
	SOT_RES_EV_MIXER_UNDERRUN = 1,	    /* an input of a mixing module ran dry */
	SOT_RES_EV_STREAM_DATA_SEGMENT = 2, /* a segment of interest in the stream (a detector) */
	SOT_RES_EV_PROCESS_DATA_ERROR = 3,  /* bad data; data0: the error (negative errno) */
	SOT_RES_EV_BUFFERING_MODE_CHANGED = 5, /* the module changed how much it buffers */
};

/* True if @rc of sot_sys_mod_heap_alloc() is an error code (-4095..-1), not an address. */
static inline int sot_is_err(long rc)
{
	return (unsigned long)rc >= (unsigned long)-4095;
}

/*
 * @size zeroed bytes aligned to @align (a power of two up to 4096; 0: 8)
 * from the private heap of the caller's module type — the heap its
 * instances' state lives in (heap_bytes in the descriptor, 64 KiB by
 * default, shared by every instance of the type; allocations are whole
 * 32-byte granules). NULL on failure; sot_sys_mod_heap_alloc() returns the
 * address or the code: -ENOMEM (no room left), -EINVAL (size 0, bad
 * alignment), -ENOSPC (SOT_HEAP_ALLOC_MAX blocks live), -EPERM, -ENOSYS.
 * What an instance allocated and did not free is freed when it is deleted
 * and when it is restarted after a fault.
 */
static inline void *sot_mod_alloc(size_t size, size_t align)
{
	long rc;

	if (!SOT_MODULE_SYSCALLS)
		return NULL;
	rc = sot_sys_mod_heap_alloc((uint32_t)size, (uint32_t)align);
	return sot_is_err(rc) ? NULL : (void *)(uintptr_t)rc;
}

/*
 * Give back a block sot_mod_alloc() returned to this instance. 0, or
 * -EINVAL for anything else (NULL, a block freed already or another
 * instance's, a pointer into a block, the instance's own state).
 */
static inline int sot_mod_free(void *p)
{
	if (!SOT_MODULE_SYSCALLS)
		return -ENOSYS;
	return (int)sot_sys_mod_heap_free((uint32_t)(uintptr_t)p);
}

/*
 * Send notification @type (0..0xffff, the module's own numbering) with
 * @size (0..SOT_MSG_MAX) bytes of @data to the host: an IPC4
 * MODULE_NOTIFICATION naming this instance (docs/ipc4.md), e.g. a position
 * update. The data is copied when the call is made; it never blocks.
 * 0, -EMSGSIZE (@size), -EINVAL (@type), -EAGAIN (dropped: past
 * SOT_MSG_BURST per SOT_MSG_WINDOW_US for this instance, or no room for
 * module traffic toward the host), -EPERM, -ENOSYS; @data outside the
 * module's memory is its fault (contained) or -EFAULT.
 */
static inline int sot_ipc_msg_send(uint32_t type, const void *data, size_t size)
{
	if (!SOT_MODULE_SYSCALLS)
		return -ENOSYS;
	return (int)sot_sys_ipc_msg_send(type, (uint32_t)(uintptr_t)data, (uint32_t)size);
}

/*
 * Raise resource event @event (enum sot_res_event) for this instance with
 * two data words: an IPC4 RESOURCE_EVENT. Counted with the notifications
 * against the same bound. 0, -EINVAL (not an event a module may raise),
 * -EAGAIN, -EPERM, -ENOSYS.
 */
static inline int sot_resource_notif(uint32_t event, uint32_t data0, uint32_t data1)
{
	if (!SOT_MODULE_SYSCALLS)
		return -ENOSYS;
	return (int)sot_sys_send_resource_notif(event, data0, data1);
}

#endif /* SOTTO_MODULE_SYS_H */
