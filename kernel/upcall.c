/* SPDX-License-Identifier: MIT */
/*
 * Upcalls (see upcall.h). One call in progress per thread, described by a
 * struct upcall_call in upcall()'s frame: the arch's saved kernel state
 * first, then why it ended. A call ends in one of two ways:
 *
 *   - straight back into arch_upcall_enter()'s return: the function
 *     returned (the arch's return trap), a fault from user mode (the fault
 *     code redirects the exception to upcall_fault_exit()), thread_exit();
 *   - marked first (upcall_abort_locked(): budget, kill, a system call that
 *     found the caller at fault), then ended at the thread's next exit
 *     towards the function. The mark is the thread's killed flag, so every
 *     path a killed user thread takes applies: a blocked call is woken with
 *     WAKE_KILLED and returns -EINTR through its system call, dropping what
 *     it holds; the exit (system call or interrupt return) calls
 *     thread_check_killed(), which ends the upcall instead of the thread.
 *
 * Calls with a budget are on a list the tick walks.
 */
#include <string.h>

#include "kernel/arch.h"
#include "kernel/domain.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/upcall.h"

struct upcall_call {
	struct arch_upcall arch;
	struct thread *t;
	struct domain *d;
	vaddr_t sp;
	uint32_t start;	 /* arch_cycles() at entry */
	uint32_t budget; /* 0: none */
	bool privileged;
	bool no_block;
	void *owner;
	enum upcall_how how; /* RETURNED until something ends it otherwise */
	struct fault_info fault;
	struct upcall_call *next; /* on the budget list */
};

static struct upcall_call *timed; /* calls with a budget, in progress */
static uint32_t total;

uint32_t upcall_count(void)
{
	return total;
}

int upcall_domain_prepare(struct domain *d)
{
	if (!d || !d->as)
		return -EINVAL;
	d->upcall_ready = true;
	return 0;
}

/* [@va, @va + @len) in one partition of @d with every bit of @need and none of @deny. */
static bool in_partition(const struct domain *d, vaddr_t va, size_t len, uint32_t need,
			 uint32_t deny)
{
	const struct partition *p = domain_partition(d, va);

	return p && (p->attr & need) == need && !(p->attr & deny) && len <= p->size - (va - p->va);
}

/*
 * fn in an executable partition of d (user code, or privileged-only code
 * for a privileged call), [sp - 8, sp) in a RW one. The thread remembers
 * the last targets that passed (the LL tick calls the same ones every
 * time); a partition change gives the domain a new generation, which
 * forgets them.
 */
static bool target_ok(struct thread *t, const struct upcall *u, vaddr_t fn)
{
	struct upcall_checked *ok = &t->upcall_checked;
	uint32_t user = u->privileged ? 0 : MEM_USER;

	for (unsigned int i = 0; i < UPCALL_CHECKED; i++)
		if (ok->entry[i].gen == u->d->gen && ok->entry[i].fn == fn &&
		    ok->entry[i].sp == u->sp && ok->entry[i].privileged == u->privileged)
			return true;
	if ((u->sp & 7u) || u->sp < 8 ||
	    !in_partition(u->d, fn, 1, MEM_X | user, user ^ MEM_USER) ||
	    !in_partition(u->d, u->sp - 8, 8, MEM_RW | user, 0))
		return false;
	ok->entry[ok->next].gen = u->d->gen;
	ok->entry[ok->next].fn = fn;
	ok->entry[ok->next].sp = u->sp;
	ok->entry[ok->next].privileged = u->privileged;
	ok->next = (ok->next + 1) % UPCALL_CHECKED;
	return true;
}

static void timed_remove(struct upcall_call *c)
{
	for (struct upcall_call **pp = &timed; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			return;
		}
	}
}

int upcall(const struct upcall *u, vaddr_t fn, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3,
	   struct upcall_result *res)
{
	struct thread *t = thread_current();
	const uint32_t args[4] = {a0, a1, a2, a3};
	struct upcall_call c;
	struct domain *prev;
	unsigned long key;
	uint32_t ret;

	if (!u || !res || !u->d || !u->d->upcall_ready || !target_ok(t, u, fn))
		return -EINVAL;
	if (t->upcall)
		return -EBUSY;
	c.t = t;
	c.d = u->d;
	c.sp = u->sp;
	c.privileged = u->privileged;
	c.owner = u->owner;
	c.no_block = u->no_block;
	c.budget = u->privileged ? 0 : u->budget;
	c.how = UPCALL_RETURNED;
	key = arch_irq_lock();
	prev = t->domain;
	t->upcall = &c;
	t->domain = c.d;
	if (arch_as_current() != c.d->as)
		arch_as_switch(c.d->as);
	if (c.budget) {
		c.next = timed;
		timed = &c;
	}
	t->stats.upcalls++;
	total++;
	c.start = arch_cycles();
	ret = arch_upcall_enter(&c.arch, fn, args, c.sp, c.privileged);
	res->cycles = arch_cycles() - c.start;
	/* Interrupts masked again: nothing can mark the call any more. */
	if (c.budget)
		timed_remove(&c);
	t->upcall = NULL;
	t->killed = false;
	t->domain = prev;
	if (prev && arch_as_current() != prev->as)
		arch_as_switch(prev->as);
	arch_irq_unlock(key);
	res->how = c.how;
	res->ret = c.how == UPCALL_RETURNED ? ret : 0;
	if (c.how == UPCALL_FAULT)
		res->fault = c.fault;
	return 0;
}

void upcall_abort_locked(struct thread *t, enum upcall_how how)
{
	struct upcall_call *c = t->upcall;

	if (!c || c->privileged || c->how != UPCALL_RETURNED)
		return;
	c->how = how;
	t->killed = true;
	if (t->state == THREAD_BLOCKED)
		sched_wake_thread_locked(t, WAKE_KILLED);
	else if (t == thread_current())
		sched_request_resched();
}

void upcall_tick(void)
{
	uint32_t now = arch_cycles();

	for (struct upcall_call *c = timed; c; c = c->next)
		if (now - c->start >= c->budget)
			upcall_abort_locked(c->t, UPCALL_TIMEOUT);
}

void upcall_end_killed(void)
{
	struct upcall_call *c = thread_current()->upcall;

	arch_upcall_abort(&c->arch, 0);
}

void upcall_exit(int code)
{
	struct upcall_call *c = thread_current()->upcall;

	arch_upcall_abort(&c->arch, (uint32_t)code);
}

void *upcall_owner(void)
{
	const struct upcall_call *c = thread_current()->upcall;

	return c ? c->owner : NULL;
}

bool upcall_no_block(const struct thread *t)
{
	return t->upcall && t->upcall->no_block;
}

bool upcall_is_privileged(const struct thread *t)
{
	return t->upcall && t->upcall->privileged;
}

/*
 * A data abort in the unmapped block right below the stack's partition (the
 * guard upcall_stack_alloc() leaves: a page on an MMU, the stack's size on
 * an MPU) is a stack overflow.
 */
void upcall_classify(struct fault_info *fi)
{
	struct upcall_call *c = thread_current()->upcall;
	const struct partition *stack = domain_partition(c->d, c->sp - 8);
	size_t guard;

	if (fi->kind != FAULT_KIND_DATA_ABORT || !stack || domain_partition(c->d, fi->addr))
		return;
	guard = arch_as_align(stack->size);
	if (fi->addr < stack->va && stack->va - fi->addr <= guard)
		fi->cls = FAULT_STACK_GUARD;
}

/* Where a fault from the function resumes (privileged, the thread's kernel stack). */
static void upcall_fault_exit(void)
{
	arch_irq_lock();
	arch_upcall_abort(&thread_current()->upcall->arch, 0);
}

/* The first reason wins: a call marked for its budget or a kill stays so. */
void upcall_fault(const struct fault_info *fi, struct arch_frame *frame)
{
	struct upcall_call *c = thread_current()->upcall;

	if (c->how == UPCALL_RETURNED) {
		c->how = UPCALL_FAULT;
		c->fault = *fi;
	}
	arch_frame_redirect(frame, upcall_fault_exit);
}

void upcall_fault_syscall(const struct fault_info *fi)
{
	struct thread *t = thread_current();
	unsigned long key = arch_irq_lock();

	t->upcall->fault = *fi; /* read only if the call ends FAULT */
	upcall_abort_locked(t, UPCALL_FAULT);
	arch_irq_unlock(key);
}

int upcall_stack_alloc(struct upcall_stack *s, struct domain *d, size_t size)
{
	size_t align;
	int rc;

	memset(s, 0, sizeof(*s));
	if (!size)
		return -EINVAL;
	size = size < PAGE_SIZE ? PAGE_SIZE : size; /* whole pages from the pool */
	align = arch_as_align(size);
	if (!align)
		return -EINVAL;
	s->size = mem_align_up(size, align);
	s->guard = align;
	s->pa = mm_page_alloc((s->guard + s->size) / PAGE_SIZE, align / PAGE_SIZE);
	if (!s->pa)
		return -ENOMEM;
	rc = domain_add_partition(d, s->pa + s->guard, s->size, MEM_RW | MEM_USER);
	if (rc) {
		mm_page_free(s->pa, (s->guard + s->size) / PAGE_SIZE);
		s->pa = 0;
		return rc;
	}
	s->top = domain_va(s->pa + s->guard) + s->size;
	return 0;
}

void upcall_stack_free(struct upcall_stack *s, struct domain *d)
{
	if (!s->pa)
		return;
	domain_remove_partition(d, s->pa + s->guard);
	mm_page_free(s->pa, (s->guard + s->size) / PAGE_SIZE);
	s->pa = 0;
}
