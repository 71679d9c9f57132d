/* SPDX-License-Identifier: MIT */
/*
 * Leak checks for suites that drive the kernel from user mode: the kernel
 * heap, the page pool and the live kernel objects of every type, taken
 * before a run and required to be identical after it.
 */
#ifndef TEST_KERNEL_LEAK_CHECK_H
#define TEST_KERNEL_LEAK_CHECK_H

#include "kernel/heap.h"
#include "kernel/object.h"
#include "kernel/page.h"

struct leak_snap {
	struct heap_stats heap;
	struct page_stats pages;
	unsigned int live[KOBJ_TYPE_COUNT];
};

void leak_snap(struct leak_snap *s);

/* KT_ASSERT that nothing changed since @before (high-water marks aside); checks the heap too. */
void leak_assert_same(const struct leak_snap *before);

#endif /* TEST_KERNEL_LEAK_CHECK_H */
