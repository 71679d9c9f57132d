/* SPDX-License-Identifier: MIT */
/*
 * MMU protection on an ARMv7-A board, each case asserting the exact fault
 * kind, class, level and address: the kernel image is W^X, page 0 and the
 * stack guards are unmapped, user mode cannot touch privileged mappings,
 * address spaces are isolated, and 300+ address spaces come and go through
 * ASID rollovers without stale translations.
 */
#include <string.h>

#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "test/harness/ktest.h"
#include "test/harness/user_probe.h"

#define TEST_VA 0x20000000u /* a user address no domain uses */
#define BX_LR	0xe12fff1eu

extern char __stack_guard_svc[];
uint32_t arch_asid_rollovers(void);

static const uint32_t some_rodata = 0x12345678;
static uint32_t some_data[4] = {BX_LR};

/* A user address space with the probe code, a stack page and a scratch page. */
static struct {
	struct arch_as *as;
	paddr_t code, stack, scratch;
} u;

static void user_setup(void)
{
	KT_ASSERT_EQ(arch_as_create(&u.as), 0);
	u.code = mm_page_alloc(1, 1);
	u.stack = mm_page_alloc(1, 1);
	u.scratch = mm_page_alloc(1, 1);
	KT_ASSERT(u.code && u.stack && u.scratch);
	memcpy((void *)u.code, user_probe_blob, user_probe_blob_end - user_probe_blob);
	KT_ASSERT_EQ(arch_as_map(u.as, arch_user_va(u.code), u.code, PAGE_SIZE, MEM_RX | MEM_USER),
		     0);
	KT_ASSERT_EQ(
		arch_as_map(u.as, arch_user_va(u.stack), u.stack, PAGE_SIZE, MEM_RW | MEM_USER), 0);
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
		mm_page_free(u.scratch, 1);
	memset(&u, 0, sizeof(u));
}

/* Run probe @probe in u.as; the loaded word of a read lands at the top of the stack page. */
static bool probe(const uint8_t *probe, uintptr_t a0, uintptr_t a1, struct fault_info *fi)
{
	vaddr_t code = arch_user_va(u.code);
	vaddr_t sp = arch_user_va(u.stack) + PAGE_SIZE - 16;

	return ktest_user_run(code + USER_PROBE_OFF(probe), a0, a1, sp, fi);
}

static vaddr_t result_va(void)
{
	return arch_user_va(u.stack) + PAGE_SIZE - 8;
}

static uint32_t result(void)
{
	return *(volatile uint32_t *)(u.stack + PAGE_SIZE - 8);
}

KTEST_SUITE(mmu, NULL, user_teardown);

KTEST(mmu, kernel_text_is_read_only)
{
	struct fault_info fi;

	KT_EXPECT_FAULT(ktest_write_word, (void *)ktest_read_word, FAULT_KIND_DATA_ABORT,
			FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)ktest_read_word);
	KT_ASSERT_EQ(fi.level, 2);
	KT_ASSERT(fi.is_write);
}

KTEST(mmu, rodata_is_read_only)
{
	struct fault_info fi;

	KT_ASSERT_EQ(*(volatile const uint32_t *)&some_rodata, 0x12345678);
	KT_EXPECT_FAULT(ktest_write_word, (void *)&some_rodata, FAULT_KIND_DATA_ABORT,
			FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)&some_rodata);
}

KTEST(mmu, data_is_not_executable)
{
	struct fault_info fi;

	KT_EXPECT_FAULT(ktest_call, some_data, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)some_data);
	/* A page or a 1 MiB section, as the image's layout puts .data. */
	KT_ASSERT(fi.level == 1 || fi.level == 2);
}

KTEST(mmu, stack_is_not_executable)
{
	volatile uint32_t code[2] = {BX_LR, BX_LR};
	struct fault_info fi;

	KT_EXPECT_FAULT(ktest_call, (void *)code, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)code);
}

KTEST(mmu, heap_is_not_executable)
{
	uint32_t *p = kmalloc(16);
	struct fault_info fi;

	KT_ASSERT(p != NULL);
	p[0] = BX_LR;
	KT_EXPECT_FAULT(ktest_call, p, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)p);
	kfree(p);
}

KTEST(mmu, page_zero_is_never_mapped)
{
	struct fault_info fi;

	KT_EXPECT_FAULT(ktest_read_word, (void *)0, FAULT_KIND_DATA_ABORT, FAULT_TRANSLATION, &fi);
	KT_ASSERT_EQ(fi.addr, 0);
	KT_ASSERT_EQ(fi.level, 1);
	user_setup();
	KT_ASSERT_EQ(arch_as_map(u.as, 0, u.scratch, PAGE_SIZE, MEM_R | MEM_USER), -EINVAL);
	KT_EXPECT_FAULT(ktest_read_word, (void *)8, FAULT_KIND_DATA_ABORT, FAULT_TRANSLATION, &fi);
	KT_ASSERT_EQ(fi.addr, 8);
}

KTEST(mmu, stack_guard_page_faults)
{
	struct fault_info fi;
	void *guard = __stack_guard_svc + 0x100;

	KT_EXPECT_FAULT(ktest_write_word, guard, FAULT_KIND_DATA_ABORT, FAULT_TRANSLATION, &fi);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)guard);
	KT_ASSERT_EQ(fi.level, 2);
}

KTEST(mmu, map_rejects_bad_requests)
{
	paddr_t pa, got;
	uint32_t attr;

	user_setup();
	pa = u.scratch;
	KT_ASSERT_EQ(arch_as_map(u.as, TEST_VA + 4, pa, PAGE_SIZE, MEM_RW), -EINVAL);
	KT_ASSERT_EQ(arch_as_map(u.as, TEST_VA, pa, PAGE_SIZE, MEM_RW | MEM_X), -EINVAL);
	KT_ASSERT_EQ(arch_as_map(u.as, 0x40000000, pa, PAGE_SIZE, MEM_RW), -EINVAL);
	KT_ASSERT_EQ(arch_as_map(u.as, 0x3ffff000, pa, 2 * PAGE_SIZE, MEM_RW), -EINVAL);
	KT_ASSERT_EQ(arch_as_map(u.as, 0xfffff000, pa, 0x2000, MEM_RW), -EINVAL);
	KT_ASSERT_EQ(arch_as_map(u.as, TEST_VA, pa, PAGE_SIZE, MEM_RW | MEM_USER), 0);
	KT_ASSERT_EQ(arch_as_map(u.as, TEST_VA, pa, PAGE_SIZE, MEM_R), -EEXIST);
	KT_ASSERT_EQ(arch_as_lookup(u.as, TEST_VA + 12, &got, &attr), 0);
	KT_ASSERT_EQ(got, pa + 12);
	KT_ASSERT_EQ(attr, MEM_RW | MEM_USER);
	KT_ASSERT_EQ(arch_as_unmap(u.as, TEST_VA, 2 * PAGE_SIZE), -EINVAL);
	KT_ASSERT_EQ(arch_as_unmap(u.as, TEST_VA, PAGE_SIZE), 0);
	KT_ASSERT_EQ(arch_as_lookup(u.as, TEST_VA, &got, &attr), -ENOENT);
	KT_ASSERT_EQ(arch_as_protect(u.as, TEST_VA, PAGE_SIZE, MEM_R), -EINVAL);
}

/* The same access that user mode may not make, the kernel makes fine. */
KTEST(mmu, user_cannot_use_privileged_mapping)
{
	struct fault_info fi;
	vaddr_t va;

	user_setup();
	va = arch_user_va(u.scratch);
	KT_ASSERT_EQ(arch_as_map(u.as, va, u.scratch, PAGE_SIZE, MEM_RW), 0);
	*(volatile uint32_t *)va = 0xc0ffee; /* kernel, through the user mapping */
	KT_ASSERT_EQ(*(volatile uint32_t *)u.scratch, 0xc0ffee);
	KT_ASSERT(!probe(user_probe_read, va, result_va(), &fi));
	KT_ASSERT_EQ(fi.kind, FAULT_KIND_DATA_ABORT);
	KT_ASSERT_EQ(fi.cls, FAULT_PERMISSION);
	KT_ASSERT_EQ(fi.addr, va);
	KT_ASSERT(fi.is_user);
	/* Granting user access makes the very same probe succeed. */
	KT_ASSERT_EQ(arch_as_protect(u.as, va, PAGE_SIZE, MEM_R | MEM_USER), 0);
	KT_ASSERT(probe(user_probe_read, va, result_va(), &fi));
	KT_ASSERT_EQ(result(), 0xc0ffee);
	/* ... and read-only stays read-only. */
	KT_ASSERT(!probe(user_probe_write, va, 1, &fi));
	KT_ASSERT_EQ(fi.cls, FAULT_PERMISSION);
	KT_ASSERT(fi.is_write);
}

KTEST(mmu, user_cannot_reach_kernel)
{
	struct fault_info fi;

	user_setup();
	KT_ASSERT(!probe(user_probe_read, (uintptr_t)some_data, result_va(), &fi));
	KT_ASSERT_EQ(fi.kind, FAULT_KIND_DATA_ABORT);
	KT_ASSERT_EQ(fi.cls, FAULT_PERMISSION);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)some_data);
	KT_ASSERT(!probe(user_probe_write, (uintptr_t)ktest_read_word, 0, &fi));
	KT_ASSERT_EQ(fi.cls, FAULT_PERMISSION);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)ktest_read_word);
	/* Jumping into kernel text from user mode is a prefetch abort. */
	KT_ASSERT(!probe(user_probe_exec, (uintptr_t)ktest_read_word, 0, &fi));
	KT_ASSERT_EQ(fi.kind, FAULT_KIND_PREFETCH_ABORT);
	KT_ASSERT_EQ(fi.cls, FAULT_PERMISSION);
	KT_ASSERT_EQ(fi.addr, (uintptr_t)ktest_read_word);
}

KTEST(mmu, user_stack_is_not_executable)
{
	struct fault_info fi;
	vaddr_t stack = arch_user_va(0);

	(void)stack;
	user_setup();
	*(volatile uint32_t *)u.stack = BX_LR;
	KT_ASSERT(!probe(user_probe_exec, arch_user_va(u.stack), 0, &fi));
	KT_ASSERT_EQ(fi.kind, FAULT_KIND_PREFETCH_ABORT);
	KT_ASSERT_EQ(fi.cls, FAULT_PERMISSION);
	KT_ASSERT_EQ(fi.addr, arch_user_va(u.stack));
	KT_ASSERT(!probe(user_probe_write, arch_user_va(u.code), 0, &fi));
	KT_ASSERT_EQ(fi.cls, FAULT_PERMISSION); /* own code is read-only */
}

/* Two address spaces, one virtual address: each sees its own page or faults. */
KTEST(mmu, address_spaces_are_isolated)
{
	struct arch_as *b;
	paddr_t pb = mm_page_alloc(1, 1);
	struct fault_info fi;

	user_setup();
	KT_ASSERT(pb != 0);
	*(volatile uint32_t *)u.scratch = 0xaaaa0001;
	*(volatile uint32_t *)pb = 0xbbbb0002;
	KT_ASSERT_EQ(arch_as_map(u.as, TEST_VA, u.scratch, PAGE_SIZE, MEM_R | MEM_USER), 0);
	KT_ASSERT_EQ(arch_as_create(&b), 0);
	KT_ASSERT_EQ(arch_as_map(b, arch_user_va(u.code), u.code, PAGE_SIZE, MEM_RX | MEM_USER), 0);
	KT_ASSERT_EQ(arch_as_map(b, arch_user_va(u.stack), u.stack, PAGE_SIZE, MEM_RW | MEM_USER),
		     0);

	KT_ASSERT(probe(user_probe_read, TEST_VA, result_va(), &fi));
	KT_ASSERT_EQ(result(), 0xaaaa0001);
	arch_as_switch(b);
	KT_ASSERT(!probe(user_probe_read, TEST_VA, result_va(), &fi));
	KT_ASSERT_EQ(fi.cls, FAULT_TRANSLATION);
	KT_ASSERT_EQ(fi.addr, TEST_VA);
	KT_ASSERT_EQ(arch_as_map(b, TEST_VA, pb, PAGE_SIZE, MEM_R | MEM_USER), 0);
	KT_ASSERT(probe(user_probe_read, TEST_VA, result_va(), &fi));
	KT_ASSERT_EQ(result(), 0xbbbb0002);
	KT_ASSERT_EQ(*(volatile uint32_t *)TEST_VA, 0xbbbb0002);
	arch_as_switch(u.as);
	KT_ASSERT_EQ(*(volatile uint32_t *)TEST_VA, 0xaaaa0001);
	arch_as_switch(NULL);
	KT_EXPECT_FAULT(ktest_read_word, (void *)TEST_VA, FAULT_KIND_DATA_ABORT, FAULT_TRANSLATION,
			&fi);
	arch_as_destroy(b);
	mm_page_free(pb, 1);
}

/* 8-bit ASIDs run out after 255 spaces: the generation rolls and nothing stale survives. */
KTEST(mmu, asid_rollover_leaves_no_stale_translation)
{
	paddr_t page[2] = {mm_page_alloc(1, 1), mm_page_alloc(1, 1)};
	uint32_t rolls = arch_asid_rollovers();
	struct page_stats before, after;
	struct heap_stats hb, ha;

	KT_ASSERT(page[0] && page[1]);
	*(volatile uint32_t *)page[0] = 0x1111;
	*(volatile uint32_t *)page[1] = 0x2222;
	mm_page_stats(&before);
	heap_stats(&kheap, &hb);
	for (int i = 0; i < 300; i++) {
		struct arch_as *as;

		KT_ASSERT_EQ(arch_as_create(&as), 0);
		KT_ASSERT_EQ(arch_as_map(as, TEST_VA, page[i & 1], PAGE_SIZE, MEM_R | MEM_USER), 0);
		arch_as_switch(as);
		KT_ASSERT_EQ(*(volatile uint32_t *)TEST_VA, (i & 1) ? 0x2222 : 0x1111);
		arch_as_switch(NULL);
		arch_as_destroy(as);
	}
	KT_ASSERT_GE(arch_asid_rollovers() - rolls, 1);
	mm_page_stats(&after);
	heap_stats(&kheap, &ha);
	KT_ASSERT_EQ(after.free, before.free);
	KT_ASSERT_EQ(ha.used, hb.used);
	mm_page_free(page[0], 1);
	mm_page_free(page[1], 1);
}

KTEST(mmu, sections_map_and_split)
{
	paddr_t pa = mm_page_alloc(256, 256); /* 1 MiB, 1 MiB aligned */
	paddr_t got;
	uint32_t attr;
	struct fault_info fi;

	user_setup();
	KT_ASSERT(pa != 0);
	*(volatile uint32_t *)(pa + 0x54000) = 0x5ec7;
	KT_ASSERT_EQ(arch_as_map(u.as, TEST_VA, pa, 0x100000, MEM_R | MEM_USER), 0);
	KT_ASSERT_EQ(*(volatile uint32_t *)(TEST_VA + 0x54000), 0x5ec7);
	KT_ASSERT_EQ(arch_as_unmap(u.as, TEST_VA + 0x10000, PAGE_SIZE), 0);
	KT_EXPECT_FAULT(ktest_read_word, (void *)(TEST_VA + 0x10000), FAULT_KIND_DATA_ABORT,
			FAULT_TRANSLATION, &fi);
	KT_ASSERT_EQ(fi.level, 2); /* the section became a page table */
	KT_ASSERT_EQ(*(volatile uint32_t *)(TEST_VA + 0x54000), 0x5ec7);
	KT_ASSERT_EQ(arch_as_lookup(u.as, TEST_VA + 0xff000, &got, &attr), 0);
	KT_ASSERT_EQ(got, pa + 0xff000);
	arch_as_switch(NULL);
	arch_as_destroy(u.as);
	u.as = NULL;
	mm_page_free(pa, 256);
}
