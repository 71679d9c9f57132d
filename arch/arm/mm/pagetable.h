/* SPDX-License-Identifier: MIT */
/*
 * Building and editing ARMv7 short-descriptor translation tables. Pure: the
 * hardware side (TTBRs, TLB and cache maintenance, where table memory comes
 * from) is reached through struct pt_ops, so the same code runs in the
 * kernel and in host unit tests.
 *
 * Four 1 KiB L2 tables share one 4 KiB page: the tables of the four
 * first-level entries 4k..4k+3, so L2 memory is whole pages from the page
 * allocator and is freed by pt_release().
 */
#ifndef ARCH_ARM_MM_PAGETABLE_H
#define ARCH_ARM_MM_PAGETABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/mem.h"

struct pt_ops {
	/* A zeroed page for L2 tables: kernel pointer, its physical address in *pa; NULL if none. */
	uint32_t *(*alloc_page)(void *ctx, paddr_t *pa);
	void (*free_page)(void *ctx, uint32_t *page, paddr_t pa);
	/* Kernel pointer to the table memory at physical @pa. */
	uint32_t *(*table_va)(void *ctx, paddr_t pa);
	/* @n entries at @entry were written: make them visible to the table walker. */
	void (*written)(void *ctx, uint32_t *entry, size_t n);
	/* The translation of @va changed or went away: drop it from the TLB. */
	void (*tlb_inval)(void *ctx, vaddr_t va);
};

struct pagetable {
	uint32_t *l1;	     /* first-level table */
	uint32_t l1_entries; /* 4096, or fewer for a TTBR0 table when TTBCR.N > 0 */
	bool global;	     /* kernel table: global entries; else nG (ASID-tagged) and PXN */
	const struct pt_ops *ops;
	void *ctx;
	uint32_t pages_mapped; /* 4 KiB units currently mapped */
	uint32_t l2_pages;     /* pages holding L2 tables */
	bool priv_exec; /* a user table that ever mapped privileged code (MEM_X, no MEM_USER) */
};

/*
 * Map [@va, @va + @size) to @pa with MEM_* @attr, using 1 MiB sections where
 * va, pa and the remaining size allow. All of it must be unmapped before.
 * Returns 0, -EINVAL (alignment, wrap, outside the table, bad attributes
 * such as W+X), -EEXIST (something already mapped there; nothing changed) or
 * -ENOMEM (no page for an L2 table; nothing left mapped).
 */
int pt_map(struct pagetable *pt, vaddr_t va, paddr_t pa, size_t size, uint32_t attr);

/* Unmap [@va, @va + @size), splitting sections it cuts; 0, -EINVAL (not all mapped), -ENOMEM. */
int pt_unmap(struct pagetable *pt, vaddr_t va, size_t size);

/* Change the attributes of mapped [@va, @va + @size); 0, -EINVAL, -ENOMEM. */
int pt_protect(struct pagetable *pt, vaddr_t va, size_t size, uint32_t attr);

/* Translate @va: 0 with *@pa and *@attr, or -ENOENT. */
int pt_lookup(const struct pagetable *pt, vaddr_t va, paddr_t *pa, uint32_t *attr);

/* Free every L2 page (the tables' mappings are gone afterwards). */
void pt_release(struct pagetable *pt);

/* 0 if @attr is a valid MEM_* combination for a mapping, else -EINVAL. */
int pt_check_attr(uint32_t attr);

#endif /* ARCH_ARM_MM_PAGETABLE_H */
