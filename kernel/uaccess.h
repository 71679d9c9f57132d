/* SPDX-License-Identifier: MIT */
/*
 * Reaching user memory from a system call. Every user pointer is checked
 * against the calling thread's domain (overflow-safe, see
 * domain_can_access()) and copied exactly once: the kernel then works on
 * its own copy, so user code changing the memory meanwhile cannot matter.
 * A fault during a copy (a racing unmap) returns -EFAULT, never a panic.
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/mem.h"

/* Copy @len bytes from user @src into kernel @dst; 0 or -EFAULT. */
int copy_from_user(void *dst, vaddr_t src, size_t len);

/* Copy @len bytes from kernel @src to user @dst; 0 or -EFAULT. */
int copy_to_user(vaddr_t dst, const void *src, size_t len);

/* True if the caller's domain grants @need (MEM_R/MEM_W) on [@va, @va + @len). */
bool uaccess_ok(vaddr_t va, size_t len, uint32_t need);

/*
 * Resolve user @va (4-byte aligned, readable and writable) for atomics: its
 * physical address in *@pa, which is also the kernel's pointer to it (kernel
 * RAM is identity mapped). 0 or -EFAULT.
 */
int uaccess_word(vaddr_t va, paddr_t *pa);

#endif /* KERNEL_UACCESS_H */
