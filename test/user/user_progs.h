/* SPDX-License-Identifier: MIT */
/*
 * User-mode programs for the kernel self-tests. They are built like module
 * code (only the SDK, no kernel calls) into the .utest_* sections, which a
 * test maps into a domain with utest_domain_init(). Each entry takes one
 * argument and ends with sot_exit().
 */
#ifndef TEST_USER_PROGS_H
#define TEST_USER_PROGS_H

#include <stdint.h>

/* Shared between the user programs and the tests (lives in .utest_data). */
struct utest_shared {
	volatile uint32_t counter[4];
	volatile uint32_t result[16];
	volatile uint32_t flag;
	struct sot_sem_shadow {
		volatile uint32_t value, waiters;
	} sem[2];
	volatile uint32_t buf[16];
};

extern struct utest_shared utest_shared;

void u_spin(uintptr_t slot);	      /* counter[slot]++ forever */
void u_exit_with(uintptr_t code);     /* sot_exit(code) */
void u_null_calls(uintptr_t n);	      /* n null system calls; result[0] = syscalls made */
void u_usem_uncontended(uintptr_t n); /* n take+give; result[1] = syscalls made */
void u_pingpong(uintptr_t side);      /* 0 or 1: bounce sem[0]/sem[1] result[2] times */
void u_fault(uintptr_t which);	      /* provoke fault class @which (enum utest_fault) */
void u_yield_loop(uintptr_t slot);    /* counter[slot]++ then yield, forever */
void u_regs_check(uintptr_t unused);  /* result[5] = registers changed by a syscall (0) */

/* Benchmark halves (user_bench.c): figures land in result[]. */
void ub_syscall_null(uintptr_t unused);
void ub_syscall_obj(uintptr_t handle);
void ub_sem_give(uintptr_t handle);
void ub_yield(uintptr_t slot);
void ub_futex_uncontended(uintptr_t unused);
void ub_pingpong(uintptr_t side);
void ub_futex_waker(uintptr_t unused);
void ub_futex_sleeper(uintptr_t unused);
void ub_futex_calls(uintptr_t unused);

enum utest_fault {
	UF_READ_KERNEL,
	UF_WRITE_KERNEL,
	UF_WRITE_OWN_CODE,
	UF_EXEC_STACK,
	UF_UNDEFINED,
	UF_PRIV_MCR,
	UF_ALIGNMENT,
	UF_STACK_OVERFLOW,
	UF_BAD_SYSCALL,
	UF_BAD_POINTER,
};

#endif /* TEST_USER_PROGS_H */
