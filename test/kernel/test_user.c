/* SPDX-License-Identifier: MIT */
/*
 * User threads: entry to user mode, system calls, preemption of a spinning
 * user thread, the zero-syscall user semaphore, and containment of every
 * user fault class while a thread of another domain keeps counting.
 */
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/errno.h"
#include "kernel/fault.h"
#include "kernel/mm.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "test/harness/ktest.h"
#include "test/harness/utest.h"

#define MAIN_PRIO 16

static struct domain dom_a, dom_b;
static struct {
	struct domain *d;
	struct thread *t;
	const struct fault_info *fi;
	int calls;
} handled;

static void on_user_fault(struct domain *d, struct thread *t, const struct fault_info *fi)
{
	handled.d = d;
	handled.t = t;
	handled.fi = fi;
	handled.calls++;
}

static void setup(void)
{
	int rc = utest_domain_init(&dom_a, "user-a");

	if (rc)
		KT_SKIP("test programs cannot be mapped on this board");
	KT_ASSERT_EQ(utest_domain_init(&dom_b, "user-b"), 0);
	for (int i = 0; i < 4; i++)
		US.counter[i] = 0;
	US.flag = 0;
	handled.calls = 0;
	fault_set_handler(on_user_fault);
}

static void teardown(void)
{
	fault_set_handler(NULL);
	arch_as_switch(NULL);
	if (dom_a.as)
		domain_deinit(&dom_a);
	if (dom_b.as)
		domain_deinit(&dom_b);
}
KTEST_SUITE(user, setup, teardown);

KTEST(user, runs_and_exits_with_code)
{
	struct thread *t = utest_start(&dom_a, "exit7", u_exit_with, 7, MAIN_PRIO - 1);
	int code = 0;

	KT_ASSERT_EQ(thread_join(t, &code, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(code, 7);
}

KTEST(user, syscalls_are_counted)
{
	struct thread *t = utest_start(&dom_a, "null", u_null_calls, 100, MAIN_PRIO - 1);

	KT_ASSERT_EQ(thread_join(t, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(US.result[0], 100);
}

KTEST(user, registers_sanitised_across_syscall)
{
	struct thread *t;

	US.result[5] = 0xffffffff;
	t = utest_start(&dom_a, "regs", u_regs_check, 0, MAIN_PRIO - 1);
	KT_ASSERT_EQ(thread_join(t, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(US.result[5], 0);
}

/* A user thread that never yields is preempted by the tick for a more urgent thread. */
KTEST(user, spinning_user_thread_is_preempted)
{
	struct thread *t;
	uint32_t seen;

	if (board.irq_polled)
		KT_SKIP("the tick is polled on this board: a spinning thread is never preempted");
	t = utest_start(&dom_a, "spin", u_spin, 0, MAIN_PRIO + 1);
	thread_sleep_us(5000); /* main is more urgent: it gets the CPU back on time */
	seen = US.counter[0];
	KT_ASSERT_GT(seen, 1000);
	thread_sleep_us(5000);
	KT_ASSERT_GT(US.counter[0], seen);
	thread_kill_domain(&dom_a, -EINTR);
	KT_ASSERT_EQ(thread_join(t, NULL, TIMEOUT_FOREVER), 0);
}

KTEST(user, uncontended_user_semaphore_makes_no_syscall)
{
	struct thread *t;

	US.result[1] = 0xffff;
	t = utest_start(&dom_a, "usem", u_usem_uncontended, 500, MAIN_PRIO - 1);
	KT_ASSERT_EQ(thread_join(t, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(US.result[1], 0);
}

KTEST(user, pingpong_across_domains)
{
	struct thread *a, *b;

	US.sem[0].value = US.sem[1].value = 0;
	US.sem[0].waiters = US.sem[1].waiters = 0;
	US.result[2] = 200;
	a = utest_start(&dom_a, "ping", u_pingpong, 0, MAIN_PRIO + 1);
	b = utest_start(&dom_b, "pong", u_pingpong, 1, MAIN_PRIO + 1);
	KT_ASSERT_EQ(thread_join(a, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(thread_join(b, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(US.counter[0], 200);
	KT_ASSERT_EQ(US.counter[1], 200);
}

static uint32_t kernel_secret = 0x5ec2e7;

/*
 * Run fault program @which in domain A while domain B counts; the fault must
 * be contained with @kind/@cls, A's thread must end with -EFAULT, the
 * handler must see it once, and B must keep counting. Where the tick is
 * polled nothing can preempt B's spinning thread: B does not run there.
 */
static void contain_case(enum utest_fault which, enum fault_kind kind, enum fault_class cls)
{
	bool witness = !board.irq_polled;
	struct thread *counter = NULL;
	unsigned int before = fault_contained_count();
	struct thread *bad;
	uint32_t seen;
	int code = 0;

	US.result[4] = (uint32_t)(uintptr_t)&kernel_secret;
	if (witness) {
		counter = utest_start(&dom_b, "counter", u_spin, 1, MAIN_PRIO + 1);
		thread_sleep_us(2000);
	}
	bad = utest_start(&dom_a, "faulty", u_fault, which, MAIN_PRIO - 1);
	KT_ASSERT_EQ(thread_join(bad, &code, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(code, -EFAULT);
	KT_ASSERT_EQ(fault_contained_count(), before + 1);
	KT_ASSERT_EQ(fault_last_contained()->kind, kind);
	KT_ASSERT_EQ(fault_last_contained()->cls, cls);
	KT_ASSERT(fault_last_contained()->is_user);
	KT_ASSERT_EQ(handled.calls, 1);
	KT_ASSERT(handled.d == &dom_a);
	KT_ASSERT_NE(US.flag, 0xdead);
	KT_ASSERT_EQ(kernel_secret, 0x5ec2e7);
	if (!witness)
		return;
	seen = US.counter[1];
	thread_sleep_us(3000);
	KT_ASSERT_GT(US.counter[1], seen); /* the other domain kept running */
	thread_kill_domain(&dom_b, -EINTR);
	KT_ASSERT_EQ(thread_join(counter, NULL, TIMEOUT_FOREVER), 0);
}

KTEST(user, contain_read_kernel)
{
	contain_case(UF_READ_KERNEL, FAULT_KIND_DATA_ABORT, FAULT_PERMISSION);
	KT_ASSERT_EQ(fault_last_contained()->addr, (uintptr_t)&kernel_secret);
}

KTEST(user, contain_write_kernel)
{
	contain_case(UF_WRITE_KERNEL, FAULT_KIND_DATA_ABORT, FAULT_PERMISSION);
	KT_ASSERT(fault_last_contained()->is_write);
}

KTEST(user, contain_write_own_code)
{
	contain_case(UF_WRITE_OWN_CODE, FAULT_KIND_DATA_ABORT, FAULT_PERMISSION);
	KT_ASSERT_EQ(fault_last_contained()->addr, utest_entry(u_spin));
}

KTEST(user, contain_exec_stack)
{
	contain_case(UF_EXEC_STACK, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION);
}

KTEST(user, contain_undefined_instruction)
{
	contain_case(UF_UNDEFINED, FAULT_KIND_UNDEFINED, FAULT_UNDEFINED_INSTR);
}

KTEST(user, contain_privileged_instruction)
{
	contain_case(UF_PRIV_MCR, FAULT_KIND_UNDEFINED, FAULT_PRIVILEGED_INSTR);
}

KTEST(user, contain_alignment)
{
	contain_case(UF_ALIGNMENT, FAULT_KIND_DATA_ABORT, FAULT_ALIGNMENT);
}

KTEST(user, contain_stack_guard)
{
	contain_case(UF_STACK_OVERFLOW, FAULT_KIND_DATA_ABORT, FAULT_STACK_GUARD);
}

KTEST(user, contain_bad_syscall_number)
{
	contain_case(UF_BAD_SYSCALL, FAULT_KIND_SYSCALL, FAULT_BAD_SYSCALL);
}

KTEST(user, contain_bad_pointer)
{
	contain_case(UF_BAD_POINTER, FAULT_KIND_SYSCALL, FAULT_BAD_POINTER);
	KT_ASSERT_EQ(fault_last_contained()->addr, (uintptr_t)&kernel_secret);
}

/* Containment frees what the dead threads held: nothing leaks over many faults. */
KTEST(user, containment_leaks_nothing)
{
	struct page_stats before, after;
	unsigned int threads = kobj_live(KOBJ_THREAD);

	/* One first: a page table the domain needs for its stacks stays with it. */
	KT_ASSERT_EQ(
		thread_join(utest_start(&dom_a, "faulty", u_fault, UF_READ_KERNEL, MAIN_PRIO - 1),
			    NULL, TIMEOUT_FOREVER),
		0);
	mm_page_stats(&before);
	for (int i = 0; i < 10; i++) {
		struct thread *bad =
			utest_start(&dom_a, "faulty", u_fault, UF_READ_KERNEL, MAIN_PRIO - 1);

		KT_ASSERT_EQ(thread_join(bad, NULL, TIMEOUT_FOREVER), 0);
	}
	mm_page_stats(&after);
	KT_ASSERT_EQ(after.free, before.free);
	KT_ASSERT_EQ(kobj_live(KOBJ_THREAD), threads);
}
