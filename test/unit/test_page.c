/* SPDX-License-Identifier: MIT */
/* Physical page allocator: runs on the host and on target (no memory is touched). */
#include <stdio.h>

#include "kernel/errno.h"
#include "kernel/page.h"
#include "test/harness/ktest.h"

#define POOL_BASE  ((paddr_t)0x40003000u) /* page aligned, deliberately not 16 KiB aligned */
#define POOL_PAGES 256u
#define PA(i)	   (POOL_BASE + (paddr_t)(i)*PAGE_SIZE)

static struct page_pool pool;
static uint32_t used_bits[POOL_PAGES / 32], start_bits[POOL_PAGES / 32];

/* Fresh pool of @npages pages at @base using the static bitmaps. */
static void pool_setup(paddr_t base, size_t npages)
{
	KT_ASSERT_LE(page_pool_bitmap_words(npages), POOL_PAGES / 32);
	KT_ASSERT_EQ(page_pool_init(&pool, base, npages, used_bits, start_bits), 0);
}

/* Stats must equal @before except rejected_frees, which went up by one. */
static void expect_one_rejection(const struct page_stats *before)
{
	struct page_stats st;

	page_stats(&pool, &st);
	KT_ASSERT_EQ(st.free, before->free);
	KT_ASSERT_EQ(st.used, before->used);
	KT_ASSERT_EQ(st.runs, before->runs);
	KT_ASSERT_EQ(st.largest_free, before->largest_free);
	KT_ASSERT_EQ(st.failed_allocs, before->failed_allocs);
	KT_ASSERT_EQ(st.rejected_frees, before->rejected_frees + 1);
}

KTEST(page, init_rejects_bad_args)
{
	KT_ASSERT_EQ(page_pool_bitmap_words(0), 0);
	KT_ASSERT_EQ(page_pool_bitmap_words(1), 1);
	KT_ASSERT_EQ(page_pool_bitmap_words(32), 1);
	KT_ASSERT_EQ(page_pool_bitmap_words(33), 2);
	KT_ASSERT_EQ(page_pool_init(&pool, POOL_BASE + 8, 4, used_bits, start_bits), -EINVAL);
	KT_ASSERT_EQ(page_pool_init(&pool, POOL_BASE, 0, used_bits, start_bits), -EINVAL);
	KT_ASSERT_EQ(page_pool_init(&pool, POOL_BASE, 4, NULL, start_bits), -EINVAL);
	KT_ASSERT_EQ(page_pool_init(&pool, POOL_BASE, 4, used_bits, NULL), -EINVAL);
	/* Last page would end past the top of the address space. */
	KT_ASSERT_EQ(page_pool_init(&pool, UINTPTR_MAX - PAGE_SIZE + 1, 2, used_bits, start_bits),
		     -EINVAL);
	KT_ASSERT_EQ(page_pool_init(&pool, UINTPTR_MAX - PAGE_SIZE + 1, 1, used_bits, start_bits),
		     0);
}

KTEST(page, alloc_free_basics)
{
	struct page_stats st0, st;

	pool_setup(POOL_BASE, 64);
	page_stats(&pool, &st0);
	KT_ASSERT_EQ(st0.total, 64);
	KT_ASSERT_EQ(st0.free, 64);
	KT_ASSERT_EQ(st0.used, 0);
	KT_ASSERT_EQ(st0.largest_free, 64);
	KT_ASSERT_EQ(st0.runs, 0);

	KT_ASSERT_EQ(page_alloc(&pool, 1, 1), PA(0));
	KT_ASSERT_EQ(page_alloc(&pool, 3, 1), PA(1));
	KT_ASSERT_EQ(page_alloc(&pool, 2, 1), PA(4));
	page_stats(&pool, &st);
	KT_ASSERT_EQ(st.free, 58);
	KT_ASSERT_EQ(st.used, 6);
	KT_ASSERT_EQ(st.runs, 3);
	KT_ASSERT_EQ(st.largest_free, 58);

	/* First fit: the hole left by the 3-page run is reused. */
	KT_ASSERT_EQ(page_free(&pool, PA(1), 3), 0);
	KT_ASSERT_EQ(page_alloc(&pool, 2, 1), PA(1));
	KT_ASSERT_EQ(page_alloc(&pool, 2, 1), PA(6));
	KT_ASSERT_EQ(page_alloc(&pool, 1, 1), PA(3));

	KT_ASSERT_EQ(page_free(&pool, PA(0), 1), 0);
	KT_ASSERT_EQ(page_free(&pool, PA(1), 2), 0);
	KT_ASSERT_EQ(page_free(&pool, PA(3), 1), 0);
	KT_ASSERT_EQ(page_free(&pool, PA(4), 2), 0);
	KT_ASSERT_EQ(page_free(&pool, PA(6), 2), 0);
	page_stats(&pool, &st);
	KT_ASSERT(!memcmp(&st, &st0, sizeof(st)));
}

KTEST(page, reserve)
{
	struct page_stats st;

	pool_setup(POOL_BASE, 64);
	KT_ASSERT_EQ(page_reserve(&pool, PA(0), 2), 0);
	KT_ASSERT_EQ(page_reserve(&pool, PA(30), 4), 0);
	KT_ASSERT_EQ(page_reserve(&pool, PA(33), 2), -EBUSY);
	KT_ASSERT_EQ(page_reserve(&pool, PA(1), 1), -EBUSY);
	KT_ASSERT_EQ(page_reserve(&pool, PA(62), 3), -ERANGE);
	KT_ASSERT_EQ(page_reserve(&pool, PA(64), 1), -ERANGE);
	KT_ASSERT_EQ(page_reserve(&pool, POOL_BASE - PAGE_SIZE, 1), -ERANGE);
	KT_ASSERT_EQ(page_reserve(&pool, PA(10) + 4, 1), -ERANGE);
	KT_ASSERT_EQ(page_reserve(&pool, PA(10), 0), -EINVAL);
	page_stats(&pool, &st);
	KT_ASSERT_EQ(st.used, 6);
	KT_ASSERT_EQ(st.runs, 2);
	KT_ASSERT_EQ(st.largest_free, 30);

	/* Allocation goes around reserved pages. */
	KT_ASSERT_EQ(page_alloc(&pool, 28, 1), PA(2));
	KT_ASSERT_EQ(page_alloc(&pool, 4, 1), PA(34));
	/* A reserved range is a run: freed whole, not in part. */
	KT_ASSERT_EQ(page_free(&pool, PA(30), 2), -EINVAL);
	KT_ASSERT_EQ(page_free(&pool, PA(30), 4), 0);
	KT_ASSERT_EQ(page_alloc(&pool, 4, 1), PA(30));
}

/* A pool at bus address 0 never hands out page 0 (0 is page_alloc's failure value). */
KTEST(page, base_zero_keeps_page0)
{
	struct page_stats st;

	pool_setup(0, 8);
	page_stats(&pool, &st);
	KT_ASSERT_EQ(st.free, 7);
	KT_ASSERT_EQ(st.used, 1);
	KT_ASSERT_EQ(st.runs, 0);
	KT_ASSERT_EQ(page_reserve(&pool, 0, 1), -EBUSY);
	KT_ASSERT_EQ(page_free(&pool, 0, 1), -EINVAL);
	for (size_t i = 1; i < 8; i++)
		KT_ASSERT_EQ(page_alloc(&pool, 1, 1), i * PAGE_SIZE);
	KT_ASSERT_EQ(page_alloc(&pool, 1, 1), 0);
	for (size_t i = 1; i < 8; i++)
		KT_ASSERT_EQ(page_free(&pool, i * PAGE_SIZE, 1), 0);
	page_stats(&pool, &st);
	KT_ASSERT_EQ(st.free, 7);
	KT_ASSERT_EQ(st.largest_free, 7);
}

KTEST(page, alignment)
{
	paddr_t pa;

	/* POOL_BASE is page 3 of a 16 KiB block: alignment is of the bus address. */
	pool_setup(POOL_BASE, 64);
	KT_ASSERT_EQ(page_alloc(&pool, 1, 1), PA(0));
	pa = page_alloc(&pool, 2, 4);
	KT_ASSERT_EQ(pa, PA(1));
	KT_ASSERT(mem_is_aligned(pa, 4 * PAGE_SIZE));
	pa = page_alloc(&pool, 1, 16);
	KT_ASSERT(mem_is_aligned(pa, 16 * PAGE_SIZE));
	KT_ASSERT_EQ(pa, PA(13));
	pa = page_alloc(&pool, 3, 8);
	KT_ASSERT(mem_is_aligned(pa, 8 * PAGE_SIZE));
	KT_ASSERT_EQ(pa, PA(5));
	/* Holes left by alignment are still used by unaligned requests. */
	KT_ASSERT_EQ(page_alloc(&pool, 2, 1), PA(3));
	KT_ASSERT_EQ(page_alloc(&pool, 5, 1), PA(8));
	/* No 32-page aligned start leaves room for 40 pages in this pool. */
	KT_ASSERT_EQ(page_alloc(&pool, 40, 32), 0);
	KT_ASSERT_EQ(page_alloc(&pool, 1, 3), 0);
	KT_ASSERT_EQ(page_alloc(&pool, 1, 0), 0);
	KT_ASSERT_EQ(pool.failed_allocs, 3);
}

KTEST(page, exhaustion)
{
	struct page_stats st;

	/* 40 pages: the last bitmap word is partly outside the pool. */
	pool_setup(POOL_BASE, 40);
	for (size_t i = 0; i < 40; i++)
		KT_ASSERT_EQ(page_alloc(&pool, 1, 1), PA(i));
	KT_ASSERT_EQ(page_alloc(&pool, 1, 1), 0);
	page_stats(&pool, &st);
	KT_ASSERT_EQ(st.failed_allocs, 1);
	KT_ASSERT_EQ(st.free, 0);
	KT_ASSERT_EQ(st.largest_free, 0);
	KT_ASSERT_EQ(page_alloc(&pool, 0, 1), 0);
	KT_ASSERT_EQ(page_alloc(&pool, 41, 1), 0);

	KT_ASSERT_EQ(page_free(&pool, PA(20), 1), 0);
	KT_ASSERT_EQ(page_free(&pool, PA(39), 1), 0);
	KT_ASSERT_EQ(page_alloc(&pool, 2, 1), 0);
	KT_ASSERT_EQ(page_alloc(&pool, 1, 1), PA(20));
	KT_ASSERT_EQ(page_alloc(&pool, 1, 1), PA(39));
	page_stats(&pool, &st);
	KT_ASSERT_EQ(st.failed_allocs, 4);
	KT_ASSERT_EQ(st.runs, 40);
}

KTEST(page, bad_frees)
{
	struct page_stats st;

	pool_setup(POOL_BASE, 64);
	KT_ASSERT_EQ(page_alloc(&pool, 4, 1), PA(0));  /* A */
	KT_ASSERT_EQ(page_alloc(&pool, 2, 1), PA(4));  /* B */
	KT_ASSERT_EQ(page_alloc(&pool, 3, 1), PA(6));  /* C */
	KT_ASSERT_EQ(page_alloc(&pool, 2, 1), PA(9));  /* D, freed below */
	KT_ASSERT_EQ(page_alloc(&pool, 2, 1), PA(11)); /* E */
	KT_ASSERT_EQ(page_free(&pool, PA(9), 2), 0);

	struct {
		paddr_t pa;
		size_t n;
		int err;
	} bad[] = {
		{PA(9), 2, -EINVAL},		     /* double free */
		{PA(0), 3, -EINVAL},		     /* too short */
		{PA(0), 5, -EINVAL},		     /* too long, into run B */
		{PA(0), 6, -EINVAL},		     /* A and B together */
		{PA(6), 4, -EINVAL},		     /* too long, into freed D */
		{PA(1), 1, -EINVAL},		     /* middle of A */
		{PA(1), 3, -EINVAL},		     /* tail of A */
		{PA(0), 0, -EINVAL},		     /* empty */
		{PA(0) + 0x800, 4, -ERANGE},	     /* misaligned */
		{POOL_BASE - PAGE_SIZE, 1, -ERANGE}, /* below the pool */
		{PA(64), 1, -ERANGE},		     /* above the pool */
		{PA(63), 2, -ERANGE},		     /* runs off the end */
		{0, 1, -ERANGE},		     /* NULL */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		page_stats(&pool, &st);
		KT_ASSERT_EQ(page_free(&pool, bad[i].pa, bad[i].n), bad[i].err);
		expect_one_rejection(&st);
	}
	KT_ASSERT_EQ(page_free(&pool, PA(0), 4), 0);
	KT_ASSERT_EQ(page_free(&pool, PA(4), 2), 0);
	KT_ASSERT_EQ(page_free(&pool, PA(6), 3), 0);
	KT_ASSERT_EQ(page_free(&pool, PA(11), 2), 0);
	page_stats(&pool, &st);
	KT_ASSERT_EQ(st.free, 64);
	KT_ASSERT_EQ(st.runs, 0);
}

KTEST(page, largest_run)
{
	struct page_stats st;

	pool_setup(POOL_BASE, 100);
	KT_ASSERT_EQ(page_reserve(&pool, PA(10), 1), 0);
	KT_ASSERT_EQ(page_reserve(&pool, PA(90), 1), 0);
	page_stats(&pool, &st);
	KT_ASSERT_EQ(st.largest_free, 79); /* 11..89, across two word boundaries */
	KT_ASSERT_EQ(page_reserve(&pool, PA(50), 1), 0);
	page_stats(&pool, &st);
	KT_ASSERT_EQ(st.largest_free, 39); /* 11..49 */
	KT_ASSERT_EQ(page_reserve(&pool, PA(11), 39), 0);
	page_stats(&pool, &st);
	KT_ASSERT_EQ(st.largest_free, 39); /* 51..89 */
	KT_ASSERT_EQ(page_reserve(&pool, PA(51), 39), 0);
	page_stats(&pool, &st);
	KT_ASSERT_EQ(st.largest_free, 10); /* 0..9 */
	KT_ASSERT_EQ(page_reserve(&pool, PA(0), 10), 0);
	page_stats(&pool, &st);
	KT_ASSERT_EQ(st.largest_free, 9); /* 91..99, the partial last word */
}

/* ---- randomised run against a shadow model ---------------------------------- */

struct shadow_run {
	size_t first, n;
};

static uint8_t shadow_used[POOL_PAGES];
static struct shadow_run shadow_runs[POOL_PAGES];
static size_t shadow_nruns;

/* xorshift32: next value of the deterministic sequence in *@s (never 0). */
static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* First-fit answer of the model: index of the run's first page, or POOL_PAGES. */
static size_t shadow_first_fit(size_t n, size_t align)
{
	size_t base_pfn = POOL_BASE >> PAGE_SHIFT;

	for (size_t i = 0; i + n <= POOL_PAGES; i++) {
		size_t k = 0;

		if ((base_pfn + i) % align)
			continue;
		while (k < n && !shadow_used[i + k])
			k++;
		if (k == n)
			return i;
	}
	return POOL_PAGES;
}

/* Compare the pool's statistics with the model's. */
static void shadow_compare(uint32_t failed, uint32_t rejected)
{
	struct page_stats st;
	size_t nfree = 0, run = 0, largest = 0;

	for (size_t i = 0; i < POOL_PAGES; i++) {
		run = shadow_used[i] ? 0 : run + 1;
		nfree += !shadow_used[i];
		if (run > largest)
			largest = run;
	}
	page_stats(&pool, &st);
	KT_ASSERT_EQ(st.free, nfree);
	KT_ASSERT_EQ(st.used, POOL_PAGES - nfree);
	KT_ASSERT_EQ(st.largest_free, largest);
	KT_ASSERT_EQ(st.runs, shadow_nruns);
	KT_ASSERT_EQ(st.failed_allocs, failed);
	KT_ASSERT_EQ(st.rejected_frees, rejected);
}

KTEST(page, random_vs_shadow)
{
	unsigned int seed = 0x9a6e5eedu;
	uint32_t s = seed, failed = 0, rejected = 0;

	printf("seed %u\n", seed);
	pool_setup(POOL_BASE, POOL_PAGES);
	memset(shadow_used, 0, sizeof(shadow_used));
	shadow_nruns = 0;
	for (int step = 0; step < 5000; step++) {
		uint32_t r = rnd(&s);

		if (shadow_nruns == 0 || r % 8 < 4) {
			size_t n = r % 64 < 56 ? 1 + rnd(&s) % 8 : 1 + rnd(&s) % 48;
			size_t align = (size_t)1 << (rnd(&s) % 5);
			size_t want = shadow_first_fit(n, align);
			paddr_t pa = page_alloc(&pool, n, align);

			if (want == POOL_PAGES) {
				KT_ASSERT_EQ(pa, 0);
				failed++;
			} else {
				KT_ASSERT_EQ(pa, PA(want));
				memset(&shadow_used[want], 1, n);
				shadow_runs[shadow_nruns++] = (struct shadow_run){want, n};
			}
		} else {
			size_t k = rnd(&s) % shadow_nruns;
			struct shadow_run run = shadow_runs[k];

			if (r % 8 == 4) {
				/* Wrong length or a page inside: rejected, nothing changes. */
				size_t n = run.n + 1 + rnd(&s) % 2;
				int err = page_free(&pool, PA(run.first), n);

				KT_ASSERT(err == -EINVAL ||
					  (err == -ERANGE && run.first + n > POOL_PAGES));
				if (run.n > 1)
					KT_ASSERT_EQ(page_free(&pool, PA(run.first + 1), run.n - 1),
						     -EINVAL);
				rejected += run.n > 1 ? 2 : 1;
			} else {
				KT_ASSERT_EQ(page_free(&pool, PA(run.first), run.n), 0);
				memset(&shadow_used[run.first], 0, run.n);
				shadow_runs[k] = shadow_runs[--shadow_nruns];
				if (r % 8 == 5) {
					KT_ASSERT_EQ(page_free(&pool, PA(run.first), run.n),
						     -EINVAL);
					rejected++;
				}
			}
		}
		shadow_compare(failed, rejected);
	}
}
