/* SPDX-License-Identifier: MIT */
/*
 * The short-descriptor table builder against a fake physical arena: entry
 * encodings bit by bit (ARM DDI 0406C B3.5.1), sections vs pages, splits,
 * overlap and out-of-memory behaviour, L2 page sharing and release.
 */
#include <string.h>

#include "arch/arm/mm/pagetable.h"
#include "arch/arm/mm/pte.h"
#include "kernel/errno.h"
#include "test/harness/ktest.h"

#define ARENA_PAGES 16
#define ARENA_PA    0x80000000u

static struct {
	uint32_t mem[ARENA_PAGES][PAGE_SIZE / 4];
	bool used[ARENA_PAGES];
	int allocs, frees, inval, fail_after; /* fail_after < 0: never fail */
} arena;

static uint32_t l1_table[1024]; /* a 1 GiB TTBR0-style table */

static uint32_t *fake_alloc(void *ctx, paddr_t *pa)
{
	(void)ctx;
	if (arena.fail_after == 0)
		return NULL;
	if (arena.fail_after > 0)
		arena.fail_after--;
	for (int i = 0; i < ARENA_PAGES; i++) {
		if (!arena.used[i]) {
			arena.used[i] = true;
			memset(arena.mem[i], 0, PAGE_SIZE);
			*pa = ARENA_PA + (paddr_t)i * PAGE_SIZE;
			arena.allocs++;
			return arena.mem[i];
		}
	}
	return NULL;
}

static void fake_free(void *ctx, uint32_t *page, paddr_t pa)
{
	unsigned int i = (unsigned int)((pa - ARENA_PA) / PAGE_SIZE);

	(void)ctx;
	KT_ASSERT(page == arena.mem[i]);
	KT_ASSERT(arena.used[i]);
	arena.used[i] = false;
	arena.frees++;
}

static uint32_t *fake_va(void *ctx, paddr_t pa)
{
	(void)ctx;
	return &arena.mem[(pa - ARENA_PA) / PAGE_SIZE][(pa % PAGE_SIZE) / 4];
}

static void fake_written(void *ctx, uint32_t *e, size_t n)
{
	(void)ctx;
	(void)e;
	(void)n;
}

static void fake_inval(void *ctx, vaddr_t va)
{
	(void)ctx;
	(void)va;
	arena.inval++;
}

static const struct pt_ops fake_ops = {fake_alloc, fake_free, fake_va, fake_written, fake_inval};

static struct pagetable fresh(void)
{
	memset(&arena, 0, sizeof(arena));
	arena.fail_after = -1;
	memset(l1_table, 0, sizeof(l1_table));
	return (struct pagetable){.l1 = l1_table, .l1_entries = 1024, .ops = &fake_ops};
}

KTEST(pagetable, entry_encodings)
{
	/* User RW normal memory, not global: AP=011, TEX=001 C=1 B=1, S, nG, XN, PXN. */
	KT_ASSERT_EQ(pte_l1_section(0x40100000, MEM_RW | MEM_USER, false),
		     0x40100000u | (1u << 17) | (1u << 16) | (1u << 12) | (3u << 10) | (1u << 4) |
			     (1u << 3) | (1u << 2) | 2u | 1u);
	/* Kernel text: AP[2]=1 AP=01 (PL1 read-only), executable, global. */
	KT_ASSERT_EQ(pte_l2_page(0x40001000, MEM_RX, true), 0x40001000u | (1u << 10) | (1u << 9) |
								    (1u << 6) | (1u << 4) |
								    (1u << 3) | (1u << 2) | 2u);
	/* Device: TEX=000 C=0 B=1, XN, not shareable-normal. */
	KT_ASSERT_EQ(pte_l2_page(0x09000000, MEM_RW | MEM_DEVICE, true),
		     0x09000000u | (1u << 4) | (1u << 2) | 2u | 1u);
	KT_ASSERT_EQ(pte_l1_table(0x80000c00, true), 0x80000c00u | 4u | 1u);
	KT_ASSERT_EQ(pte_l2_page_attr(pte_l2_page(0x1000, MEM_R | MEM_USER | MEM_UNCACHED, false)),
		     MEM_R | MEM_USER | MEM_UNCACHED);
	KT_ASSERT_EQ(pte_l1_section_attr(pte_l1_section(0, MEM_RW | MEM_DEVICE, true)),
		     MEM_RW | MEM_DEVICE);
}

KTEST(pagetable, rejects_bad_arguments)
{
	struct pagetable pt = fresh();

	KT_ASSERT_EQ(pt_map(&pt, 0x1000, 0x40001000, 0, MEM_RW), -EINVAL);
	KT_ASSERT_EQ(pt_map(&pt, 0x1001, 0x40001000, PAGE_SIZE, MEM_RW), -EINVAL);
	KT_ASSERT_EQ(pt_map(&pt, 0x1000, 0x40001800, PAGE_SIZE, MEM_RW), -EINVAL);
	KT_ASSERT_EQ(pt_map(&pt, 0x1000, 0x40001000, 100, MEM_RW), -EINVAL);
	KT_ASSERT_EQ(pt_map(&pt, 0x3ffff000, 0x40001000, 2 * PAGE_SIZE, MEM_RW), -EINVAL);
	KT_ASSERT_EQ(pt_map(&pt, 0x1000, 0xfffff000, 2 * PAGE_SIZE, MEM_RW), -EINVAL);
	KT_ASSERT_EQ(pt_map(&pt, 0x1000, 0x40001000, PAGE_SIZE, MEM_RW | MEM_X), -EINVAL);
	KT_ASSERT_EQ(pt_map(&pt, 0x1000, 0x40001000, PAGE_SIZE, MEM_R | MEM_X | MEM_DEVICE),
		     -EINVAL);
	KT_ASSERT_EQ(pt_map(&pt, 0x1000, 0x40001000, PAGE_SIZE, MEM_W), -EINVAL);
	KT_ASSERT_EQ(pt_map(&pt, 0x1000, 0x40001000, PAGE_SIZE, 1u << 20), -EINVAL);
	KT_ASSERT_EQ(pt.pages_mapped, 0);
	KT_ASSERT_EQ(arena.allocs, 0);
}

KTEST(pagetable, pages_share_one_l2_page)
{
	struct pagetable pt = fresh();
	paddr_t pa;
	uint32_t attr;

	/* Four consecutive MiB use the four 1 KiB tables of one page. */
	for (uint32_t mb = 0; mb < 4; mb++)
		KT_ASSERT_EQ(pt_map(&pt, 0x10000000 + mb * L1_SIZE + 0x3000,
				    0x40000000 + mb * 0x1000, PAGE_SIZE, MEM_RW | MEM_USER),
			     0);
	KT_ASSERT_EQ(arena.allocs, 1);
	KT_ASSERT_EQ(pt.l2_pages, 1);
	KT_ASSERT_EQ(pt_lookup(&pt, 0x10203abc, &pa, &attr), 0);
	KT_ASSERT_EQ(pa, 0x40002abc);
	KT_ASSERT_EQ(attr, MEM_RW | MEM_USER);
	KT_ASSERT_EQ(pt_lookup(&pt, 0x10204000, &pa, &attr), -ENOENT);
	/* User tables carry PXN; the fifth MiB needs a second page. */
	KT_ASSERT_EQ(l1_table[0x100] & L1_TABLE_PXN, L1_TABLE_PXN);
	KT_ASSERT_EQ(pt_map(&pt, 0x10400000, 0x40000000, PAGE_SIZE, MEM_R | MEM_USER), 0);
	KT_ASSERT_EQ(arena.allocs, 2);
	pt_release(&pt);
	KT_ASSERT_EQ(arena.frees, 2);
	KT_ASSERT_EQ(pt.l2_pages, 0);
}

KTEST(pagetable, sections_when_aligned)
{
	struct pagetable pt = fresh();
	paddr_t pa;
	uint32_t attr;

	/* 0.5 MiB of pages, then two sections, then pages again. */
	KT_ASSERT_EQ(pt_map(&pt, 0x10080000, 0x40080000, 0x300000, MEM_R | MEM_USER), 0);
	KT_ASSERT_EQ(l1_table[0x100] & L1_TYPE_MASK, L1_TYPE_TABLE);
	KT_ASSERT_EQ(l1_table[0x101] & L1_TYPE_SECTION, L1_TYPE_SECTION);
	KT_ASSERT_EQ(l1_table[0x102] & L1_TYPE_SECTION, L1_TYPE_SECTION);
	KT_ASSERT_EQ(l1_table[0x103] & L1_TYPE_MASK, L1_TYPE_TABLE);
	KT_ASSERT_EQ(pt.pages_mapped, 0x300);
	KT_ASSERT_EQ(pt_lookup(&pt, 0x10180004, &pa, &attr), 0);
	KT_ASSERT_EQ(pa, 0x40180004);
	KT_ASSERT_EQ(attr, MEM_R | MEM_USER);
	/* Misaligned physical address: pages only. */
	KT_ASSERT_EQ(pt_map(&pt, 0x10400000, 0x40401000, L1_SIZE, MEM_R), 0);
	KT_ASSERT_EQ(l1_table[0x104] & L1_TYPE_MASK, L1_TYPE_TABLE);
}

KTEST(pagetable, overlap_is_refused_unchanged)
{
	struct pagetable pt = fresh();

	KT_ASSERT_EQ(pt_map(&pt, 0x10005000, 0x40005000, PAGE_SIZE, MEM_RW), 0);
	KT_ASSERT_EQ(pt_map(&pt, 0x10000000, 0x40000000, 0x10000, MEM_RW), -EEXIST);
	KT_ASSERT_EQ(pt_map(&pt, 0x10000000, 0x40000000, L1_SIZE, MEM_RW), -EEXIST);
	KT_ASSERT_EQ(pt.pages_mapped, 1);
	KT_ASSERT_EQ(pt_map(&pt, 0x20000000, 0x40000000, L1_SIZE, MEM_RW), 0);
	KT_ASSERT_EQ(pt_map(&pt, 0x200ff000, 0x40000000, PAGE_SIZE, MEM_RW), -EEXIST);
}

KTEST(pagetable, unmap_splits_a_section)
{
	struct pagetable pt = fresh();
	paddr_t pa;
	uint32_t attr;

	KT_ASSERT_EQ(pt_map(&pt, 0x20000000, 0x40000000, L1_SIZE, MEM_RW | MEM_USER), 0);
	KT_ASSERT_EQ(arena.allocs, 0);
	KT_ASSERT_EQ(pt_unmap(&pt, 0x20010000, PAGE_SIZE), 0);
	KT_ASSERT_EQ(arena.allocs, 1);
	KT_ASSERT_EQ(pt.pages_mapped, 255);
	KT_ASSERT_EQ(pt_lookup(&pt, 0x20010000, &pa, &attr), -ENOENT);
	KT_ASSERT_EQ(pt_lookup(&pt, 0x2000f000, &pa, &attr), 0);
	KT_ASSERT_EQ(pa, 0x4000f000);
	KT_ASSERT_EQ(attr, MEM_RW | MEM_USER);
	KT_ASSERT_EQ(pt_lookup(&pt, 0x20011000, &pa, &attr), 0);
	KT_ASSERT_EQ(pa, 0x40011000);
	/* Unmapping what is not (fully) mapped changes nothing. */
	KT_ASSERT_EQ(pt_unmap(&pt, 0x2000f000, 3 * PAGE_SIZE), -EINVAL);
	KT_ASSERT_EQ(pt.pages_mapped, 255);
	KT_ASSERT_EQ(pt_unmap(&pt, 0x20000000, 0x10000), 0);
	KT_ASSERT_EQ(pt.pages_mapped, 239);
	KT_ASSERT_GT(arena.inval, 0);
}

KTEST(pagetable, protect_changes_attributes)
{
	struct pagetable pt = fresh();
	paddr_t pa;
	uint32_t attr;

	KT_ASSERT_EQ(pt_map(&pt, 0x20000000, 0x40000000, 2 * L1_SIZE, MEM_RW), 0);
	KT_ASSERT_EQ(pt_protect(&pt, 0x20100000, L1_SIZE, MEM_R | MEM_USER), 0);
	KT_ASSERT_EQ(l1_table[0x201] & L1_TYPE_SECTION,
		     L1_TYPE_SECTION); /* whole: stays a section */
	KT_ASSERT_EQ(pt_protect(&pt, 0x20002000, PAGE_SIZE, MEM_RX | MEM_USER), 0);
	KT_ASSERT_EQ(pt_lookup(&pt, 0x20002000, &pa, &attr), 0);
	KT_ASSERT_EQ(attr, MEM_RX | MEM_USER);
	KT_ASSERT_EQ(pt_lookup(&pt, 0x20003000, &pa, &attr), 0);
	KT_ASSERT_EQ(attr, MEM_RW);
	KT_ASSERT_EQ(pt_lookup(&pt, 0x20100000, &pa, &attr), 0);
	KT_ASSERT_EQ(attr, MEM_R | MEM_USER);
	KT_ASSERT_EQ(pt_protect(&pt, 0x20000000, PAGE_SIZE, MEM_RW | MEM_X), -EINVAL);
	KT_ASSERT_EQ(pt_protect(&pt, 0x30000000, PAGE_SIZE, MEM_R), -EINVAL);
}

/*
 * PXN lives in the first-level entry of a table (a whole MiB): cleared only
 * while the MiB holds privileged code (MEM_X without MEM_USER), set again
 * when the last of it goes.
 */
KTEST(pagetable, pxn_follows_privileged_code)
{
	struct pagetable pt = fresh();

	KT_ASSERT_EQ(pt_map(&pt, 0x10100000, 0x40100000, PAGE_SIZE, MEM_RX | MEM_USER), 0);
	KT_ASSERT_EQ(l1_table[0x101] & L1_TABLE_PXN, L1_TABLE_PXN);
	KT_ASSERT_EQ(pt_map(&pt, 0x10102000, 0x40102000, 2 * PAGE_SIZE, MEM_RX), 0);
	KT_ASSERT_EQ(l1_table[0x101] & L1_TABLE_PXN, 0);
	KT_ASSERT_EQ(pt_unmap(&pt, 0x10102000, PAGE_SIZE), 0);
	KT_ASSERT_EQ(l1_table[0x101] & L1_TABLE_PXN, 0); /* one privileged page left */
	KT_ASSERT_EQ(pt_protect(&pt, 0x10103000, PAGE_SIZE, MEM_RX | MEM_USER), 0);
	KT_ASSERT_EQ(l1_table[0x101] & L1_TABLE_PXN, L1_TABLE_PXN);
	KT_ASSERT_EQ(pt_protect(&pt, 0x10100000, PAGE_SIZE, MEM_RX), 0);
	KT_ASSERT_EQ(l1_table[0x101] & L1_TABLE_PXN, 0);
	KT_ASSERT_EQ(pt_unmap(&pt, 0x10100000, PAGE_SIZE), 0);
	KT_ASSERT_EQ(l1_table[0x101] & L1_TABLE_PXN, L1_TABLE_PXN);
	/* A privileged section has no PXN, and keeps it off when split. */
	KT_ASSERT_EQ(pt_map(&pt, 0x10200000, 0x40200000, L1_SIZE, MEM_RX), 0);
	KT_ASSERT_EQ(l1_table[0x102] & (L1_TYPE_SECTION | L1_SECT_PXN), L1_TYPE_SECTION);
	KT_ASSERT_EQ(pt_unmap(&pt, 0x10200000, PAGE_SIZE), 0);
	KT_ASSERT_EQ(l1_table[0x102] & (L1_TYPE_MASK | L1_TABLE_PXN), L1_TYPE_TABLE);
	KT_ASSERT_EQ(pt_map(&pt, 0x10300000, 0x40300000, L1_SIZE, MEM_RX | MEM_USER), 0);
	KT_ASSERT_EQ(l1_table[0x103] & L1_SECT_PXN, L1_SECT_PXN);
}

KTEST(pagetable, out_of_memory_leaves_nothing_mapped)
{
	struct pagetable pt = fresh();
	paddr_t pa;
	uint32_t attr;

	/* 8 MiB of pages needs 2 L2 pages; only one is available. */
	arena.fail_after = 1;
	KT_ASSERT_EQ(pt_map(&pt, 0x10001000, 0x40001000, 8 * L1_SIZE - 0x2000, MEM_RW), -ENOMEM);
	KT_ASSERT_EQ(pt.pages_mapped, 0);
	KT_ASSERT_EQ(pt_lookup(&pt, 0x10001000, &pa, &attr), -ENOENT);
	/* A split that cannot get memory keeps the section. */
	arena.fail_after = -1;
	KT_ASSERT_EQ(pt_map(&pt, 0x20000000, 0x40000000, L1_SIZE, MEM_RW), 0);
	arena.fail_after = 0;
	KT_ASSERT_EQ(pt_unmap(&pt, 0x20000000, PAGE_SIZE), -ENOMEM);
	KT_ASSERT_EQ(pt_lookup(&pt, 0x20000000, &pa, &attr), 0);
	KT_ASSERT_EQ(l1_table[0x200] & L1_TYPE_SECTION, L1_TYPE_SECTION);
}
