/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "kernel/arch.h"
#include "kernel/domain.h"
#include "kernel/errno.h"

int domain_init(struct domain *d, const char *name)
{
	int rc;

	memset(d, 0, sizeof(*d));
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
	d->parts[d->nparts++] = (struct partition){base, size, attr};
	return 0;
}

int domain_remove_partition(struct domain *d, paddr_t base)
{
	for (unsigned int i = 0; i < d->nparts; i++) {
		struct partition *p = &d->parts[i];

		if (p->base != base)
			continue;
		arch_as_unmap(d->as, arch_user_va(p->base), p->size);
		*p = d->parts[--d->nparts];
		return 0;
	}
	return -ENOENT;
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
		const struct partition *hit = NULL;

		for (unsigned int i = 0; i < d->nparts && !hit; i++) {
			vaddr_t pva = arch_user_va(d->parts[i].base);

			if (va >= pva && va - pva < d->parts[i].size)
				hit = &d->parts[i];
		}
		if (!hit || (hit->attr & need) != need)
			return false;
		vaddr_t end = arch_user_va(hit->base) + hit->size;
		size_t chunk = end - va;

		if (chunk >= len)
			return true;
		va += chunk;
		len -= chunk;
	}
	return true;
}

void domain_switch(const struct domain *d)
{
	arch_as_switch(d ? d->as : NULL);
}
