/* SPDX-License-Identifier: MIT */
/*
 * Upcalls (kernel/upcall.h): results and arguments, the thread's counters
 * (no system call per upcall), every fault class ending the call with its
 * exact kind and class while the calling thread lives on, budgets (spinning
 * in user mode, in system calls, blocked), kill, preemption by a more
 * urgent thread running its own upcall into another domain, privileged
 * upcalls, nesting, bad arguments, and no leaks.
 *
 * Domains: A and B hold the test programs (user code), P the same code
 * mapped executable for privileged code only; each has an upcall stack
 * with a guard below it.
 */
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/errno.h"
#include "kernel/fault.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "kernel/upcall.h"
#include "test/harness/ktest.h"
#include "test/harness/utest.h"
#include "test/kernel/leak_check.h"
#include "test/user/user_upcall.h"

#define MAIN_PRIO 16
#define BUDGET	  200000u /* cycles: a fifth of a tick at 1 GHz */

static struct domain da, db, dp, dq;
static struct upcall_stack sa, sb, sp;
static unsigned int handler_calls;
static uint32_t kernel_secret = 0x5ec2e7;

static void on_user_fault(struct domain *d, struct thread *t, const struct fault_info *fi)
{
	(void)d;
	(void)t;
	(void)fi;
	handler_calls++;
}

static void setup(void)
{
	if (utest_domain_init(&da, "up-a"))
		KT_SKIP("test programs cannot be mapped on this board");
	KT_ASSERT_EQ(utest_domain_init(&db, "up-b"), 0);
	KT_ASSERT_EQ(utest_domain_init_priv(&dp, "up-priv"), 0);
	KT_ASSERT_EQ(utest_domain_init(&dq, "up-unprepared"), 0);
	KT_ASSERT_EQ(upcall_domain_prepare(&da), 0);
	KT_ASSERT_EQ(upcall_domain_prepare(&db), 0);
	KT_ASSERT_EQ(upcall_domain_prepare(&dp), 0);
	KT_ASSERT_EQ(upcall_stack_alloc(&sa, &da, 4096), 0);
	KT_ASSERT_EQ(upcall_stack_alloc(&sb, &db, 4096), 0);
	KT_ASSERT_EQ(upcall_stack_alloc(&sp, &dp, 4096), 0);
	for (int i = 0; i < 4; i++)
		US.counter[i] = 0;
	for (int i = 0; i < 16; i++)
		US.result[i] = 0;
	US.flag = 0;
	US.result[4] = (uint32_t)(uintptr_t)&kernel_secret;
	handler_calls = 0;
	fault_set_handler(on_user_fault);
}

static void teardown(void)
{
	fault_set_handler(NULL);
	upcall_stack_free(&sa, &da);
	upcall_stack_free(&sb, &db);
	upcall_stack_free(&sp, &dp);
	arch_as_switch(NULL);
	if (da.as)
		domain_deinit(&da);
	if (db.as)
		domain_deinit(&db);
	if (dp.as)
		domain_deinit(&dp);
	if (dq.as)
		domain_deinit(&dq);
}
KTEST_SUITE(upcall, setup, teardown);

static const struct upcall *in_a(uint32_t budget)
{
	static struct upcall u;

	u = (struct upcall){.d = &da, .sp = sa.top, .budget = budget};
	return &u;
}

static vaddr_t fn(const void *f)
{
	return (vaddr_t)(uintptr_t)f;
}

/*
 * Kernel code a privileged upcall runs: placed in the test programs' text
 * (linked at its user address), which P maps privileged-executable. It
 * reaches kernel functions through pointers, absolute addresses a branch
 * from the user half could not encode.
 */
static int (*volatile kt_upcall)(const struct upcall *, vaddr_t, uint32_t, uint32_t, uint32_t,
				 uint32_t, struct upcall_result *) = upcall;
static struct thread *(*volatile kt_current)(void) = thread_current;

__attribute__((section(".utest.text.kt_upcall"), noinline)) static uint32_t kt_nested(void)
{
	struct upcall u = {.d = &da, .sp = sa.top};
	struct upcall_result r;

	return (uint32_t)kt_upcall(&u, (vaddr_t)(uintptr_t)uc_null, 0, 0, 0, 0, &r);
}

__attribute__((section(".utest.text.kt_upcall"), noinline)) static uint32_t kt_domain(void)
{
	return (uint32_t)(uintptr_t)kt_current()->domain;
}

/* uc_args through @u: the thread survived whatever came before. */
static void assert_args_work(const struct upcall *u)
{
	struct upcall_result res;

	KT_ASSERT_EQ(upcall(u, fn(uc_args), 1, 20, 300, 4000, &res), 0);
	KT_ASSERT_EQ(res.how, UPCALL_RETURNED);
	KT_ASSERT_EQ(res.ret, 4321);
}

KTEST(upcall, returns_value_and_all_four_args)
{
	struct upcall_result res;

	KT_ASSERT_EQ(
		upcall(in_a(0), fn(uc_args), 0x11111111, 0x02020202, 0x00300030, 0x40000004, &res),
		0);
	KT_ASSERT_EQ(res.how, UPCALL_RETURNED);
	KT_ASSERT_EQ(res.ret, 0x53431347u);
	KT_ASSERT_EQ(US.result[0], 0x11111111);
	KT_ASSERT_EQ(US.result[1], 0x02020202);
	KT_ASSERT_EQ(US.result[2], 0x00300030);
	KT_ASSERT_EQ(US.result[3], 0x40000004);
	KT_ASSERT_GT(res.cycles, 0);
	KT_ASSERT(thread_current()->domain == NULL);
}

/* The function's system call is counted once; the return is not a system call. */
KTEST(upcall, syscall_counted_once_upcall_once)
{
	struct thread_stats before, after;
	uint32_t all = upcall_count();
	struct upcall_result res;

	thread_get_stats(thread_current(), &before);
	KT_ASSERT_EQ(upcall(in_a(0), fn(uc_syscall), 0, 0, 0, 0, &res), 0);
	thread_get_stats(thread_current(), &after);
	KT_ASSERT_EQ(res.how, UPCALL_RETURNED);
	KT_ASSERT_EQ(res.ret, before.syscalls + 1); /* what the call itself saw */
	KT_ASSERT_EQ(after.syscalls, before.syscalls + 1);
	KT_ASSERT_EQ(after.upcalls, before.upcalls + 1);
	KT_ASSERT_EQ(upcall_count(), all + 1);
}

/* What "zero system calls per period" rests on. */
KTEST(upcall, many_upcalls_make_no_syscall)
{
	struct thread_stats before, after;
	uint32_t all = upcall_count();
	struct upcall_result res;

	thread_get_stats(thread_current(), &before);
	for (int i = 0; i < 1000; i++) {
		KT_ASSERT_EQ(upcall(in_a(BUDGET), fn(uc_null), 0, 0, 0, 0, &res), 0);
		KT_ASSERT_EQ(res.how, UPCALL_RETURNED);
	}
	thread_get_stats(thread_current(), &after);
	KT_ASSERT_EQ(after.syscalls, before.syscalls);
	KT_ASSERT_EQ(after.upcalls, before.upcalls + 1000);
	KT_ASSERT_EQ(upcall_count(), all + 1000);
}

/* Run u_fault(@which) in A: it must end FAULT with @kind/@cls, reported, nobody killed. */
static const struct fault_info *fault_case(vaddr_t f, uint32_t arg, enum fault_kind kind,
					   enum fault_class cls)
{
	static struct upcall_result res;
	unsigned int before = fault_contained_count();

	KT_ASSERT_EQ(upcall(in_a(0), f, arg, 0, 0, 0, &res), 0);
	KT_ASSERT_EQ(res.how, UPCALL_FAULT);
	KT_ASSERT_EQ(res.fault.kind, kind);
	KT_ASSERT_EQ(res.fault.cls, cls);
	KT_ASSERT(res.fault.is_user);
	KT_ASSERT_EQ(res.ret, 0);
	KT_ASSERT_EQ(fault_contained_count(), before + 1);
	KT_ASSERT_EQ(handler_calls, 0);
	KT_ASSERT_NE(US.flag, 0xdead);
	KT_ASSERT_EQ(kernel_secret, 0x5ec2e7);
	KT_ASSERT(thread_current()->domain == NULL);
	assert_args_work(in_a(0));
	return &res.fault;
}

KTEST(upcall, fault_read_kernel_memory)
{
	const struct fault_info *fi =
		fault_case(fn(u_fault), UF_READ_KERNEL, FAULT_KIND_DATA_ABORT, FAULT_PERMISSION);

	KT_ASSERT_EQ(fi->addr, (uintptr_t)&kernel_secret);
	KT_ASSERT(!fi->is_write);
}

KTEST(upcall, fault_write_own_code)
{
	const struct fault_info *fi =
		fault_case(fn(u_fault), UF_WRITE_OWN_CODE, FAULT_KIND_DATA_ABORT, FAULT_PERMISSION);

	KT_ASSERT_EQ(fi->addr, fn(u_spin));
	KT_ASSERT(fi->is_write);
}

KTEST(upcall, fault_exec_data)
{
	const struct fault_info *fi =
		fault_case(fn(uc_exec_data), 0, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION);

	KT_ASSERT_EQ(fi->addr, (uintptr_t)&utest_shared.buf[0]);
}

KTEST(upcall, fault_exec_stack)
{
	fault_case(fn(u_fault), UF_EXEC_STACK, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION);
}

KTEST(upcall, fault_undefined_instruction)
{
	fault_case(fn(u_fault), UF_UNDEFINED, FAULT_KIND_UNDEFINED, FAULT_UNDEFINED_INSTR);
}

KTEST(upcall, fault_privileged_instruction)
{
	fault_case(fn(u_fault), UF_PRIV_MCR, FAULT_KIND_UNDEFINED, FAULT_PRIVILEGED_INSTR);
}

KTEST(upcall, fault_alignment)
{
	fault_case(fn(u_fault), UF_ALIGNMENT, FAULT_KIND_DATA_ABORT, FAULT_ALIGNMENT);
}

KTEST(upcall, fault_stack_guard)
{
	const struct fault_info *fi = fault_case(fn(u_fault), UF_STACK_OVERFLOW,
						 FAULT_KIND_DATA_ABORT, FAULT_STACK_GUARD);
	vaddr_t base = sa.top - sa.size;

	KT_ASSERT_LT(fi->addr, base);
	KT_ASSERT_GE(fi->addr, base - sa.guard);
}

KTEST(upcall, fault_bad_syscall_number)
{
	fault_case(fn(u_fault), UF_BAD_SYSCALL, FAULT_KIND_SYSCALL, FAULT_BAD_SYSCALL);
}

/* The function's system calls are checked against A: a kernel pointer is its fault. */
KTEST(upcall, fault_bad_pointer)
{
	const struct fault_info *fi =
		fault_case(fn(u_fault), UF_BAD_POINTER, FAULT_KIND_SYSCALL, FAULT_BAD_POINTER);

	KT_ASSERT_EQ(fi->addr, (uintptr_t)&kernel_secret);
}

/* Without fault_on_bad_pointer the call just fails; the function goes on (and exits). */
KTEST(upcall, bad_pointer_only_fails_when_domain_says_so)
{
	struct upcall_result res;

	da.fault_on_bad_pointer = false;
	KT_ASSERT_EQ(upcall(in_a(0), fn(u_fault), UF_BAD_POINTER, 0, 0, 0, &res), 0);
	da.fault_on_bad_pointer = true;
	KT_ASSERT_EQ(res.how, UPCALL_RETURNED);
	KT_ASSERT_EQ((int32_t)res.ret, -1); /* u_fault's sot_exit(-1) */
	KT_ASSERT_EQ((int32_t)US.result[3], -EFAULT);
}

KTEST(upcall, thread_exit_ends_only_the_upcall)
{
	struct upcall_result res;

	KT_ASSERT_EQ(upcall(in_a(0), fn(uc_exit), 42, 0, 0, 0, &res), 0);
	KT_ASSERT_EQ(res.how, UPCALL_RETURNED);
	KT_ASSERT_EQ(res.ret, 42);
	assert_args_work(in_a(0));
}

/* A budget ends a function spinning in user mode at the tick (needs a tick interrupt). */
KTEST(upcall, timeout_spinning_in_user_mode)
{
	struct upcall_result res;

	if (board.irq_polled)
		KT_SKIP("the tick is polled on this board: it cannot interrupt user mode");
	KT_ASSERT_EQ(upcall(in_a(BUDGET), fn(uc_spin), 0, 0, 0, 0, &res), 0);
	KT_ASSERT_EQ(res.how, UPCALL_TIMEOUT);
	KT_ASSERT_GE(res.cycles, BUDGET);
	KT_ASSERT_GT(US.counter[0], 0);
	assert_args_work(in_a(0));
}

/* Over budget in a system call: the call ends on its way out. */
KTEST(upcall, timeout_in_system_calls)
{
	struct thread_stats before, after;
	struct upcall_result res;

	thread_get_stats(thread_current(), &before);
	KT_ASSERT_EQ(upcall(in_a(BUDGET), fn(uc_spin_syscalls), 0, 0, 0, 0, &res), 0);
	thread_get_stats(thread_current(), &after);
	KT_ASSERT_EQ(res.how, UPCALL_TIMEOUT);
	KT_ASSERT_GE(res.cycles, BUDGET);
	KT_ASSERT_GT(US.counter[1], 0);
	KT_ASSERT_GE(after.syscalls - before.syscalls, US.counter[1] - 1);
	assert_args_work(in_a(0));
}

/* Blocked past the budget: woken, the sleep returns, the call ends. */
KTEST(upcall, timeout_while_blocked)
{
	struct upcall_result res;

	KT_ASSERT_EQ(upcall(in_a(BUDGET), fn(uc_sleep), 0, 0, 0, 0, &res), 0);
	KT_ASSERT_EQ(res.how, UPCALL_TIMEOUT);
	KT_ASSERT_GE(res.cycles, BUDGET);
	KT_ASSERT_NE(US.result[6], 0xdead);
	assert_args_work(in_a(0));
}

/* A kernel thread running upcalls into A; the test kills A meanwhile. */
static struct {
	vaddr_t fn;
	uint32_t arg;
	int rc, rc_after;
	struct upcall_result res, after;
} job;

static void job_thread(void *arg)
{
	(void)arg;
	job.rc = upcall(in_a(0), job.fn, job.arg, 2, 0, 0, &job.res);
	job.rc_after = upcall(in_a(0), fn(uc_args), 1, 20, 300, 4000, &job.after);
}

static void kill_case(vaddr_t f, uint32_t arg)
{
	struct thread *t;
	int code = -1;

	job.fn = f;
	job.arg = arg;
	KT_ASSERT_EQ(thread_create(&t, "upcaller", job_thread, NULL, MAIN_PRIO + 1), 0);
	thread_sleep_us(2000);
	KT_ASSERT_EQ(t->state != THREAD_DEAD, 1); /* still in its upcall */
	thread_kill_domain(&da, -EINTR);
	KT_ASSERT_EQ(thread_join(t, &code, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(code, 0); /* the thread itself was not killed */
	KT_ASSERT_EQ(job.rc, 0);
	KT_ASSERT_EQ(job.res.how, UPCALL_KILLED);
	KT_ASSERT_EQ(job.rc_after, 0);
	KT_ASSERT_EQ(job.after.how, UPCALL_RETURNED);
	KT_ASSERT_EQ(job.after.ret, 4321);
}

KTEST(upcall, kill_while_blocked)
{
	kill_case(fn(uc_sleep), 0);
	KT_ASSERT_NE(US.result[6], 0xdead);
}

/* Spinning: in user mode where the tick interrupts it, else in system calls. */
KTEST(upcall, kill_while_running)
{
	if (board.irq_polled)
		kill_case(fn(uc_wait_flag), 1);
	else
		kill_case(fn(uc_wait_flag), 0);
	KT_ASSERT_GT(US.counter[2], 0);
}

/*
 * A less urgent thread spins in an upcall into A; a more urgent one wakes,
 * preempts it, runs its own upcall into B, and releases it. Each stack is
 * mapped in its own domain only, so each function touching its stack
 * proves its address space was the current one.
 */
static struct {
	int rc;
	uint32_t seen;
	struct upcall_result res;
} low, high;

static void low_thread(void *u)
{
	low.rc = upcall(u, fn(uc_wait_flag), US.result[7], 2, 0, 0, &low.res);
}

static void high_thread(void *arg)
{
	struct upcall u = {.d = &db, .sp = sb.top};

	(void)arg;
	thread_sleep_us(2000);
	high.seen = US.counter[2]; /* the other upcall ran before this one */
	high.rc = upcall(&u, fn(uc_args), 5, 6, 7, 8, &high.res);
	US.flag = 1;
}

/* @syscalls: the spinning function makes system calls; @privileged: it runs privileged in P. */
static void preempt_case(bool syscalls, bool privileged)
{
	struct upcall u = {.d = &da, .sp = sa.top};
	struct thread *l, *h;

	if (privileged)
		u = (struct upcall){.d = &dp, .sp = sp.top, .privileged = true};
	US.result[7] = syscalls;
	KT_ASSERT_EQ(thread_create(&l, "low", low_thread, &u, MAIN_PRIO + 2), 0);
	KT_ASSERT_EQ(thread_create(&h, "high", high_thread, NULL, MAIN_PRIO - 1), 0);
	KT_ASSERT_EQ(thread_join(h, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(thread_join(l, NULL, TIMEOUT_FOREVER), 0);
	KT_ASSERT_EQ(high.rc, 0);
	KT_ASSERT_EQ(high.res.how, UPCALL_RETURNED);
	KT_ASSERT_EQ(high.res.ret, 26);
	KT_ASSERT_GT(high.seen, 0);
	KT_ASSERT_EQ(low.rc, 0);
	KT_ASSERT_EQ(low.res.how, UPCALL_RETURNED);
	KT_ASSERT_NE(low.res.ret, 0xbad); /* its stack held what it wrote */
	KT_ASSERT_GE(low.res.ret, high.seen);
}

KTEST(upcall, preempted_in_user_mode_by_another_upcall)
{
	if (board.irq_polled)
		KT_SKIP("the tick is polled on this board: it cannot interrupt user mode");
	preempt_case(false, false);
}

KTEST(upcall, preempted_in_syscall_by_another_upcall)
{
	preempt_case(true, false);
}

/* The same with the spinning function privileged (its sp and lr are the user bank's). */
KTEST(upcall, privileged_preempted_by_another_upcall)
{
	preempt_case(!!board.irq_polled, true);
}

KTEST(upcall, nested_upcall_is_busy)
{
	struct upcall u = {.d = &dp, .sp = sp.top, .privileged = true};
	struct upcall_result res;

	KT_ASSERT_EQ(upcall(&u, fn(kt_nested), 0, 0, 0, 0, &res), 0);
	KT_ASSERT_EQ(res.how, UPCALL_RETURNED);
	KT_ASSERT_EQ((int32_t)res.ret, -EBUSY);
}

KTEST(upcall, privileged_returns_value)
{
	struct upcall u = {.d = &dp, .sp = sp.top, .budget = 1, .privileged = true};
	struct thread_stats before, after;
	struct upcall_result res;

	KT_ASSERT_EQ(upcall(&u, fn(uc_args), 1, 2, 3, 4, &res), 0);
	KT_ASSERT_EQ(res.how, UPCALL_RETURNED); /* no budget for privileged calls */
	KT_ASSERT_EQ(res.ret, 10);
	KT_ASSERT_EQ(upcall(&u, fn(kt_domain), 0, 0, 0, 0, &res), 0);
	KT_ASSERT_EQ(res.ret, (uint32_t)(uintptr_t)&dp);
	KT_ASSERT(thread_current()->domain == NULL);
	/* Its system calls work like user ones, checked against P. */
	thread_get_stats(thread_current(), &before);
	KT_ASSERT_EQ(upcall(&u, fn(uc_syscall), 0, 0, 0, 0, &res), 0);
	thread_get_stats(thread_current(), &after);
	KT_ASSERT_EQ(res.how, UPCALL_RETURNED);
	KT_ASSERT_EQ(res.ret, before.syscalls + 1);
	KT_ASSERT_EQ(after.syscalls, before.syscalls + 1);
}

KTEST(upcall, bad_arguments)
{
	struct upcall u = {.d = &da, .sp = sa.top};
	struct upcall_result res;
	uint32_t all = upcall_count();

	KT_ASSERT_EQ(upcall(NULL, fn(uc_null), 0, 0, 0, 0, &res), -EINVAL);
	KT_ASSERT_EQ(upcall(&u, fn(uc_null), 0, 0, 0, 0, NULL), -EINVAL);
	u.d = NULL;
	KT_ASSERT_EQ(upcall(&u, fn(uc_null), 0, 0, 0, 0, &res), -EINVAL);
	u.d = &dq; /* never prepared */
	KT_ASSERT_EQ(upcall(&u, fn(uc_null), 0, 0, 0, 0, &res), -EINVAL);
	u.d = &da;
	KT_ASSERT_EQ(upcall(&u, (vaddr_t)(uintptr_t)upcall, 0, 0, 0, 0, &res), -EINVAL);
	KT_ASSERT_EQ(upcall(&u, (vaddr_t)(uintptr_t)&utest_shared, 0, 0, 0, 0, &res), -EINVAL);
	KT_ASSERT_EQ(upcall(&u, 0, 0, 0, 0, 0, &res), -EINVAL);
	u.sp = sa.top - 4; /* misaligned */
	KT_ASSERT_EQ(upcall(&u, fn(uc_null), 0, 0, 0, 0, &res), -EINVAL);
	u.sp = sb.top; /* B's stack */
	KT_ASSERT_EQ(upcall(&u, fn(uc_null), 0, 0, 0, 0, &res), -EINVAL);
	u.sp = fn(uc_null) + 64; /* code */
	KT_ASSERT_EQ(upcall(&u, fn(uc_null), 0, 0, 0, 0, &res), -EINVAL);
	u.sp = 0;
	KT_ASSERT_EQ(upcall(&u, fn(uc_null), 0, 0, 0, 0, &res), -EINVAL);
	/* Privileged code must be privileged-only; user code must be user-executable. */
	u.sp = sa.top;
	u.privileged = true;
	KT_ASSERT_EQ(upcall(&u, fn(uc_null), 0, 0, 0, 0, &res), -EINVAL);
	u = (struct upcall){.d = &dp, .sp = sp.top};
	KT_ASSERT_EQ(upcall(&u, fn(uc_null), 0, 0, 0, 0, &res), -EINVAL);
	KT_ASSERT_EQ(upcall_domain_prepare(NULL), -EINVAL);
	KT_ASSERT_EQ(upcall_count(), all);
	assert_args_work(in_a(0));
}

/* Every way an upcall ends, many times: nothing leaks, nothing is left marked. */
KTEST(upcall, leaks_nothing)
{
	struct leak_snap before;
	struct upcall_result res;

	leak_snap(&before);
	for (int i = 0; i < 5; i++) {
		assert_args_work(in_a(0));
		KT_ASSERT_EQ(upcall(in_a(0), fn(u_fault), UF_READ_KERNEL, 0, 0, 0, &res), 0);
		KT_ASSERT_EQ(res.how, UPCALL_FAULT);
		KT_ASSERT_EQ(upcall(in_a(0), fn(u_fault), UF_BAD_POINTER, 0, 0, 0, &res), 0);
		KT_ASSERT_EQ(res.how, UPCALL_FAULT);
		KT_ASSERT_EQ(upcall(in_a(BUDGET), fn(uc_spin_syscalls), 0, 0, 0, 0, &res), 0);
		KT_ASSERT_EQ(res.how, UPCALL_TIMEOUT);
		KT_ASSERT_EQ(upcall(in_a(BUDGET), fn(uc_sleep), 0, 0, 0, 0, &res), 0);
		KT_ASSERT_EQ(res.how, UPCALL_TIMEOUT);
		KT_ASSERT_EQ(upcall(in_a(0), fn(uc_exit), 3, 0, 0, 0, &res), 0);
		KT_ASSERT_EQ(res.ret, 3);
		kill_case(fn(uc_sleep), 0);
	}
	KT_ASSERT(!thread_current()->killed);
	KT_ASSERT(thread_current()->upcall == NULL);
	leak_assert_same(&before);
}
