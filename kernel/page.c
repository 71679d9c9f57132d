/* SPDX-License-Identifier: MIT */
/*
 * Physical page allocator: first fit over a bitmap, scanned a 32-bit word
 * at a time so full (or empty) stretches cost one load per 32 pages.
 * Every query is built on bits_find(); every update on bits_assign().
 */
#include <stdbool.h>

#include "kernel/errno.h"
#include "kernel/page.h"

#define WORD_BITS 32u

/* True if bit @i of @map is set. */
static bool bit_test(const uint32_t *map, size_t i)
{
	return (map[i / WORD_BITS] >> (i % WORD_BITS)) & 1u;
}

/*
 * First index in [@from, @to) whose bit in @map equals @set, or @to if
 * there is none. Words holding only the other value are skipped whole.
 */
static size_t bits_find(const uint32_t *map, size_t from, size_t to, bool set)
{
	uint32_t flip = set ? 0u : ~0u;

	while (from < to) {
		size_t w = from / WORD_BITS;
		uint32_t word = (map[w] ^ flip) & (~0u << (from % WORD_BITS));

		if (word) {
			size_t i = w * WORD_BITS + (size_t)__builtin_ctz(word);

			return i < to ? i : to;
		}
		from = (w + 1) * WORD_BITS;
	}
	return to;
}

/* Set (@set) or clear bits [@from, @to) of @map, a word at a time. */
static void bits_assign(uint32_t *map, size_t from, size_t to, bool set)
{
	while (from < to) {
		size_t lo = from % WORD_BITS;
		size_t n = WORD_BITS - lo < to - from ? WORD_BITS - lo : to - from;
		uint32_t mask = (n == WORD_BITS ? ~0u : (1u << n) - 1u) << lo;

		if (set)
			map[from / WORD_BITS] |= mask;
		else
			map[from / WORD_BITS] &= ~mask;
		from += n;
	}
}

/*
 * Translate [@pa, @pa + @npages pages) into a page index in *@idx.
 * Returns 0, -ERANGE if @pa is misaligned or the range leaves the pool,
 * -EINVAL if @npages is 0.
 */
static int page_index(const struct page_pool *pp, paddr_t pa, size_t npages, size_t *idx)
{
	size_t i;

	if (pa < pp->base || !mem_is_aligned(pa, PAGE_SIZE))
		return -ERANGE;
	i = (pa - pp->base) >> PAGE_SHIFT;
	if (i >= pp->npages)
		return -ERANGE;
	if (npages == 0)
		return -EINVAL;
	if (npages > pp->npages - i)
		return -ERANGE;
	*idx = i;
	return 0;
}

/*
 * True if pages [@i, @i + @n) are exactly one allocated run: it starts at
 * @i, every page is allocated, no other run starts inside, and the page
 * after it is free, starts another run or lies past the pool.
 */
static bool page_is_run(const struct page_pool *pp, size_t i, size_t n)
{
	size_t end = i + n;

	if (!bit_test(pp->start_bits, i))
		return false;
	if (bits_find(pp->used_bits, i, end, false) != end)
		return false;
	if (bits_find(pp->start_bits, i + 1, end, true) != end)
		return false;
	return end == pp->npages || !bit_test(pp->used_bits, end) || bit_test(pp->start_bits, end);
}

/* Record pages [@i, @i + @n) as one allocated run. Caller checked they are free. */
static void page_take(struct page_pool *pp, size_t i, size_t n)
{
	bits_assign(pp->used_bits, i, i + n, true);
	bits_assign(pp->start_bits, i, i + 1, true);
	pp->nfree -= n;
	pp->nruns++;
}

size_t page_pool_bitmap_words(size_t npages)
{
	return npages / WORD_BITS + (npages % WORD_BITS != 0);
}

int page_pool_init(struct page_pool *pp, paddr_t base, size_t npages, uint32_t *used_bits,
		   uint32_t *start_bits)
{
	size_t words = page_pool_bitmap_words(npages);

	if (!mem_is_aligned(base, PAGE_SIZE) || npages == 0 || !used_bits || !start_bits)
		return -EINVAL;
	if (npages - 1 > (UINTPTR_MAX - base) >> PAGE_SHIFT)
		return -EINVAL;
	for (size_t w = 0; w < words; w++) {
		used_bits[w] = 0;
		start_bits[w] = 0;
	}
	pp->base = base;
	pp->npages = npages;
	pp->used_bits = used_bits;
	pp->start_bits = start_bits;
	pp->nfree = npages;
	pp->nruns = 0;
	pp->failed_allocs = 0;
	pp->rejected_frees = 0;
	/* 0 means failure from page_alloc(): bus page 0 is reserved for good, in no run. */
	if (base == 0) {
		bits_assign(used_bits, 0, 1, true);
		pp->nfree--;
	}
	return 0;
}

int page_reserve(struct page_pool *pp, paddr_t pa, size_t npages)
{
	size_t i;
	int err = page_index(pp, pa, npages, &i);

	if (err)
		return err;
	if (bits_find(pp->used_bits, i, i + npages, true) != i + npages)
		return -EBUSY;
	page_take(pp, i, npages);
	return 0;
}

paddr_t page_alloc(struct page_pool *pp, size_t npages, size_t align_pages)
{
	size_t base_pfn = pp->base >> PAGE_SHIFT;
	size_t i = 0;

	if (npages == 0 || npages > pp->nfree || align_pages == 0 ||
	    (align_pages & (align_pages - 1)))
		goto fail;
	for (;;) {
		size_t busy;

		i = bits_find(pp->used_bits, i, pp->npages, false);
		/* Align the page frame number, not the index: base need not be aligned. */
		i = mem_align_up(base_pfn + i, align_pages) - base_pfn;
		if (i >= pp->npages || npages > pp->npages - i)
			goto fail;
		busy = bits_find(pp->used_bits, i, i + npages, true);
		if (busy == i + npages)
			break;
		i = busy + 1;
	}
	page_take(pp, i, npages);
	return pp->base + ((paddr_t)i << PAGE_SHIFT);
fail:
	pp->failed_allocs++;
	return 0;
}

int page_free(struct page_pool *pp, paddr_t pa, size_t npages)
{
	size_t i;
	int err = page_index(pp, pa, npages, &i);

	if (!err && !page_is_run(pp, i, npages))
		err = -EINVAL;
	if (err) {
		pp->rejected_frees++;
		return err;
	}
	bits_assign(pp->used_bits, i, i + npages, false);
	bits_assign(pp->start_bits, i, i + 1, false);
	pp->nfree += npages;
	pp->nruns--;
	return 0;
}

void page_stats(const struct page_pool *pp, struct page_stats *st)
{
	size_t i = 0, largest = 0;

	while (i < pp->npages) {
		size_t first = bits_find(pp->used_bits, i, pp->npages, false);

		i = bits_find(pp->used_bits, first, pp->npages, true);
		if (i - first > largest)
			largest = i - first;
	}
	st->total = pp->npages;
	st->free = pp->nfree;
	st->used = pp->npages - pp->nfree;
	st->largest_free = largest;
	st->runs = pp->nruns;
	st->failed_allocs = pp->failed_allocs;
	st->rejected_frees = pp->rejected_frees;
}
