/* SPDX-License-Identifier: MIT */
/* The boot banner and the shell's "info": board, CPU, memory map, build. */
#ifndef KERNEL_SYSINFO_H
#define KERNEL_SYSINFO_H

#include <stdint.h>

/* Print the boot banner (once, early). */
void sysinfo_banner(void);

/* Print uptime, ticks and interrupt counts on top of the banner facts. */
void sysinfo_print(void);

/* Cycle counter value recorded when the kernel reached its application. */
uint32_t sysinfo_boot_cycles(void);
void sysinfo_mark_boot_done(void);

#endif /* KERNEL_SYSINFO_H */
