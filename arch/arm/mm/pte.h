/* SPDX-License-Identifier: MIT */
/*
 * ARMv7 short-descriptor translation table entries (ARM DDI 0406C B3.5.1),
 * built by constructor functions from shift/mask constants. Memory types use
 * TEX/C/B with TEX remap off (SCTLR.TRE = 0, table B3-10); access
 * permissions use AP[2:0] with SCTLR.AFE = 0 (table B3-8); every entry is in
 * domain 0, a client domain.
 */
#ifndef ARCH_ARM_MM_PTE_H
#define ARCH_ARM_MM_PTE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/mem.h"

#define L1_SHIFT       20
#define L1_SIZE	       (1u << L1_SHIFT) /* a section: 1 MiB */
#define L2_ENTRIES     256
#define L2_TABLE_BYTES 1024
#define L2_PER_PAGE    (PAGE_SIZE / L2_TABLE_BYTES) /* 4 tables share a page */

/* First-level descriptor (B3.5.1, figure B3-4). */
#define L1_TYPE_MASK	   0x3u
#define L1_TYPE_FAULT	   0x0u
#define L1_TYPE_TABLE	   0x1u
#define L1_TYPE_SECTION	   0x2u
#define L1_TABLE_PXN	   (1u << 2)
#define L1_TABLE_ADDR_MASK 0xfffffc00u
#define L1_SECT_PXN	   (1u << 0)
#define L1_SECT_B	   (1u << 2)
#define L1_SECT_C	   (1u << 3)
#define L1_SECT_XN	   (1u << 4)
#define L1_SECT_AP_SHIFT   10 /* AP[1:0] */
#define L1_SECT_TEX_SHIFT  12
#define L1_SECT_AP2	   (1u << 15)
#define L1_SECT_S	   (1u << 16)
#define L1_SECT_NG	   (1u << 17)
#define L1_SECT_SUPER	   (1u << 18)
#define L1_SECT_ADDR_MASK  0xfff00000u

/* Second-level small page descriptor (B3.5.1, figure B3-5). */
#define L2_TYPE_MASK  0x2u
#define L2_TYPE_SMALL 0x2u
#define L2_XN	      (1u << 0)
#define L2_B	      (1u << 2)
#define L2_C	      (1u << 3)
#define L2_AP_SHIFT   4
#define L2_TEX_SHIFT  6
#define L2_AP2	      (1u << 9)
#define L2_S	      (1u << 10)
#define L2_NG	      (1u << 11)
#define L2_ADDR_MASK  0xfffff000u

/* AP[1:0] values (table B3-8); AP[2] makes the access read-only. */
#define AP_PRIV_ONLY 0x1u /* PL1 access, PL0 none */
#define AP_USER	     0x3u /* PL1 and PL0 access */

/* Memory type: TEX[2:0], C, B (table B3-10). */
struct pte_type {
	uint32_t tex, c, b, s;
};

static inline struct pte_type pte_type_of(uint32_t attr)
{
	if (attr & MEM_DEVICE)
		return (struct pte_type){0, 0, 1, 0}; /* shareable device */
	if (attr & MEM_UNCACHED)
		return (struct pte_type){1, 0, 0, 1}; /* normal non-cacheable */
	return (struct pte_type){1, 1, 1, 1};	      /* normal write-back write-allocate */
}

static inline uint32_t pte_ap_of(uint32_t attr)
{
	return (attr & MEM_USER) ? AP_USER : AP_PRIV_ONLY;
}

/* A 1 MiB section mapping @pa with MEM_* @attr; @global for kernel mappings. */
static inline uint32_t pte_l1_section(paddr_t pa, uint32_t attr, bool global)
{
	struct pte_type t = pte_type_of(attr);
	uint32_t e = ((uint32_t)pa & L1_SECT_ADDR_MASK) | L1_TYPE_SECTION;

	e |= (t.b ? L1_SECT_B : 0) | (t.c ? L1_SECT_C : 0) | (t.s ? L1_SECT_S : 0);
	e |= t.tex << L1_SECT_TEX_SHIFT;
	e |= pte_ap_of(attr) << L1_SECT_AP_SHIFT;
	if (!(attr & MEM_W))
		e |= L1_SECT_AP2;
	if (!(attr & MEM_X))
		e |= L1_SECT_XN;
	if (attr & MEM_USER)
		e |= L1_SECT_PXN; /* the kernel never runs user code */
	if (!global)
		e |= L1_SECT_NG;
	return e;
}

/* A first-level entry pointing at the L2 table at @l2_pa. */
static inline uint32_t pte_l1_table(paddr_t l2_pa, bool pxn)
{
	return ((uint32_t)l2_pa & L1_TABLE_ADDR_MASK) | L1_TYPE_TABLE | (pxn ? L1_TABLE_PXN : 0);
}

/* A 4 KiB small page mapping @pa with MEM_* @attr. */
static inline uint32_t pte_l2_page(paddr_t pa, uint32_t attr, bool global)
{
	struct pte_type t = pte_type_of(attr);
	uint32_t e = ((uint32_t)pa & L2_ADDR_MASK) | L2_TYPE_SMALL;

	e |= (t.b ? L2_B : 0) | (t.c ? L2_C : 0) | (t.s ? L2_S : 0);
	e |= t.tex << L2_TEX_SHIFT;
	e |= pte_ap_of(attr) << L2_AP_SHIFT;
	if (!(attr & MEM_W))
		e |= L2_AP2;
	if (!(attr & MEM_X))
		e |= L2_XN;
	if (!global)
		e |= L2_NG;
	return e;
}

/* MEM_* attributes back from a section or small-page entry. */
static inline uint32_t pte_attr_decode(uint32_t ap, bool ap2, bool xn, uint32_t tex, bool c, bool b)
{
	uint32_t attr = MEM_R;

	if (!ap2)
		attr |= MEM_W;
	if (!xn)
		attr |= MEM_X;
	if (ap == AP_USER)
		attr |= MEM_USER;
	if (tex == 0 && !c && b)
		attr |= MEM_DEVICE;
	else if (tex == 1 && !c && !b)
		attr |= MEM_UNCACHED;
	return attr;
}

static inline uint32_t pte_l1_section_attr(uint32_t e)
{
	return pte_attr_decode((e >> L1_SECT_AP_SHIFT) & 3u, e & L1_SECT_AP2, e & L1_SECT_XN,
			       (e >> L1_SECT_TEX_SHIFT) & 7u, e & L1_SECT_C, e & L1_SECT_B);
}

static inline uint32_t pte_l2_page_attr(uint32_t e)
{
	return pte_attr_decode((e >> L2_AP_SHIFT) & 3u, e & L2_AP2, e & L2_XN,
			       (e >> L2_TEX_SHIFT) & 7u, e & L2_C, e & L2_B);
}

/* True for MEM_* @attr the kernel may execute in a user table: code without MEM_USER. */
static inline bool pte_attr_priv_exec(uint32_t attr)
{
	return (attr & (MEM_X | MEM_USER)) == MEM_X;
}

/* True if small-page entry @e maps privileged-only executable memory. */
static inline bool pte_l2_priv_exec(uint32_t e)
{
	return (e & L2_TYPE_SMALL) && pte_attr_priv_exec(pte_l2_page_attr(e));
}

/* The L2 entry equivalent to one 4 KiB piece of section entry @sect. */
static inline uint32_t pte_section_to_page(uint32_t sect, paddr_t pa)
{
	return pte_l2_page(pa, pte_l1_section_attr(sect), !(sect & L1_SECT_NG));
}

#endif /* ARCH_ARM_MM_PTE_H */
