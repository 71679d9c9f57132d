/* SPDX-License-Identifier: MIT */
/*
 * PMSAv7 MPU region planning (ARM DDI 0406C chapter B5; registers in B6.1):
 * which region(s), with which subregion-disable mask, express a memory range
 * exactly, and the DRBAR/DRSR/DRACR values for them. Pure logic, also built
 * for the host unit tests.
 *
 * Region geometry (B5.3, "Memory region attributes" and DRSR): a region is
 * 2^n bytes, 5 <= n <= 32, based at a multiple of its size. A region of 256
 * bytes or more is cut in 8 equal subregions, each of which DRSR.SD can
 * take out of the region; smaller regions have no subregions.
 */
#ifndef ARCH_ARM_MM_MPU_PLAN_H
#define ARCH_ARM_MM_MPU_PLAN_H

#include <stddef.h>
#include <stdint.h>

#define MPU_MIN_LOG2	   5  /* 32 bytes, the smallest region */
#define MPU_MAX_LOG2	   32 /* 4 GiB */
#define MPU_MIN_SIZE	   (1u << MPU_MIN_LOG2)
#define MPU_SUBREGIONS	   8u
#define MPU_SUBREGION_LOG2 8 /* regions of 2^8 = 256 bytes and up have subregions */
#define MPU_SRD_NONE	   0x00u
#define MPU_ADDR_SPACE_END (1ull << 32)

/* DRSR, Data Region Size and Enable Register (B6.1, PMSA). */
#define DRSR_EN		 (1u << 0)
#define DRSR_RSIZE_SHIFT 1 /* region size is 2^(RSize + 1) bytes */
#define DRSR_RSIZE_MASK	 0x1fu
#define DRSR_SD_SHIFT	 8 /* bit 8 + i disables subregion i */
#define DRSR_SD_MASK	 0xffu

/* DRACR, Data Region Access Control Register (B6.1; encodings in B5.2 and B5.3). */
#define DRACR_B		(1u << 0)
#define DRACR_C		(1u << 1)
#define DRACR_S		(1u << 2)
#define DRACR_TEX_SHIFT 3
#define DRACR_TEX_MASK	0x7u
#define DRACR_AP_SHIFT	8
#define DRACR_AP_MASK	0x7u
#define DRACR_XN	(1u << 12)

/* AP[2:0], PMSAv7 access permissions (B5.2, "Access permissions"): privileged / user. */
#define MPU_AP_NONE    0x0u /* no access / no access */
#define MPU_AP_PRW     0x1u /* read/write / no access */
#define MPU_AP_PRW_URO 0x2u /* read/write / read-only */
#define MPU_AP_RW      0x3u /* read/write / read/write */
#define MPU_AP_PRO     0x5u /* read-only / no access */
#define MPU_AP_RO      0x6u /* read-only / read-only */

/* TEX[2:0], C, B memory types (B5.3, "C, B, and TEX[2:0] encodings"; as VMSA table B3-10). */
#define MPU_TEX_NORMAL 0x1u /* TEX 001: normal memory, cacheability from C, B */
#define MPU_TEX_DEVICE 0x0u /* TEX 000 C 0 B 1: shareable device */

/* One region: [base, base + 2^size_log2) minus the subregions set in srd. */
struct mpu_plan {
	uint32_t base;
	uint8_t size_log2;
	uint8_t srd; /* bit i set: subregion i is not part of the region */
};

/* First byte the plan covers and one past its last (subregions taken into account). */
uint64_t mpu_plan_start(const struct mpu_plan *p);
uint64_t mpu_plan_end(const struct mpu_plan *p);

/* True if @addr is inside the enabled part of @p. */
int mpu_plan_contains(const struct mpu_plan *p, uint64_t addr);

/*
 * Express [@base, @base + @size) with one region, the smallest that does it
 * exactly (enabled subregions covering nothing more and nothing less).
 * Returns 0 and *@out; -EINVAL if @size is below 32 bytes or @base or @size
 * is not a multiple of 32; -ERANGE if the range runs past 4 GiB; -EDOM if no
 * single region expresses it (e.g. a 16 KiB range on a 4 KiB boundary that
 * crosses a 32 KiB one).
 */
int mpu_plan_region(uint64_t base, uint64_t size, struct mpu_plan *out);

/*
 * Express [@base, @base + @size) exactly with disjoint regions, left to
 * right, each the one that covers the most of what is left. Returns the
 * number used (>= 1) and fills @out; the errors of mpu_plan_region() except
 * -EDOM, or -ENOSPC when more than @max regions would be needed.
 */
int mpu_plan_range(uint64_t base, uint64_t size, struct mpu_plan *out, unsigned int max);

/* The hardware values of a plan: DRBAR and DRSR (enabled). */
uint32_t mpu_drbar(const struct mpu_plan *p);
uint32_t mpu_drsr(const struct mpu_plan *p);

/*
 * DRACR for MEM_* @attr (kernel/mem.h). MEM_USER grants the same access to
 * unprivileged code; without MEM_R the region is no access at all (guard
 * regions). Never executable unless MEM_X. Returns 0 and *@dracr, or
 * -EINVAL for what the MPU must not be asked: W+X, X without R, W without
 * R, X or UNCACHED with DEVICE, unknown bits.
 */
int mpu_dracr(uint32_t attr, uint32_t *dracr);

/* The MEM_* attributes @dracr grants (the inverse of mpu_dracr()). */
uint32_t mpu_dracr_attr(uint32_t dracr);

#endif /* ARCH_ARM_MM_MPU_PLAN_H */
