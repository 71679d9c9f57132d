/* SPDX-License-Identifier: MIT */
/*
 * Fault reports, panics, and the self-test hook that lets a test provoke a
 * fault on purpose and check what the CPU reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#include "kernel/arch.h"
#include "kernel/fault.h"

static const char *const kind_names[FAULT_KIND_COUNT] = {
	[FAULT_KIND_DATA_ABORT] = "data abort",
	[FAULT_KIND_PREFETCH_ABORT] = "prefetch abort",
	[FAULT_KIND_UNDEFINED] = "undefined instruction",
	[FAULT_KIND_UNEXPECTED] = "unexpected exception",
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
};

/* The active fault_catch() call, if any. */
static struct {
	bool armed;
	jmp_buf env;
	struct fault_info info;
} catcher;

static bool panic_exits;

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
	arch_frame_print(frame);
}

static __attribute__((noreturn)) void stop(void)
{
	if (panic_exits)
		arch_exit(2);
	arch_halt();
}

/* Runs in privileged mode after the exception returned: unwind to fault_catch(). */
static void catch_resume(void)
{
	longjmp(catcher.env, 1);
}

void fault_handle(const struct fault_info *fi, struct arch_frame *frame)
{
	if (catcher.armed && !fi->is_user) {
		report(fi, frame, true);
		catcher.info = *fi;
		catcher.armed = false;
		arch_frame_redirect(frame, catch_resume);
		return;
	}
	printf("\nPANIC: unhandled fault\n");
	report(fi, frame, false);
	stop();
}

bool fault_catch(void (*fn)(void *arg), void *arg, struct fault_info *fi)
{
	if (setjmp(catcher.env)) {
		*fi = catcher.info;
		return true;
	}
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
