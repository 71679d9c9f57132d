/* SPDX-License-Identifier: MIT */
/*
 * The module system calls (sys_module.h): check and copy in, name the
 * caller by its upcall's owner, hand over to the audio layer's operations.
 */
#include "kernel/sys_module.h"
#include "kernel/errno.h"
#include "kernel/uaccess.h"
#include "kernel/upcall.h"

static const struct sys_module_ops *volatile mod_ops;

void sys_module_set_ops(const struct sys_module_ops *ops)
{
	mod_ops = ops;
}

/*
 * The operations and the caller's owner, or -ENOSYS (none registered) /
 * -EPERM (not an upcall with an owner). Read once: they cannot change
 * under the call.
 */
static long module_caller(const struct sys_module_ops **ops, void **owner)
{
	*ops = mod_ops;
	if (!*ops)
		return -ENOSYS;
	*owner = upcall_owner();
	return *owner ? 0 : -EPERM;
}

#pragma GCC diagnostic ignored "-Wunused-parameter"
#define SYSCALL_DEFINE(name)                                                             \
	long sys_##name(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, \
			uint32_t a5)

/* (size, align): align 0 means 8. */
SYSCALL_DEFINE(mod_heap_alloc)
{
	const struct sys_module_ops *ops;
	uint32_t align = a1 ? a1 : 8u;
	void *owner;
	long rc;

	if (!a0 || (align & (align - 1)) || align > SYS_MODULE_ALIGN_MAX)
		return -EINVAL;
	rc = module_caller(&ops, &owner);
	return rc ? rc : ops->heap_alloc(owner, a0, align);
}

/* (p): a name for a block, never dereferenced here. */
SYSCALL_DEFINE(mod_heap_free)
{
	const struct sys_module_ops *ops;
	void *owner;
	long rc = module_caller(&ops, &owner);

	return rc ? rc : ops->heap_free(owner, a0);
}

/* (type, data, size): the data copied in once, before anyone sees it. */
SYSCALL_DEFINE(ipc_msg_send)
{
	uint8_t buf[SYS_MODULE_MSG_MAX] = {0};
	const struct sys_module_ops *ops;
	void *owner;
	long rc;

	if (a2 > sizeof(buf))
		return -EMSGSIZE;
	rc = a2 ? copy_from_user(buf, a1, a2) : 0;
	if (!rc)
		rc = module_caller(&ops, &owner);
	return rc ? rc : ops->msg_send(owner, a0, buf, a2);
}

/* (event, data0, data1). */
SYSCALL_DEFINE(send_resource_notif)
{
	const struct sys_module_ops *ops;
	void *owner;
	long rc = module_caller(&ops, &owner);

	return rc ? rc : ops->resource_notif(owner, a0, a1, a2);
}
