/* SPDX-License-Identifier: MIT */
/* Pools of granules with their state in kernel memory (audio/mod_pool.h). */
#include <string.h>

#include "audio/mod_pool.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/mm.h"

int mod_pool_init(struct mod_pool *p, paddr_t base, size_t size)
{
	memset(p, 0, sizeof(*p));
	p->base = base;
	p->n = (uint32_t)(size / MOD_POOL_GRANULE);
	p->map = kzalloc((p->n + 31) / 32 * sizeof(uint32_t));
	return p->map ? 0 : -ENOMEM;
}

static uint32_t granules(size_t bytes)
{
	return (uint32_t)((bytes + MOD_POOL_GRANULE - 1) / MOD_POOL_GRANULE);
}

/* Mark @count granules from @g taken (@taken) or free. Interrupts masked. */
static void mark(struct mod_pool *p, uint32_t g, uint32_t count, bool taken)
{
	for (uint32_t i = g; i < g + count; i++) {
		if (taken)
			p->map[i / 32] |= 1u << (i % 32);
		else
			p->map[i / 32] &= ~(1u << (i % 32));
	}
	p->used = taken ? p->used + count : p->used - count;
}

/*
 * First fit: the first run of @count (1..n) free granules that starts at a
 * multiple of @step; its first granule, or p->n if there is none.
 * Interrupts masked; words wholly taken are skipped.
 */
static uint32_t find(const struct mod_pool *p, uint32_t count, uint32_t step)
{
	uint32_t g = 0, k;

	while (g + count <= p->n) {
		if (p->map[g / 32] == ~0u) {
			g = (g / 32 * 32 + 32 + step - 1) / step * step;
			continue;
		}
		for (k = 0; k < count && !(p->map[(g + k) / 32] >> ((g + k) % 32) & 1); k++)
			;
		if (k == count)
			return g;
		g = (g + k + step) / step * step; /* past the taken granule g + k */
	}
	return p->n;
}

void *mod_pool_alloc(struct mod_pool *p, size_t size)
{
	uint32_t count = granules(size), g;
	unsigned long key;

	if (!count || count > p->n)
		return NULL;
	key = arch_irq_lock();
	g = find(p, count, 1);
	if (g < p->n)
		mark(p, g, count, true);
	arch_irq_unlock(key);
	return g < p->n ? (void *)(p->base + g * MOD_POOL_GRANULE) : NULL;
}

void mod_pool_free(struct mod_pool *p, void *ptr, size_t size)
{
	unsigned long key;

	if (!ptr)
		return;
	key = arch_irq_lock();
	mark(p, (uint32_t)(((uintptr_t)ptr - p->base) / MOD_POOL_GRANULE), granules(size), false);
	arch_irq_unlock(key);
}

/* Block @i of @bt back to @p. Interrupts masked. */
static void block_drop(struct mod_pool *p, struct mod_pool_blocks *bt, unsigned int i)
{
	mark(p, bt->blk[i].first, bt->blk[i].count, false);
	p->blocks--;
	p->block_granules -= bt->blk[i].count;
	bt->blk[i].count = 0;
}

int mod_pool_block_alloc(struct mod_pool *p, struct mod_pool_blocks *bt, uint32_t size,
			 uint32_t align, void **out)
{
	uint32_t step = align > MOD_POOL_GRANULE ? align / MOD_POOL_GRANULE : 1, count, g = p->n;
	unsigned long key;
	unsigned int i;

	if ((size_t)size > (size_t)p->n * MOD_POOL_GRANULE)
		return -ENOMEM;
	count = granules(size);
	key = arch_irq_lock();
	for (i = 0; i < MOD_POOL_BLOCKS && bt->blk[i].count; i++)
		;
	if (i < MOD_POOL_BLOCKS)
		g = find(p, count, step);
	if (g < p->n) {
		mark(p, g, count, true);
		bt->blk[i].first = g;
		bt->blk[i].count = count;
		p->blocks++;
		p->block_granules += count;
	}
	arch_irq_unlock(key);
	if (i == MOD_POOL_BLOCKS)
		return -ENOSPC;
	if (g == p->n)
		return -ENOMEM;
	*out = (void *)(p->base + g * MOD_POOL_GRANULE);
	memset(*out, 0, count * MOD_POOL_GRANULE); /* nothing of a former owner */
	return 0;
}

int mod_pool_block_free(struct mod_pool *p, struct mod_pool_blocks *bt, uintptr_t off)
{
	uint32_t g = (uint32_t)(off / MOD_POOL_GRANULE);
	unsigned long key;
	int rc = -EINVAL;

	if (off % MOD_POOL_GRANULE || off / MOD_POOL_GRANULE >= p->n)
		return -EINVAL;
	key = arch_irq_lock();
	for (unsigned int i = 0; i < MOD_POOL_BLOCKS && rc; i++) {
		if (bt->blk[i].count && bt->blk[i].first == g) {
			block_drop(p, bt, i);
			rc = 0;
		}
	}
	arch_irq_unlock(key);
	return rc;
}

void mod_pool_blocks_release(struct mod_pool *p, struct mod_pool_blocks *bt)
{
	unsigned long key = arch_irq_lock();

	for (unsigned int i = 0; i < MOD_POOL_BLOCKS; i++)
		if (bt->blk[i].count)
			block_drop(p, bt, i);
	arch_irq_unlock(key);
}
