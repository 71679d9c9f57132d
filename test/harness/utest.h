/* SPDX-License-Identifier: MIT */
/*
 * Domains for the user-mode test programs of test/user/: their code,
 * rodata and data pages, the same set in every test domain (like the
 * instances of one module type).
 */
#ifndef TEST_UTEST_H
#define TEST_UTEST_H

#include <stdint.h>

#include "kernel/domain.h"
#include "test/user/user_progs.h"

/*
 * The programs are linked at their user addresses; the kernel reaches their
 * data through its own mapping of the image: utest_k(&user_object).
 */
void *utest_k(volatile void *user_ptr);

/* The shared block as the kernel sees it. */
#define US (*(struct utest_shared *)utest_k(&utest_shared))

/* A domain holding the test programs; 0 or the domain_* error. */
int utest_domain_init(struct domain *d, const char *name);

/*
 * The same, with the programs' code mapped executable for privileged code
 * only (MEM_RX without MEM_USER): what a privileged upcall runs.
 */
int utest_domain_init_priv(struct domain *d, const char *name);

/* The user address of test program @fn. */
vaddr_t utest_entry(void (*fn)(uintptr_t));

/* Start @fn(@arg) as a user thread of @d at @prio with an 8 KiB stack (KT_ASSERTs). */
struct thread *utest_start(struct domain *d, const char *name, void (*fn)(uintptr_t), uintptr_t arg,
			   int prio);

#endif /* TEST_UTEST_H */
