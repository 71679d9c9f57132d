/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "kernel/arch.h"
#include "kernel/domain.h"
#include "kernel/errno.h"
#include "kernel/fault.h"
#include "kernel/thread.h"
#include "kernel/uaccess.h"

_Static_assert(EFAULT == 14, "arch_user_copy returns -14 on a fault");

bool uaccess_ok(vaddr_t va, size_t len, uint32_t need)
{
	struct thread *t = thread_current();

	return t->domain && domain_can_access(t->domain, va, len, need);
}

/* A pointer outside the caller's memory: the caller's fault where its domain says so. */
static int bad_pointer(vaddr_t va)
{
	struct thread *t = thread_current();

	if (t->domain && t->domain->fault_on_bad_pointer)
		fault_user_syscall(FAULT_BAD_POINTER, va);
	return -EFAULT;
}

/*
 * The copy runs through the user mapping of the current address space; the
 * arch fault path turns a fault inside arch_user_copy() into -EFAULT.
 */
int copy_from_user(void *dst, vaddr_t src, size_t len)
{
	if (!uaccess_ok(src, len, MEM_R))
		return bad_pointer(src);
	return arch_user_copy(dst, (const void *)src, len);
}

int copy_to_user(vaddr_t dst, const void *src, size_t len)
{
	if (!uaccess_ok(dst, len, MEM_W))
		return bad_pointer(dst);
	return arch_user_copy((void *)dst, src, len);
}

int uaccess_word(vaddr_t va, paddr_t *pa)
{
	struct domain *d = thread_current()->domain;

	*pa = d && !(va & 3u) ? domain_resolve(d, va, sizeof(uint32_t), MEM_RW) : 0;
	return *pa ? 0 : bad_pointer(va);
}
