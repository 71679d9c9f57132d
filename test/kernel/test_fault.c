/* SPDX-License-Identifier: MIT */
/*
 * Exception reports: each test provokes one exception on purpose and checks
 * the decoded kind, class, address and status. Bus errors use the board's
 * empty device window (QEMU virt: the platform bus at 0x0c000000 holds no
 * device, the bus answers with a synchronous external abort). Translation
 * and permission faults of the MMU/MPU have their own suites.
 */
#include <stdint.h>

#include <arch/arm.h>

#include "kernel/arch.h"
#include "kernel/board.h"
#include "test/harness/ktest.h"

/* Fixed instructions with known addresses and encodings. */
__asm__(".pushsection .text.kt_fault, \"ax\"\n"
	".arm\n"
	".global kt_undef_arm\n"
	".type kt_undef_arm, %function\n"
	"kt_undef_arm:\n"
	"	udf #0\n" /* 0xe7f000f0 */
	"	bx lr\n"
	".thumb\n"
	".global kt_undef_thumb\n"
	".type kt_undef_thumb, %function\n"
	".thumb_func\n"
	"kt_undef_thumb:\n"
	"	udf #1\n" /* 0xde01 */
	"	bx lr\n"
	".arm\n"
	".global kt_svc_call\n"
	".type kt_svc_call, %function\n"
	"kt_svc_call:\n"
	"	svc #1\n"
	"	bx lr\n"
	".popsection\n");
void kt_undef_arm(void);
void kt_undef_thumb(void);
void kt_svc_call(void);

static void teardown(void)
{
	write_sctlr(read_sctlr() & ~SCTLR_A);
	isb();
}
KTEST_SUITE(fault, NULL, teardown);

KTEST(fault, undefined_arm)
{
	struct fault_info fi;

	KT_EXPECT_FAULT(ktest_call, (void *)kt_undef_arm, FAULT_KIND_UNDEFINED,
			FAULT_UNDEFINED_INSTR, &fi);
	KT_ASSERT_EQ(fi.pc, (uintptr_t)kt_undef_arm);
	KT_ASSERT_EQ(fi.status, 0xe7f000f0u);
	KT_ASSERT(!fi.is_user);
}

KTEST(fault, undefined_thumb)
{
	struct fault_info fi;

	KT_EXPECT_FAULT(ktest_call, (void *)kt_undef_thumb, FAULT_KIND_UNDEFINED,
			FAULT_UNDEFINED_INSTR, &fi);
	KT_ASSERT_EQ(fi.pc, (uintptr_t)kt_undef_thumb & ~1u);
	KT_ASSERT_EQ(fi.status, 0xde01u);
}

/* The board's empty device window: mapped as device memory, but no device answers. */
static void *bus_error_va(void)
{
	if (!board.bus_error_pa)
		KT_SKIP("board has no empty device window");
	return (void *)arch_mm_device(board.bus_error_pa, PAGE_SIZE);
}

KTEST(fault, data_abort_bus_error_read)
{
	uint8_t *va = bus_error_va();
	struct fault_info fi;

	KT_EXPECT_FAULT(ktest_read_word, va, FAULT_KIND_DATA_ABORT, FAULT_EXTERNAL, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)va);
	KT_ASSERT(!fi.is_write);
}

KTEST(fault, data_abort_bus_error_write)
{
	uint8_t *va = bus_error_va();
	struct fault_info fi;

	KT_EXPECT_FAULT(ktest_write_word, va + 0x40, FAULT_KIND_DATA_ABORT, FAULT_EXTERNAL, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)va + 0x40);
	KT_ASSERT(fi.is_write);
}

/* Device memory is never executable (XN): fetching from it is a permission fault. */
KTEST(fault, prefetch_abort_device_xn)
{
	uint8_t *va = bus_error_va();
	struct fault_info fi;

	KT_EXPECT_FAULT(ktest_call, va, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)va);
	KT_ASSERT_EQ(fi.pc, (uintptr_t)va);
}

KTEST(fault, alignment)
{
	static uint32_t words[2];
	uint8_t *odd = (uint8_t *)words + 1;
	struct fault_info fi;

	write_sctlr(read_sctlr() | SCTLR_A);
	isb();
	KT_EXPECT_FAULT(ktest_read_word, odd, FAULT_KIND_DATA_ABORT, FAULT_ALIGNMENT, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)odd);
}

/* No system calls exist yet: an SVC from the kernel is an unexpected exception. */
KTEST(fault, unexpected_svc)
{
	struct fault_info fi;

	KT_EXPECT_FAULT(ktest_call, (void *)kt_svc_call, FAULT_KIND_UNEXPECTED,
			FAULT_UNEXPECTED_EXC, &fi);
	KT_ASSERT_EQ(fi.status, EXC_SVC);
}

/* After all of the above the kernel still runs normally: faults left no state behind. */
KTEST(fault, no_fault_returns_false)
{
	struct fault_info fi = {0};
	static uint32_t word = 7;

	KT_ASSERT(!fault_catch(ktest_read_word, &word, &fi));
	KT_ASSERT_EQ(fi.kind, 0);
}
