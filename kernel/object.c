/* SPDX-License-Identifier: MIT */
/*
 * A handle is gen << 8 | index: index into the domain's table, gen the
 * entry's generation when it was granted, so a revoked handle stays invalid
 * after its slot is reused.
 */
#include "kernel/object.h"
#include "kernel/arch.h"
#include "kernel/domain.h"
#include "kernel/errno.h"
#include "kernel/fault.h"

#define HANDLE_INDEX(h) ((unsigned int)(h)&0xffu)
#define HANDLE_GEN(h)	(((unsigned int)(h) >> 8) & 0x7fu)
#define GEN_MASK	0x7fu

static unsigned int live[KOBJ_TYPE_COUNT];

void kobj_init(struct kobj *obj, enum kobj_type type, void (*release)(struct kobj *))
{
	obj->type = (uint8_t)type;
	obj->refs = 1;
	obj->release = release;
	live[type]++;
}

void kobj_get(struct kobj *obj)
{
	unsigned long key = arch_irq_lock();

	if (obj->refs == UINT16_MAX)
		panic("kobj: reference count overflow");
	obj->refs++;
	arch_irq_unlock(key);
}

void kobj_put(struct kobj *obj)
{
	unsigned long key = arch_irq_lock();
	bool last;

	if (!obj->refs)
		panic("kobj: put without a reference (type %u)", obj->type);
	last = --obj->refs == 0;
	if (last)
		live[obj->type]--;
	arch_irq_unlock(key);
	if (last && obj->release)
		obj->release(obj);
}

unsigned int kobj_live(enum kobj_type type)
{
	return type < KOBJ_TYPE_COUNT ? live[type] : 0;
}

int obj_grant(struct domain *d, struct kobj *obj, uint32_t rights)
{
	unsigned long key;
	int h = -ENOSPC;

	if (!rights || rights & ~RIGHT_ALL)
		return -EINVAL;
	key = arch_irq_lock();
	for (unsigned int i = 0; i < HANDLE_MAX; i++) {
		struct handle_entry *e = &d->handles.e[i];

		if (e->obj)
			continue;
		e->gen = (uint8_t)((e->gen + 1) & GEN_MASK);
		if (!e->gen)
			e->gen = 1;
		e->obj = obj;
		e->rights = (uint8_t)rights;
		obj->refs++;
		h = (int)((unsigned int)e->gen << 8 | i);
		break;
	}
	arch_irq_unlock(key);
	return h;
}

/* The live entry handle @h names, or NULL. Caller holds the irq lock. */
static struct handle_entry *entry_locked(struct domain *d, int h)
{
	struct handle_entry *e;

	if (h <= 0 || (unsigned int)h > 0x7fffu || HANDLE_INDEX(h) >= HANDLE_MAX)
		return NULL;
	e = &d->handles.e[HANDLE_INDEX(h)];
	if (!e->obj || e->gen != HANDLE_GEN(h))
		return NULL;
	return e;
}

int obj_revoke(struct domain *d, int h)
{
	unsigned long key = arch_irq_lock();
	struct handle_entry *e = entry_locked(d, h);
	struct kobj *obj;

	if (!e) {
		arch_irq_unlock(key);
		return -EBADF;
	}
	obj = e->obj;
	e->obj = NULL;
	e->rights = 0;
	arch_irq_unlock(key);
	kobj_put(obj);
	return 0;
}

struct kobj *obj_lookup(struct domain *d, int h, enum kobj_type type, uint32_t rights, int *err)
{
	unsigned long key = arch_irq_lock();
	struct handle_entry *e = entry_locked(d, h);
	struct kobj *obj = NULL;

	if (!e)
		*err = -EBADF;
	else if (e->obj->type != type)
		*err = -EINVAL;
	else if ((e->rights & rights) != rights)
		*err = -EACCES;
	else {
		obj = e->obj;
		obj->refs++;
	}
	arch_irq_unlock(key);
	return obj;
}

void obj_revoke_all(struct domain *d)
{
	for (unsigned int i = 0; i < HANDLE_MAX; i++) {
		struct handle_entry *e = &d->handles.e[i];

		if (e->obj)
			obj_revoke(d, (int)((unsigned int)e->gen << 8 | i));
	}
}
