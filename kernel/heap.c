/* SPDX-License-Identifier: MIT */
/*
 * TLSF-style heap. Memory is a chain of blocks, each a struct heap_blk
 * header followed by its payload; a header records its own size and the
 * size of the block below, so both neighbours are found in O(1). Free
 * blocks keep their list links in the payload and never touch each other
 * (they are merged as soon as one is freed).
 *
 * Size classes (after Masmano et al., "TLSF: a New Dynamic Memory
 * Allocator for Real-Time Systems", ECRTS 2004): below 1 << HEAP_FL_SHIFT
 * bytes one class per HEAP_ALIGN step; above, first level = floor(log2),
 * second level = the next HEAP_SL_LOG2 bits.
 *
 * Every header carries a tag, a hash of the heap's address and generation,
 * the block's address, fields and state (used or free). heap_free() acts
 * only on a header whose tag says "used by this heap now" and whose
 * neighbours' tags and sizes agree with it; merged-away headers are wiped.
 */
#include <stdbool.h>
#include <string.h>

#include "kernel/errno.h"
#include "kernel/heap.h"
#include "kernel/mem.h"

struct heap_blk {
	size_t size;	  /* whole block, header included; a HEAP_ALIGN multiple */
	size_t prev_size; /* size of the block just below; 0 for the first block */
	size_t req;	  /* bytes the caller asked for; 0 while free */
	uintptr_t tag;	  /* blk_tag() of all the above in its state */
};

/* Kept in the payload of a free block. */
struct heap_links {
	struct heap_blk *next;
	struct heap_blk *prev;
};

_Static_assert(sizeof(struct heap_blk) % HEAP_ALIGN == 0, "payload must stay HEAP_ALIGN aligned");

#define HDR	  sizeof(struct heap_blk)
#define MIN_BLOCK ((HDR + sizeof(struct heap_links) + HEAP_ALIGN - 1) & ~(size_t)(HEAP_ALIGN - 1))
#define SMALL	  ((size_t)1 << HEAP_FL_SHIFT)

enum blk_state { BLK_BAD, BLK_USED, BLK_FREE };

#define TAG_USED 0x5a11c0deu
#define TAG_FREE 0xf7eeb10cu
#define TAG_MIX	 0x9e3779b1u /* odd, so each mixing step is a bijection */

/* Index of the highest set bit of @x (> 0). */
static unsigned int msb(size_t x)
{
	return (unsigned int)(sizeof(unsigned long) * 8 - 1) - (unsigned int)__builtin_clzl(x);
}

/*
 * Tag of @b in state @st: any change to one field, to the owner or to the
 * generation changes it, since every step is a bijection of the running value.
 */
static uintptr_t blk_tag(const struct heap *h, const struct heap_blk *b, enum blk_state st)
{
	uintptr_t t = st == BLK_USED ? TAG_USED : TAG_FREE;

	t = (t ^ (uintptr_t)h) * TAG_MIX;
	t = (t ^ h->generation) * TAG_MIX;
	t = (t ^ (uintptr_t)b) * TAG_MIX;
	t = (t ^ b->size) * TAG_MIX;
	t = (t ^ b->prev_size) * TAG_MIX;
	t = (t ^ b->req) * TAG_MIX;
	return t;
}

/* Write @b's tag for state @st after its fields changed. */
static void blk_seal(const struct heap *h, struct heap_blk *b, enum blk_state st)
{
	b->tag = blk_tag(h, b, st);
}

/* State @b's tag vouches for, BLK_BAD if it matches neither. */
static enum blk_state blk_state(const struct heap *h, const struct heap_blk *b)
{
	if (b->tag == blk_tag(h, b, BLK_USED))
		return BLK_USED;
	if (b->tag == blk_tag(h, b, BLK_FREE))
		return BLK_FREE;
	return BLK_BAD;
}

/*
 * State of the header at @b after checking that it lies in the heap and its
 * sizes are plausible (so following them stays inside), else BLK_BAD.
 * Safe on any address: nothing outside [start, end) is read.
 */
static enum blk_state blk_check(const struct heap *h, const struct heap_blk *b)
{
	uintptr_t a = (uintptr_t)b;

	if (a < h->start || a >= h->end || h->end - a < MIN_BLOCK || a % HEAP_ALIGN)
		return BLK_BAD;
	if (b->size < MIN_BLOCK || b->size % HEAP_ALIGN || b->size > h->end - a)
		return BLK_BAD;
	if ((b->prev_size == 0) != (a == h->start) || b->prev_size % HEAP_ALIGN ||
	    b->prev_size > a - h->start)
		return BLK_BAD;
	return blk_state(h, b);
}

/* The list links inside free block @b's payload. */
static struct heap_links *blk_links(struct heap_blk *b)
{
	return (struct heap_links *)(b + 1);
}

/* The block just above @b, or NULL if @b is the last one. */
static struct heap_blk *blk_next(const struct heap *h, const struct heap_blk *b)
{
	uintptr_t a = (uintptr_t)b + b->size;

	return a < h->end ? (struct heap_blk *)a : NULL;
}

/* The block just below @b, or NULL if @b is the first one. */
static struct heap_blk *blk_prev(const struct heap_blk *b)
{
	return b->prev_size ? (struct heap_blk *)((uintptr_t)b - b->prev_size) : NULL;
}

/* Set @b's prev_size, keeping its state (a bad tag stays bad). */
static void blk_set_prev(const struct heap *h, struct heap_blk *b, size_t prev_size)
{
	enum blk_state st = blk_state(h, b);

	b->prev_size = prev_size;
	if (st != BLK_BAD)
		blk_seal(h, b, st);
}

/* Size class (*@fl, *@sl) of a block of @size >= MIN_BLOCK bytes. */
static void blk_class(size_t size, unsigned int *fl, unsigned int *sl)
{
	unsigned int m;

	if (size < SMALL) {
		*fl = 0;
		*sl = (unsigned int)(size / (SMALL / HEAP_SL_COUNT));
		return;
	}
	m = msb(size);
	*fl = m - HEAP_FL_SHIFT + 1;
	*sl = (unsigned int)(size >> (m - HEAP_SL_LOG2)) & (HEAP_SL_COUNT - 1);
}

/* Put free block @b at the head of its class list. */
static void list_insert(struct heap *h, struct heap_blk *b)
{
	struct heap_links *l = blk_links(b);
	unsigned int fl, sl;

	blk_class(b->size, &fl, &sl);
	l->prev = NULL;
	l->next = h->free[fl][sl];
	if (l->next)
		blk_links(l->next)->prev = b;
	h->free[fl][sl] = b;
	h->sl_bitmap[fl] |= 1u << sl;
	h->fl_bitmap |= 1u << fl;
	h->nfree++;
	h->free_bytes += b->size - HDR;
}

/* Take free block @b off its class list (its size must be unchanged since insert). */
static void list_remove(struct heap *h, struct heap_blk *b)
{
	struct heap_links *l = blk_links(b);
	unsigned int fl, sl;

	blk_class(b->size, &fl, &sl);
	if (l->prev)
		blk_links(l->prev)->next = l->next;
	else
		h->free[fl][sl] = l->next;
	if (l->next)
		blk_links(l->next)->prev = l->prev;
	if (!h->free[fl][sl]) {
		h->sl_bitmap[fl] &= ~(1u << sl);
		if (!h->sl_bitmap[fl])
			h->fl_bitmap &= ~(1u << fl);
	}
	h->nfree--;
	h->free_bytes -= b->size - HDR;
}

/*
 * Cut @b (off any list) at offset @at: @b keeps the first @at bytes and the
 * returned block the rest. Caller seals both and lists the free one.
 */
static struct heap_blk *blk_split(struct heap *h, struct heap_blk *b, size_t at)
{
	struct heap_blk *nb = (struct heap_blk *)((uintptr_t)b + at);
	struct heap_blk *next;

	nb->size = b->size - at;
	nb->prev_size = at;
	nb->req = 0;
	b->size = at;
	next = blk_next(h, nb);
	if (next)
		blk_set_prev(h, next, nb->size);
	return nb;
}

/* Absorb @b into @a, the block just below it (both off the lists); wipe @b's header. */
static void blk_merge(struct heap *h, struct heap_blk *a, struct heap_blk *b)
{
	struct heap_blk *next;

	a->size += b->size;
	memset(b, 0, HDR);
	next = blk_next(h, a);
	if (next)
		blk_set_prev(h, next, a->size);
}

/* Bytes to skip at @b's payload so it becomes @align aligned: 0 or >= MIN_BLOCK. */
static size_t blk_gap(const struct heap_blk *b, size_t align)
{
	uintptr_t pay = (uintptr_t)(b + 1);
	uintptr_t p = mem_align_up(pay, align);

	if (p != pay && p - pay < MIN_BLOCK)
		p = mem_align_up(pay + MIN_BLOCK, align);
	return p - pay;
}

/* Head of the first non-empty list of class (@fl, @sl) or above, or NULL. */
static struct heap_blk *heap_search(const struct heap *h, unsigned int fl, unsigned int sl)
{
	uint32_t map;

	if (fl >= HEAP_FL_COUNT)
		return NULL;
	map = h->sl_bitmap[fl] & (~0u << sl);
	if (!map) {
		map = h->fl_bitmap & (~0u << (fl + 1));
		if (!map)
			return NULL;
		fl = (unsigned int)__builtin_ctz(map);
		map = h->sl_bitmap[fl];
	}
	return h->free[fl][__builtin_ctz(map)];
}

/*
 * A free block that holds @need bytes at an @align aligned payload. First
 * the TLSF step: any block of a class above @need + worst-case gap fits.
 * Failing that, walk the lists from @need's class to that bound, which the
 * O(1) step skips (e.g. a request for exactly the largest free block).
 */
static struct heap_blk *heap_find(const struct heap *h, size_t need, size_t align)
{
	size_t pad = align > HEAP_ALIGN ? need + align + MIN_BLOCK : need;
	size_t round = pad < SMALL ? pad : pad + ((size_t)1 << (msb(pad) - HEAP_SL_LOG2)) - 1;
	unsigned int fl, sl, fl_end, sl_end;
	struct heap_blk *b;

	blk_class(round, &fl, &sl);
	b = heap_search(h, fl, sl);
	if (b)
		return b;
	blk_class(need, &fl, &sl);
	blk_class(pad, &fl_end, &sl_end);
	for (; fl <= fl_end && fl < HEAP_FL_COUNT; fl++, sl = 0) {
		for (; sl < HEAP_SL_COUNT && (fl < fl_end || sl <= sl_end); sl++) {
			if (!(h->sl_bitmap[fl] & (1u << sl)))
				continue;
			for (b = h->free[fl][sl]; b; b = blk_links(b)->next) {
				if (blk_gap(b, align) + need <= b->size)
					return b;
			}
		}
	}
	return NULL;
}

/*
 * Turn free block @b into a used block of @need bytes for a request of @req
 * at an @align aligned payload; slack before and after goes back as free
 * blocks. Returns the payload.
 */
static void *heap_take(struct heap *h, struct heap_blk *b, size_t need, size_t req, size_t align)
{
	size_t gap = blk_gap(b, align);
	struct heap_blk *rest;

	list_remove(h, b);
	if (gap) {
		/* b's lower neighbour is used (free blocks never touch): the gap stands alone. */
		rest = blk_split(h, b, gap);
		blk_seal(h, b, BLK_FREE);
		list_insert(h, b);
		b = rest;
	}
	if (b->size - need >= MIN_BLOCK) {
		rest = blk_split(h, b, need);
		blk_seal(h, rest, BLK_FREE);
		list_insert(h, rest);
	}
	b->req = req;
	blk_seal(h, b, BLK_USED);
	h->used += req;
	h->nlive++;
	if (h->used > h->high_water)
		h->high_water = h->used;
	return b + 1;
}

/* Make [start, end) one free block and forget every allocation. */
static void heap_format(struct heap *h)
{
	struct heap_blk *b = (struct heap_blk *)h->start;

	memset(h->free, 0, sizeof(h->free));
	memset(h->sl_bitmap, 0, sizeof(h->sl_bitmap));
	h->fl_bitmap = 0;
	h->used = 0;
	h->free_bytes = 0;
	h->nlive = 0;
	h->nfree = 0;
	b->size = h->end - h->start;
	b->prev_size = 0;
	b->req = 0;
	blk_seal(h, b, BLK_FREE);
	list_insert(h, b);
}

int heap_init(struct heap *h, const char *name, void *mem, size_t size)
{
	uintptr_t start = (uintptr_t)mem;

	size &= ~(size_t)(HEAP_ALIGN - 1);
	if (!mem || start % HEAP_ALIGN || size < MIN_BLOCK || size > HEAP_MAX_SIZE ||
	    size > UINTPTR_MAX - start)
		return -EINVAL;
	h->name = name;
	h->start = start;
	h->end = start + size;
	h->generation = 0;
	h->high_water = 0;
	h->failed_allocs = 0;
	h->rejected_frees = 0;
	heap_format(h);
	return 0;
}

void *heap_alloc_aligned(struct heap *h, size_t size, size_t align)
{
	size_t need;
	struct heap_blk *b;

	if (size == 0 || size > h->end - h->start || align == 0 || align > HEAP_MAX_ALIGN ||
	    (align & (align - 1)))
		goto fail;
	if (align < HEAP_ALIGN)
		align = HEAP_ALIGN;
	need = (size + HDR + HEAP_ALIGN - 1) & ~(size_t)(HEAP_ALIGN - 1);
	if (need < MIN_BLOCK)
		need = MIN_BLOCK;
	b = heap_find(h, need, align);
	if (!b)
		goto fail;
	return heap_take(h, b, need, size, align);
fail:
	h->failed_allocs++;
	return NULL;
}

void *heap_alloc(struct heap *h, size_t size)
{
	return heap_alloc_aligned(h, size, HEAP_ALIGN);
}

void *heap_calloc(struct heap *h, size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size) {
		h->failed_allocs++;
		return NULL;
	}
	p = heap_alloc(h, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

/*
 * Decode step of heap_free(): find the used block whose payload is @p and
 * check its neighbours agree with it. Returns 0, -EINVAL or -EFAULT.
 */
static int heap_lookup(const struct heap *h, void *p, struct heap_blk **bp)
{
	uintptr_t a = (uintptr_t)p;
	struct heap_blk *b, *prev, *next;

	if (a < h->start + HDR || a >= h->end || a % HEAP_ALIGN)
		return -EINVAL;
	b = (struct heap_blk *)(a - HDR);
	if (blk_check(h, b) != BLK_USED)
		return blk_state(h, b) == BLK_USED ? -EFAULT : -EINVAL;
	prev = blk_prev(b);
	if (prev && (blk_check(h, prev) == BLK_BAD || prev->size != b->prev_size))
		return -EFAULT;
	next = blk_next(h, b);
	if (next && (blk_check(h, next) == BLK_BAD || next->prev_size != b->size))
		return -EFAULT;
	*bp = b;
	return 0;
}

int heap_free(struct heap *h, void *p)
{
	struct heap_blk *b, *prev, *next;
	int err;

	if (!p)
		return 0;
	err = heap_lookup(h, p, &b);
	if (err) {
		h->rejected_frees++;
		return err;
	}
	h->used -= b->req;
	h->nlive--;
	b->req = 0;
	next = blk_next(h, b);
	if (next && blk_state(h, next) == BLK_FREE) {
		list_remove(h, next);
		blk_merge(h, b, next);
	}
	prev = blk_prev(b);
	if (prev && blk_state(h, prev) == BLK_FREE) {
		list_remove(h, prev);
		blk_merge(h, prev, b);
		b = prev;
	}
	blk_seal(h, b, BLK_FREE);
	list_insert(h, b);
	return 0;
}

void heap_stats(const struct heap *h, struct heap_stats *st)
{
	size_t largest = 0;

	if (h->fl_bitmap) {
		unsigned int fl = msb(h->fl_bitmap);
		struct heap_blk *b = h->free[fl][msb(h->sl_bitmap[fl])];

		for (; b; b = blk_links(b)->next) {
			if (b->size - HDR > largest)
				largest = b->size - HDR;
		}
	}
	st->capacity = h->end - h->start;
	st->used = h->used;
	st->free = h->free_bytes;
	st->largest_free = largest;
	st->allocs = h->nlive;
	st->high_water = h->high_water;
	st->failed_allocs = h->failed_allocs;
	st->rejected_frees = h->rejected_frees;
}

/*
 * heap_check() part 1: every list holds valid free blocks of its class,
 * back links agree, bitmaps match emptiness. Counts listed blocks in *@n.
 */
static int check_lists(const struct heap *h, size_t *n)
{
	*n = 0;
	if (h->fl_bitmap >> HEAP_FL_COUNT)
		return -EFAULT;
	for (unsigned int fl = 0; fl < HEAP_FL_COUNT; fl++) {
		if (h->sl_bitmap[fl] >> HEAP_SL_COUNT ||
		    !((h->fl_bitmap >> fl) & 1) != !h->sl_bitmap[fl])
			return -EFAULT;
		for (unsigned int sl = 0; sl < HEAP_SL_COUNT; sl++) {
			struct heap_blk *b, *prev = NULL;

			if (!((h->sl_bitmap[fl] >> sl) & 1) != !h->free[fl][sl])
				return -EFAULT;
			for (b = h->free[fl][sl]; b; prev = b, b = blk_links(b)->next) {
				unsigned int bfl, bsl;

				/* Bound the walk: a cycle would otherwise never end. */
				if (++*n > h->nfree || blk_check(h, b) != BLK_FREE)
					return -EFAULT;
				blk_class(b->size, &bfl, &bsl);
				if (bfl != fl || bsl != sl || blk_links(b)->prev != prev)
					return -EFAULT;
			}
		}
	}
	return 0;
}

/* True if free block @b is on its class list (lists already checked). */
static bool list_has(const struct heap *h, struct heap_blk *b)
{
	unsigned int fl, sl;
	struct heap_blk *it;

	blk_class(b->size, &fl, &sl);
	for (it = h->free[fl][sl]; it; it = blk_links(it)->next) {
		if (it == b)
			return true;
	}
	return false;
}

int heap_check(const struct heap *h)
{
	size_t listed, prev_size = 0, used = 0, nlive = 0, nfree = 0, free_bytes = 0;
	enum blk_state prev_st = BLK_USED;
	uintptr_t a;

	if (check_lists(h, &listed))
		return -EFAULT;
	for (a = h->start; a < h->end; a += ((struct heap_blk *)a)->size) {
		struct heap_blk *b = (struct heap_blk *)a;
		enum blk_state st = blk_check(h, b);

		if (st == BLK_BAD || b->prev_size != prev_size)
			return -EFAULT;
		if (st == BLK_FREE) {
			if (prev_st == BLK_FREE || b->req || !list_has(h, b))
				return -EFAULT;
			nfree++;
			free_bytes += b->size - HDR;
		} else {
			if (b->req == 0 || b->req > b->size - HDR)
				return -EFAULT;
			nlive++;
			used += b->req;
		}
		prev_st = st;
		prev_size = b->size;
	}
	if (listed != nfree || nfree != h->nfree || free_bytes != h->free_bytes ||
	    nlive != h->nlive || used != h->used || used > h->high_water)
		return -EFAULT;
	return 0;
}

void heap_reset(struct heap *h)
{
	h->generation++;
	heap_format(h);
}
