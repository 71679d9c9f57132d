/* SPDX-License-Identifier: MIT */
/*
 * ARMv7-R PMSAv7 MPU (ARM DDI 0406C chapter B5; registers in B6.1) behind
 * the memory-protection half of kernel/arch.h.
 *
 * Region slots, lowest number = lowest priority (a higher-numbered region
 * wins where two overlap, B5.3):
 *
 *   0 .. n_kernel-1      the kernel, loaded once by arch_mm_init(): all RAM
 *                        RW XN, then on top of it text RX (its last region
 *                        may run on into rodata, which wins), rodata R XN, the
 *                        device windows RW XN device, and no-access regions
 *                        over the stack guard pages; all privileged only
 *   n_kernel .. last     the current address space's partitions, reloaded
 *                        by arch_as_switch(); disabled when none is current
 *
 * SCTLR.BR stays 0: there is no background region, so privileged code too
 * faults (background fault) on any address no region covers, the way the
 * MMU port faults on an unmapped address. Every address the kernel may touch
 * is therefore named: the image, RAM and the board's device windows.
 *
 * Addresses are physical: user VA == PA (arch_user_va). A partition is one
 * region with its subregion mask (mpu_plan.c); what no region expresses
 * exactly is refused, never widened.
 */
#include <stdbool.h>
#include <stdio.h>

#include <arch/arm.h>

#include "arch/arm/fsr.h"
#include "arch/arm/mm/mpu.h"
#include "arch/arm/mm/mpu_plan.h"
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/errno.h"
#include "kernel/fault.h"
#include "kernel/shell.h"

#define MPU_MAX_REGIONS	 16 /* slots this driver keeps state for */
#define MPU_MAX_AS	 64
#define MPUIR_DREGION(v) (((v) >> 8) & 0xffu) /* MPUIR (B6.1): data/unified regions */
#define MPUIR_NU	 (1u << 0)	      /* separate instruction regions: not supported */
#define SCTLR_BR	 (1u << 17)	      /* PMSA: privileged background region (B6.1) */

/* CLIDR (B4.1.20) and CCSIDR (B4.1.19) fields for the set/way walk; PMSA has the same. */
#define CLIDR_LOC(v)	    (((v) >> 24) & 0x7u)
#define CLIDR_CTYPE(v, lvl) (((v) >> ((lvl)*3)) & 0x7u)
#define CTYPE_HAS_DCACHE    2u
#define CCSIDR_LINE_LOG2(v) (((v)&0x7u) + 4)
#define CCSIDR_WAYS(v)	    ((((v) >> 3) & 0x3ffu) + 1)
#define CCSIDR_SETS(v)	    ((((v) >> 13) & 0x7fffu) + 1)

CP15_READ(mpuir, 0, c0, c0, 4)
CP15_WRITE(rgnr, 0, c6, c2, 0)
CP15_WRITE(drbar, 0, c6, c1, 0)
CP15_WRITE(drsr, 0, c6, c1, 2)
CP15_WRITE(dracr, 0, c6, c1, 4)
CP15_READ(clidr, 1, c0, c0, 1)
CP15_READ(ccsidr, 1, c0, c0, 0)
CP15_WRITE(csselr, 2, c0, c0, 0)
CP15_WRITE(dcisw, 0, c7, c6, 2)

struct region {
	struct mpu_plan plan;
	uint32_t dracr;
};

struct part {
	struct region r;
	paddr_t base;
	size_t size;
	uint32_t attr;
};

struct arch_as {
	struct part parts[MPU_MAX_REGIONS];
	unsigned int nparts;
	bool in_use;
};

static struct region kregions[MPU_MAX_REGIONS];
static unsigned int n_slots, n_kernel;
static paddr_t pool_start, pool_end; /* the page pool: user partitions live here... */
static struct arch_as as_pool[MPU_MAX_AS];
static struct arch_as *as_current;

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __stack_guard_svc[], __stack_guard_exc[];
extern char __uimg_text_start[], __uimg_rw_all_end[]; /* ...or in the image's user sections */

/* Program slot @slot; the caller syncs (dsb/isb) after the last one. */
static void slot_write(unsigned int slot, const struct region *r)
{
	write_rgnr(slot);
	write_drsr(0); /* off while base and attributes change */
	write_drbar(mpu_drbar(&r->plan));
	write_dracr(r->dracr);
	write_drsr(mpu_drsr(&r->plan));
}

static void slot_disable(unsigned int slot)
{
	write_rgnr(slot);
	write_drsr(0);
}

/* Add kernel regions expressing [@start, @end) exactly with MEM_* @attr. */
static void kmap(uintptr_t start, uintptr_t end, uint32_t attr)
{
	struct mpu_plan plans[MPU_MAX_REGIONS];
	uint32_t dracr;
	int n;

	if (end <= start)
		return;
	n = mpu_plan_range(start, (uint64_t)end - start, plans, n_slots - 1 - n_kernel);
	if (n < 0 || mpu_dracr(attr, &dracr))
		panic("mpu: cannot protect %08lx-%08lx: %d", (unsigned long)start,
		      (unsigned long)end, n);
	for (int i = 0; i < n; i++)
		kregions[n_kernel++] = (struct region){plans[i], dracr};
}

/*
 * Text [@start, @end) RX, where the last region may run on into rodata (up
 * to @limit): rodata is mapped after it and a higher slot wins where two
 * overlap (B5.3), so the overhang reads as rodata. Of the ends from @end to
 * @limit at power-of-two boundaries, the one needing the fewest regions.
 */
static void kmap_text(uintptr_t start, uintptr_t end, uintptr_t limit)
{
	struct mpu_plan plans[MPU_MAX_REGIONS];
	uintptr_t best = end;
	uint64_t tried = 0;
	int best_n = MPU_MAX_REGIONS + 1;

	for (uint64_t step = PAGE_SIZE; step <= MPU_ADDR_SPACE_END / 2; step <<= 1) {
		uint64_t e = ((uint64_t)end + step - 1) & ~(step - 1);
		int n;

		if (e > limit)
			break;
		if (e == tried)
			continue;
		tried = e;
		n = mpu_plan_range(start, e - start, plans, MPU_MAX_REGIONS);
		if (n > 0 && n < best_n) {
			best = (uintptr_t)e;
			best_n = n;
		}
	}
	kmap(start, best, MEM_RX);
}

/* Invalidate the data/unified caches by set/way up to the level of coherence (B4.2.1). */
static void dcache_invalidate_all(void)
{
	uint32_t clidr = read_clidr();

	for (uint32_t lvl = 0; lvl < CLIDR_LOC(clidr); lvl++) {
		uint32_t ccsidr, line, ways, sets, way_shift;

		if (CLIDR_CTYPE(clidr, lvl) < CTYPE_HAS_DCACHE)
			continue;
		write_csselr(lvl << 1);
		isb();
		ccsidr = read_ccsidr();
		line = CCSIDR_LINE_LOG2(ccsidr);
		ways = CCSIDR_WAYS(ccsidr);
		sets = CCSIDR_SETS(ccsidr);
		way_shift = ways > 1 ? (uint32_t)__builtin_clz(ways - 1) : 0;
		for (uint32_t w = 0; w < ways; w++)
			for (uint32_t s = 0; s < sets; s++)
				write_dcisw((w << way_shift) | (s << line) | (lvl << 1));
	}
	dsb();
}

/*
 * Kernel regions, then the MPU and the caches on. Runs before the console:
 * a layout the MPU cannot express panics (silently, but the image is broken).
 */
void arch_mm_init(paddr_t free_start, paddr_t free_end)
{
	uint32_t mpuir = read_mpuir();
	uintptr_t ram_end = board.ram_base + board.ram_size;

	n_slots = MPUIR_DREGION(mpuir);
	if (n_slots > MPU_MAX_REGIONS)
		n_slots = MPU_MAX_REGIONS;
	if ((mpuir & MPUIR_NU) || n_slots < 8)
		panic("mpu: unsupported MPUIR %08lx", (unsigned long)mpuir);
	arm_fsr_format = FSR_PMSA;
	pool_start = free_start;
	pool_end = free_end;

	n_kernel = 0;
	kmap(board.ram_base, ram_end, MEM_RW);
	/* The overhang must land on rodata only: none if something lies between them. */
	kmap_text((uintptr_t)__text_start, (uintptr_t)__text_end,
		  (uintptr_t)__rodata_start == (uintptr_t)__text_end ? (uintptr_t)__rodata_end
								     : (uintptr_t)__text_end);
	kmap((uintptr_t)__rodata_start, (uintptr_t)__rodata_end, MEM_R);
	for (unsigned int i = 0; i < board.n_devices; i++)
		kmap(board.devices[i].base, board.devices[i].base + board.devices[i].size,
		     MEM_RW | MEM_DEVICE);
	kmap((uintptr_t)__stack_guard_svc, (uintptr_t)__stack_guard_svc + PAGE_SIZE, 0);
	kmap((uintptr_t)__stack_guard_exc, (uintptr_t)__stack_guard_exc + PAGE_SIZE, 0);

	for (unsigned int i = 0; i < n_slots; i++) {
		if (i < n_kernel)
			slot_write(i, &kregions[i]);
		else
			slot_disable(i);
	}
	dsb();
	dcache_invalidate_all();
	write_iciallu(0);
	dsb();
	write_sctlr((read_sctlr() & ~SCTLR_BR) | SCTLR_M | SCTLR_C | SCTLR_I);
	isb();
}

vaddr_t arch_mm_device(paddr_t pa, size_t size)
{
	for (unsigned int i = 0; i < board.n_devices; i++) {
		const struct board_region *d = &board.devices[i];

		if (size && pa >= d->base && pa - d->base < d->size &&
		    size <= d->size - (pa - d->base))
			return pa;
	}
	return 0;
}

/* VA == PA; only RAM is user-mappable memory. */
vaddr_t arch_user_va(paddr_t pa)
{
	if (pa < board.ram_base || pa - board.ram_base >= board.ram_size)
		return 0;
	return pa;
}

/* A region is a power of two >= 32 bytes, aligned to its size; 0 if above 2 GiB. */
size_t arch_as_align(size_t size)
{
	size_t a = MPU_MIN_SIZE;

	while (a < size) {
		if (a > SIZE_MAX / 2)
			return 0;
		a <<= 1;
	}
	return a;
}

/* The slots user partitions get: what the kernel left. */
static unsigned int user_slots(void)
{
	return n_slots - n_kernel;
}

int arch_as_create(struct arch_as **out)
{
	unsigned long key = arch_irq_lock();
	struct arch_as *as = NULL;

	for (unsigned int i = 0; i < MPU_MAX_AS && !as; i++)
		if (!as_pool[i].in_use)
			as = &as_pool[i];
	if (as) {
		as->in_use = true;
		as->nparts = 0;
	}
	arch_irq_unlock(key);
	if (!as)
		return -ENOSPC;
	*out = as;
	return 0;
}

void arch_as_destroy(struct arch_as *as)
{
	if (as == as_current)
		arch_as_switch(NULL);
	as->nparts = 0;
	as->in_use = false;
}

/* Reload the user slots from @as (NULL: all off). Caller holds the irq lock. */
static void load_user_slots(const struct arch_as *as)
{
	unsigned int n = as ? as->nparts : 0;

	for (unsigned int i = 0; i < user_slots(); i++) {
		if (i < n)
			slot_write(n_kernel + i, &as->parts[i].r);
		else
			slot_disable(n_kernel + i);
	}
	dsb();
	isb();
}

static void reload_if_current(const struct arch_as *as)
{
	unsigned long key = arch_irq_lock();

	if (as == as_current)
		load_user_slots(as);
	arch_irq_unlock(key);
}

/* User partitions cover pool pages or the image's user program sections, nothing else. */
static bool is_user_memory(paddr_t pa, uint64_t end)
{
	return (pa >= pool_start && end <= pool_end) ||
	       (pa >= (uintptr_t)__uimg_text_start && end <= (uintptr_t)__uimg_rw_all_end);
}

static bool overlaps(const struct part *p, uint64_t start, uint64_t end)
{
	return p->base < end && start < (uint64_t)p->base + p->size;
}

int arch_as_map(struct arch_as *as, vaddr_t va, paddr_t pa, size_t size, uint32_t attr)
{
	struct part p = {.base = pa, .size = size, .attr = attr};
	uint64_t end = (uint64_t)pa + size;

	if (va != pa || mpu_plan_region(pa, size, &p.r.plan) || mpu_dracr(attr, &p.r.dracr))
		return -EINVAL;
	if (!is_user_memory(pa, end))
		return -EINVAL;
	for (unsigned int i = 0; i < as->nparts; i++)
		if (overlaps(&as->parts[i], pa, end))
			return -EEXIST;
	if (as->nparts == user_slots())
		return -ENOSPC;
	as->parts[as->nparts++] = p;
	reload_if_current(as);
	return 0;
}

/*
 * The partitions wholly inside [@va, @va + @size) as a bit mask; -EINVAL if
 * one straddles an end (the MPU cannot split a region) or none is there.
 */
static int parts_in(const struct arch_as *as, vaddr_t va, size_t size, uint32_t *mask)
{
	uint64_t end = (uint64_t)va + size;

	*mask = 0;
	for (unsigned int i = 0; i < as->nparts; i++) {
		const struct part *p = &as->parts[i];

		if (!overlaps(p, va, end))
			continue;
		if (p->base < va || (uint64_t)p->base + p->size > end)
			return -EINVAL;
		*mask |= 1u << i;
	}
	return *mask ? 0 : -EINVAL;
}

int arch_as_unmap(struct arch_as *as, vaddr_t va, size_t size)
{
	uint32_t mask;
	unsigned int kept = 0;
	int rc = parts_in(as, va, size, &mask);

	if (rc)
		return rc;
	for (unsigned int i = 0; i < as->nparts; i++)
		if (!(mask & (1u << i)))
			as->parts[kept++] = as->parts[i];
	as->nparts = kept;
	reload_if_current(as);
	return 0;
}

int arch_as_protect(struct arch_as *as, vaddr_t va, size_t size, uint32_t attr)
{
	uint32_t mask, dracr;
	int rc = parts_in(as, va, size, &mask);

	if (rc || mpu_dracr(attr, &dracr))
		return -EINVAL;
	for (unsigned int i = 0; i < as->nparts; i++) {
		if (mask & (1u << i)) {
			as->parts[i].r.dracr = dracr;
			as->parts[i].attr = attr;
		}
	}
	reload_if_current(as);
	return 0;
}

int arch_as_lookup(struct arch_as *as, vaddr_t va, paddr_t *pa, uint32_t *attr)
{
	for (unsigned int i = 0; i < as->nparts; i++) {
		if (mpu_plan_contains(&as->parts[i].r.plan, va)) {
			*pa = va;
			*attr = as->parts[i].attr;
			return 0;
		}
	}
	return -ENOENT;
}

void arch_as_switch(struct arch_as *as)
{
	unsigned long key = arch_irq_lock();

	load_user_slots(as);
	as_current = as;
	arch_irq_unlock(key);
}

struct arch_as *arch_as_current(void)
{
	return as_current;
}

unsigned int mpu_regions(void)
{
	return n_slots;
}

unsigned int mpu_user_regions(void)
{
	return user_slots();
}

static void print_region(unsigned int slot, const char *owner, const struct region *r)
{
	uint32_t attr = mpu_dracr_attr(r->dracr);

	printf("  %2u %-6s %08lx-%08lx  2^%-2u srd %02x  %c%c%c %s%s%s\n", slot, owner,
	       (unsigned long)mpu_plan_start(&r->plan), (unsigned long)(mpu_plan_end(&r->plan) - 1),
	       (unsigned int)r->plan.size_log2, (unsigned int)r->plan.srd,
	       (attr & MEM_R) ? 'r' : '-', (attr & MEM_W) ? 'w' : '-', (attr & MEM_X) ? 'x' : '-',
	       (attr & MEM_USER) ? "user" : "priv", (attr & MEM_DEVICE) ? " device" : "",
	       (attr & (MEM_R | MEM_W | MEM_X)) ? "" : " no-access");
}

void mpu_print(void)
{
	unsigned long key = arch_irq_lock();
	const struct arch_as *as = as_current;

	printf("MPU: %u regions, %u kernel, background region off (SCTLR.BR 0)\n", n_slots,
	       n_kernel);
	for (unsigned int i = 0; i < n_kernel; i++)
		print_region(i, "kernel", &kregions[i]);
	for (unsigned int i = 0; as && i < as->nparts; i++)
		print_region(n_kernel + i, "user", &as->parts[i].r);
	arch_irq_unlock(key);
}

static int cmd_mpu(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	mpu_print();
	return 0;
}
SHELL_CMD(mpu, "MPU regions: kernel and the current address space", cmd_mpu);
