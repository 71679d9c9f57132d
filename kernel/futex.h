/* SPDX-License-Identifier: MIT */
/*
 * Futexes: sleep on a 32-bit word of user memory until another thread
 * wakes that word. Waiters are keyed by the word's physical address, so two
 * domains sharing a buffer meet on the same word. The user-space semaphore
 * and mutex of modules/sdk only call these when contended.
 */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H

#include <stdint.h>

#include "kernel/mem.h"

/*
 * If the word at physical address @word (checked by the caller, see
 * uaccess_word()) still holds @expected, sleep until woken or @timeout_us
 * (TIMEOUT_FOREVER: no limit). 0 when woken; -EAGAIN if the word differed;
 * -ETIMEDOUT; -EINTR (killed).
 */
int futex_wait(paddr_t word, uint32_t expected, uint64_t timeout_us);

/* Wake up to @count threads sleeping on @word; returns how many woke. */
int futex_wake(paddr_t word, uint32_t count);

#endif /* KERNEL_FUTEX_H */
