/* SPDX-License-Identifier: MIT */
/*
 * Memory domains: the address space a set of threads runs in, described as
 * partitions (base, size, attributes) of physical memory. A partition is
 * mapped where user code sees that memory (arch_user_va()), so the same
 * buffer has the same address in every domain that holds it. Built only on
 * the arch_as_* calls, so it is the same on an MMU and an MPU.
 */
#ifndef KERNEL_DOMAIN_H
#define KERNEL_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/mem.h"
#include "kernel/object.h"

#define DOMAIN_MAX_PARTITIONS 48
#define DOMAIN_NAME_MAX	      16

struct arch_as;

struct partition {
	paddr_t base;
	size_t size;
	uint32_t attr; /* MEM_* */
	vaddr_t va;    /* where the domain sees it: domain_va(base) */
};

struct domain {
	char name[DOMAIN_NAME_MAX];
	struct arch_as *as;
	struct partition parts[DOMAIN_MAX_PARTITIONS];
	unsigned int nparts;
	uint32_t gen;	       /* new with every partition change, never shared by two domains */
	unsigned int nthreads; /* threads that run in it */
	/*
	 * A system call pointer outside the domain's memory is the caller's
	 * fault (reported and contained) when set, the default; when clear the
	 * call just fails with -EFAULT (hostile-syscall tests use that).
	 */
	bool fault_on_bad_pointer;
	bool upcall_ready; /* upcall_domain_prepare() ran (kernel/upcall.h) */
	struct handle_table handles;
};

/* An empty domain named @name; 0, -ENOMEM or -ENOSPC (no address space). */
int domain_init(struct domain *d, const char *name);

/* Remove every partition and free the address space. No thread may run in @d. */
void domain_deinit(struct domain *d);

/*
 * Add memory [@base, @base + @size) with MEM_* @attr. Returns 0; -EINVAL for
 * a range or attributes the arch cannot map exactly (alignment, W+X, not
 * RAM); -EEXIST if it overlaps a partition of @d; -ENOSPC when @d has
 * DOMAIN_MAX_PARTITIONS already (or the MPU has no region left); -ENOMEM.
 * On error @d is unchanged.
 */
int domain_add_partition(struct domain *d, paddr_t base, size_t size, uint32_t attr);

/* Remove the partition that starts at @base; 0 or -ENOENT. */
int domain_remove_partition(struct domain *d, paddr_t base);

/* The user address of @pa in any domain (0 if @pa is not user-mappable memory). */
vaddr_t domain_va(paddr_t pa);

/*
 * True if [@va, @va + @len) lies wholly inside partitions of @d that grant
 * every MEM_* bit of @need (and MEM_USER). Overflow safe: a range that
 * wraps is never accessible. Syscalls check user pointers with it.
 */
bool domain_can_access(const struct domain *d, vaddr_t va, size_t len, uint32_t need);

/* The partition of @d holding user address @va (any attributes), or NULL. */
const struct partition *domain_partition(const struct domain *d, vaddr_t va);

/*
 * The physical address behind user @va if [@va, @va + @len) lies in one
 * partition of @d granting @need (and MEM_USER); 0 otherwise.
 */
paddr_t domain_resolve(const struct domain *d, vaddr_t va, size_t len, uint32_t need);

/* Make @d's address space current (NULL: kernel only). */
void domain_switch(const struct domain *d);

#endif /* KERNEL_DOMAIN_H */
