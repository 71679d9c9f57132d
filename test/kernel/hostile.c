/* SPDX-License-Identifier: MIT */
/* Machinery of the hostile-syscall suites: see hostile.h. */
#include <stdio.h>
#include <string.h>

#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/ktimer.h"
#include "kernel/mm.h"
#include "kernel/msgq.h"
#include "kernel/mutex.h"
#include "kernel/sem.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "test/harness/ktest.h"
#include "test/kernel/hostile.h"

#define RUN_LIMIT_US 2000000 /* a run that has not ended by then is stuck in a call */
#define CANARY	     0xc0ffee00u

/* Load addresses from the linker script. */
extern char __text_start[];
extern char __uimg_text_start[], __uimg_ro_start[], __uimg_ro_end[], __uimg_rw_end[];

struct hostile_fixture hfx;

static uint32_t kcanary[8];

#define SYS_NAME(num, name, nargs) [num] = #name,
static const char *const sys_names[SYSCALL_NR] = {SYSCALL_LIST(SYS_NAME)};
#undef SYS_NAME

const char *hostile_sys_name(uint32_t nr)
{
	return nr < SYSCALL_NR ? sys_names[nr] : "(bad number)";
}

void hostile_on_user_fault(struct domain *d, struct thread *t, const struct fault_info *fi)
{
	(void)t;
	(void)fi;
	hfx.fault_domain = d;
	hfx.faults++;
}

int hostile_grant(struct domain *d, struct kobj *o, uint32_t rights)
{
	int h = obj_grant(d, o, rights);

	KT_ASSERT_GT(h, 0);
	return h;
}

/*
 * Domains A (the hostile caller, bad pointers only fail) and B, their
 * objects and handles; A's slots are 0..13 and H_OTHER is B's slot 16.
 */
static void fixture_init(void)
{
	if (utest_domain_init(&hfx.a, "hostile"))
		KT_SKIP("test programs cannot be mapped on this board");
	hfx.a.fault_on_bad_pointer = false;
	KT_ASSERT_EQ(utest_domain_init(&hfx.b, "other"), 0);
	hfx.sem = sem_create(0, 1);
	hfx.sem_b = sem_create(0, 1);
	hfx.mutex = mutex_create();
	hfx.kbuf = kmalloc(64);
	KT_ASSERT(hfx.sem && hfx.sem_b && hfx.mutex && hfx.kbuf);
	KT_ASSERT_EQ(msgq_create(&hfx.msgq, HOSTILE_MSG, HOSTILE_MSGS), 0);
	KT_ASSERT_EQ(ktimer_create(&hfx.timer), 0);
	for (int i = 0; i < 16; i++)
		hfx.kbuf[i] = CANARY + (uint32_t)i;
	for (int i = 0; i < 8; i++)
		kcanary[i] = CANARY + (uint32_t)i;

	hfx.h[H_STALE] = hostile_grant(&hfx.a, &hfx.sem->obj, RIGHT_ALL);
	KT_ASSERT_EQ(obj_revoke(&hfx.a, hfx.h[H_STALE]), 0);
	hfx.h[H_SEM] = hostile_grant(&hfx.a, &hfx.sem->obj, RIGHT_ALL);
	hfx.h[H_SEM_WAIT] = hostile_grant(&hfx.a, &hfx.sem->obj, RIGHT_WAIT);
	hfx.h[H_SEM_SIGNAL] = hostile_grant(&hfx.a, &hfx.sem->obj, RIGHT_SIGNAL);
	hfx.h[H_MUTEX] = hostile_grant(&hfx.a, &hfx.mutex->obj, RIGHT_ALL);
	hfx.h[H_MUTEX_WAIT] = hostile_grant(&hfx.a, &hfx.mutex->obj, RIGHT_WAIT);
	hfx.h[H_MUTEX_SIGNAL] = hostile_grant(&hfx.a, &hfx.mutex->obj, RIGHT_SIGNAL);
	hfx.h[H_MSGQ] = hostile_grant(&hfx.a, &hfx.msgq->obj, RIGHT_ALL);
	hfx.h[H_MSGQ_READ] = hostile_grant(&hfx.a, &hfx.msgq->obj, RIGHT_READ);
	hfx.h[H_MSGQ_WRITE] = hostile_grant(&hfx.a, &hfx.msgq->obj, RIGHT_WRITE);
	hfx.h[H_TIMER] = hostile_grant(&hfx.a, &hfx.timer->obj, RIGHT_ALL);
	hfx.h[H_TIMER_WAIT] = hostile_grant(&hfx.a, &hfx.timer->obj, RIGHT_WAIT);
	hfx.h[H_TIMER_WRITE] = hostile_grant(&hfx.a, &hfx.timer->obj, RIGHT_WRITE);
	hfx.h[H_THREAD] = hostile_grant(&hfx.a, &thread_current()->obj, RIGHT_ALL);
	for (int i = 0; i <= 16; i++)
		hfx.h[H_OTHER] = hostile_grant(&hfx.b, &hfx.sem_b->obj, RIGHT_ALL);
	KT_ASSERT_EQ(hfx.h[H_SEM] & 0xff, hfx.h[H_STALE] & 0xff); /* the slot was reused */
	KT_ASSERT_EQ(hfx.h[H_OTHER] & 0xff, 16);
}

/* Undo fixture_init(), whatever part of it ran. */
static void fixture_fini(void)
{
	if (hfx.bystander) {
		thread_kill_domain(&hfx.b, -EINTR);
		thread_join(hfx.bystander, &hfx.bystander_code, TIMEOUT_FOREVER);
		hfx.bystander = NULL;
	}
	arch_as_switch(NULL);
	if (hfx.a.as)
		domain_deinit(&hfx.a);
	if (hfx.b.as)
		domain_deinit(&hfx.b);
	if (hfx.sem)
		kobj_put(&hfx.sem->obj);
	if (hfx.sem_b)
		kobj_put(&hfx.sem_b->obj);
	if (hfx.mutex)
		kobj_put(&hfx.mutex->obj);
	if (hfx.msgq)
		kobj_put(&hfx.msgq->obj);
	if (hfx.timer)
		kobj_put(&hfx.timer->obj);
	kfree(hfx.kbuf);
	hfx.sem = hfx.sem_b = NULL;
	hfx.mutex = NULL;
	hfx.msgq = NULL;
	hfx.timer = NULL;
	hfx.kbuf = NULL;
}

void hostile_setup(void)
{
	memset(&hfx.a, 0, sizeof(hfx.a));
	memset(&hfx.b, 0, sizeof(hfx.b));
	hfx.bystander = NULL;
	hfx.nxc = 0;
	hfx.faults = 0;
	hfx.fault_domain = NULL;
	leak_snap(&hfx.before);
	fixture_init();
	fault_set_handler(hostile_on_user_fault);
}

void hostile_teardown(void)
{
	fault_set_handler(NULL);
	fixture_fini();
}
/* The fixture is gone: the run must have left nothing behind. */
void hostile_finish(void)
{
	fault_set_handler(NULL);
	fixture_fini();
	leak_assert_same(&hfx.before);
}

unsigned int hostile_add(const char *what, const char *detail, uint32_t nr, const struct arg *a,
			 int32_t expect)
{
	struct hostile_xcall *x;

	if (hfx.nxc == HOSTILE_MAX_CALLS)
		KT_FAIL("more than %d calls: raise HOSTILE_MAX_CALLS", HOSTILE_MAX_CALLS);
	x = &hfx.xc[hfx.nxc];
	*x = (struct hostile_xcall){.what = what, .detail = detail, .nr = nr, .expect = expect};
	memcpy(x->a, a, sizeof(x->a));
	return hfx.nxc++;
}

void hostile_add_rows(const struct row *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		hostile_add(r[i].what, NULL, r[i].nr, r[i].a, r[i].expect);
}

static vaddr_t user_va(const char *load_addr)
{
	return domain_va((paddr_t)load_addr);
}

/* The number @a stands for when thread @t makes the call. */
uint32_t hostile_resolve(const struct arg *a, const struct thread *t)
{
	paddr_t stack = t->ustack + t->ustack_guard;

	switch (a->kind) {
	case A_IMM:
		return a->v;
	case A_KTEXT:
		return (uint32_t)(uintptr_t)sys_bad_number + a->v;
	case A_KDATA:
		return (uint32_t)(uintptr_t)kcanary + a->v;
	case A_KHEAP:
		return (uint32_t)(uintptr_t)hfx.kbuf + a->v;
	case A_KSTACK:
		return (uint32_t)t->kstack + a->v;
	case A_UALIAS:
		return user_va(__text_start) + a->v;
	case A_UTEXT:
		return user_va(__uimg_text_start) + a->v;
	case A_URO:
		return user_va(__uimg_ro_start) + a->v;
	case A_URO_END:
		return user_va(__uimg_ro_end) + a->v;
	case A_URW_END:
		return user_va(__uimg_rw_end) + a->v;
	case A_LOGMSG:
		return (uint32_t)(uintptr_t)uh_log_msg + a->v;
	case A_SCRATCH:
		return (uint32_t)(uintptr_t)hostile_shared.scratch + a->v;
	case A_STACK_LO:
		return domain_va(stack) + a->v;
	case A_STACK_TOP:
		return domain_va(stack + t->ustack_size) + a->v;
	case A_GUARD:
		return domain_va(t->ustack) + a->v;
	case A_HANDLE:
		return (uint32_t)hfx.h[a->v];
	case A_HANDLE_NEXT_GEN:
		return (uint32_t)hfx.h[a->v] + 0x100u;
	}
	KT_FAIL("bad argument kind %u", a->kind);
}

/*
 * Start a thread of @d making calls [@first, @end) with their arguments
 * resolved against it; it runs at @prio once the caller lets it.
 */
struct thread *hostile_start(struct domain *d, unsigned int first, unsigned int end, int prio)
{
	struct thread *t =
		utest_start(d, "hostile", uh_run, HOSTILE_RANGE(first, end), HOSTILE_PRIO + 1);

	for (unsigned int i = first; i < end; i++) {
		struct hostile_call *c = &HS.calls[i];

		c->nr = hfx.xc[i].nr;
		for (int j = 0; j < 6; j++)
			c->a[j] = hostile_resolve(&hfx.xc[i].a[j], t);
		c->rc = HOSTILE_RC_UNSET;
	}
	if (prio != HOSTILE_PRIO + 1)
		thread_set_priority(t, prio);
	return t;
}

void hostile_print_call(const char *prefix, unsigned int i)
{
	const struct hostile_xcall *x = &hfx.xc[i];
	const struct hostile_call *c = &HS.calls[i];

	printf("%scall %u: %s, %s%s%s (%lx %lx %lx %lx)", prefix, i, hostile_sys_name(x->nr),
	       x->what, x->detail ? ": " : "", x->detail ? x->detail : "", (unsigned long)c->a[0],
	       (unsigned long)c->a[1], (unsigned long)c->a[2], (unsigned long)c->a[3]);
}

/* Join @t; a thread still running after RUN_LIMIT_US is stuck in a call: fail naming it. */
int hostile_join(struct thread *t, unsigned int first, unsigned int end)
{
	unsigned int i = first;
	int code = 0;

	if (thread_join(t, &code, RUN_LIMIT_US) == 0)
		return code;
	while (i < end && HS.calls[i].rc != HOSTILE_RC_UNSET)
		i++;
	thread_kill_domain(t->domain, -EINTR);
	thread_join(t, NULL, TIMEOUT_FOREVER);
	if (i < end)
		hostile_print_call("hostile: stuck in ", i);
	printf("\n");
	KT_FAIL("a hostile run did not end (call %u)", i);
}

/* Run calls [@first, @end) in @d to their end; the number of results that differ. */
unsigned int hostile_run(struct domain *d, unsigned int first, unsigned int end)
{
	struct thread *t = hostile_start(d, first, end, HOSTILE_PRIO + 1);
	unsigned int wrong = 0;

	KT_ASSERT_EQ(hostile_join(t, first, end), 0);
	for (unsigned int i = first; i < end; i++) {
		int32_t rc = HS.calls[i].rc;

		if (rc == hfx.xc[i].expect)
			continue;
		hostile_print_call("hostile: ", i);
		printf(": got %ld, want %ld\n", (long)rc, (long)hfx.xc[i].expect);
		wrong++;
	}
	return wrong;
}

bool hostile_canaries_intact(void)
{
	for (int i = 0; i < 16; i++)
		if (hfx.kbuf[i] != CANARY + (uint32_t)i)
			return false;
	for (int i = 0; i < 8; i++)
		if (kcanary[i] != CANARY + (uint32_t)i)
			return false;
	return true;
}

/*
 * Run call @i alone in domain A: the domain must be contained for it, as
 * class @cls at the address @addr stands for (not checked if NULL), and the
 * call must never return to user mode.
 */
void hostile_expect_contained(unsigned int i, enum fault_class cls, const struct arg *addr)
{
	unsigned int before = fault_contained_count(), calls = hfx.faults;
	struct thread *t = hostile_start(&hfx.a, i, i + 1, HOSTILE_PRIO + 1);
	uint32_t want = addr ? hostile_resolve(addr, t) : 0;
	const struct fault_info *fi = fault_last_contained();
	int code = hostile_join(t, i, i + 1);

	if (code != -EFAULT || fi->cls != cls || (addr && fi->addr != want)) {
		hostile_print_call("hostile: ", i);
		printf(": exit %d, class %s, address %lx\n", code, fault_class_name(fi->cls),
		       (unsigned long)fi->addr);
	}
	KT_ASSERT_EQ(code, -EFAULT);
	KT_ASSERT_EQ(fault_contained_count(), before + 1);
	KT_ASSERT_EQ(fi->kind, FAULT_KIND_SYSCALL);
	KT_ASSERT_EQ(fi->cls, cls);
	KT_ASSERT(fi->is_user);
	if (addr)
		KT_ASSERT_EQ(fi->addr, want);
	KT_ASSERT_EQ(HS.calls[i].rc, HOSTILE_RC_UNSET);
	KT_ASSERT_EQ(hfx.faults, calls + 1);
	KT_ASSERT(hfx.fault_domain == &hfx.a);
}
