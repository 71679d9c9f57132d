/* SPDX-License-Identifier: MIT */
/*
 * The module system calls (numbers 18-21 of kernel/syscall_list.h): what
 * the code of an audio module instance asks of the audio layer — memory
 * from its type's private heap, messages and resource events for the host.
 *
 * The kernel knows nothing of audio. Each sys_<name>() checks what it can
 * check alone (sizes, alignment, user pointers against the caller's domain,
 * copied in once), then names the caller by its upcall's owner
 * (upcall_owner(): the audio layer passes the instance) and hands over to
 * the operations the audio layer registered. Every call checks, in order:
 * its own arguments (-EINVAL, -EMSGSIZE, a bad pointer: -EFAULT or the
 * caller's fault as its domain says), then -ENOSYS (no operations
 * registered: boards that call module images directly, see
 * docs/modules.md), then -EPERM (not made from an upcall that has an
 * owner: a kernel thread, a plain user thread), then the operation's own
 * checks.
 */
#ifndef KERNEL_SYS_MODULE_H
#define KERNEL_SYS_MODULE_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/mem.h"

#define SYS_MODULE_MSG_MAX   8u	       /* bytes of data one ipc_msg_send carries */
#define SYS_MODULE_ALIGN_MAX PAGE_SIZE /* largest alignment mod_heap_alloc takes */

/*
 * What the audio layer does once the kernel's checks passed. @owner is the
 * calling upcall's (never NULL); the operation resolves it to a module
 * instance itself and returns 0 / a value, or a negative error code.
 */
struct sys_module_ops {
	/* @size >= 1, @align a power of two <= SYS_MODULE_ALIGN_MAX: a user address. */
	long (*heap_alloc)(void *owner, uint32_t size, uint32_t align);
	/* @va: not dereferenced by the kernel, any value. */
	long (*heap_free)(void *owner, vaddr_t va);
	/* @data: the kernel's copy of @size <= SYS_MODULE_MSG_MAX bytes. */
	long (*msg_send)(void *owner, uint32_t type, const void *data, uint32_t size);
	long (*resource_notif)(void *owner, uint32_t event, uint32_t data0, uint32_t data1);
};

/* Register @ops (NULL: none, the calls return -ENOSYS). The audio layer, at boot. */
void sys_module_set_ops(const struct sys_module_ops *ops);

/* The handlers, in the dispatch table of kernel/syscall.c. */
long sys_mod_heap_alloc(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
			uint32_t a5);
long sys_mod_heap_free(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
		       uint32_t a5);
long sys_ipc_msg_send(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5);
long sys_send_resource_notif(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
			     uint32_t a5);

#endif /* KERNEL_SYS_MODULE_H */
