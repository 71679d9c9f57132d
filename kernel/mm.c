/* SPDX-License-Identifier: MIT */
/*
 * Kernel RAM is identity mapped (kernel VA == PA), so a page's physical
 * address is also the kernel's pointer to it.
 */
#include <stdint.h>
#include <string.h>

#include "kernel/arch.h"
#include "kernel/fault.h"
#include "kernel/log.h"
#include "kernel/mm.h"

#define MM_MAX_PAGES	(CONFIG_RAM_SIZE / PAGE_SIZE)
#define MM_BITMAP_WORDS ((MM_MAX_PAGES + 31) / 32)

static struct page_pool pool;
static uint32_t used_bits[MM_BITMAP_WORDS];
static uint32_t start_bits[MM_BITMAP_WORDS];
struct heap kheap;
struct heap buf_heap;

void mm_init(paddr_t start, paddr_t end)
{
	size_t npages = (end - start) / PAGE_SIZE;

	if (npages > MM_MAX_PAGES || page_pool_init(&pool, start, npages, used_bits, start_bits))
		panic("mm: cannot manage %08lx-%08lx", (unsigned long)start, (unsigned long)end);
}

/* A heap needs no zeroed memory. */
void mm_heap_init(void)
{
	paddr_t pa = mm_page_alloc_raw(KHEAP_SIZE / PAGE_SIZE, 1);

	if (!pa || heap_init(&kheap, "kernel", (void *)pa, KHEAP_SIZE))
		panic("mm: no kernel heap");
	pa = mm_page_alloc_raw(BUFHEAP_SIZE / PAGE_SIZE, BUFHEAP_SIZE / PAGE_SIZE);
	if (!pa || heap_init(&buf_heap, "buffers", (void *)pa, BUFHEAP_SIZE))
		panic("mm: no buffer heap");
}

paddr_t mm_page_alloc_raw(size_t npages, size_t align_pages)
{
	unsigned long key = arch_irq_lock();
	paddr_t pa = page_alloc(&pool, npages, align_pages);

	arch_irq_unlock(key);
	return pa;
}

paddr_t mm_page_alloc(size_t npages, size_t align_pages)
{
	paddr_t pa = mm_page_alloc_raw(npages, align_pages);

	if (pa)
		memset((void *)pa, 0, npages * PAGE_SIZE);
	return pa;
}

int mm_page_free(paddr_t pa, size_t npages)
{
	unsigned long key = arch_irq_lock();
	int rc = page_free(&pool, pa, npages);

	arch_irq_unlock(key);
	if (rc)
		LOG_ERR("mm: bad free of %zu pages at %08lx: %d", npages, (unsigned long)pa, rc);
	return rc;
}

void mm_page_stats(struct page_stats *st)
{
	unsigned long key = arch_irq_lock();

	page_stats(&pool, st);
	arch_irq_unlock(key);
}

void *mm_buffer_alloc(size_t size)
{
	size_t align = arch_as_align(size);
	unsigned long key;
	void *p;

	size = mem_align_up(size, align);
	key = arch_irq_lock();
	p = heap_alloc_aligned(&buf_heap, size, align);
	arch_irq_unlock(key);
	if (p)
		memset(p, 0, size);
	return p;
}

void mm_buffer_free(void *p)
{
	unsigned long key = arch_irq_lock();
	int rc = heap_free(&buf_heap, p);

	arch_irq_unlock(key);
	if (rc)
		LOG_ERR("buffer heap: bad free of %p: %d", p, rc);
}

void *kmalloc(size_t size)
{
	unsigned long key = arch_irq_lock();
	void *p = heap_alloc(&kheap, size);

	arch_irq_unlock(key);
	return p;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	unsigned long key = arch_irq_lock();
	int rc = heap_free(&kheap, p);

	arch_irq_unlock(key);
	if (rc)
		LOG_ERR("kheap: bad free of %p: %d", p, rc);
}
