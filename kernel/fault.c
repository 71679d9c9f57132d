/* SPDX-License-Identifier: MIT */
/*
 * Fault reports, panics, and the self-test hook that lets a test provoke a
 * fault on purpose and check what the CPU reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/domain.h"
#include "kernel/errno.h"
#include "kernel/fault.h"
#include "kernel/thread.h"
#include "kernel/upcall.h"

static const char *const kind_names[FAULT_KIND_COUNT] = {
	[FAULT_KIND_DATA_ABORT] = "data abort",
	[FAULT_KIND_PREFETCH_ABORT] = "prefetch abort",
	[FAULT_KIND_UNDEFINED] = "undefined instruction",
	[FAULT_KIND_UNEXPECTED] = "unexpected exception",
	[FAULT_KIND_SYSCALL] = "refused system call",
};

static const char *const class_names[FAULT_CLASS_COUNT] = {
	[FAULT_UNKNOWN] = "unknown/reserved status",
	[FAULT_ALIGNMENT] = "alignment fault",
	[FAULT_TRANSLATION] = "translation fault",
	[FAULT_ACCESS_FLAG] = "access flag fault",
	[FAULT_DOMAIN] = "domain fault",
	[FAULT_PERMISSION] = "permission fault",
	[FAULT_BACKGROUND] = "background fault (no MPU region)",
	[FAULT_EXTERNAL] = "synchronous external abort",
	[FAULT_EXTERNAL_WALK] = "external abort on translation table walk",
	[FAULT_ASYNC_EXTERNAL] = "asynchronous external abort",
	[FAULT_PARITY] = "parity/ECC error",
	[FAULT_DEBUG] = "debug event",
	[FAULT_TLB_CONFLICT] = "TLB conflict abort",
	[FAULT_CACHE_MAINT] = "cache maintenance fault",
	[FAULT_UNDEFINED_INSTR] = "undefined instruction",
	[FAULT_UNEXPECTED_EXC] = "unexpected exception",
	[FAULT_PRIVILEGED_INSTR] = "privileged instruction in user mode",
	[FAULT_STACK_GUARD] = "stack overflow into the guard page",
	[FAULT_BAD_SYSCALL] = "bad system call number",
	[FAULT_BAD_POINTER] = "bad pointer argument",
};

/* The active fault_catch() call, if any, and the thread that made it. */
static struct {
	bool armed;
	struct thread *owner;
	jmp_buf env;
	struct fault_info info;
} catcher;

static bool panic_exits;
static fault_handler_fn user_fault_handler;
static unsigned int contained;
static struct fault_info last_contained;

extern char user_copy_fault[];

const char *fault_kind_name(enum fault_kind kind)
{
	return kind < FAULT_KIND_COUNT ? kind_names[kind] : "?";
}

const char *fault_class_name(enum fault_class cls)
{
	return cls < FAULT_CLASS_COUNT && class_names[cls] ? class_names[cls] : "?";
}

void fault_set_panic_exits(bool exits)
{
	panic_exits = exits;
}

/*
 * Print the report of @fi. An expected fault (caught by a self-test) gets
 * the decoded lines only; a real one also every register.
 */
static void report(const struct fault_info *fi, const struct arch_frame *frame, bool expected)
{
	printf("*** %s%s in %s mode at pc %08lx\n", expected ? "expected " : "",
	       fault_kind_name(fi->kind), fi->is_user ? "user" : "privileged",
	       (unsigned long)fi->pc);
	printf("    class: %s", fault_class_name(fi->cls));
	if (fi->level)
		printf(" (%s)", fi->level == 1 ? "section/level 1" : "page/level 2");
	if (fi->kind == FAULT_KIND_DATA_ABORT)
		printf(", %s", fi->is_write ? "write" : "read");
	printf("\n");
	if (fi->status_reg)
		printf("    %s %08lx", fi->status_reg, (unsigned long)fi->status);
	if (fi->addr_reg)
		printf("  %s %08lx", fi->addr_reg, (unsigned long)fi->addr);
	printf("\n");
	if (!expected && frame)
		arch_frame_print(frame);
}

static __attribute__((noreturn)) void stop(void)
{
	console_flush();
	if (panic_exits)
		arch_exit(2);
	arch_halt();
}

/* Runs in privileged mode after the exception returned: unwind to fault_catch(). */
static void catch_resume(void)
{
	longjmp(catcher.env, 1);
}

void fault_set_handler(fault_handler_fn fn)
{
	user_fault_handler = fn;
}

unsigned int fault_contained_count(void)
{
	return contained;
}

const struct fault_info *fault_last_contained(void)
{
	return &last_contained;
}

/* A stack guard hit shows as a translation fault; name it for what it is. */
static void classify_user(struct fault_info *fi, const struct thread *t)
{
	vaddr_t guard = t->ustack ? domain_va(t->ustack) : 0;

	if (fi->kind == FAULT_KIND_DATA_ABORT && guard && fi->addr >= guard &&
	    fi->addr - guard < t->ustack_guard)
		fi->cls = FAULT_STACK_GUARD;
}

/* Stop the faulting thread's domain and tell whoever handles user faults. */
static void contain(const struct fault_info *fi, const struct arch_frame *frame)
{
	struct thread *t = thread_current();
	struct domain *d = t->domain;

	printf("*** user fault contained: thread %s, domain %s\n", t->name, d ? d->name : "-");
	report(fi, frame, false);
	contained++;
	last_contained = *fi;
	thread_kill_domain(d, -EFAULT);
	if (user_fault_handler)
		user_fault_handler(d, t, fi);
}

/* Where a contained thread goes instead of back to user mode. */
static void user_fault_exit(void)
{
	thread_exit(-EFAULT);
}

/* A user fault in an upcall: the upcall ends with it; nothing is killed, no handler runs. */
static void report_upcall(const struct fault_info *fi, const struct arch_frame *frame)
{
	struct thread *t = thread_current();

	printf("*** user fault in upcall: thread %s, domain %s (the upcall ends)\n", t->name,
	       t->domain ? t->domain->name : "-");
	report(fi, frame, false);
	contained++;
	last_contained = *fi;
}

void fault_user_syscall(enum fault_class cls, uintptr_t addr)
{
	struct fault_info fi = {
		.kind = FAULT_KIND_SYSCALL, .cls = cls, .addr = addr, .is_user = true};
	struct thread *t = thread_current();

	if (t->upcall) {
		if (upcall_is_privileged(t)) {
			printf("\nPANIC: refused system call in a privileged upcall\n");
			report(&fi, NULL, false);
			stop();
		}
		report_upcall(&fi, NULL);
		upcall_fault_syscall(&fi);
		return;
	}
	contain(&fi, NULL);
}

void fault_handle(const struct fault_info *fi_in, struct arch_frame *frame)
{
	struct fault_info info = *fi_in, *fi = &info;
	struct thread *self = thread_current();

	/* A racing unmap under a user copy: the copy returns -EFAULT. */
	if (!fi->is_user && fi->kind == FAULT_KIND_DATA_ABORT && arch_pc_in_user_copy(fi->pc)) {
		arch_frame_redirect(frame, (void (*)(void))user_copy_fault);
		return;
	}
	if (fi->is_user && self)
		classify_user(fi, self);
	/* The upcall ends, resuming its caller; before the self-test catcher, which would not. */
	if (fi->is_user && self && self->upcall) {
		upcall_classify(fi);
		report_upcall(fi, frame);
		upcall_fault(fi, frame);
		return;
	}
	/* Self-tests catch their own thread's faults, privileged or from a user probe. */
	if (catcher.armed && catcher.owner == self) {
		report(fi, frame, true);
		catcher.info = *fi;
		catcher.armed = false;
		arch_frame_redirect(frame, catch_resume);
		return;
	}
	if (fi->is_user && self && self->domain) {
		contain(fi, frame);
		arch_frame_redirect(frame, user_fault_exit);
		return;
	}
	printf("\nPANIC: unhandled fault%s\n",
	       self && self->upcall ? " in an upcall (privileged upcalls are not contained)" : "");
	report(fi, frame, false);
	stop();
}

bool fault_catch(void (*fn)(void *arg), void *arg, struct fault_info *fi)
{
	if (setjmp(catcher.env)) {
		*fi = catcher.info;
		return true;
	}
	catcher.owner = thread_current();
	catcher.armed = true;
	fn(arg);
	catcher.armed = false;
	return false;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	arch_irq_lock();
	printf("\nPANIC: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	stop();
}
