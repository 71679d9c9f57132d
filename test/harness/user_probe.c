/* SPDX-License-Identifier: MIT */
#include "test/harness/user_probe.h"
#include "kernel/arch.h"
#include "test/harness/ktest.h"

struct user_call {
	vaddr_t pc, sp;
	uintptr_t arg0, arg1;
};

static void enter_user(void *arg)
{
	struct user_call *c = arg;

	arch_user_enter(c->pc, c->arg0, c->arg1, c->sp);
}

bool ktest_user_run(vaddr_t pc, uintptr_t arg0, uintptr_t arg1, vaddr_t sp, struct fault_info *fi)
{
	struct user_call c = {pc, sp, arg0, arg1};

	if (!fault_catch(enter_user, &c, fi))
		KT_FAIL("user code came back without an exception");
	if (!fi->is_user)
		KT_FAIL("kernel faulted while entering user mode (pc %08lx)",
			(unsigned long)fi->pc);
	return fi->kind == FAULT_KIND_UNDEFINED && fi->status == USER_PROBE_DONE;
}
