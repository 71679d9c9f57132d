/* SPDX-License-Identifier: MIT */
/* User-mode functions for the upcall tests: see user_upcall.h. Only the SDK may be used here. */
#include <sotto/sotto.h>

#include "test/user/user_progs.h"
#include "test/user/user_upcall.h"

uint32_t uc_null(void)
{
	return 0;
}

uint32_t uc_args(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	volatile uint32_t on_stack[4];

	on_stack[0] = a0; /* element by element: no memcpy call */
	on_stack[1] = a1;
	on_stack[2] = a2;
	on_stack[3] = a3;
	for (int i = 0; i < 4; i++)
		utest_shared.result[i] = on_stack[i];
	return a0 + a1 + a2 + a3;
}

uint32_t uc_syscall(void)
{
	struct sot_thread_stats st;

	if (sot_thread_stats(&st))
		return 0xbad;
	return st.syscalls;
}

uint32_t uc_spin(void)
{
	for (;;)
		utest_shared.counter[0]++;
}

uint32_t uc_spin_syscalls(void)
{
	for (;;) {
		utest_shared.counter[1]++;
		sot_sys_null();
	}
}

uint32_t uc_sleep(void)
{
	sot_sleep_us(SOT_TIMEOUT_FOREVER);
	utest_shared.result[6] = 0xdead; /* not reached: the upcall ends in the call */
	return 0;
}

uint32_t uc_exec_data(void)
{
	utest_shared.buf[0] = 0xe12fff1eu; /* bx lr */
	return ((uint32_t(*)(void))(uintptr_t)utest_shared.buf)();
}

uint32_t uc_exit(uint32_t code)
{
	sot_exit((int)code);
	return 0xdead; /* not reached: exit ends the upcall */
}

uint32_t uc_wait_flag(uint32_t syscalls, uint32_t slot)
{
	volatile uint32_t mark[8];
	uint32_t rounds = 0;

	for (uint32_t i = 0; i < 8; i++)
		mark[i] = slot * 8 + i;
	while (!utest_shared.flag) {
		rounds++;
		utest_shared.counter[slot & 3]++;
		if (syscalls)
			sot_sys_null();
	}
	for (uint32_t i = 0; i < 8; i++)
		if (mark[i] != slot * 8 + i)
			return 0xbad;
	return rounds;
}
