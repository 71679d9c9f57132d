/* SPDX-License-Identifier: MIT */
/*
 * What the kernel runs once it is up. Each image links exactly one of
 * kernel/app/app_*.c: the shell (sotto.elf) or the self-tests (sotto-test.elf).
 */
#ifndef KERNEL_APP_H
#define KERNEL_APP_H

__attribute__((noreturn)) void app_main(void);

#endif /* KERNEL_APP_H */
