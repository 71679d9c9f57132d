/* SPDX-License-Identifier: MIT */
/*
 * Handles and reference counts (kernel/object.h): grant, lookup and revoke
 * with the exact error of every bad handle, generations that keep revoked
 * handles dead after their slot is reused, per-domain tables, a full table,
 * and objects freed exactly when their last reference goes (kobj_live()
 * and the kernel heap statistics return to where they started).
 */
#include <limits.h>

#include "kernel/arch.h"
#include "kernel/domain.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/msgq.h"
#include "kernel/sem.h"
#include "test/harness/ktest.h"

static struct domain da, db;
static struct sem *obj_a, *obj_b; /* two objects the tests grant; the suite frees them */
static unsigned int sems_before, msgqs_before;
static struct heap_stats heap_before;

/* A handle as obj_grant() makes them: generation << 8 | slot. */
static int make_handle(unsigned int gen, unsigned int slot)
{
	return (int)(gen << 8 | slot);
}

static int slot_of(int h)
{
	return h & 0xff;
}

static int lookup_err(struct domain *d, int h, enum kobj_type type, uint32_t rights)
{
	int err = 0;
	struct kobj *o = obj_lookup(d, h, type, rights, &err);

	if (o) {
		kobj_put(o);
		return 0;
	}
	return err;
}

static void put_obj(struct sem **s)
{
	if (*s)
		kobj_put(&(*s)->obj);
	*s = NULL;
}

/* The kernel heap holds exactly what it held when the test began. */
static void assert_heap_as_before(void)
{
	struct heap_stats now;

	heap_stats(&kheap, &now);
	KT_ASSERT_EQ(now.allocs, heap_before.allocs);
	KT_ASSERT_EQ(now.used, heap_before.used);
	KT_ASSERT_EQ(now.free, heap_before.free);
	KT_ASSERT_EQ(heap_check(&kheap), 0);
}

static void setup(void)
{
	sems_before = kobj_live(KOBJ_SEM);
	msgqs_before = kobj_live(KOBJ_MSGQ);
	/* Only the handle tables are used: a domain without an address space will do. */
	(void)domain_init(&da, "hand-a");
	(void)domain_init(&db, "hand-b");
	obj_a = sem_create(0, 1);
	obj_b = sem_create(0, 1);
	KT_ASSERT(obj_a && obj_b);
	heap_stats(&kheap, &heap_before);
}

static void teardown(void)
{
	domain_deinit(&da);
	domain_deinit(&db);
	put_obj(&obj_a);
	put_obj(&obj_b);
}
KTEST_SUITE(handles, setup, teardown);

KTEST(handles, grant_lookup_revoke)
{
	int err = 0, h = obj_grant(&da, &obj_a->obj, RIGHT_WAIT | RIGHT_SIGNAL);
	struct kobj *o;

	KT_ASSERT_GT(h, 0);
	KT_ASSERT_EQ(obj_a->obj.refs, 2); /* creator + handle */
	o = obj_lookup(&da, h, KOBJ_SEM, RIGHT_WAIT, &err);
	KT_ASSERT(o == &obj_a->obj);
	KT_ASSERT_EQ(obj_a->obj.refs, 3); /* the lookup's own */
	kobj_put(o);
	KT_ASSERT_EQ(lookup_err(&da, h, KOBJ_SEM, RIGHT_WAIT | RIGHT_SIGNAL), 0);
	KT_ASSERT_EQ(obj_revoke(&da, h), 0);
	KT_ASSERT_EQ(obj_a->obj.refs, 1);
	KT_ASSERT_EQ(lookup_err(&da, h, KOBJ_SEM, RIGHT_WAIT), -EBADF);
}

KTEST(handles, never_granted_is_ebadf)
{
	int h = obj_grant(&da, &obj_a->obj, RIGHT_WAIT);

	KT_ASSERT_EQ(h, make_handle(1, 0));
	for (unsigned int slot = 1; slot < HANDLE_MAX; slot++)
		KT_ASSERT_EQ(lookup_err(&da, make_handle(1, slot), KOBJ_SEM, 0), -EBADF);
	/* The granted slot under any other generation. */
	for (unsigned int gen = 0; gen < 128; gen++)
		if (gen != 1)
			KT_ASSERT_EQ(lookup_err(&da, make_handle(gen, 0), KOBJ_SEM, 0), -EBADF);
	KT_ASSERT_EQ(obj_revoke(&da, make_handle(1, 1)), -EBADF);
	KT_ASSERT_EQ(obj_a->obj.refs, 2);
}

/* The slot is reused at once, under a new generation: the old handle never comes back. */
KTEST(handles, revoked_stays_invalid_after_slot_reuse)
{
	int old[8];

	for (int i = 0; i < 8; i++) {
		old[i] = obj_grant(&da, &obj_a->obj, RIGHT_WAIT);
		KT_ASSERT_GT(old[i], 0);
		KT_ASSERT_EQ(slot_of(old[i]), 0);
		for (int j = 0; j < i; j++)
			KT_ASSERT_NE(old[i], old[j]);
		KT_ASSERT_EQ(obj_revoke(&da, old[i]), 0);
	}
	KT_ASSERT_GT(obj_grant(&da, &obj_b->obj, RIGHT_WAIT), 0); /* slot 0 again */
	for (int i = 0; i < 8; i++) {
		KT_ASSERT_EQ(lookup_err(&da, old[i], KOBJ_SEM, RIGHT_WAIT), -EBADF);
		KT_ASSERT_EQ(obj_revoke(&da, old[i]), -EBADF);
	}
	KT_ASSERT_EQ(obj_a->obj.refs, 1);
	KT_ASSERT_EQ(obj_b->obj.refs, 2); /* a stale revoke did not take the new entry */
}

KTEST(handles, wrong_type_is_einval)
{
	int h = obj_grant(&da, &obj_a->obj, RIGHT_ALL);
	int err = 0;

	KT_ASSERT(!obj_lookup(&da, h, KOBJ_MSGQ, RIGHT_READ, &err));
	KT_ASSERT_EQ(err, -EINVAL);
	KT_ASSERT_EQ(lookup_err(&da, h, KOBJ_TIMER, 0), -EINVAL);
	KT_ASSERT_EQ(lookup_err(&da, h, KOBJ_MUTEX, 0), -EINVAL);
	KT_ASSERT_EQ(lookup_err(&da, h, KOBJ_THREAD, 0), -EINVAL);
	KT_ASSERT_EQ(obj_a->obj.refs, 2); /* a failed lookup takes no reference */
}

KTEST(handles, missing_right_is_eacces)
{
	int h = obj_grant(&da, &obj_a->obj, RIGHT_READ | RIGHT_WAIT);

	KT_ASSERT_EQ(lookup_err(&da, h, KOBJ_SEM, RIGHT_WRITE), -EACCES);
	KT_ASSERT_EQ(lookup_err(&da, h, KOBJ_SEM, RIGHT_SIGNAL), -EACCES);
	KT_ASSERT_EQ(lookup_err(&da, h, KOBJ_SEM, RIGHT_WAIT | RIGHT_SIGNAL), -EACCES);
	KT_ASSERT_EQ(lookup_err(&da, h, KOBJ_SEM, RIGHT_GRANT), -EACCES);
	KT_ASSERT_EQ(lookup_err(&da, h, KOBJ_SEM, RIGHT_READ | RIGHT_WAIT), 0);
	/* The type is checked before the rights. */
	KT_ASSERT_EQ(lookup_err(&da, h, KOBJ_MSGQ, RIGHT_WRITE), -EINVAL);
	KT_ASSERT_EQ(obj_a->obj.refs, 2);
}

/* Handles are names in one domain's table: another domain's are meaningless there. */
KTEST(handles, other_domains_handle_is_ebadf)
{
	int ha = obj_grant(&da, &obj_a->obj, RIGHT_WAIT), hb;

	KT_ASSERT_EQ(lookup_err(&db, ha, KOBJ_SEM, RIGHT_WAIT), -EBADF);
	KT_ASSERT_EQ(obj_revoke(&db, ha), -EBADF);
	KT_ASSERT_EQ(lookup_err(&da, ha, KOBJ_SEM, RIGHT_WAIT), 0);
	/* The same number in B names B's own object, never A's. */
	hb = obj_grant(&db, &obj_b->obj, RIGHT_WAIT);
	KT_ASSERT_EQ(hb, ha);
	{
		int err = 0;
		struct kobj *o = obj_lookup(&db, ha, KOBJ_SEM, RIGHT_WAIT, &err);

		KT_ASSERT(o == &obj_b->obj);
		kobj_put(o);
	}
	KT_ASSERT_EQ(obj_a->obj.refs, 2);
	KT_ASSERT_EQ(obj_b->obj.refs, 2);
}

KTEST(handles, zero_negative_huge_are_ebadf)
{
	static const int bad[] = {
		0, -1, -2, INT_MIN, INT_MAX, 0x8000, 0x7fff, 0x10000, 0xff,
	};

	KT_ASSERT_GT(obj_grant(&da, &obj_a->obj, RIGHT_ALL), 0); /* something to hit by mistake */
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		KT_ASSERT_EQ(lookup_err(&da, bad[i], KOBJ_SEM, 0), -EBADF);
		KT_ASSERT_EQ(obj_revoke(&da, bad[i]), -EBADF);
	}
	/* Slot numbers past the table, under the live generation. */
	KT_ASSERT_EQ(lookup_err(&da, make_handle(1, HANDLE_MAX), KOBJ_SEM, 0), -EBADF);
	KT_ASSERT_EQ(lookup_err(&da, make_handle(1, 255), KOBJ_SEM, 0), -EBADF);
	/* The live handle with bits above the generation set. */
	KT_ASSERT_EQ(lookup_err(&da, make_handle(1, 0) | 0x10000, KOBJ_SEM, 0), -EBADF);
	KT_ASSERT_EQ(lookup_err(&da, make_handle(1, 0) | INT_MIN, KOBJ_SEM, 0), -EBADF);
	KT_ASSERT_EQ(obj_a->obj.refs, 2);
}

KTEST(handles, grant_bad_rights_is_einval)
{
	KT_ASSERT_EQ(obj_grant(&da, &obj_a->obj, 0), -EINVAL);
	KT_ASSERT_EQ(obj_grant(&da, &obj_a->obj, RIGHT_ALL + 1), -EINVAL);
	KT_ASSERT_EQ(obj_grant(&da, &obj_a->obj, RIGHT_READ | 0x80000000u), -EINVAL);
	KT_ASSERT_EQ(obj_grant(&da, &obj_a->obj, UINT32_MAX), -EINVAL);
	KT_ASSERT_EQ(obj_a->obj.refs, 1);
	KT_ASSERT_EQ(lookup_err(&da, make_handle(1, 0), KOBJ_SEM, 0),
		     -EBADF); /* nothing inserted */
	KT_ASSERT_EQ(obj_grant(&da, &obj_a->obj, RIGHT_ALL), make_handle(1, 0));
}

/* The object lives while any handle, lookup or the creator holds it, and not a moment longer. */
KTEST(handles, freed_with_the_last_reference)
{
	int err = 0, ha, hb;
	struct msgq *q;
	struct kobj *o;

	KT_ASSERT_EQ(msgq_create(&q, 32, 8), 0);
	KT_ASSERT_EQ(kobj_live(KOBJ_MSGQ), msgqs_before + 1);
	ha = obj_grant(&da, &q->obj, RIGHT_READ);
	hb = obj_grant(&db, &q->obj, RIGHT_WRITE);
	KT_ASSERT(ha > 0 && hb > 0);
	kobj_put(&q->obj); /* the creator lets go first */
	KT_ASSERT_EQ(kobj_live(KOBJ_MSGQ), msgqs_before + 1);
	KT_ASSERT_EQ(obj_revoke(&da, ha), 0);
	KT_ASSERT_EQ(kobj_live(KOBJ_MSGQ), msgqs_before + 1);
	o = obj_lookup(&db, hb, KOBJ_MSGQ, RIGHT_WRITE, &err);
	KT_ASSERT(o == &q->obj);
	KT_ASSERT_EQ(obj_revoke(&db, hb), 0); /* the last handle, but a lookup still holds it */
	KT_ASSERT_EQ(kobj_live(KOBJ_MSGQ), msgqs_before + 1);
	KT_ASSERT_EQ(lookup_err(&db, hb, KOBJ_MSGQ, RIGHT_WRITE), -EBADF);
	kobj_put(o);
	KT_ASSERT_EQ(kobj_live(KOBJ_MSGQ), msgqs_before);
	assert_heap_as_before();
}

/* The other order: the handles go first, the creator's reference frees it. */
KTEST(handles, creator_reference_keeps_it_alive)
{
	struct msgq *q;
	int ha;

	KT_ASSERT_EQ(msgq_create(&q, 8, 2), 0);
	ha = obj_grant(&da, &q->obj, RIGHT_READ);
	KT_ASSERT_GT(ha, 0);
	obj_revoke_all(&da);
	KT_ASSERT_EQ(q->obj.refs, 1);
	KT_ASSERT_EQ(kobj_live(KOBJ_MSGQ), msgqs_before + 1);
	kobj_put(&q->obj);
	KT_ASSERT_EQ(kobj_live(KOBJ_MSGQ), msgqs_before);
	KT_ASSERT_EQ(kobj_live(KOBJ_SEM), sems_before + 2); /* only the suite's two */
	assert_heap_as_before();
}

KTEST(handles, full_table_is_enospc_and_leaks_nothing)
{
	int h[HANDLE_MAX];
	struct msgq *q;

	KT_ASSERT_EQ(msgq_create(&q, 4, 4), 0);
	for (unsigned int i = 0; i < HANDLE_MAX; i++) {
		h[i] = obj_grant(&da, &q->obj, RIGHT_READ);
		KT_ASSERT_GT(h[i], 0);
		KT_ASSERT_EQ(slot_of(h[i]), i);
	}
	KT_ASSERT_EQ(q->obj.refs, 1 + HANDLE_MAX);
	KT_ASSERT_EQ(obj_grant(&da, &q->obj, RIGHT_READ), -ENOSPC);
	KT_ASSERT_EQ(obj_grant(&da, &obj_a->obj, RIGHT_WAIT), -ENOSPC);
	KT_ASSERT_EQ(q->obj.refs, 1 + HANDLE_MAX);
	KT_ASSERT_EQ(obj_a->obj.refs, 1);
	/* Another domain's table is not affected. */
	KT_ASSERT_GT(obj_grant(&db, &obj_a->obj, RIGHT_WAIT), 0);
	/* One freed slot takes exactly one more. */
	KT_ASSERT_EQ(obj_revoke(&da, h[17]), 0);
	h[17] = obj_grant(&da, &q->obj, RIGHT_READ);
	KT_ASSERT_EQ(slot_of(h[17]), 17);
	KT_ASSERT_EQ(obj_grant(&da, &q->obj, RIGHT_READ), -ENOSPC);
	for (unsigned int i = 0; i < HANDLE_MAX; i++)
		KT_ASSERT_EQ(obj_revoke(&da, h[i]), 0);
	KT_ASSERT_EQ(q->obj.refs, 1);
	kobj_put(&q->obj);
	KT_ASSERT_EQ(kobj_live(KOBJ_MSGQ), msgqs_before);
	assert_heap_as_before();
}

/* Instructions for @n lookups of @h (the cycle counter counts instructions under -icount). */
static uint32_t lookup_cost(int h, int n)
{
	unsigned long key = arch_irq_lock(); /* no tick inside the measurement */
	uint32_t t0 = arch_cycles();
	int failed = 0;

	for (int i = 0; i < n; i++)
		failed |= lookup_err(&da, h, KOBJ_SEM, RIGHT_WAIT);
	t0 = arch_cycles() - t0;
	arch_irq_unlock(key);
	KT_ASSERT_EQ(failed, 0);
	return t0;
}

/* O(1): the last slot of a full table costs what the first does. */
KTEST(handles, lookup_cost_independent_of_slot)
{
	int first = 0, last = 0;
	uint32_t c_first, c_last;

	for (unsigned int i = 0; i < HANDLE_MAX; i++) {
		int h = obj_grant(&da, &obj_a->obj, RIGHT_WAIT);

		KT_ASSERT_GT(h, 0);
		if (i == 0)
			first = h;
		last = h;
	}
	c_first = lookup_cost(first, 100);
	c_last = lookup_cost(last, 100);
	if (!c_first)
		KT_SKIP("no cycle counter");
	KT_ASSERT_LE(c_last, c_first + c_first / 20);
	KT_ASSERT_LE(c_first, c_last + c_last / 20);
}
