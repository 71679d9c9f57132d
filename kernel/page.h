/* SPDX-License-Identifier: MIT */
/*
 * Physical page allocator over one contiguous RAM range of PAGE_SIZE pages.
 *
 * Two caller-provided bitmaps of page_pool_bitmap_words() words each: one
 * bit per page set while the page is allocated, and one bit set on the
 * first page of each allocated run, so page_free() can insist on being
 * given exactly a run that page_alloc() or page_reserve() made.
 *
 * Address 0 is the failure value of page_alloc(), so bus page 0 is never
 * handed out: a pool based at 0 keeps its first page reserved for good.
 *
 * Pure logic, no locking: the caller serialises calls on one pool.
 */
#ifndef KERNEL_PAGE_H
#define KERNEL_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/mem.h"

struct page_pool {
	paddr_t base;		 /* bus address of page 0 of the pool, page aligned */
	size_t npages;		 /* pages in the pool */
	uint32_t *used_bits;	 /* bit i set: page i is allocated (or reserved) */
	uint32_t *start_bits;	 /* bit i set: page i is the first page of a run */
	size_t nfree;		 /* pages whose used bit is clear */
	size_t nruns;		 /* runs from page_alloc() and page_reserve() */
	uint32_t failed_allocs;	 /* page_alloc() calls that returned 0 */
	uint32_t rejected_frees; /* page_free() calls that returned an error */
};

struct page_stats {
	size_t total;		 /* pages in the pool */
	size_t free;		 /* pages not allocated */
	size_t used;		 /* total - free (includes reserved pages) */
	size_t largest_free;	 /* longest run of free pages (alignment ignored) */
	size_t runs;		 /* allocated runs */
	uint32_t failed_allocs;	 /* page_alloc() calls that returned 0 */
	uint32_t rejected_frees; /* page_free() calls that returned an error */
};

/* Words each of the two bitmaps needs for a pool of @npages pages. */
size_t page_pool_bitmap_words(size_t npages);

/*
 * Manage @npages pages starting at @base, using @used_bits and @start_bits
 * (page_pool_bitmap_words(@npages) words each; cleared here). Returns 0, or
 * -EINVAL if @base is not page aligned, @npages is 0, a bitmap is NULL or
 * the range wraps the address space.
 */
int page_pool_init(struct page_pool *pp, paddr_t base, size_t npages, uint32_t *used_bits,
		   uint32_t *start_bits);

/*
 * Mark the @npages pages at @pa allocated (memory already in use, e.g. the
 * kernel image); page_free() of the same range releases them. Returns 0,
 * -EINVAL if @npages is 0, -ERANGE if @pa is misaligned or the range leaves
 * the pool, -EBUSY if any page is already allocated (nothing is changed).
 */
int page_reserve(struct page_pool *pp, paddr_t pa, size_t npages);

/*
 * Allocate the lowest run of @npages free pages whose first page's address
 * is a multiple of @align_pages pages (a power of two; 1 for no constraint).
 * Returns its bus address, or 0 (failed_allocs++) if no such run exists or
 * an argument is bad. O(pool pages / 32) word scans.
 */
paddr_t page_alloc(struct page_pool *pp, size_t npages, size_t align_pages);

/*
 * Free the run of @npages pages at @pa. Returns 0; -ERANGE if @pa is not
 * page aligned or the range leaves the pool; -EINVAL unless @pa starts an
 * allocated run of exactly @npages pages (double free, wrong size, middle
 * of a run). On error nothing changes but rejected_frees++. O(@npages).
 */
int page_free(struct page_pool *pp, paddr_t pa, size_t npages);

/* Fill @st with the pool's counters; largest_free costs a bitmap scan. */
void page_stats(const struct page_pool *pp, struct page_stats *st);

#endif /* KERNEL_PAGE_H */
