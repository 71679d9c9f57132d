/* SPDX-License-Identifier: MIT */
/*
 * PMSAv7 region planning and register encoding (see mpu_plan.h). Addresses
 * are computed in 64 bits so that a range ending at 4 GiB and a 4 GiB
 * region are representable on the 32-bit target too.
 */
#include <stdbool.h>

#include "arch/arm/mm/mpu_plan.h"
#include "kernel/errno.h"
#include "kernel/mem.h"

/* log2 of a region's subregion size (the region's own size when it has none). */
static unsigned int subregion_log2(unsigned int size_log2)
{
	return size_log2 >= MPU_SUBREGION_LOG2 ? size_log2 - 3 : size_log2;
}

static uint64_t subregion_size(unsigned int size_log2)
{
	return 1ull << subregion_log2(size_log2);
}

uint64_t mpu_plan_start(const struct mpu_plan *p)
{
	uint64_t sub = subregion_size(p->size_log2);
	unsigned int first = p->srd ? (unsigned int)__builtin_ctz(~(unsigned int)p->srd) : 0;

	return p->base + first * sub;
}

uint64_t mpu_plan_end(const struct mpu_plan *p)
{
	uint64_t sub = subregion_size(p->size_log2);
	unsigned int enabled = ~(unsigned int)p->srd & 0xffu;
	unsigned int last = enabled ? 31 - (unsigned int)__builtin_clz(enabled) : 0;

	if (p->size_log2 < MPU_SUBREGION_LOG2)
		return p->base + sub;
	return p->base + (last + 1) * sub;
}

int mpu_plan_contains(const struct mpu_plan *p, uint64_t addr)
{
	uint64_t size = 1ull << p->size_log2;
	unsigned int i;

	if (addr < p->base || addr - p->base >= size)
		return 0;
	if (p->size_log2 < MPU_SUBREGION_LOG2)
		return 1;
	i = (unsigned int)((addr - p->base) >> subregion_log2(p->size_log2));
	return !((p->srd >> i) & 1u);
}

/* Arguments every plan needs: the 32-byte granule and the 4 GiB limit. */
static int check_range(uint64_t base, uint64_t size)
{
	if (size < MPU_MIN_SIZE || base % MPU_MIN_SIZE || size % MPU_MIN_SIZE)
		return -EINVAL;
	if (base >= MPU_ADDR_SPACE_END || size > MPU_ADDR_SPACE_END - base)
		return -ERANGE;
	return 0;
}

/*
 * The region of 2^@n bytes that holds @base, limited to the subregions that
 * start at or after @base and end at or before @end. Returns the bytes it
 * covers from @base (0: none, @base not on a subregion boundary).
 */
static uint64_t try_region(uint64_t base, uint64_t end, unsigned int n, struct mpu_plan *p)
{
	uint64_t size = 1ull << n, rbase = base & ~(size - 1);
	unsigned int sub_log2 = subregion_log2(n), first, last, srd = 0;
	uint64_t stop;

	if ((base - rbase) & ((1ull << sub_log2) - 1))
		return 0;
	stop = end < rbase + size ? end : rbase + size;
	stop -= (stop - rbase) & ((1ull << sub_log2) - 1);
	if (stop <= base)
		return 0;
	first = (unsigned int)((base - rbase) >> sub_log2);
	last = (unsigned int)((stop - rbase) >> sub_log2); /* one past the last enabled */
	if (n >= MPU_SUBREGION_LOG2)
		srd = (0xffu >> (MPU_SUBREGIONS - first)) | (0xffu << last);
	p->base = (uint32_t)rbase;
	p->size_log2 = (uint8_t)n;
	p->srd = (uint8_t)(srd & 0xffu);
	return stop - base;
}

int mpu_plan_region(uint64_t base, uint64_t size, struct mpu_plan *out)
{
	int rc = check_range(base, size);

	if (rc)
		return rc;
	for (unsigned int n = MPU_MIN_LOG2; n <= MPU_MAX_LOG2; n++) {
		struct mpu_plan p;

		if ((1ull << n) < size)
			continue;
		if (try_region(base, base + size, n, &p) == size) {
			*out = p;
			return 0;
		}
	}
	return -EDOM;
}

int mpu_plan_range(uint64_t base, uint64_t size, struct mpu_plan *out, unsigned int max)
{
	uint64_t end = base + size;
	unsigned int used = 0;
	int rc = check_range(base, size);

	if (rc)
		return rc;
	while (base < end) {
		struct mpu_plan best = {0}, p;
		uint64_t got = 0;

		for (unsigned int n = MPU_MIN_LOG2; n <= MPU_MAX_LOG2; n++) {
			uint64_t len = try_region(base, end, n, &p);

			if (len > got) {
				got = len;
				best = p;
			}
		}
		if (used == max)
			return -ENOSPC;
		out[used++] = best;
		base += got;
	}
	return (int)used;
}

uint32_t mpu_drbar(const struct mpu_plan *p)
{
	return p->base;
}

uint32_t mpu_drsr(const struct mpu_plan *p)
{
	return DRSR_EN | (((uint32_t)(p->size_log2 - 1) & DRSR_RSIZE_MASK) << DRSR_RSIZE_SHIFT) |
	       (((uint32_t)p->srd & DRSR_SD_MASK) << DRSR_SD_SHIFT);
}

static uint32_t ap_for(uint32_t attr)
{
	bool user = attr & MEM_USER;

	if (!(attr & MEM_R))
		return MPU_AP_NONE;
	if (attr & MEM_W)
		return user ? MPU_AP_RW : MPU_AP_PRW;
	return user ? MPU_AP_RO : MPU_AP_PRO;
}

int mpu_dracr(uint32_t attr, uint32_t *dracr)
{
	uint32_t v, tex, cb;

	if (attr & ~MEM_ALL)
		return -EINVAL;
	if ((attr & MEM_W) && (attr & MEM_X))
		return -EINVAL;
	if ((attr & (MEM_W | MEM_X)) && !(attr & MEM_R))
		return -EINVAL;
	if ((attr & MEM_DEVICE) && (attr & (MEM_X | MEM_UNCACHED)))
		return -EINVAL;
	if (attr & MEM_DEVICE) {
		tex = MPU_TEX_DEVICE;
		cb = DRACR_B;
	} else if (attr & MEM_UNCACHED) {
		tex = MPU_TEX_NORMAL;
		cb = 0;
	} else {
		tex = MPU_TEX_NORMAL; /* outer and inner write-back, write-allocate */
		cb = DRACR_C | DRACR_B;
	}
	v = (ap_for(attr) << DRACR_AP_SHIFT) | (tex << DRACR_TEX_SHIFT) | cb;
	if (!(attr & MEM_X))
		v |= DRACR_XN;
	*dracr = v;
	return 0;
}

uint32_t mpu_dracr_attr(uint32_t dracr)
{
	uint32_t tex = (dracr >> DRACR_TEX_SHIFT) & DRACR_TEX_MASK, attr = 0;

	switch ((dracr >> DRACR_AP_SHIFT) & DRACR_AP_MASK) {
	case MPU_AP_PRW:
		attr = MEM_RW;
		break;
	case MPU_AP_RW:
		attr = MEM_RW | MEM_USER;
		break;
	case MPU_AP_PRO:
		attr = MEM_R;
		break;
	case MPU_AP_RO:
		attr = MEM_R | MEM_USER;
		break;
	default:
		break;
	}
	if (attr && !(dracr & DRACR_XN))
		attr |= MEM_X;
	if (tex == MPU_TEX_DEVICE && (dracr & (DRACR_C | DRACR_B)) == DRACR_B)
		attr |= MEM_DEVICE;
	else if (tex == MPU_TEX_NORMAL && !(dracr & (DRACR_C | DRACR_B)))
		attr |= MEM_UNCACHED;
	return attr;
}
