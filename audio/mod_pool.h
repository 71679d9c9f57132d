/* SPDX-License-Identifier: MIT */
/*
 * Pools: the allocator of the memory module images share with the kernel
 * (audio/module_image.c: a type's private heap, a domain's heap). That
 * memory is mapped RW into module domains, so the allocator keeps nothing
 * inside it: kernel/heap.c keeps block headers and free lists in the
 * memory it manages, which a module could forge to have the kernel write
 * where it likes at the next allocation or free. A pool is a bitmap of
 * MOD_POOL_GRANULE-byte granules in kernel memory (taken once, at
 * mod_pool_init()), first fit.
 *
 * Two kinds of allocation share a pool: the kernel's own (mod_pool_alloc(),
 * whose callers remember the size), and the blocks a module asks for, kept
 * per instance in a struct mod_pool_blocks (at most MOD_POOL_BLOCKS live),
 * which mod_pool_blocks_release() gives back all at once (the instance is
 * deleted or restarted). Every change runs with interrupts masked: the
 * instances of a type allocate from the LL thread, DP threads and the IPC
 * thread alike.
 */
#ifndef AUDIO_MOD_POOL_H
#define AUDIO_MOD_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/mem.h"

#define MOD_POOL_GRANULE 32u
#define MOD_POOL_BLOCKS	 32 /* live module blocks per instance */

struct mod_pool {
	uintptr_t base;		 /* kernel address of granule 0 (page aligned) */
	uint32_t n;		 /* granules */
	uint32_t used;		 /* granules taken, both kinds */
	uint32_t blocks;	 /* live module blocks, all instances */
	uint32_t block_granules; /* granules in them */
	uint32_t *map;		 /* bit g set: granule g taken */
};

/* An instance's module blocks. Zeroed: none. */
struct mod_pool_blocks {
	struct {
		uint32_t first, count; /* granules; count 0: a free slot */
	} blk[MOD_POOL_BLOCKS];
};

/* Manage [@base, @base + @size) (@base page aligned). 0 or -ENOMEM (the bitmap). */
int mod_pool_init(struct mod_pool *p, paddr_t base, size_t size);

/* The kernel's own: @size bytes, MOD_POOL_GRANULE aligned, not cleared; or NULL. */
void *mod_pool_alloc(struct mod_pool *p, size_t size);

/* Give back @ptr of @size bytes from mod_pool_alloc(); NULL is a no-op. */
void mod_pool_free(struct mod_pool *p, void *ptr, size_t size);

/*
 * A module block of @size (>= 1) zeroed bytes at a multiple of @align (a
 * power of two up to a page) into *@out, kept in @bt. 0, -ENOMEM (no run
 * of free granules that fits), -ENOSPC (@bt is full).
 */
int mod_pool_block_alloc(struct mod_pool *p, struct mod_pool_blocks *bt, uint32_t size,
			 uint32_t align, void **out);

/*
 * Give back the block of @bt that starts @off bytes into the pool (any
 * value). 0, or -EINVAL: not the start of a live block of @bt.
 */
int mod_pool_block_free(struct mod_pool *p, struct mod_pool_blocks *bt, uintptr_t off);

/* Give back every block of @bt. */
void mod_pool_blocks_release(struct mod_pool *p, struct mod_pool_blocks *bt);

#endif /* AUDIO_MOD_POOL_H */
