/* SPDX-License-Identifier: MIT */
/*
 * Bounded general-purpose heap, TLSF-style (two-level segregated fit):
 * free blocks sit in lists by size class, first level a power of two,
 * second level HEAP_SL_COUNT linear steps; two bitmap levels find a
 * non-empty list in O(1). Freed blocks merge with free neighbours at once.
 *
 * The heap manages exactly [mem, mem + size) given to heap_init(): block
 * headers live inside it, nothing is ever allocated outside. Each header
 * carries a tag folding in the owning heap, its sizes, state and the
 * heap's generation, so heap_free() rejects pointers that are not a live
 * block of this heap without touching anything.
 *
 * Pure logic, no locking: the caller serialises calls on one heap.
 */
#ifndef KERNEL_HEAP_H
#define KERNEL_HEAP_H

#include <stddef.h>
#include <stdint.h>

#define HEAP_ALIGN     8u /* every returned pointer is a multiple of this */
#define HEAP_SL_LOG2   3  /* second level: 8 classes per power of two */
#define HEAP_SL_COUNT  (1u << HEAP_SL_LOG2)
#define HEAP_MAX_LOG2  30 /* largest heap: 1 GiB */
#define HEAP_MAX_SIZE  ((size_t)1 << HEAP_MAX_LOG2)
#define HEAP_FL_SHIFT  (HEAP_SL_LOG2 + 3) /* sizes below 1 << this share first level 0 */
#define HEAP_FL_COUNT  (HEAP_MAX_LOG2 - HEAP_FL_SHIFT + 2)
#define HEAP_MAX_ALIGN ((size_t)1 << 20) /* heap_alloc_aligned() accepts up to 1 MiB */

struct heap_blk;

struct heap {
	const char *name;
	uintptr_t start;		   /* first block header, HEAP_ALIGN aligned */
	uintptr_t end;			   /* one past the last byte managed */
	uint32_t generation;		   /* bumped by heap_reset(): older headers stop matching */
	uint32_t fl_bitmap;		   /* bit f set: sl_bitmap[f] != 0 */
	uint32_t sl_bitmap[HEAP_FL_COUNT]; /* bit s set: free[f][s] not empty */
	struct heap_blk *free[HEAP_FL_COUNT][HEAP_SL_COUNT]; /* free lists by class */
	size_t used;		 /* sum of requested sizes of live allocations */
	size_t free_bytes;	 /* payload bytes in free blocks */
	size_t nlive;		 /* live allocations */
	size_t nfree;		 /* free blocks */
	size_t high_water;	 /* largest value of used so far */
	uint32_t failed_allocs;	 /* allocations that returned NULL */
	uint32_t rejected_frees; /* heap_free() calls that returned an error */
};

struct heap_stats {
	size_t capacity;	 /* bytes managed, headers included */
	size_t used;		 /* sum of the sizes callers asked for, live allocations */
	size_t free;		 /* payload bytes in free blocks */
	size_t largest_free;	 /* largest size heap_alloc() can return right now */
	size_t allocs;		 /* live allocations */
	size_t high_water;	 /* largest value of used since heap_init() */
	uint32_t failed_allocs;	 /* allocations that returned NULL */
	uint32_t rejected_frees; /* heap_free() calls that returned an error */
};

/*
 * Manage [@mem, @mem + @size) as heap @h named @name (kept, not copied).
 * @size is rounded down to HEAP_ALIGN. Returns 0, or -EINVAL if @mem is
 * NULL or not HEAP_ALIGN aligned, or @size is too small for one block or
 * larger than HEAP_MAX_SIZE. The memory is not cleared: to recycle a heap,
 * use heap_reset(), which also makes heap_free() reject the old pointers.
 */
int heap_init(struct heap *h, const char *name, void *mem, size_t size);

/*
 * @size bytes aligned to HEAP_ALIGN, or NULL (failed_allocs++) if @size is
 * 0 or no free block fits. O(1) except when the only blocks that fit share
 * the request's size class: then that one list is walked.
 */
void *heap_alloc(struct heap *h, size_t size);

/*
 * As heap_alloc() but the pointer is a multiple of @align, a power of two
 * up to HEAP_MAX_ALIGN (else NULL). O(1) when a free block of about
 * @size + @align exists, else the lists of the classes from @size to there
 * are walked. The slack in front stays free for other allocations.
 */
void *heap_alloc_aligned(struct heap *h, size_t size, size_t align);

/* heap_alloc() of @n * @size zeroed bytes; NULL also if the product overflows. */
void *heap_calloc(struct heap *h, size_t n, size_t size);

/*
 * Free @p from heap_alloc*(); NULL is a no-op. Returns 0, -EINVAL if @p is
 * not a live block of @h (double free, inside a block, other heap), or
 * -EFAULT if a header around the block is corrupt. On error nothing changes
 * but rejected_frees++.
 */
int heap_free(struct heap *h, void *p);

/* Fill @st; largest_free walks the list of the largest size class in use. */
void heap_stats(const struct heap *h, struct heap_stats *st);

/*
 * Walk every block and list: sizes chain to the end, headers are intact,
 * no two free blocks touch, the free lists and bitmaps hold exactly the
 * free blocks in their classes, and the counters agree. Returns 0 or
 * -EFAULT. O(blocks * free-list length); for tests and debugging.
 */
int heap_check(const struct heap *h);

/*
 * Drop every allocation: the heap is one free block again. Pointers handed
 * out before are rejected by heap_free(). high_water, failed_allocs and
 * rejected_frees are kept.
 */
void heap_reset(struct heap *h);

#endif /* KERNEL_HEAP_H */
