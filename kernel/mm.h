/* SPDX-License-Identifier: MIT */
/*
 * The kernel's memory: the one physical page pool (all free RAM) and the
 * kernel heap carved from it. Arch MMU/MPU code takes its table memory from
 * here too.
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include <stddef.h>

#include "kernel/heap.h"
#include "kernel/mem.h"
#include "kernel/page.h"

#define KHEAP_SIZE   (1024u * 1024u)	  /* hard capacity of the kernel heap */
#define BUFHEAP_SIZE (2u * 1024u * 1024u) /* ... and of the shared buffer heap */

extern struct heap kheap;
extern struct heap buf_heap;

/* Hand free RAM [@start, @end) to the page pool; boot, before arch_mm_init(). */
void mm_init(paddr_t start, paddr_t end);

/* Carve the kernel heap from the pool; boot, after arch_mm_init(). */
void mm_heap_init(void);

/* @npages contiguous zeroed pages aligned to @align_pages; 0 when none. */
paddr_t mm_page_alloc(size_t npages, size_t align_pages);

/* The same without zeroing, for memory only the kernel writes before reading (stacks). */
paddr_t mm_page_alloc_raw(size_t npages, size_t align_pages);

/* Give back a run from mm_page_alloc(); 0, -EINVAL or -ERANGE (nothing freed). */
int mm_page_free(paddr_t pa, size_t npages);

void mm_page_stats(struct page_stats *st);

/*
 * Shared audio buffers: each allocation is aligned to, and sized in whole,
 * arch_as_align() units (pages on an MMU, a power-of-two region on an MPU),
 * so it shares no page with any other buffer and can be mapped into exactly
 * the domains of its producer and consumer. Zeroed. NULL when full.
 */
void *mm_buffer_alloc(size_t size);
void mm_buffer_free(void *p);

/* Kernel heap allocations (privileged memory only). */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);

#endif /* KERNEL_MM_H */
