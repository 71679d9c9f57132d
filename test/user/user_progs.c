/* SPDX-License-Identifier: MIT */
/* User-mode test programs: see user_progs.h. Only the SDK may be used here. */
#include <sotto/sync.h>

#include "test/user/user_progs.h"

struct utest_shared utest_shared;

void u_spin(uintptr_t slot)
{
	for (;;)
		utest_shared.counter[slot & 3]++;
}

void u_yield_loop(uintptr_t slot)
{
	for (;;) {
		utest_shared.counter[slot & 3]++;
		sot_yield();
	}
}

void u_exit_with(uintptr_t code)
{
	sot_exit((int)code);
}

static uint32_t my_syscalls(void)
{
	struct sot_thread_stats st;

	sot_thread_stats(&st);
	return st.syscalls;
}

void u_null_calls(uintptr_t n)
{
	uint32_t before = my_syscalls();

	for (uintptr_t i = 0; i < n; i++)
		sot_sys_null();
	utest_shared.result[0] = my_syscalls() - before - 1; /* minus the stats call */
	sot_exit(0);
}

void u_usem_uncontended(uintptr_t n)
{
	struct sot_sem *s = (struct sot_sem *)&utest_shared.sem[0];
	uint32_t before = my_syscalls();

	s->value = 1;
	for (uintptr_t i = 0; i < n; i++) {
		sot_usem_take(s, SOT_TIMEOUT_FOREVER);
		sot_usem_give(s);
	}
	utest_shared.result[1] = my_syscalls() - before - 1;
	sot_exit(0);
}

void u_pingpong(uintptr_t side)
{
	struct sot_sem *mine = (struct sot_sem *)&utest_shared.sem[side & 1];
	struct sot_sem *other = (struct sot_sem *)&utest_shared.sem[!(side & 1)];
	uint32_t rounds = utest_shared.result[2];

	for (uint32_t i = 0; i < rounds; i++) {
		if (side == 0)
			sot_usem_give(other);
		sot_usem_take(mine, SOT_TIMEOUT_FOREVER);
		if (side == 1)
			sot_usem_give(other);
	}
	utest_shared.counter[side & 1] = rounds;
	sot_exit(0);
}

static __attribute__((noinline)) uint32_t recurse(volatile uint32_t depth)
{
	volatile uint32_t pad[64];

	pad[0] = depth;
	if (depth > 0x100000u) /* never: the guard page stops it long before */
		return 0;
	return recurse(depth + 1) + pad[0];
}

void u_fault(uintptr_t which)
{
	volatile uint32_t on_stack[2];
	volatile uint32_t word[2];

	on_stack[0] = 0xe12fff1eu; /* bx lr (element by element: no memcpy call) */
	on_stack[1] = 0;

	switch (which) {
	case UF_READ_KERNEL:
		utest_shared.result[3] = *(volatile uint32_t *)utest_shared.result[4];
		break;
	case UF_WRITE_KERNEL:
		*(volatile uint32_t *)utest_shared.result[4] = 1;
		break;
	case UF_WRITE_OWN_CODE:
		*(volatile uint32_t *)(uintptr_t)u_spin = 0;
		break;
	case UF_EXEC_STACK:
		((void (*)(void))(uintptr_t)on_stack)();
		break;
	case UF_UNDEFINED:
		__asm__ volatile("udf #0x42");
		break;
	case UF_PRIV_MCR:
		__asm__ volatile("mcr p15, 0, %0, c1, c0, 0" ::"r"(0)); /* write SCTLR */
		break;
	case UF_ALIGNMENT: {
		uint32_t v;

		/* LDREX needs a word-aligned address whatever SCTLR.A says. */
		__asm__ volatile("ldrex %0, [%1]" : "=r"(v) : "r"((uintptr_t)word + 1));
		utest_shared.result[3] = v;
		break;
	}
	case UF_STACK_OVERFLOW:
		utest_shared.result[3] = recurse(0);
		break;
	case UF_BAD_SYSCALL:
		sot_syscall6(0x7fff, 0, 0, 0, 0, 0, 0);
		break;
	case UF_BAD_POINTER:
		utest_shared.result[3] = (uint32_t)sot_log((const char *)utest_shared.result[4], 8);
		break;
	default:
		break;
	}
	utest_shared.flag = 0xdead; /* not reached when the fault is contained */
	sot_exit(-1);
}

/*
 * Fill r1-r6, r8-r12 with known values, make a null system call, and check
 * every register came back unchanged and r0 is the result: the kernel
 * leaks nothing into, and takes nothing from, the caller's registers.
 */
void u_regs_check(uintptr_t unused)
{
	uint32_t bad;

	(void)unused;
	__asm__ volatile("push {r4-r11}\n\t"
			 "movw r1, #0x1111\n\t"
			 "movt r1, #0x1111\n\t"
			 "movw r2, #0x2222\n\t"
			 "movt r2, #0x2222\n\t"
			 "movw r3, #0x3333\n\t"
			 "movt r3, #0x3333\n\t"
			 "movw r4, #0x4444\n\t"
			 "movt r4, #0x4444\n\t"
			 "movw r5, #0x5555\n\t"
			 "movt r5, #0x5555\n\t"
			 "movw r6, #0x6666\n\t"
			 "movt r6, #0x6666\n\t"
			 "movw r8, #0x8888\n\t"
			 "movt r8, #0x8888\n\t"
			 "movw r9, #0x9999\n\t"
			 "movt r9, #0x9999\n\t"
			 "movw r10, #0xaaaa\n\t"
			 "movt r10, #0xaaaa\n\t"
			 "movw r11, #0xbbbb\n\t"
			 "movt r11, #0xbbbb\n\t"
			 "movw r12, #0xcccc\n\t"
			 "movt r12, #0xcccc\n\t"
			 "mov r0, #0x77\n\t"
			 "mov r7, #0\n\t" /* null */
			 "svc #0\n\t"
			 "movw r7, #0x1111\n\t"
			 "movt r7, #0x1111\n\t"
			 "eor r7, r7, r1\n\t"
			 "movw r1, #0x2222\n\t"
			 "movt r1, #0x2222\n\t"
			 "eor r1, r1, r2\n\t"
			 "orr r7, r7, r1\n\t"
			 "movw r1, #0x3333\n\t"
			 "movt r1, #0x3333\n\t"
			 "eor r1, r1, r3\n\t"
			 "orr r7, r7, r1\n\t"
			 "movw r1, #0x4444\n\t"
			 "movt r1, #0x4444\n\t"
			 "eor r1, r1, r4\n\t"
			 "orr r7, r7, r1\n\t"
			 "movw r1, #0x5555\n\t"
			 "movt r1, #0x5555\n\t"
			 "eor r1, r1, r5\n\t"
			 "orr r7, r7, r1\n\t"
			 "movw r1, #0x6666\n\t"
			 "movt r1, #0x6666\n\t"
			 "eor r1, r1, r6\n\t"
			 "orr r7, r7, r1\n\t"
			 "movw r1, #0x8888\n\t"
			 "movt r1, #0x8888\n\t"
			 "eor r1, r1, r8\n\t"
			 "orr r7, r7, r1\n\t"
			 "movw r1, #0x9999\n\t"
			 "movt r1, #0x9999\n\t"
			 "eor r1, r1, r9\n\t"
			 "orr r7, r7, r1\n\t"
			 "movw r1, #0xaaaa\n\t"
			 "movt r1, #0xaaaa\n\t"
			 "eor r1, r1, r10\n\t"
			 "orr r7, r7, r1\n\t"
			 "movw r1, #0xbbbb\n\t"
			 "movt r1, #0xbbbb\n\t"
			 "eor r1, r1, r11\n\t"
			 "orr r7, r7, r1\n\t"
			 "movw r1, #0xcccc\n\t"
			 "movt r1, #0xcccc\n\t"
			 "eor r1, r1, r12\n\t"
			 "orr r7, r7, r1\n\t"
			 "orr r7, r7, r0\n\t" /* the result must be 0 */
			 "mov %0, r7\n\t"
			 "pop {r4-r11}"
			 : "=r"(bad)
			 :
			 : "r0", "r1", "r2", "r3", "r12", "memory");
	utest_shared.result[5] = bad;
	sot_exit(0);
}
