/* SPDX-License-Identifier: MIT */
/*
 * Memory types shared by the page allocator, heaps, domains and the arch
 * MMU/MPU drivers: address types and mapping attributes.
 */
#ifndef KERNEL_MEM_H
#define KERNEL_MEM_H

#include <stddef.h>
#include <stdint.h>

typedef uintptr_t vaddr_t; /* an address as the CPU issues it */
typedef uintptr_t paddr_t; /* an address on the bus */

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1u << PAGE_SHIFT)

/* Mapping attributes (a partition's or a page's). */
#define MEM_R	     (1u << 0) /* readable */
#define MEM_W	     (1u << 1) /* writable */
#define MEM_X	     (1u << 2) /* executable */
#define MEM_USER     (1u << 3) /* reachable from unprivileged mode (else privileged only) */
#define MEM_DEVICE   (1u << 4) /* device registers: uncached, ordered, never executable */
#define MEM_UNCACHED (1u << 5) /* normal memory, non-cacheable (DMA buffers) */

#define MEM_RW	(MEM_R | MEM_W)
#define MEM_RX	(MEM_R | MEM_X)
#define MEM_ALL (MEM_R | MEM_W | MEM_X | MEM_USER | MEM_DEVICE | MEM_UNCACHED)

static inline int mem_is_aligned(uintptr_t v, size_t align)
{
	return (v & (align - 1)) == 0;
}

static inline uintptr_t mem_align_up(uintptr_t v, size_t align)
{
	return (v + align - 1) & ~(uintptr_t)(align - 1);
}

#endif /* KERNEL_MEM_H */
