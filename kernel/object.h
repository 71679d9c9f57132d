/* SPDX-License-Identifier: MIT */
/*
 * Kernel objects and handles. User code reaches a kernel object only
 * through a handle: a small integer indexing its domain's handle table,
 * with rights. Objects are reference counted: every handle and every kernel
 * user holds a reference; the last kobj_put() releases the object.
 */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H

#include <stdbool.h>
#include <stdint.h>

struct domain;

enum kobj_type {
	KOBJ_NONE,
	KOBJ_THREAD,
	KOBJ_SEM,
	KOBJ_MUTEX,
	KOBJ_MSGQ,
	KOBJ_TIMER,
	KOBJ_TYPE_COUNT,
};

/* Handle rights. */
#define RIGHT_READ   (1u << 0)
#define RIGHT_WRITE  (1u << 1)
#define RIGHT_WAIT   (1u << 2)
#define RIGHT_SIGNAL (1u << 3)
#define RIGHT_GRANT  (1u << 4) /* may pass the object on to another domain */
#define RIGHT_ALL    0x1fu

#define HANDLE_MAX 64 /* handles per domain */

struct kobj {
	uint8_t type;
	uint16_t refs;
	void (*release)(struct kobj *obj); /* called with the last reference gone */
};

struct handle_entry {
	struct kobj *obj;
	uint8_t rights;
	uint8_t gen; /* bumped on revoke: a stale handle never matches again */
};

struct handle_table {
	struct handle_entry e[HANDLE_MAX];
};

/* Initialise @obj with one reference (the creator's). */
void kobj_init(struct kobj *obj, enum kobj_type type, void (*release)(struct kobj *));

void kobj_get(struct kobj *obj);

/* Drop a reference; the last one releases the object. */
void kobj_put(struct kobj *obj);

/*
 * Insert @obj into @d's handle table with @rights (taking a reference).
 * Returns the handle (> 0) or -ENOSPC (table full), -EINVAL (bad rights).
 */
int obj_grant(struct domain *d, struct kobj *obj, uint32_t rights);

/* Remove handle @h from @d (dropping its reference); 0 or -EBADF. */
int obj_revoke(struct domain *d, int h);

/*
 * The object of handle @h in @d, if it is of @type and the handle has every
 * right in @rights; takes a reference the caller drops with kobj_put().
 * On failure returns NULL with *@err = -EBADF (no such handle: never
 * granted, revoked, another domain's), -EINVAL (wrong type) or -EACCES
 * (missing right). O(1).
 */
struct kobj *obj_lookup(struct domain *d, int h, enum kobj_type type, uint32_t rights, int *err);

/* Drop every handle of @d (domain teardown). */
void obj_revoke_all(struct domain *d);

/* Number of live objects of @type (leak checks in tests). */
unsigned int kobj_live(enum kobj_type type);

#endif /* KERNEL_OBJECT_H */
