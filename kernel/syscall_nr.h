/* SPDX-License-Identifier: MIT */
/*
 * How many system calls kernel/syscall_list.h defines, as a plain number for
 * the assembly entry, which cannot see the C enum. kernel/syscall.c checks
 * that it matches the list.
 */
#ifndef KERNEL_SYSCALL_NR_H
#define KERNEL_SYSCALL_NR_H

#define SYSCALL_COUNT 22

#endif /* KERNEL_SYSCALL_NR_H */
