/* SPDX-License-Identifier: MIT */
/*
 * PMSAv7 MPU protection on an ARMv7-R board (built only for MPU boards, via
 * BOARD_TESTS), each case asserting the exact fault kind, class and
 * address: the kernel image is W^X, nothing writable is executable, the
 * stack guards are no-access, what no region covers is a background fault
 * (SCTLR.BR is 0), user mode cannot touch privileged memory, address spaces
 * are isolated, subregion partitions are exact, and what the MPU cannot
 * express is refused with -EINVAL, never widened.
 */
#include <string.h>

#include "arch/arm/mm/mpu.h"
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "test/harness/ktest.h"
#include "test/harness/user_probe.h"

#define BX_LR	      0xe12fff1eu
#define KiB	      1024u
#define SCRATCH_PAGES 16 /* 64 KiB, 64 KiB aligned: room for subregion cases */

extern char __stack_guard_svc[], __stack_guard_exc[];

static const uint32_t some_rodata = 0x12345678;
static uint32_t some_data[4] = {BX_LR};

/* A user address space with the probe code, a stack page and 64 KiB of scratch. */
static struct {
	struct arch_as *as;
	paddr_t code, stack, scratch;
} u;

static void user_setup(void)
{
	KT_ASSERT_EQ(arch_as_create(&u.as), 0);
	u.code = mm_page_alloc(1, 1);
	u.stack = mm_page_alloc(1, 1);
	u.scratch = mm_page_alloc(SCRATCH_PAGES, SCRATCH_PAGES);
	KT_ASSERT(u.code && u.stack && u.scratch);
	memcpy((void *)u.code, user_probe_blob, user_probe_blob_end - user_probe_blob);
	KT_ASSERT_EQ(arch_as_map(u.as, u.code, u.code, PAGE_SIZE, MEM_RX | MEM_USER), 0);
	KT_ASSERT_EQ(arch_as_map(u.as, u.stack, u.stack, PAGE_SIZE, MEM_RW | MEM_USER), 0);
	arch_as_switch(u.as);
}

static void user_teardown(void)
{
	arch_as_switch(NULL);
	if (u.as)
		arch_as_destroy(u.as);
	if (u.code)
		mm_page_free(u.code, 1);
	if (u.stack)
		mm_page_free(u.stack, 1);
	if (u.scratch)
		mm_page_free(u.scratch, SCRATCH_PAGES);
	memset(&u, 0, sizeof(u));
}

/* Run @probe in the current space; a read's word lands near the top of the stack page. */
static bool probe(const uint8_t *probe, uintptr_t a0, uintptr_t a1, struct fault_info *fi)
{
	return ktest_user_run(u.code + USER_PROBE_OFF(probe), a0, a1, u.stack + PAGE_SIZE - 16, fi);
}

static vaddr_t result_va(void)
{
	return u.stack + PAGE_SIZE - 8;
}

static uint32_t result(void)
{
	return *(volatile uint32_t *)result_va();
}

/* A user probe that must fault with a data abort of @cls at @addr. */
static void expect_user_dabt(const uint8_t *p, uintptr_t addr, uintptr_t a1, bool write,
			     enum fault_class cls)
{
	struct fault_info fi;

	KT_ASSERT(!probe(p, addr, a1, &fi));
	KT_ASSERT_EQ(fi.kind, FAULT_KIND_DATA_ABORT);
	KT_ASSERT_EQ(fi.cls, cls);
	KT_ASSERT_EQ(fi.addr, addr);
	KT_ASSERT_EQ(fi.is_write, write);
	KT_ASSERT(fi.is_user);
}

KTEST_SUITE(mpu, NULL, user_teardown);

KTEST(mpu, kernel_text_is_read_only)
{
	struct fault_info fi;

	KT_EXPECT_FAULT(ktest_write_word, (void *)ktest_read_word, FAULT_KIND_DATA_ABORT,
			FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)ktest_read_word);
	KT_ASSERT_EQ(fi.level, 0); /* PMSA faults have no level */
	KT_ASSERT(fi.is_write);
	KT_ASSERT(!fi.is_user);
}

KTEST(mpu, rodata_is_read_only)
{
	struct fault_info fi;

	KT_ASSERT_EQ(*(volatile const uint32_t *)&some_rodata, 0x12345678);
	KT_EXPECT_FAULT(ktest_write_word, (void *)&some_rodata, FAULT_KIND_DATA_ABORT,
			FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)&some_rodata);
	KT_ASSERT(fi.is_write);
}

/* Text's last region may run on into rodata (docs/mpu.md): rodata, mapped above it, wins. */
KTEST(mpu, rodata_is_not_executable)
{
	extern char __rodata_start[], __rodata_end[];
	void *last = (void *)((uintptr_t)__rodata_end - 4);
	struct fault_info fi;

	KT_EXPECT_FAULT(ktest_call, __rodata_start, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION,
			&fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)__rodata_start);
	KT_EXPECT_FAULT(ktest_call, last, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)last);
}

/* The ARMv7-R vectors live at 0: page 0 is kernel text, readable, never writable. */
KTEST(mpu, page_zero_holds_the_vectors)
{
	struct fault_info fi;

	KT_ASSERT_EQ(board.ram_base, 0);
	KT_ASSERT(!fault_catch(ktest_read_word, (void *)0, &fi));
	KT_EXPECT_FAULT(ktest_write_word, (void *)8, FAULT_KIND_DATA_ABORT, FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, 8);
}

KTEST(mpu, data_is_not_executable)
{
	struct fault_info fi;

	KT_EXPECT_FAULT(ktest_call, some_data, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)some_data);
	KT_ASSERT_EQ(fi.pc, (uintptr_t)some_data);
}

KTEST(mpu, stack_is_not_executable)
{
	volatile uint32_t code[2] = {BX_LR, BX_LR};
	struct fault_info fi;

	KT_EXPECT_FAULT(ktest_call, (void *)code, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)code);
}

KTEST(mpu, heap_and_free_ram_are_not_executable)
{
	uint32_t *p = kmalloc(16);
	paddr_t page = mm_page_alloc(1, 1);
	struct fault_info fi;

	KT_ASSERT(p != NULL && page != 0);
	p[0] = BX_LR;
	*(volatile uint32_t *)page = BX_LR;
	KT_EXPECT_FAULT(ktest_call, p, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)p);
	KT_EXPECT_FAULT(ktest_call, (void *)page, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, page);
	kfree(p);
	mm_page_free(page, 1);
}

/* Device windows are RW for the kernel and never executable (the fetch never reaches the bus). */
KTEST(mpu, device_window_is_not_executable)
{
	uintptr_t dev = board.devices[0].base;
	struct fault_info fi;

	KT_ASSERT_EQ(arch_mm_device(dev, 4), dev);
	KT_EXPECT_FAULT(ktest_call, (void *)dev, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, dev);
}

/* The guard pages under the stacks are covered by no-access regions. */
KTEST(mpu, stack_guards_are_no_access)
{
	struct fault_info fi;
	void *svc_guard = __stack_guard_svc + 0x100;
	void *exc_guard = __stack_guard_exc + PAGE_SIZE - 4;

	KT_EXPECT_FAULT(ktest_write_word, svc_guard, FAULT_KIND_DATA_ABORT, FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)svc_guard);
	KT_ASSERT(fi.is_write);
	KT_EXPECT_FAULT(ktest_read_word, exc_guard, FAULT_KIND_DATA_ABORT, FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)exc_guard);
	KT_ASSERT(!fi.is_write);
	/* The stack right above a guard is ordinary RW memory. */
	KT_ASSERT(!fault_catch(ktest_read_word, __stack_guard_svc + PAGE_SIZE, &fi));
}

/* SCTLR.BR is 0: an address no region covers faults for the kernel too. */
KTEST(mpu, no_region_is_a_background_fault)
{
	uintptr_t hole = board.ram_base + board.ram_size + 0x1000;
	struct fault_info fi;

	KT_EXPECT_FAULT(ktest_read_word, (void *)hole, FAULT_KIND_DATA_ABORT, FAULT_BACKGROUND,
			&fi);
	KT_ASSERT_EQ(fi.addr, hole);
	KT_ASSERT_EQ(fi.status & 0x40fu, 0x000u); /* DFSR.FS 0b00000, ARM DDI 0406C table B5-1 */
	KT_EXPECT_FAULT(ktest_call, (void *)hole, FAULT_KIND_PREFETCH_ABORT, FAULT_BACKGROUND, &fi);
	KT_ASSERT_EQ(fi.addr, hole);
	KT_ASSERT_EQ(arch_mm_device(hole, 4), 0);
}

KTEST(mpu, user_cannot_reach_kernel)
{
	struct fault_info fi;

	user_setup();
	expect_user_dabt(user_probe_read, (uintptr_t)some_data, result_va(), false,
			 FAULT_PERMISSION);
	expect_user_dabt(user_probe_write, (uintptr_t)ktest_read_word, 0, true, FAULT_PERMISSION);
	/* Free RAM outside the space is the kernel's: privileged only. */
	expect_user_dabt(user_probe_read, u.scratch, result_va(), false, FAULT_PERMISSION);
	/* Jumping into kernel text from user mode is a prefetch abort. */
	KT_ASSERT(!probe(user_probe_exec, (uintptr_t)ktest_read_word, 0, &fi));
	KT_ASSERT_EQ(fi.kind, FAULT_KIND_PREFETCH_ABORT);
	KT_ASSERT_EQ(fi.cls, FAULT_PERMISSION);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)ktest_read_word);
	KT_ASSERT(fi.is_user);
	/* Nothing covers the hole above RAM for user mode either. */
	expect_user_dabt(user_probe_read, board.ram_base + board.ram_size, result_va(), false,
			 FAULT_BACKGROUND);
}

/* The same access that user mode may not make, the kernel makes fine. */
KTEST(mpu, user_cannot_use_privileged_partition)
{
	struct fault_info fi;
	vaddr_t va;

	user_setup();
	va = u.scratch;
	KT_ASSERT_EQ(arch_as_map(u.as, va, u.scratch, PAGE_SIZE, MEM_RW), 0);
	*(volatile uint32_t *)va = 0xc0ffee;
	KT_ASSERT_EQ(*(volatile uint32_t *)va, 0xc0ffee);
	expect_user_dabt(user_probe_read, va, result_va(), false, FAULT_PERMISSION);
	/* Granting user access makes the very same probe succeed... */
	KT_ASSERT_EQ(arch_as_protect(u.as, va, PAGE_SIZE, MEM_R | MEM_USER), 0);
	KT_ASSERT(probe(user_probe_read, va, result_va(), &fi));
	KT_ASSERT_EQ(result(), 0xc0ffee);
	/* ... and read-only stays read-only. */
	expect_user_dabt(user_probe_write, va, 1, true, FAULT_PERMISSION);
	KT_ASSERT_EQ(*(volatile uint32_t *)va, 0xc0ffee);
}

KTEST(mpu, user_stack_is_not_executable)
{
	struct fault_info fi;

	user_setup();
	*(volatile uint32_t *)u.stack = BX_LR;
	KT_ASSERT(!probe(user_probe_exec, u.stack, 0, &fi));
	KT_ASSERT_EQ(fi.kind, FAULT_KIND_PREFETCH_ABORT);
	KT_ASSERT_EQ(fi.cls, FAULT_PERMISSION);
	KT_ASSERT_EQ(fi.addr, u.stack);
	expect_user_dabt(user_probe_write, u.code, 0, true, FAULT_PERMISSION); /* own code is RO */
}

/* Two address spaces: a partition of A is not reachable while B is current. */
KTEST(mpu, address_spaces_are_isolated)
{
	struct arch_as *b;
	struct fault_info fi;
	vaddr_t va;

	user_setup();
	va = u.scratch;
	*(volatile uint32_t *)va = 0xaaaa0001;
	KT_ASSERT_EQ(arch_as_map(u.as, va, u.scratch, PAGE_SIZE, MEM_R | MEM_USER), 0);
	KT_ASSERT_EQ(arch_as_create(&b), 0);
	KT_ASSERT_EQ(arch_as_map(b, u.code, u.code, PAGE_SIZE, MEM_RX | MEM_USER), 0);
	KT_ASSERT_EQ(arch_as_map(b, u.stack, u.stack, PAGE_SIZE, MEM_RW | MEM_USER), 0);

	KT_ASSERT(probe(user_probe_read, va, result_va(), &fi));
	KT_ASSERT_EQ(result(), 0xaaaa0001);
	arch_as_switch(b);
	KT_ASSERT(arch_as_current() == b);
	expect_user_dabt(user_probe_read, va, result_va(), false, FAULT_PERMISSION);
	arch_as_switch(u.as);
	KT_ASSERT(probe(user_probe_read, va, result_va(), &fi));
	/* Destroying the current space leaves the kernel alone in the MPU. */
	arch_as_switch(b);
	arch_as_destroy(b);
	KT_ASSERT(arch_as_current() == NULL);
	KT_ASSERT_EQ(*(volatile uint32_t *)va, 0xaaaa0001);
}

/* A partition that needs subregions covers exactly its range: one word either side faults. */
KTEST(mpu, subregion_partition_is_exact)
{
	struct fault_info fi;
	paddr_t start, end;

	user_setup();
	start = u.scratch + 0x1000; /* [4K, 28K) of the 64 KiB scratch: 32 KiB region, srd 0x81 */
	end = u.scratch + 0x7000;
	KT_ASSERT_EQ(arch_as_map(u.as, start, start, end - start, MEM_RW | MEM_USER), 0);
	*(volatile uint32_t *)start = 0x5b0001;
	*(volatile uint32_t *)(end - 4) = 0x5b0002;
	KT_ASSERT(probe(user_probe_read, start, result_va(), &fi));
	KT_ASSERT_EQ(result(), 0x5b0001);
	KT_ASSERT(probe(user_probe_read, end - 4, result_va(), &fi));
	KT_ASSERT_EQ(result(), 0x5b0002);
	expect_user_dabt(user_probe_read, start - 4, result_va(), false, FAULT_PERMISSION);
	expect_user_dabt(user_probe_write, end, 1, true, FAULT_PERMISSION);
}

KTEST(mpu, map_rejects_what_the_mpu_cannot_express)
{
	paddr_t p, got;
	uint32_t attr;

	user_setup();
	p = u.scratch;
	KT_ASSERT_EQ(arch_as_map(u.as, p + PAGE_SIZE, p, PAGE_SIZE, MEM_RW | MEM_USER), -EINVAL);
	KT_ASSERT_EQ(arch_as_map(u.as, p + 16, p + 16, PAGE_SIZE, MEM_RW | MEM_USER), -EINVAL);
	KT_ASSERT_EQ(arch_as_map(u.as, p, p, 16, MEM_RW | MEM_USER), -EINVAL);
	KT_ASSERT_EQ(arch_as_map(u.as, p, p, 0, MEM_RW | MEM_USER), -EINVAL);
	/* 8 KiB across the 32 KiB boundary at p + 0x8000: no region holds it exactly. */
	KT_ASSERT_EQ(arch_as_map(u.as, p + 0x7000, p + 0x7000, 8 * KiB, MEM_RW | MEM_USER),
		     -EINVAL);
	KT_ASSERT_EQ(arch_as_map(u.as, 0xfffff000u, 0xfffff000u, 8 * KiB, MEM_RW), -EINVAL);
	KT_ASSERT_EQ(arch_as_map(u.as, p, p, PAGE_SIZE, MEM_RW | MEM_X | MEM_USER), -EINVAL);
	KT_ASSERT_EQ(arch_as_map(u.as, p, p, PAGE_SIZE, MEM_RW | MEM_DEVICE | MEM_X), -EINVAL);
	/* Only pool pages and the image's user sections: not kernel text, not a device. */
	KT_ASSERT_EQ(arch_as_map(u.as, 0, 0, PAGE_SIZE, MEM_RX | MEM_USER), -EINVAL);
	KT_ASSERT_EQ(arch_as_map(u.as, board.devices[0].base, board.devices[0].base, PAGE_SIZE,
				 MEM_RW | MEM_DEVICE | MEM_USER),
		     -EINVAL);
	/* Nothing was mapped, not even a widened neighbour. */
	KT_ASSERT_EQ(arch_as_lookup(u.as, p + 0x7000, &got, &attr), -ENOENT);
	KT_ASSERT_EQ(arch_as_lookup(u.as, p + 0x8000, &got, &attr), -ENOENT);
	KT_ASSERT_EQ(arch_as_lookup(u.as, p, &got, &attr), -ENOENT);
	/* The same 8 KiB as two partitions is fine, and an overlap is -EEXIST. */
	KT_ASSERT_EQ(arch_as_map(u.as, p + 0x7000, p + 0x7000, 4 * KiB, MEM_RW | MEM_USER), 0);
	KT_ASSERT_EQ(arch_as_map(u.as, p + 0x8000, p + 0x8000, 4 * KiB, MEM_RW | MEM_USER), 0);
	KT_ASSERT_EQ(arch_as_map(u.as, p + 0x6000, p + 0x6000, 8 * KiB, MEM_R | MEM_USER), -EEXIST);
}

KTEST(mpu, lookup_unmap_protect)
{
	paddr_t p, got;
	uint32_t attr;
	struct fault_info fi;

	user_setup();
	p = u.scratch + 0x1000;
	KT_ASSERT_EQ(arch_as_map(u.as, p, p, 24 * KiB, MEM_RW | MEM_USER), 0);
	KT_ASSERT_EQ(arch_as_lookup(u.as, p + 0x10, &got, &attr), 0);
	KT_ASSERT_EQ(got, p + 0x10);
	KT_ASSERT_EQ(attr, MEM_RW | MEM_USER);
	KT_ASSERT_EQ(arch_as_lookup(u.as, p - 4, &got, &attr), -ENOENT); /* disabled subregion */
	KT_ASSERT_EQ(arch_as_protect(u.as, p, 24 * KiB, MEM_RW | MEM_X | MEM_USER), -EINVAL);
	KT_ASSERT_EQ(arch_as_protect(u.as, p, PAGE_SIZE, MEM_R | MEM_USER), -EINVAL); /* part */
	KT_ASSERT_EQ(arch_as_unmap(u.as, p, PAGE_SIZE), -EINVAL); /* no region splitting */
	KT_ASSERT_EQ(arch_as_unmap(u.as, p + 24 * KiB, PAGE_SIZE), -EINVAL); /* not mapped */
	KT_ASSERT(probe(user_probe_write, p, 7, &fi));
	KT_ASSERT_EQ(*(volatile uint32_t *)p, 7);
	KT_ASSERT_EQ(arch_as_unmap(u.as, p, 24 * KiB), 0);
	KT_ASSERT_EQ(arch_as_lookup(u.as, p, &got, &attr), -ENOENT);
	expect_user_dabt(user_probe_write, p, 8, true, FAULT_PERMISSION);
	KT_ASSERT_EQ(arch_as_protect(u.as, p, 24 * KiB, MEM_R | MEM_USER), -EINVAL);
}

/* One partition per region slot: the slots the kernel left, then -ENOSPC, unchanged. */
KTEST(mpu, runs_out_of_region_slots)
{
	unsigned int slots = mpu_user_regions(), mapped = 2; /* code and stack */
	paddr_t got, next;
	uint32_t attr;

	user_setup();
	KT_ASSERT_GE(slots, 4);
	KT_ASSERT_LE(slots, SCRATCH_PAGES);
	KT_ASSERT_LT(slots, mpu_regions());
	for (next = u.scratch; mapped < slots; mapped++, next += PAGE_SIZE)
		KT_ASSERT_EQ(arch_as_map(u.as, next, next, PAGE_SIZE, MEM_RW | MEM_USER), 0);
	KT_ASSERT_EQ(arch_as_map(u.as, next, next, PAGE_SIZE, MEM_RW | MEM_USER), -ENOSPC);
	KT_ASSERT_EQ(arch_as_lookup(u.as, next, &got, &attr), -ENOENT);
	/* Errors that do not depend on room still come first. */
	KT_ASSERT_EQ(arch_as_map(u.as, next + 16, next + 16, PAGE_SIZE, MEM_RW), -EINVAL);
	KT_ASSERT_EQ(arch_as_map(u.as, u.scratch, u.scratch, PAGE_SIZE, MEM_RW), -EEXIST);
	KT_ASSERT_EQ(arch_as_unmap(u.as, u.scratch, PAGE_SIZE), 0);
	KT_ASSERT_EQ(arch_as_map(u.as, next, next, PAGE_SIZE, MEM_RW | MEM_USER), 0);
}

KTEST(mpu, identity_and_alignment)
{
	paddr_t page = mm_page_alloc(1, 1);
	uintptr_t dev = board.devices[0].base, dev_end = dev + board.devices[0].size;

	KT_ASSERT(page != 0);
	KT_ASSERT_EQ(arch_user_va(page), page);
	KT_ASSERT_EQ(arch_user_va(board.ram_base + board.ram_size), 0);
	KT_ASSERT_EQ(arch_mm_device(dev + 0x30, 4), dev + 0x30);
	KT_ASSERT_EQ(arch_mm_device(dev_end - 4, 8), 0); /* runs off the window */
	KT_ASSERT_EQ(arch_mm_device(dev, 0), 0);
	KT_ASSERT_EQ(arch_mm_device(page, 4), 0); /* RAM is no device */
	KT_ASSERT_EQ(arch_as_align(1), 32);
	KT_ASSERT_EQ(arch_as_align(32), 32);
	KT_ASSERT_EQ(arch_as_align(33), 64);
	KT_ASSERT_EQ(arch_as_align(PAGE_SIZE), PAGE_SIZE);
	KT_ASSERT_EQ(arch_as_align(5000), 8 * KiB);
	KT_ASSERT_EQ(arch_as_align(0x80000000u), 0x80000000u);
	KT_ASSERT_EQ(arch_as_align(0x80000001u), 0);
	mm_page_free(page, 1);
}
