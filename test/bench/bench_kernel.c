/* SPDX-License-Identifier: MIT */
/*
 * Kernel costs, in instructions (the user halves are in test/user/user_bench.c):
 * system call round trips, a user<->user switch across domains, semaphores,
 * futexes, a whole user thread's life, and upcall round trips.
 */
#include "kernel/arch.h"
#include "kernel/sem.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "kernel/upcall.h"
#include "test/harness/kbench.h"
#include "test/harness/utest.h"
#include "test/user/user_upcall.h"

#define MAIN_PRIO 16
#define ROUNDS	  256

static struct domain da, db;

static void run(struct domain *d, void (*fn)(uintptr_t), uintptr_t arg, int prio)
{
	struct thread *t = NULL;

	if (thread_create_user(&t, "bench", d, utest_entry(fn), arg, 4096, prio) == 0)
		thread_join(t, NULL, TIMEOUT_FOREVER);
}

KBENCH(kernel_user)
{
	struct sem *s = sem_create(0, 1u << 30);
	struct thread *a = NULL, *b = NULL;
	uint32_t total = 0, t;
	int h;

	if (!s || utest_domain_init(&da, "bench-a") || utest_domain_init(&db, "bench-b"))
		return;
	arch_cycles_user_enable(true);
	h = obj_grant(&da, &s->obj, RIGHT_WAIT | RIGHT_SIGNAL);

	run(&da, ub_syscall_null, 0, MAIN_PRIO - 1);
	kbench_report("syscall_null", US.result[0], "instr");
	run(&da, ub_syscall_obj, (uintptr_t)h, MAIN_PRIO - 1);
	kbench_report("syscall_obj", US.result[1], "instr");
	run(&da, ub_sem_give, (uintptr_t)h, MAIN_PRIO - 1);
	kbench_report("sem_give_user", US.result[2], "instr");

	/* Same level, two domains: each yield switches address space. */
	thread_create_user(&a, "yield-a", &da, utest_entry(ub_yield), 0, 8192, MAIN_PRIO + 1);
	thread_create_user(&b, "yield-b", &db, utest_entry(ub_yield), 1, 8192, MAIN_PRIO + 1);
	thread_join(a, NULL, TIMEOUT_FOREVER);
	thread_join(b, NULL, TIMEOUT_FOREVER);
	kbench_report("switch_cross_domain", US.result[3], "instr");

	run(&da, ub_futex_uncontended, 0, MAIN_PRIO - 1);
	kbench_report("futex_uncontended", US.result[5], "instr");

	US.sem[0].value = US.sem[1].value = 0;
	US.sem[0].waiters = US.sem[1].waiters = 0;
	thread_create_user(&a, "ping", &da, utest_entry(ub_pingpong), 0, 8192, MAIN_PRIO + 1);
	thread_create_user(&b, "pong", &db, utest_entry(ub_pingpong), 1, 8192, MAIN_PRIO + 1);
	thread_join(a, NULL, TIMEOUT_FOREVER);
	thread_join(b, NULL, TIMEOUT_FOREVER);
	kbench_report("sem_pingpong_user", US.result[6], "instr");

	US.buf[1] = 0;
	thread_create_user(&b, "sleeper", &db, utest_entry(ub_futex_sleeper), 0, 8192,
			   MAIN_PRIO - 1);
	run(&da, ub_futex_waker, 0, MAIN_PRIO - 2);
	thread_join(b, NULL, TIMEOUT_FOREVER);
	kbench_report("futex_wake_contended", US.result[7], "instr");

	run(&da, ub_futex_calls, 0, MAIN_PRIO - 1);
	kbench_report("futex_wake_none", US.result[8], "instr");
	kbench_report("futex_wait_changed", US.result[9], "instr");

	/* create + run + exit + join of a user thread, seen from its creator. */
	for (int i = 0; i < 16; i++) {
		t = kbench_now();
		run(&da, u_exit_with, 0, MAIN_PRIO - 1);
		total += kbench_since(t);
	}
	kbench_report("thread_lifecycle_user", total / 16, "instr");

	total = 0;
	for (int i = 0; i < ROUNDS; i++) {
		t = kbench_now();
		sem_give(s);
		total += kbench_since(t);
	}
	kbench_report("sem_give_kernel", total / ROUNDS, "instr");

	arch_cycles_user_enable(false);
	obj_revoke(&da, h);
	kobj_put(&s->obj);
	domain_deinit(&da);
	domain_deinit(&db);
}

/* Instructions per upcall() of @fn through @u[0], @u[1] in turn (each from the caller's view). */
static uint32_t upcall_cost(const struct upcall *u0, const struct upcall *u1, vaddr_t fn)
{
	struct upcall_result res;
	uint32_t total = 0, t;

	upcall(u1, fn, 0, 0, 0, 0, &res); /* first use of the last address space */
	for (int i = 0; i < ROUNDS; i++) {
		t = kbench_now();
		upcall(i & 1 ? u1 : u0, fn, 0, 0, 0, 0, &res);
		total += kbench_since(t);
	}
	return total / ROUNDS;
}

KBENCH(kernel_upcall)
{
	static struct domain dp;
	struct upcall_stack sa = {0}, sb = {0}, sp = {0};
	vaddr_t null_fn = (vaddr_t)(uintptr_t)uc_null;

	if (utest_domain_init(&da, "bench-a") || utest_domain_init(&db, "bench-b") ||
	    utest_domain_init_priv(&dp, "bench-priv"))
		return;
	upcall_domain_prepare(&da);
	upcall_domain_prepare(&db);
	upcall_domain_prepare(&dp);
	if (!upcall_stack_alloc(&sa, &da, 4096) && !upcall_stack_alloc(&sb, &db, 4096) &&
	    !upcall_stack_alloc(&sp, &dp, 4096)) {
		struct upcall ua = {.d = &da, .sp = sa.top}, ub = {.d = &db, .sp = sb.top};
		struct upcall ut = {.d = &da, .sp = sa.top, .budget = 1000000};
		struct upcall up = {.d = &dp, .sp = sp.top, .privileged = true};

		kbench_report("upcall_null", upcall_cost(&ua, &ua, null_fn), "instr");
		kbench_report("upcall_switch", upcall_cost(&ua, &ub, null_fn), "instr");
		kbench_report("upcall_privileged", upcall_cost(&up, &up, null_fn), "instr");
		kbench_report("upcall_budget", upcall_cost(&ut, &ut, null_fn), "instr");
	}
	upcall_stack_free(&sa, &da);
	upcall_stack_free(&sb, &db);
	upcall_stack_free(&sp, &dp);
	domain_deinit(&da);
	domain_deinit(&db);
	domain_deinit(&dp);
}
