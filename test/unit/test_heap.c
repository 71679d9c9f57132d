/* SPDX-License-Identifier: MIT */
/* TLSF heap: runs on the host (ASan, 64-bit) and on target (32-bit). */
#include <stdio.h>

#include "kernel/errno.h"
#include "kernel/heap.h"
#include "test/harness/ktest.h"

#define BIG_SIZE   (256u * 1024u)
#define SMALL_SIZE (16u * 1024u)

static uint8_t big_mem[BIG_SIZE] __attribute__((aligned(HEAP_ALIGN)));
static uint8_t small_mem[SMALL_SIZE] __attribute__((aligned(HEAP_ALIGN)));
static uint8_t other_mem[4096] __attribute__((aligned(HEAP_ALIGN)));
static struct heap heap, other;

/* Heap @h over @size bytes at @mem; its stats in *@st0 for later comparison. */
static void heap_setup(struct heap *h, void *mem, size_t size, struct heap_stats *st0)
{
	/* Headers left by earlier tests would still carry valid tags (see heap_init()). */
	memset(mem, 0xa5, size);
	KT_ASSERT_EQ(heap_init(h, "test", mem, size), 0);
	KT_ASSERT_EQ(heap_check(h), 0);
	heap_stats(h, st0);
	KT_ASSERT_EQ(st0->capacity, size);
	KT_ASSERT_EQ(st0->used, 0);
	KT_ASSERT_EQ(st0->allocs, 0);
	KT_ASSERT_EQ(st0->largest_free, st0->free);
	KT_ASSERT_LT(st0->free, size);
}

/* True if [@p, @p + @n) lies inside [@mem, @mem + @size). */
static bool inside(const void *p, size_t n, const void *mem, size_t size)
{
	uintptr_t a = (uintptr_t)p, m = (uintptr_t)mem;

	return a >= m && a - m <= size && n <= size - (a - m);
}

/* All but the history counters are back to the state right after heap_setup(). */
static void expect_pristine(const struct heap *h, const struct heap_stats *st0)
{
	struct heap_stats st;

	KT_ASSERT_EQ(heap_check(h), 0);
	heap_stats(h, &st);
	KT_ASSERT_EQ(st.used, 0);
	KT_ASSERT_EQ(st.allocs, 0);
	KT_ASSERT_EQ(st.free, st0->free);
	KT_ASSERT_EQ(st.largest_free, st0->largest_free);
}

KTEST(heap, init_rejects_bad_args)
{
	struct heap_stats st;

	KT_ASSERT_EQ(heap_init(&heap, "t", NULL, 4096), -EINVAL);
	KT_ASSERT_EQ(heap_init(&heap, "t", small_mem + 4, 4096), -EINVAL);
	KT_ASSERT_EQ(heap_init(&heap, "t", small_mem, 8), -EINVAL);
	KT_ASSERT_EQ(heap_init(&heap, "t", small_mem, 0), -EINVAL);
	KT_ASSERT_EQ(heap_init(&heap, "t", small_mem, HEAP_MAX_SIZE + 8), -EINVAL);
	KT_ASSERT_EQ(heap_init(&heap, "t", small_mem, 4004), 0);
	heap_stats(&heap, &st);
	KT_ASSERT_EQ(st.capacity, 4000);
	heap_setup(&heap, small_mem, 4096, &st);
	KT_ASSERT_EQ(st.failed_allocs, 0);
	KT_ASSERT_EQ(st.rejected_frees, 0);
}

KTEST(heap, alloc_free_coalesce)
{
	struct heap_stats st0, st;
	uint8_t *p[4];
	static const size_t sz[4] = {100, 200, 300, 50};

	heap_setup(&heap, small_mem, SMALL_SIZE, &st0);
	for (int i = 0; i < 4; i++) {
		p[i] = heap_alloc(&heap, sz[i]);
		KT_ASSERT(p[i]);
		KT_ASSERT_EQ((uintptr_t)p[i] % HEAP_ALIGN, 0);
		KT_ASSERT(inside(p[i], sz[i], small_mem, SMALL_SIZE));
		memset(p[i], 0xa0 + i, sz[i]);
	}
	for (int i = 1; i < 4; i++)
		KT_ASSERT_GE((uintptr_t)p[i], (uintptr_t)p[i - 1] + sz[i - 1]);
	heap_stats(&heap, &st);
	KT_ASSERT_EQ(st.used, 650);
	KT_ASSERT_EQ(st.allocs, 4);
	KT_ASSERT_EQ(st.high_water, 650);
	KT_ASSERT_LE(st.free, st0.free - 650);
	KT_ASSERT_EQ(heap_check(&heap), 0);

	/* Middle alone, then merges below, above, and on both sides at once. */
	KT_ASSERT_EQ(heap_free(&heap, p[1]), 0);
	KT_ASSERT_EQ(heap_check(&heap), 0);
	KT_ASSERT_EQ(heap_free(&heap, p[2]), 0);
	KT_ASSERT_EQ(heap_check(&heap), 0);
	KT_ASSERT_EQ(heap_free(&heap, p[0]), 0);
	KT_ASSERT_EQ(heap_check(&heap), 0);
	heap_stats(&heap, &st);
	KT_ASSERT_EQ(st.used, 50);
	KT_ASSERT_EQ(st.allocs, 1);
	for (int i = 0; i < 50; i++)
		KT_ASSERT_EQ(p[3][i], 0xa3);
	KT_ASSERT_EQ(heap_free(&heap, p[3]), 0);
	expect_pristine(&heap, &st0);
	heap_stats(&heap, &st);
	KT_ASSERT_EQ(st.high_water, 650);
	KT_ASSERT_EQ(st.failed_allocs, 0);
	KT_ASSERT_EQ(st.rejected_frees, 0);
	KT_ASSERT_EQ(heap_free(&heap, NULL), 0);
	KT_ASSERT_EQ(heap.rejected_frees, 0);
}

KTEST(heap, calloc_zeroes)
{
	struct heap_stats st0;
	uint8_t *p;

	heap_setup(&heap, small_mem, SMALL_SIZE, &st0);
	p = heap_alloc(&heap, 1000);
	KT_ASSERT(p);
	memset(p, 0xff, 1000);
	KT_ASSERT_EQ(heap_free(&heap, p), 0);
	p = heap_calloc(&heap, 10, 100);
	KT_ASSERT(p);
	for (int i = 0; i < 1000; i++)
		KT_ASSERT_EQ(p[i], 0);
	KT_ASSERT(!heap_calloc(&heap, SIZE_MAX / 2, 4));
	KT_ASSERT_EQ(heap.failed_allocs, 1);
	KT_ASSERT_EQ(heap_free(&heap, p), 0);
	expect_pristine(&heap, &st0);
}

KTEST(heap, aligned)
{
	struct heap_stats st0;
	uint8_t *small, *pg[4], *q, *r;

	heap_setup(&heap, big_mem + HEAP_ALIGN, BIG_SIZE - HEAP_ALIGN, &st0);
	small = heap_alloc(&heap, 24);
	KT_ASSERT(small);
	/* Page-aligned audio buffers, size rounded to the page: never share a page. */
	for (int i = 0; i < 4; i++) {
		pg[i] = heap_alloc_aligned(&heap, 4096, 4096);
		KT_ASSERT(pg[i]);
		KT_ASSERT_EQ((uintptr_t)pg[i] % 4096, 0);
		memset(pg[i], i, 4096);
		for (int j = 0; j < i; j++)
			KT_ASSERT_NE((uintptr_t)pg[i] / 4096, (uintptr_t)pg[j] / 4096);
	}
	q = heap_alloc_aligned(&heap, 65536, 65536);
	KT_ASSERT(q);
	KT_ASSERT_EQ((uintptr_t)q % 65536, 0);
	KT_ASSERT(inside(q, 65536, big_mem, BIG_SIZE));
	memset(q, 0x55, 65536);
	r = heap_alloc_aligned(&heap, 100, 64);
	KT_ASSERT(r);
	KT_ASSERT_EQ((uintptr_t)r % 64, 0);
	KT_ASSERT_EQ(heap_check(&heap), 0);
	/* Alignments below HEAP_ALIGN still give HEAP_ALIGN. */
	for (size_t a = 1; a <= HEAP_ALIGN; a <<= 1) {
		uint8_t *x = heap_alloc_aligned(&heap, 3, a);

		KT_ASSERT(x);
		KT_ASSERT_EQ((uintptr_t)x % HEAP_ALIGN, 0);
		KT_ASSERT_EQ(heap_free(&heap, x), 0);
	}
	KT_ASSERT(!heap_alloc_aligned(&heap, 16, 0));
	KT_ASSERT(!heap_alloc_aligned(&heap, 16, 24));
	KT_ASSERT(!heap_alloc_aligned(&heap, 16, HEAP_MAX_ALIGN * 2));
	KT_ASSERT_EQ(heap.failed_allocs, 3);
	for (int i = 0; i < 4; i++) {
		for (int k = 0; k < 4096; k++)
			KT_ASSERT_EQ(pg[i][k], i);
		KT_ASSERT_EQ(heap_free(&heap, pg[i]), 0);
		KT_ASSERT_EQ(heap_check(&heap), 0);
	}
	for (int k = 0; k < 65536; k++)
		KT_ASSERT_EQ(q[k], 0x55);
	KT_ASSERT_EQ(heap_free(&heap, q), 0);
	KT_ASSERT_EQ(heap_free(&heap, r), 0);
	KT_ASSERT_EQ(heap_free(&heap, small), 0);
	expect_pristine(&heap, &st0);
}

/* Fill the heap until NULL: counted, within capacity, and largest_free is exact. */
KTEST(heap, exhaustion_and_capacity)
{
	static uint8_t *p[SMALL_SIZE / 16];
	struct heap_stats st0, st;
	size_t n = 0, sum = 0, size;
	uint32_t s = 7;

	heap_setup(&heap, small_mem, SMALL_SIZE, &st0);
	KT_ASSERT(!heap_alloc(&heap, 0));
	KT_ASSERT(!heap_alloc(&heap, SIZE_MAX));
	KT_ASSERT(!heap_alloc(&heap, SMALL_SIZE));
	KT_ASSERT_EQ(heap.failed_allocs, 3);
	for (;;) {
		s = s * 1103515245u + 12345u;
		size = 1 + (s >> 16) % 300;
		p[n] = heap_alloc(&heap, size);
		if (!p[n])
			break;
		KT_ASSERT(inside(p[n], size, small_mem, SMALL_SIZE));
		sum += size;
		KT_ASSERT_LE(sum, SMALL_SIZE);
		n++;
	}
	heap_stats(&heap, &st);
	KT_ASSERT_EQ(st.failed_allocs, 4);
	KT_ASSERT_EQ(st.used, sum);
	KT_ASSERT_EQ(st.allocs, n);
	KT_ASSERT_LT(st.largest_free, size);
	KT_ASSERT_GT(n, 40);
	KT_ASSERT_EQ(heap_check(&heap), 0);

	/* Free every other block; largest_free is exactly what one alloc can get. */
	for (size_t i = 0; i < n; i += 2)
		KT_ASSERT_EQ(heap_free(&heap, p[i]), 0);
	heap_stats(&heap, &st);
	KT_ASSERT(!heap_alloc(&heap, st.largest_free + 1));
	p[0] = heap_alloc(&heap, st.largest_free);
	KT_ASSERT(p[0]);
	KT_ASSERT_EQ(heap.failed_allocs, 5);
	KT_ASSERT_EQ(heap_check(&heap), 0);
	for (size_t i = 0; i < n; i++) {
		if (i % 2 == 0 && i)
			continue;
		KT_ASSERT_EQ(heap_free(&heap, p[i]), 0);
	}
	expect_pristine(&heap, &st0);
}

KTEST(heap, bad_frees)
{
	struct heap_stats st0, st;
	uint8_t *a, *b, *c, *x, *merged;
	uint64_t local;

	heap_setup(&heap, small_mem, SMALL_SIZE, &st0);
	heap_setup(&other, other_mem, sizeof(other_mem), &st);
	a = heap_alloc(&heap, 64);
	b = heap_alloc(&heap, 64);
	c = heap_alloc(&heap, 64);
	x = heap_alloc(&other, 64);
	KT_ASSERT(a && b && c && x);
	KT_ASSERT_EQ(heap_free(&heap, b), 0);

	uint8_t *bad[] = {
		b,			    /* double free */
		a + 8,			    /* inside a block */
		a + 1,			    /* misaligned, inside a block */
		c + 64,			    /* just past the last allocation */
		small_mem,		    /* the first header itself */
		small_mem + SMALL_SIZE,	    /* one past the end */
		small_mem + SMALL_SIZE - 8, /* last bytes of the heap (free block) */
		(uint8_t *)&local,	    /* the stack */
		other_mem + 64,		    /* another heap's memory */
		x,			    /* another heap's live block */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		heap_stats(&heap, &st0);
		KT_ASSERT_EQ(heap_free(&heap, bad[i]), -EINVAL);
		KT_ASSERT_EQ(heap_check(&heap), 0);
		heap_stats(&heap, &st);
		st0.rejected_frees++;
		KT_ASSERT(!memcmp(&st, &st0, sizeof(st)));
	}
	KT_ASSERT_EQ(heap_free(&other, a), -EINVAL);
	KT_ASSERT_EQ(heap_check(&other), 0);

	/* Once merged away, a block's header is gone: a second free still fails. */
	KT_ASSERT_EQ(heap_free(&heap, a), 0);
	KT_ASSERT_EQ(heap_free(&heap, a), -EINVAL);
	KT_ASSERT_EQ(heap_free(&heap, b), -EINVAL);
	/* A stale pointer into a block now covering it is still rejected. */
	merged = heap_alloc(&heap, 128);
	KT_ASSERT(merged == a);
	memset(merged, 0x33, 128);
	KT_ASSERT_EQ(heap_free(&heap, b), -EINVAL);
	KT_ASSERT_EQ(heap_check(&heap), 0);
	KT_ASSERT_EQ(heap_free(&heap, merged), 0);
	KT_ASSERT_EQ(heap_free(&heap, c), 0);
	KT_ASSERT_EQ(heap_free(&other, x), 0);
	KT_ASSERT_EQ(heap_check(&other), 0);
	heap_stats(&heap, &st);
	KT_ASSERT_EQ(st.rejected_frees, 13);
	KT_ASSERT_EQ(st.allocs, 0);
}

/*
 * Each bit of the header between two blocks (@a's payload ends where @b's
 * header starts) is flipped in turn: heap_check() and the frees that touch
 * it must notice, and the heap must be intact once the bit is restored.
 */
KTEST(heap, corruption_detected)
{
	struct heap_stats st0;
	uint8_t *a, *b, *c, *hdr, saved[64];
	size_t hdr_len;

	heap_setup(&heap, small_mem, SMALL_SIZE, &st0);
	a = heap_alloc(&heap, 40);
	b = heap_alloc(&heap, 40);
	c = heap_alloc(&heap, 40);
	KT_ASSERT(a && b && c);
	hdr = a + 40;
	hdr_len = (size_t)(b - hdr);
	KT_ASSERT(hdr_len >= 8 && hdr_len <= sizeof(saved));
	for (size_t bit = 0; bit < hdr_len * 8; bit++) {
		hdr[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		KT_ASSERT_EQ(heap_check(&heap), -EFAULT);
		KT_ASSERT_NE(heap_free(&heap, b), 0);
		KT_ASSERT_EQ(heap_free(&heap, a), -EFAULT);
		KT_ASSERT_EQ(heap_free(&heap, c), -EFAULT);
		hdr[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		KT_ASSERT_EQ(heap_check(&heap), 0);
	}

	/* An overrun of a's buffer over b's size field (the header's first word). */
	memcpy(saved, hdr, hdr_len);
	memset(a, 0, 40 + sizeof(size_t));
	KT_ASSERT_EQ(heap_check(&heap), -EFAULT);
	memcpy(hdr, saved, hdr_len);
	KT_ASSERT_EQ(heap_check(&heap), 0);

	/* A free block's list link (kept in its payload). */
	KT_ASSERT_EQ(heap_free(&heap, b), 0);
	memcpy(saved, b, sizeof(void *));
	memset(b, 0x5a, sizeof(void *));
	KT_ASSERT_EQ(heap_check(&heap), -EFAULT);
	memcpy(b, saved, sizeof(void *));
	KT_ASSERT_EQ(heap_check(&heap), 0);

	/* The heap's own counters. */
	heap.used++;
	KT_ASSERT_EQ(heap_check(&heap), -EFAULT);
	heap.used--;
	heap.nlive--;
	KT_ASSERT_EQ(heap_check(&heap), -EFAULT);
	heap.nlive++;
	KT_ASSERT_EQ(heap_check(&heap), 0);

	KT_ASSERT_EQ(heap_free(&heap, a), 0);
	KT_ASSERT_EQ(heap_free(&heap, c), 0);
	expect_pristine(&heap, &st0);
}

KTEST(heap, reset)
{
	struct heap_stats st0, st;
	void *p[8];

	heap_setup(&heap, small_mem, SMALL_SIZE, &st0);
	for (int i = 0; i < 8; i++) {
		p[i] = i % 2 ? heap_alloc(&heap, 100u * (size_t)(i + 1))
			     : heap_alloc_aligned(&heap, 256, 256);
		KT_ASSERT(p[i]);
	}
	KT_ASSERT_EQ(heap_free(&heap, p[3]), 0);
	heap_reset(&heap);
	expect_pristine(&heap, &st0);
	heap_stats(&heap, &st);
	KT_ASSERT_EQ(st.high_water, 4 * 256 + 200 + 400 + 600 + 800);
	/* Pointers from before the reset are dead, even where their header bytes survive. */
	for (int i = 0; i < 8; i++)
		KT_ASSERT_EQ(heap_free(&heap, p[i]), -EINVAL);
	KT_ASSERT_EQ(heap_check(&heap), 0);
	KT_ASSERT(heap_alloc(&heap, 100));
	KT_ASSERT_EQ(heap_check(&heap), 0);
}

/* ---- randomised run against a shadow model ---------------------------------- */

#define LIVE_MAX 128

struct live {
	uint8_t *p;
	size_t size;
	uint8_t pat;
};

static struct live live[LIVE_MAX];

/* xorshift32: next value of the deterministic sequence in *@s (never 0). */
static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Free live[@k] after checking its pattern is intact (no other block overlapped it). */
static void live_free(size_t k, size_t *nlive, size_t *used)
{
	for (size_t i = 0; i < live[k].size; i++)
		KT_ASSERT_EQ(live[k].p[i], (uint8_t)(live[k].pat + i));
	KT_ASSERT_EQ(heap_free(&heap, live[k].p), 0);
	*used -= live[k].size;
	live[k] = live[--*nlive];
}

KTEST(heap, random_vs_shadow)
{
	unsigned int seed = 0x4ea95eedu;
	uint32_t s = seed, failed = 0;
	size_t nlive = 0, used = 0, high = 0;
	struct heap_stats st0, st;

	printf("seed %u\n", seed);
	heap_setup(&heap, big_mem, 64 * 1024, &st0);
	for (int step = 0; step < 5000; step++) {
		uint32_t r = rnd(&s);

		if (nlive < LIVE_MAX && (nlive == 0 || r % 16 < 9)) {
			size_t size = r % 16 < 7 ? 1 + rnd(&s) % 256 : 1 + rnd(&s) % 4096;
			size_t align = r % 16 == 8 ? (size_t)16 << (rnd(&s) % 9) : HEAP_ALIGN;
			uint8_t *p;

			heap_stats(&heap, &st);
			p = heap_alloc_aligned(&heap, size, align);
			if (!p) {
				/* Unaligned requests fail only when nothing large enough is free. */
				if (align == HEAP_ALIGN)
					KT_ASSERT_GT(size, st.largest_free);
				failed++;
			} else {
				if (align == HEAP_ALIGN)
					KT_ASSERT_LE(size, st.largest_free);
				KT_ASSERT_EQ((uintptr_t)p % align, 0);
				KT_ASSERT(inside(p, size, big_mem, 64 * 1024));
				live[nlive] = (struct live){p, size, (uint8_t)rnd(&s)};
				for (size_t i = 0; i < size; i++)
					p[i] = (uint8_t)(live[nlive].pat + i);
				nlive++;
				used += size;
				if (used > high)
					high = used;
			}
		} else {
			live_free(rnd(&s) % nlive, &nlive, &used);
		}
		KT_ASSERT_EQ(heap_check(&heap), 0);
		heap_stats(&heap, &st);
		KT_ASSERT_EQ(st.used, used);
		KT_ASSERT_LE(st.used, st.capacity);
		KT_ASSERT_EQ(st.allocs, nlive);
		KT_ASSERT_EQ(st.high_water, high);
		KT_ASSERT_EQ(st.failed_allocs, failed);
		KT_ASSERT_EQ(st.rejected_frees, 0);
	}
	KT_ASSERT_GT(failed, 0);
	while (nlive)
		live_free(nlive - 1, &nlive, &used);
	expect_pristine(&heap, &st0);
}
