/* SPDX-License-Identifier: MIT */
/*
 * PMSAv7 region planning and DRSR/DRACR encoding (arch/arm/mm/mpu_plan.c;
 * ARM DDI 0406C chapter B5): exact fits, subregion masks, rejections with
 * their exact error codes, multi-region plans and the register values.
 */
#include "arch/arm/mm/mpu_plan.h"
#include "kernel/errno.h"
#include "kernel/mem.h"
#include "test/harness/ktest.h"

#define KiB 1024u

static struct mpu_plan plan(uint64_t base, uint64_t size)
{
	struct mpu_plan p = {0};

	KT_ASSERT_EQ(mpu_plan_region(base, size, &p), 0);
	KT_ASSERT_EQ(mpu_plan_start(&p), base);
	KT_ASSERT_EQ(mpu_plan_end(&p), base + size);
	return p;
}

static int plan_rc(uint64_t base, uint64_t size)
{
	struct mpu_plan p = {0x5a5a5a5a, 7, 0x5a};
	int rc = mpu_plan_region(base, size, &p);

	if (rc) /* a refusal leaves the output alone */
		KT_ASSERT(p.base == 0x5a5a5a5a && p.size_log2 == 7 && p.srd == 0x5a);
	return rc;
}

KTEST(mpu_plan, exact_power_of_two_regions)
{
	struct mpu_plan p;

	p = plan(0, 32);
	KT_ASSERT_EQ(p.size_log2, 5);
	KT_ASSERT_EQ(p.srd, 0);
	p = plan(0x1000, 4 * KiB);
	KT_ASSERT_EQ(p.base, 0x1000);
	KT_ASSERT_EQ(p.size_log2, 12);
	KT_ASSERT_EQ(p.srd, 0);
	p = plan(0x100000, 1024 * KiB);
	KT_ASSERT_EQ(p.size_log2, 20);
	p = plan(0x80000000u, 0x80000000u);
	KT_ASSERT_EQ(p.size_log2, 31);
	p = plan(0, 1ull << 32); /* the whole address space */
	KT_ASSERT_EQ(p.size_log2, 32);
	KT_ASSERT_EQ(p.srd, 0);
}

/* 7/8 of a 64 KiB region: the top subregion is disabled. */
KTEST(mpu_plan, seven_eighths_disables_the_top_subregion)
{
	struct mpu_plan p = plan(0x10000, 56 * KiB);

	KT_ASSERT_EQ(p.base, 0x10000);
	KT_ASSERT_EQ(p.size_log2, 16);
	KT_ASSERT_EQ(p.srd, 0x80);
}

KTEST(mpu_plan, subregions_disabled_at_the_low_end)
{
	struct mpu_plan p = plan(0x12000, 56 * KiB);

	KT_ASSERT_EQ(p.base, 0x10000);
	KT_ASSERT_EQ(p.size_log2, 16);
	KT_ASSERT_EQ(p.srd, 0x01);
}

KTEST(mpu_plan, subregions_disabled_at_both_ends)
{
	struct mpu_plan p = plan(0x11000, 24 * KiB);

	KT_ASSERT_EQ(p.base, 0x10000);
	KT_ASSERT_EQ(p.size_log2, 15);
	KT_ASSERT_EQ(p.srd, 0x81);
	/* The smallest subregions: 32 bytes of a 256-byte region. */
	p = plan(0x20, 96);
	KT_ASSERT_EQ(p.base, 0);
	KT_ASSERT_EQ(p.size_log2, 8);
	KT_ASSERT_EQ(p.srd, 0xf1);
}

/* A larger region with subregions is used when no exact power of two fits. */
KTEST(mpu_plan, non_power_of_two_sizes)
{
	struct mpu_plan p = plan(0x40000, 12 * KiB);

	KT_ASSERT_EQ(p.size_log2, 14);
	KT_ASSERT_EQ(p.srd, 0xc0);
	p = plan(0x3000, 12 * KiB); /* subregions 3-5 of a 32 KiB region */
	KT_ASSERT_EQ(p.base, 0);
	KT_ASSERT_EQ(p.size_log2, 15);
	KT_ASSERT_EQ(p.srd, 0xc7);
}

KTEST(mpu_plan, contains_follows_the_mask)
{
	struct mpu_plan p = plan(0x11000, 24 * KiB);

	KT_ASSERT(!mpu_plan_contains(&p, 0x10fff));
	KT_ASSERT(mpu_plan_contains(&p, 0x11000));
	KT_ASSERT(mpu_plan_contains(&p, 0x16fff));
	KT_ASSERT(!mpu_plan_contains(&p, 0x17000));
	KT_ASSERT(!mpu_plan_contains(&p, 0x18000));
	p = plan(0x40, 32); /* below 256 bytes: no subregions */
	KT_ASSERT(mpu_plan_contains(&p, 0x5f));
	KT_ASSERT(!mpu_plan_contains(&p, 0x60));
}

KTEST(mpu_plan, rejects_what_breaks_the_granule)
{
	KT_ASSERT_EQ(plan_rc(0x1010, 4 * KiB), -EINVAL); /* base not a multiple of 32 */
	KT_ASSERT_EQ(plan_rc(0x1000, 16), -EINVAL);	 /* below 32 bytes */
	KT_ASSERT_EQ(plan_rc(0x1000, 0), -EINVAL);
	KT_ASSERT_EQ(plan_rc(0x1000, 48), -EINVAL); /* size not a multiple of 32 */
}

KTEST(mpu_plan, rejects_a_wrap_past_4gib)
{
	KT_ASSERT_EQ(plan_rc(0xffffff00u, 0x200), -ERANGE);
	KT_ASSERT_EQ(plan_rc(0xfffff000u, 8 * KiB), -ERANGE);
	KT_ASSERT_EQ(plan_rc(1ull << 32, 32), -ERANGE);
	KT_ASSERT_EQ(plan_rc(0xffffff00u, 0x100), 0); /* ending exactly at 4 GiB is fine */
}

KTEST(mpu_plan, rejects_what_no_region_expresses)
{
	/* 8 KiB across the 32 KiB boundary at 0x8000: every region holding it has 8 KiB subregions. */
	KT_ASSERT_EQ(plan_rc(0x7000, 8 * KiB), -EDOM);
	/* 64 bytes across a 256-byte boundary, not on a 64-byte subregion of the 512-byte region. */
	KT_ASSERT_EQ(plan_rc(0xe0, 64), -EDOM);
	/* 1 MiB across 4 MiB on a 1 MiB step is subregions 3-4 of 8 MiB; on 512 KiB, nothing. */
	KT_ASSERT_EQ(plan_rc(0x300000, 2 * 1024 * KiB), 0);
	KT_ASSERT_EQ(plan_rc(0x380000, 1024 * KiB), -EDOM);
}

KTEST(mpu_plan, range_splits_left_to_right)
{
	struct mpu_plan p[4];

	/* 100 KiB from 0: 96 KiB of a 128 KiB region, then one 4 KiB region. */
	KT_ASSERT_EQ(mpu_plan_range(0, 100 * KiB, p, 4), 2);
	KT_ASSERT_EQ(p[0].base, 0);
	KT_ASSERT_EQ(p[0].size_log2, 17);
	KT_ASSERT_EQ(p[0].srd, 0xc0);
	KT_ASSERT_EQ(p[1].base, 96 * KiB);
	KT_ASSERT_EQ(p[1].size_log2, 12);
	KT_ASSERT_EQ(p[1].srd, 0);
	/* [100K, 140K): 28 KiB up to the 128 KiB boundary, then 12 KiB. */
	KT_ASSERT_EQ(mpu_plan_range(100 * KiB, 40 * KiB, p, 4), 2);
	KT_ASSERT_EQ(mpu_plan_start(&p[0]), 100 * KiB);
	KT_ASSERT_EQ(mpu_plan_end(&p[0]), 128 * KiB);
	KT_ASSERT_EQ(mpu_plan_start(&p[1]), 128 * KiB);
	KT_ASSERT_EQ(mpu_plan_end(&p[1]), 140 * KiB);
	/* What one region expresses stays one region. */
	KT_ASSERT_EQ(mpu_plan_range(0x11000, 24 * KiB, p, 4), 1);
	KT_ASSERT_EQ(p[0].srd, 0x81);
}

KTEST(mpu_plan, range_errors)
{
	struct mpu_plan p[4];

	KT_ASSERT_EQ(mpu_plan_range(0, 100 * KiB, p, 1), -ENOSPC);
	KT_ASSERT_EQ(mpu_plan_range(0x7000, 8 * KiB, p, 1), -ENOSPC);
	KT_ASSERT_EQ(mpu_plan_range(0x7000, 8 * KiB, p, 2), 2);
	KT_ASSERT_EQ(mpu_plan_range(0x1010, 4 * KiB, p, 4), -EINVAL);
	KT_ASSERT_EQ(mpu_plan_range(0xfffff000u, 8 * KiB, p, 4), -ERANGE);
}

KTEST(mpu_plan, drsr_and_drbar_encoding)
{
	struct mpu_plan p = plan(0x1000, 4 * KiB);

	KT_ASSERT_EQ(mpu_drbar(&p), 0x1000);
	KT_ASSERT_EQ(mpu_drsr(&p), DRSR_EN | (11u << DRSR_RSIZE_SHIFT)); /* 2^(11+1) */
	p = plan(0x10000, 56 * KiB);
	KT_ASSERT_EQ(mpu_drsr(&p), 0x801fu); /* SD7 | RSize 15 | EN */
	p = plan(0, 1ull << 32);
	KT_ASSERT_EQ(mpu_drsr(&p), DRSR_EN | (31u << DRSR_RSIZE_SHIFT));
	p = plan(0, 32);
	KT_ASSERT_EQ(mpu_drsr(&p), DRSR_EN | (4u << DRSR_RSIZE_SHIFT));
}

static uint32_t dracr(uint32_t attr)
{
	uint32_t v = 0xdeadbeef;

	KT_ASSERT_EQ(mpu_dracr(attr, &v), 0);
	return v;
}

KTEST(mpu_plan, dracr_encoding)
{
	/* AP[10:8], XN[12], TEX[5:3] C[1] B[0]; normal memory is TEX 001 C 1 B 1. */
	KT_ASSERT_EQ(dracr(MEM_RX), 0x050bu);
	KT_ASSERT_EQ(dracr(MEM_R), 0x150bu);
	KT_ASSERT_EQ(dracr(MEM_RW), 0x110bu);
	KT_ASSERT_EQ(dracr(MEM_RW | MEM_USER), 0x130bu);
	KT_ASSERT_EQ(dracr(MEM_R | MEM_USER), 0x160bu);
	KT_ASSERT_EQ(dracr(MEM_RX | MEM_USER), 0x060bu);
	KT_ASSERT_EQ(dracr(MEM_RW | MEM_DEVICE), 0x1101u);   /* TEX 000 C 0 B 1 */
	KT_ASSERT_EQ(dracr(MEM_RW | MEM_UNCACHED), 0x1108u); /* TEX 001 C 0 B 0 */
	KT_ASSERT_EQ(dracr(0), 0x100bu);		     /* no access at all */
}

KTEST(mpu_plan, dracr_refuses_unsafe_attributes)
{
	uint32_t v = 0x1234;

	KT_ASSERT_EQ(mpu_dracr(MEM_RW | MEM_X, &v), -EINVAL);
	KT_ASSERT_EQ(mpu_dracr(MEM_X, &v), -EINVAL);
	KT_ASSERT_EQ(mpu_dracr(MEM_W, &v), -EINVAL);
	KT_ASSERT_EQ(mpu_dracr(MEM_RX | MEM_DEVICE, &v), -EINVAL);
	KT_ASSERT_EQ(mpu_dracr(MEM_RW | MEM_DEVICE | MEM_UNCACHED, &v), -EINVAL);
	KT_ASSERT_EQ(mpu_dracr(MEM_R | (1u << 10), &v), -EINVAL);
	KT_ASSERT_EQ(v, 0x1234);
}

KTEST(mpu_plan, dracr_attr_round_trip)
{
	static const uint32_t attrs[] = {
		0,
		MEM_R,
		MEM_RW,
		MEM_RX,
		MEM_R | MEM_USER,
		MEM_RW | MEM_USER,
		MEM_RX | MEM_USER,
		MEM_RW | MEM_DEVICE,
		MEM_RW | MEM_USER | MEM_UNCACHED,
		MEM_R | MEM_UNCACHED,
	};

	for (unsigned int i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		KT_ASSERT_EQ(mpu_dracr_attr(dracr(attrs[i])), attrs[i]);
}
