/* SPDX-License-Identifier: MIT */
/*
 * The one error-code header: kernel functions and syscalls return 0 or a
 * negative code from here. Values are picolibc's, so they are the same on
 * both sides of the syscall ABI; host builds get the host libc's.
 */
#ifndef KERNEL_ERRNO_H
#define KERNEL_ERRNO_H

#include <errno.h>

#ifndef ENOTSUP
#define ENOTSUP 134
#endif

#endif /* KERNEL_ERRNO_H */
