/* SPDX-License-Identifier: MIT */
/*
 * ARMv7-A MMU: short-descriptor tables (ARM DDI 0406C B3), TTBCR.N = 2.
 *
 *   0x00000000-0x3fffffff  TTBR0: the current user address space, nG pages
 *                          tagged with its ASID; page 0 is never mapped
 *   0x40000000-0xffffffff  TTBR1: the kernel, global, privileged only:
 *                          RAM identity mapped (image W^X, free RAM RW XN),
 *                          devices in a window from DEVICE_VA_BASE
 *
 * User code sees RAM CONFIG_USER_VA_OFFSET lower (arch_user_va; the board
 * sets it): the same VA for the same page in every address space. User
 * code inside the image is linked at those addresses. ASIDs are 8 bits with a generation:
 * an address space gets a new ASID when it is switched to after the ASIDs
 * ran out, and only then is the whole TLB flushed.
 */
#include <string.h>

#include <arch/arm.h>

#include "arch/arm/mm/pagetable.h"
#include "arch/arm/mm/pte.h"
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/errno.h"
#include "kernel/fault.h"
#include "kernel/mm.h"

#define TTBCR_N		2
#define USER_VA_END	(0x100000000ull >> TTBCR_N) /* TTBR0 translates below 1 GiB */
#define USER_L1_ENTRIES ((uint32_t)(USER_VA_END >> L1_SHIFT))
#define USER_RAM_VA	0x10000000u /* where user code sees the start of RAM */
#define KERNEL_L1_PAGES 4	    /* 16 KiB, 16 KiB aligned (B4.1.154) */
#define DEVICE_VA_BASE	0xf0000000u
#define DEVICE_VA_END	0xfff00000u
#define MAX_AS		64
#define MAX_DEVICE_MAPS 16
#define ASID_MAX	255u

/* TTBRx walk attributes with the MP extensions (B4.1.154): inner/outer WBWA, shareable. */
#define TTBR_IRGN0	       (1u << 6)
#define TTBR_RGN_WBWA	       (1u << 3)
#define TTBR_S		       (1u << 1)
#define TTBR_WALK	       (TTBR_IRGN0 | TTBR_RGN_WBWA | TTBR_S)
#define DACR_D0_CLIENT	       0x1u
#define ID_MMFR3_COHWALK_SHIFT 20

struct arch_as {
	struct pagetable pt;
	paddr_t l1_pa;
	uint32_t asid;
	uint32_t asid_gen; /* 0: never had an ASID */
	bool in_use;
};

static struct arch_as as_pool[MAX_AS];
static struct arch_as *as_current;
static struct pagetable kpt;
static paddr_t empty_l1_pa; /* TTBR0 when no user space is current */
static bool walk_coherent;
static uint32_t asid_gen = 1, asid_next = 1, asid_rollovers;

static struct {
	paddr_t pa;
	size_t size;
	vaddr_t va;
} device_maps[MAX_DEVICE_MAPS];
static vaddr_t device_next = DEVICE_VA_BASE;

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __bss_end[], __stack_guard_svc[], __stack_guard_exc[];
extern char __stack_fiq_top[];
/* The user sections: test programs, then module images (linker/arm.ld.S). */
extern char __uimg_text_start[], __uimg_text_all_end[];
extern char __uimg_ro_start[], __uimg_ro_all_end[], __uimg_rw_start[], __uimg_rw_all_end[];

/* Table memory comes from the page pool; kernel RAM is identity mapped. */
static uint32_t *tbl_alloc(void *ctx, paddr_t *pa)
{
	(void)ctx;
	*pa = mm_page_alloc(1, 1);
	return *pa ? (uint32_t *)*pa : NULL;
}

static void tbl_free(void *ctx, uint32_t *page, paddr_t pa)
{
	(void)ctx;
	(void)page;
	mm_page_free(pa, 1);
}

static uint32_t *tbl_va(void *ctx, paddr_t pa)
{
	(void)ctx;
	return (uint32_t *)pa;
}

/* Clean table writes to the point of unification when the walker does not snoop the cache. */
static void tbl_written(void *ctx, uint32_t *entry, size_t n)
{
	(void)ctx;
	if (walk_coherent)
		return;
	for (uintptr_t a = (uintptr_t)entry & ~63u; a < (uintptr_t)(entry + n); a += 64)
		write_dccmvau(a);
}

static void kernel_tlb_inval(void *ctx, vaddr_t va)
{
	(void)ctx;
	dsb_ishst();
	write_tlbimvaa(va & ~(PAGE_SIZE - 1));
}

/* Only an ASID of the live generation can have TLB entries. */
static void user_tlb_inval(void *ctx, vaddr_t va)
{
	struct arch_as *as = ctx;

	if (as->asid_gen != asid_gen)
		return;
	dsb_ishst();
	write_tlbimva((va & ~(PAGE_SIZE - 1)) | as->asid);
}

static const struct pt_ops kernel_ops = {tbl_alloc, tbl_free, tbl_va, tbl_written,
					 kernel_tlb_inval};
static const struct pt_ops user_ops = {tbl_alloc, tbl_free, tbl_va, tbl_written, user_tlb_inval};

/* Table changes complete and visible before anything else runs. */
static void mmu_sync(void)
{
	dsb_ish();
	isb();
}

static void kmap(uintptr_t start, uintptr_t end, uint32_t attr)
{
	start &= ~(uintptr_t)(PAGE_SIZE - 1);
	end = mem_align_up(end, PAGE_SIZE);
	if (end > start && pt_map(&kpt, start, start, end - start, attr))
		panic("mmu: cannot map %08lx-%08lx", (unsigned long)start, (unsigned long)end);
}

void arch_mm_init(paddr_t free_start, paddr_t free_end)
{
	paddr_t l1 = mm_page_alloc(KERNEL_L1_PAGES, KERNEL_L1_PAGES);

	empty_l1_pa = mm_page_alloc(1, 1);
	if (!l1 || !empty_l1_pa)
		panic("mmu: no memory for the kernel tables");
	walk_coherent = ((read_id_mmfr3() >> ID_MMFR3_COHWALK_SHIFT) & 0xf) != 0;
	kpt = (struct pagetable){
		.l1 = (uint32_t *)l1, .l1_entries = 4096, .global = true, .ops = &kernel_ops};

	/* The image, W^X; the guard pages under the stacks stay unmapped. */
	kmap((uintptr_t)__text_start, (uintptr_t)__text_end, MEM_RX);
	kmap((uintptr_t)__rodata_start, (uintptr_t)__rodata_end, MEM_R);
	kmap((uintptr_t)__data_start, (uintptr_t)__bss_end, MEM_RW);
	/* User code in the image: the kernel reads it, never runs it. */
	kmap((uintptr_t)__uimg_text_start, (uintptr_t)__uimg_text_all_end, MEM_R);
	kmap((uintptr_t)__uimg_ro_start, (uintptr_t)__uimg_ro_all_end, MEM_R);
	kmap((uintptr_t)__uimg_rw_start, (uintptr_t)__uimg_rw_all_end, MEM_RW);
	kmap((uintptr_t)__stack_guard_svc + PAGE_SIZE, (uintptr_t)__stack_guard_exc, MEM_RW);
	kmap((uintptr_t)__stack_guard_exc + PAGE_SIZE, (uintptr_t)__stack_fiq_top, MEM_RW);
	kmap(free_start, free_end, MEM_RW);

	/* B3.10.4 / B4.1.153: domains, split, table bases, then enable. */
	write_dacr(DACR_D0_CLIENT);
	write_ttbcr(TTBCR_N);
	write_ttbr0((uint32_t)empty_l1_pa | TTBR_WALK);
	write_ttbr1((uint32_t)l1 | TTBR_WALK);
	write_contextidr(0);
	dsb();
	write_tlbiall(0);
	write_iciallu(0);
	write_bpiall(0);
	dsb();
	isb();
	write_sctlr(read_sctlr() | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_Z);
	isb();
}

vaddr_t arch_mm_device(paddr_t pa, size_t size)
{
	paddr_t base = pa & ~(paddr_t)(PAGE_SIZE - 1);
	size_t len = mem_align_up(pa + size, PAGE_SIZE) - base;
	bool known = false;
	int free_slot = -1;

	for (unsigned int i = 0; i < board.n_devices; i++)
		if (pa >= board.devices[i].base &&
		    pa + size <= board.devices[i].base + board.devices[i].size)
			known = true;
	if (!known || !size)
		return 0;
	for (int i = 0; i < MAX_DEVICE_MAPS; i++) {
		if (device_maps[i].size && base >= device_maps[i].pa &&
		    base + len <= device_maps[i].pa + device_maps[i].size)
			return device_maps[i].va + (pa - device_maps[i].pa);
		if (!device_maps[i].size && free_slot < 0)
			free_slot = i;
	}
	if (len >= L1_SIZE && mem_is_aligned(base, L1_SIZE))
		device_next = mem_align_up(device_next, L1_SIZE);
	if (free_slot < 0 || len > DEVICE_VA_END - device_next ||
	    pt_map(&kpt, device_next, base, len, MEM_RW | MEM_DEVICE))
		return 0;
	mmu_sync();
	device_maps[free_slot].pa = base;
	device_maps[free_slot].size = len;
	device_maps[free_slot].va = device_next;
	device_next += len;
	return device_maps[free_slot].va + (pa - base);
}

vaddr_t arch_user_va(paddr_t pa)
{
	if (pa < board.ram_base || pa - board.ram_base >= board.ram_size)
		return 0;
	return pa - CONFIG_USER_VA_OFFSET;
}

size_t arch_as_align(size_t size)
{
	(void)size;
	return PAGE_SIZE;
}

int arch_as_create(struct arch_as **out)
{
	struct arch_as *as = NULL;
	unsigned long key = arch_irq_lock();

	for (int i = 0; i < MAX_AS; i++) {
		if (!as_pool[i].in_use) {
			as = &as_pool[i];
			as->in_use = true;
			break;
		}
	}
	arch_irq_unlock(key);
	if (!as)
		return -ENOSPC;
	as->l1_pa = mm_page_alloc(1, 1);
	if (!as->l1_pa) {
		as->in_use = false;
		return -ENOMEM;
	}
	as->pt = (struct pagetable){.l1 = (uint32_t *)as->l1_pa,
				    .l1_entries = USER_L1_ENTRIES,
				    .ops = &user_ops,
				    .ctx = as};
	as->asid = 0;
	as->asid_gen = 0;
	*out = as;
	return 0;
}

void arch_as_destroy(struct arch_as *as)
{
	if (as == as_current)
		arch_as_switch(NULL);
	if (as->asid_gen == asid_gen) {
		dsb_ishst();
		write_tlbiasid(as->asid);
		mmu_sync();
	}
	pt_release(&as->pt);
	mm_page_free(as->l1_pa, 1);
	as->in_use = false;
}

/* Page 0 is never mapped; nothing at or above the TTBR0 limit. */
static int check_user_range(vaddr_t va, size_t size)
{
	if (va < PAGE_SIZE || (uint64_t)va + size > USER_VA_END)
		return -EINVAL;
	return 0;
}

int arch_as_map(struct arch_as *as, vaddr_t va, paddr_t pa, size_t size, uint32_t attr)
{
	int rc = check_user_range(va, size);

	if (rc || (rc = pt_map(&as->pt, va, pa, size, attr)))
		return rc;
	mmu_sync();
	return 0;
}

int arch_as_unmap(struct arch_as *as, vaddr_t va, size_t size)
{
	int rc = check_user_range(va, size);

	if (rc || (rc = pt_unmap(&as->pt, va, size)))
		return rc;
	mmu_sync();
	return 0;
}

int arch_as_protect(struct arch_as *as, vaddr_t va, size_t size, uint32_t attr)
{
	int rc = check_user_range(va, size);

	if (rc || (rc = pt_protect(&as->pt, va, size, attr)))
		return rc;
	mmu_sync();
	return 0;
}

int arch_as_lookup(struct arch_as *as, vaddr_t va, paddr_t *pa, uint32_t *attr)
{
	return pt_lookup(&as->pt, va, pa, attr);
}

/* A fresh ASID for @as if its one is from an older generation. */
static void asid_assign(struct arch_as *as)
{
	if (as->asid_gen == asid_gen)
		return;
	if (asid_next > ASID_MAX) {
		asid_gen++;
		asid_next = 1;
		asid_rollovers++;
		dsb_ishst();
		write_tlbiall(0);
		mmu_sync();
	}
	as->asid = asid_next++;
	as->asid_gen = asid_gen;
}

/*
 * B3.10.4: change TTBR0 and the ASID with the reserved ASID 0 in between, so
 * no walk can pair the new table with the old ASID or the reverse.
 */
void arch_as_switch(struct arch_as *as)
{
	unsigned long key;

	if (as == as_current && (!as || as->asid_gen == asid_gen))
		return;
	key = arch_irq_lock();
	if (as)
		asid_assign(as);
	write_contextidr(0);
	isb();
	write_ttbr0((uint32_t)(as ? as->l1_pa : empty_l1_pa) | TTBR_WALK);
	isb();
	write_contextidr(as ? as->asid : 0);
	if (!as)
		write_tlbiasid(0); /* nothing walked in the window stays under ASID 0 */
	isb();
	as_current = as;
	arch_irq_unlock(key);
}

struct arch_as *arch_as_current(void)
{
	return as_current;
}

/* For tests and the shell: how often the ASIDs ran out. */
uint32_t arch_asid_rollovers(void);
uint32_t arch_asid_rollovers(void)
{
	return asid_rollovers;
}
