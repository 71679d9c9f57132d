/* SPDX-License-Identifier: MIT */
/* System call numbers and dispatch (the list is kernel/syscall_list.h). */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdint.h>

#include "kernel/syscall_list.h"

#define SYSCALL_ENUM(num, name, nargs) SYS_##name = num,
enum syscall_nr { SYSCALL_LIST(SYSCALL_ENUM) SYSCALL_NR };
#undef SYSCALL_ENUM

typedef long (*syscall_fn)(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
			   uint32_t a5);

/* The arch system call entry indexes these (numbers >= SYSCALL_COUNT go to sys_bad_number). */
extern const syscall_fn syscall_table[SYSCALL_NR];

/* An out-of-range number: the caller's fault. */
long sys_bad_number(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5);

/* Called by the entry on the way out when a switch is due or the thread was killed. */
void syscall_exit_work(void);

#endif /* KERNEL_SYSCALL_H */
