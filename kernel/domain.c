/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "kernel/arch.h"
#include "kernel/domain.h"
#include "kernel/errno.h"

static uint32_t last_gen;

/* @d's partitions changed: a generation no domain had before (kernel/upcall.c caches on it). */
static void new_gen(struct domain *d)
{
	d->gen = __atomic_add_fetch(&last_gen, 1, __ATOMIC_RELAXED);
}

int domain_init(struct domain *d, const char *name)
{
	int rc;

	memset(d, 0, sizeof(*d));
	new_gen(d);
	strncpy(d->name, name, sizeof(d->name) - 1);
	d->fault_on_bad_pointer = true;
	rc = arch_as_create(&d->as);
	if (rc)
		d->as = NULL;
	return rc;
}

void domain_deinit(struct domain *d)
{
	obj_revoke_all(d);
	while (d->nparts)
		domain_remove_partition(d, d->parts[d->nparts - 1].base);
	if (d->as)
		arch_as_destroy(d->as);
	d->as = NULL;
}

vaddr_t domain_va(paddr_t pa)
{
	return arch_user_va(pa);
}

static bool overlaps(const struct partition *p, paddr_t base, size_t size)
{
	return base < p->base + p->size && p->base < base + size;
}

int domain_add_partition(struct domain *d, paddr_t base, size_t size, uint32_t attr)
{
	vaddr_t va = arch_user_va(base);
	int rc;

	if (!size || !va || base + size < base || !arch_user_va(base + size - 1))
		return -EINVAL;
	for (unsigned int i = 0; i < d->nparts; i++)
		if (overlaps(&d->parts[i], base, size))
			return -EEXIST;
	if (d->nparts == DOMAIN_MAX_PARTITIONS)
		return -ENOSPC;
	rc = arch_as_map(d->as, va, base, size, attr);
	if (rc)
		return rc;
	d->parts[d->nparts++] = (struct partition){base, size, attr, va};
	new_gen(d);
	return 0;
}

int domain_remove_partition(struct domain *d, paddr_t base)
{
	for (unsigned int i = 0; i < d->nparts; i++) {
		struct partition *p = &d->parts[i];

		if (p->base != base)
			continue;
		arch_as_unmap(d->as, p->va, p->size);
		*p = d->parts[--d->nparts];
		new_gen(d);
		return 0;
	}
	return -ENOENT;
}

const struct partition *domain_partition(const struct domain *d, vaddr_t va)
{
	for (unsigned int i = 0; i < d->nparts; i++)
		if (va >= d->parts[i].va && va - d->parts[i].va < d->parts[i].size)
			return &d->parts[i];
	return NULL;
}

bool domain_can_access(const struct domain *d, vaddr_t va, size_t len, uint32_t need)
{
	need |= MEM_USER;
	if (!len)
		return true;
	if (va + len < va) /* wraps */
		return false;
	/* Walk the range partition by partition; adjacent partitions may share it. */
	while (len) {
		const struct partition *p = domain_partition(d, va);
		size_t chunk;

		if (!p || (p->attr & need) != need)
			return false;
		chunk = p->va + p->size - va;
		if (chunk >= len)
			return true;
		va += chunk;
		len -= chunk;
	}
	return true;
}

paddr_t domain_resolve(const struct domain *d, vaddr_t va, size_t len, uint32_t need)
{
	const struct partition *p = domain_partition(d, va);

	need |= MEM_USER;
	if (!p || (p->attr & need) != need || len > p->size - (va - p->va))
		return 0;
	return p->base + (va - p->va);
}

void domain_switch(const struct domain *d)
{
	arch_as_switch(d ? d->as : NULL);
}
