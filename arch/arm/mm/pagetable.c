/* SPDX-License-Identifier: MIT */
#include "arch/arm/mm/pagetable.h"
#include "arch/arm/mm/pte.h"
#include "kernel/errno.h"

#define L1_INDEX(va)  ((uint32_t)(va) >> L1_SHIFT)
#define L2_INDEX(va)  (((uint32_t)(va) >> PAGE_SHIFT) & (L2_ENTRIES - 1))
#define SECT_BASE(va) ((uint32_t)(va)&L1_SECT_ADDR_MASK)

/* Fault, table or section: bit 1 set is a section, whatever bit 0 (its PXN) says. */
static uint32_t l1_type(uint32_t e)
{
	return (e & L1_TYPE_SECTION) ? L1_TYPE_SECTION : (e & L1_TYPE_MASK);
}

int pt_check_attr(uint32_t attr)
{
	if (attr & ~MEM_ALL || !(attr & MEM_R))
		return -EINVAL;
	if ((attr & (MEM_W | MEM_X)) == (MEM_W | MEM_X)) /* W^X everywhere */
		return -EINVAL;
	if ((attr & MEM_DEVICE) && (attr & (MEM_X | MEM_UNCACHED)))
		return -EINVAL;
	return 0;
}

/* Common argument checks: page aligned, non-empty, no wrap, inside the table. */
static int check_range(const struct pagetable *pt, vaddr_t va, paddr_t pa, size_t size)
{
	uint64_t end = (uint64_t)va + size;

	if (!size || !mem_is_aligned(va, PAGE_SIZE) || !mem_is_aligned(pa, PAGE_SIZE) ||
	    !mem_is_aligned(size, PAGE_SIZE))
		return -EINVAL;
	if (end > ((uint64_t)pt->l1_entries << L1_SHIFT) || (uint64_t)pa + size > (1ull << 32))
		return -EINVAL;
	return 0;
}

static uint32_t *l2_table(const struct pagetable *pt, uint32_t l1e)
{
	return pt->ops->table_va(pt->ctx, l1e & L1_TABLE_ADDR_MASK);
}

/*
 * Memory for the L2 table of first-level index @i, without installing it:
 * the slot in the page its group of four already has, or in a new page.
 * NULL when no page can be had.
 */
static uint32_t *l2_slot(struct pagetable *pt, uint32_t i, paddr_t *l2_pa)
{
	uint32_t group = i & ~(uint32_t)(L2_PER_PAGE - 1);
	paddr_t page_pa = 0;
	bool found = false;

	for (uint32_t k = group; k < group + L2_PER_PAGE && k < pt->l1_entries; k++) {
		if (l1_type(pt->l1[k]) == L1_TYPE_TABLE) {
			page_pa = (pt->l1[k] & L1_TABLE_ADDR_MASK) & ~(paddr_t)(PAGE_SIZE - 1);
			found = true;
			break;
		}
	}
	if (!found) {
		if (!pt->ops->alloc_page(pt->ctx, &page_pa))
			return NULL;
		pt->l2_pages++;
	}
	*l2_pa = page_pa + (i - group) * L2_TABLE_BYTES;
	return pt->ops->table_va(pt->ctx, *l2_pa);
}

/* Point first-level entry @i at the L2 table at @l2_pa. */
static void l1_set_table(struct pagetable *pt, uint32_t i, paddr_t l2_pa)
{
	pt->l1[i] = pte_l1_table(l2_pa, !pt->global);
	pt->ops->written(pt->ctx, &pt->l1[i], 1);
}

/*
 * Short-descriptor small pages have no PXN bit of their own: it is the
 * first-level table entry's, for the whole MiB (B3.5.1). A user table sets
 * it, so the kernel never runs user code, except on a MiB that holds
 * privileged code (MEM_X without MEM_USER, what a privileged upcall runs):
 * there each page's AP and XN decide, and the MiB's user code is
 * executable by the kernel too. Set it again when the last privileged
 * page of the MiB goes; only tables that have or get such pages are
 * scanned.
 */
static void l1_update_pxn(struct pagetable *pt, uint32_t i)
{
	uint32_t e = pt->l1[i], *l2;
	bool pxn = true;

	if (pt->global || l1_type(e) != L1_TYPE_TABLE)
		return;
	l2 = l2_table(pt, e);
	for (uint32_t k = 0; k < L2_ENTRIES && pxn; k++)
		pxn = !pte_l2_priv_exec(l2[k]);
	if (pxn == ((e & L1_TABLE_PXN) != 0))
		return;
	pt->l1[i] = pxn ? e | L1_TABLE_PXN : e & ~L1_TABLE_PXN;
	pt->ops->written(pt->ctx, &pt->l1[i], 1);
	for (uint32_t k = 0; k < L2_ENTRIES; k++)
		pt->ops->tlb_inval(pt->ctx, ((vaddr_t)i << L1_SHIFT) + k * PAGE_SIZE);
}

/*
 * After a change to [@va, @end) with @attr (0: an unmap) in a user table
 * that holds or held privileged code: PXN of the tables it touched.
 */
static void update_pxn_range(struct pagetable *pt, vaddr_t va, vaddr_t end, uint32_t attr)
{
	for (uint32_t i = L1_INDEX(va); i <= L1_INDEX(end - 1); i++)
		if (pte_attr_priv_exec(attr) || !(pt->l1[i] & L1_TABLE_PXN))
			l1_update_pxn(pt, i);
}

/* The L2 table of index @i (which is not a section), created if needed; NULL if no memory. */
static uint32_t *l2_get(struct pagetable *pt, uint32_t i)
{
	paddr_t l2_pa;
	uint32_t *l2;

	if (l1_type(pt->l1[i]) == L1_TYPE_TABLE)
		return l2_table(pt, pt->l1[i]);
	l2 = l2_slot(pt, i, &l2_pa);
	if (l2)
		l1_set_table(pt, i, l2_pa);
	return l2;
}

/* True if the 4 KiB page at @va is mapped. */
static bool is_mapped(const struct pagetable *pt, vaddr_t va)
{
	uint32_t e = pt->l1[L1_INDEX(va)];

	if (l1_type(e) == L1_TYPE_SECTION)
		return true;
	if (l1_type(e) == L1_TYPE_TABLE)
		return l2_table(pt, e)[L2_INDEX(va)] & L2_TYPE_SMALL;
	return false;
}

/* Count mapped pages in [va, end), a whole fault entry at a time. */
static size_t count_mapped(const struct pagetable *pt, vaddr_t va, vaddr_t end)
{
	size_t n = 0;

	while (va < end) {
		uint32_t e = pt->l1[L1_INDEX(va)];
		uint64_t next = (uint64_t)SECT_BASE(va) + L1_SIZE;

		if (l1_type(e) == L1_TYPE_FAULT) {
			va = next < end ? (vaddr_t)next : end;
			continue;
		}
		n += is_mapped(pt, va);
		va += PAGE_SIZE;
	}
	return n;
}

/*
 * Turn the section at index @i into an equivalent L2 table; 0 or -ENOMEM.
 * The table is complete before the first-level entry changes, so a live
 * table never has a hole.
 */
static int split_section(struct pagetable *pt, uint32_t i)
{
	uint32_t sect = pt->l1[i];
	paddr_t l2_pa;
	uint32_t *l2 = l2_slot(pt, i, &l2_pa);

	if (!l2)
		return -ENOMEM;
	for (uint32_t k = 0; k < L2_ENTRIES; k++)
		l2[k] = pte_section_to_page(sect, (sect & L1_SECT_ADDR_MASK) + k * PAGE_SIZE);
	pt->ops->written(pt->ctx, l2, L2_ENTRIES);
	l1_set_table(pt, i, l2_pa);
	pt->ops->tlb_inval(pt->ctx, (vaddr_t)i << L1_SHIFT);
	if (pt->priv_exec)
		l1_update_pxn(pt, i);
	return 0;
}

/* Split the sections that [va, end) covers only in part. */
static int split_edges(struct pagetable *pt, vaddr_t va, vaddr_t end)
{
	vaddr_t edges[2] = {va, end - PAGE_SIZE};

	for (int k = 0; k < 2; k++) {
		uint32_t i = L1_INDEX(edges[k]);
		uint64_t base = SECT_BASE(edges[k]);

		if (l1_type(pt->l1[i]) != L1_TYPE_SECTION)
			continue;
		if (base >= va && base + L1_SIZE <= end)
			continue;
		if (split_section(pt, i))
			return -ENOMEM;
	}
	return 0;
}

/* Unmap [va, end), which holds no partly covered section. */
static void clear_range(struct pagetable *pt, vaddr_t va, vaddr_t end)
{
	while (va < end) {
		uint32_t i = L1_INDEX(va);
		uint32_t e = pt->l1[i];

		if (l1_type(e) == L1_TYPE_SECTION) {
			pt->l1[i] = 0;
			pt->ops->written(pt->ctx, &pt->l1[i], 1);
			pt->ops->tlb_inval(pt->ctx, va);
			pt->pages_mapped -= L2_ENTRIES;
			va += L1_SIZE;
		} else if (l1_type(e) == L1_TYPE_TABLE) {
			uint32_t *pte = &l2_table(pt, e)[L2_INDEX(va)];

			if (*pte & L2_TYPE_SMALL) {
				*pte = 0;
				pt->ops->written(pt->ctx, pte, 1);
				pt->ops->tlb_inval(pt->ctx, va);
				pt->pages_mapped--;
			}
			va += PAGE_SIZE;
		} else {
			va = SECT_BASE(va) + L1_SIZE;
		}
	}
}

int pt_map(struct pagetable *pt, vaddr_t va, paddr_t pa, size_t size, uint32_t attr)
{
	vaddr_t start = va, end;
	int rc = check_range(pt, va, pa, size);

	if (rc || (rc = pt_check_attr(attr)))
		return rc;
	end = va + size;
	if (end < va) /* only when the table covers the whole 4 GiB and va + size == 2^32 */
		return -EINVAL;
	if (count_mapped(pt, va, end))
		return -EEXIST;
	while (va < end) {
		uint32_t i = L1_INDEX(va);

		if (mem_is_aligned(va, L1_SIZE) && mem_is_aligned(pa, L1_SIZE) &&
		    end - va >= L1_SIZE && l1_type(pt->l1[i]) == L1_TYPE_FAULT) {
			pt->l1[i] = pte_l1_section(pa, attr, pt->global);
			pt->ops->written(pt->ctx, &pt->l1[i], 1);
			pt->pages_mapped += L2_ENTRIES;
			va += L1_SIZE;
			pa += L1_SIZE;
			continue;
		}
		uint32_t *l2 = l2_get(pt, i);

		if (!l2) {
			clear_range(pt, start, va);
			return -ENOMEM;
		}
		l2[L2_INDEX(va)] = pte_l2_page(pa, attr, pt->global);
		pt->ops->written(pt->ctx, &l2[L2_INDEX(va)], 1);
		pt->pages_mapped++;
		va += PAGE_SIZE;
		pa += PAGE_SIZE;
	}
	if (pte_attr_priv_exec(attr) && !pt->global) {
		pt->priv_exec = true;
		update_pxn_range(pt, start, end, attr);
	}
	return 0;
}

/* Checks shared by unmap and protect: the range is valid and fully mapped. */
static int check_mapped(const struct pagetable *pt, vaddr_t va, size_t size)
{
	int rc = check_range(pt, va, 0, size);

	if (rc)
		return rc;
	if (va + size < va || count_mapped(pt, va, va + size) != size / PAGE_SIZE)
		return -EINVAL;
	return 0;
}

int pt_unmap(struct pagetable *pt, vaddr_t va, size_t size)
{
	int rc = check_mapped(pt, va, size);

	if (rc || (rc = split_edges(pt, va, va + size)))
		return rc;
	clear_range(pt, va, va + size);
	if (pt->priv_exec)
		update_pxn_range(pt, va, va + size, 0);
	return 0;
}

int pt_protect(struct pagetable *pt, vaddr_t va, size_t size, uint32_t attr)
{
	vaddr_t start = va, end = va + size;
	int rc = check_mapped(pt, va, size);

	if (rc || (rc = pt_check_attr(attr)) || (rc = split_edges(pt, va, end)))
		return rc;
	while (va < end) {
		uint32_t i = L1_INDEX(va);
		uint32_t e = pt->l1[i];

		if (l1_type(e) == L1_TYPE_SECTION) {
			pt->l1[i] = pte_l1_section(e & L1_SECT_ADDR_MASK, attr, pt->global);
			pt->ops->written(pt->ctx, &pt->l1[i], 1);
			pt->ops->tlb_inval(pt->ctx, va);
			va += L1_SIZE;
			continue;
		}
		uint32_t *pte = &l2_table(pt, e)[L2_INDEX(va)];

		*pte = pte_l2_page(*pte & L2_ADDR_MASK, attr, pt->global);
		pt->ops->written(pt->ctx, pte, 1);
		pt->ops->tlb_inval(pt->ctx, va);
		va += PAGE_SIZE;
	}
	if (pte_attr_priv_exec(attr) && !pt->global)
		pt->priv_exec = true;
	if (pt->priv_exec)
		update_pxn_range(pt, start, end, attr);
	return 0;
}

int pt_lookup(const struct pagetable *pt, vaddr_t va, paddr_t *pa, uint32_t *attr)
{
	uint32_t i = L1_INDEX(va), e;

	if (i >= pt->l1_entries)
		return -ENOENT;
	e = pt->l1[i];
	if (l1_type(e) == L1_TYPE_SECTION) {
		*pa = (e & L1_SECT_ADDR_MASK) | ((uint32_t)va & (L1_SIZE - 1));
		*attr = pte_l1_section_attr(e);
		return 0;
	}
	if (l1_type(e) == L1_TYPE_TABLE) {
		uint32_t pte = l2_table(pt, e)[L2_INDEX(va)];

		if (pte & L2_TYPE_SMALL) {
			*pa = (pte & L2_ADDR_MASK) | ((uint32_t)va & (PAGE_SIZE - 1));
			*attr = pte_l2_page_attr(pte);
			return 0;
		}
	}
	return -ENOENT;
}

void pt_release(struct pagetable *pt)
{
	for (uint32_t g = 0; g < pt->l1_entries; g += L2_PER_PAGE) {
		for (uint32_t k = g; k < g + L2_PER_PAGE && k < pt->l1_entries; k++) {
			if (l1_type(pt->l1[k]) == L1_TYPE_TABLE) {
				paddr_t page = (pt->l1[k] & L1_TABLE_ADDR_MASK) &
					       ~(paddr_t)(PAGE_SIZE - 1);

				pt->ops->free_page(pt->ctx, l2_table(pt, page), page);
				pt->l2_pages--;
				break;
			}
		}
		for (uint32_t k = g; k < g + L2_PER_PAGE && k < pt->l1_entries; k++)
			pt->l1[k] = 0;
	}
	pt->pages_mapped = 0;
}
