/* SPDX-License-Identifier: MIT */
/*
 * Functions the upcall suite (test/kernel/test_upcall.c) and the upcall
 * benchmarks call in user mode. Built like the other user test programs;
 * they share utest_shared (user_progs.h). Each returns its result: no
 * sot_exit(), the upcall's return path brings it back.
 */
#ifndef TEST_USER_UPCALL_H
#define TEST_USER_UPCALL_H

#include <stdint.h>

uint32_t uc_null(void);						      /* returns 0 at once */
uint32_t uc_args(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3); /* result[0..3] = args */
uint32_t uc_syscall(void);	 /* one thread_stats call on its stack: the syscalls it saw */
uint32_t uc_spin(void);		 /* counter[0]++ forever, no system call */
uint32_t uc_spin_syscalls(void); /* counter[1]++ and a null call, forever */
uint32_t uc_sleep(void);	 /* sleeps forever: result[6] = what the sleep returned */
uint32_t uc_exec_data(void);	 /* branches into utest_shared.buf */
uint32_t uc_exit(uint32_t code); /* sot_exit(code) */
/* counter[slot]++ until flag (a null call per round if @syscalls), its stack intact: rounds */
uint32_t uc_wait_flag(uint32_t syscalls, uint32_t slot);

#endif /* TEST_USER_UPCALL_H */
