/* SPDX-License-Identifier: MIT */
/*
 * Hostile system calls. Every call that takes a user pointer or a handle is
 * made from user mode (test/user/user_hostile.c) with arguments meant to
 * break it: kernel text, data, heap and stack, the device window, page 0,
 * holes in the user window, the caller's own read-only memory for calls
 * that write, ranges that run off a partition or wrap around 4 GiB,
 * misaligned futex words, and handles that are invalid, revoked, of the
 * wrong type, without the right, or another domain's. The calling domain
 * has fault_on_bad_pointer clear, so every call returns, and every call
 * states the exact result user mode must see. A run leaves the kernel
 * heap, the page pool and the kernel object counts exactly as it found them.
 *
 * The calls come from three tables, expanded in this order:
 *   pointer_calls x bad_pointers  each pointer argument with each bad address
 *   handle_calls x bad_handles    each handle argument with each bad handle,
 *                                 plus its wrong-type and missing-right cases
 *   rows                          everything else, in order (some change state)
 * A new system call gets entries in these tables (and its objects in the
 * fixture), or a place in no_pointer_or_handle[]:
 * hostile.every_syscall_has_rows fails until one of them names it.
 */
#include <stdio.h>
#include <string.h>

#include "kernel/errno.h"
#include "kernel/ktimer.h"
#include "kernel/msgq.h"
#include "kernel/mutex.h"
#include "kernel/sem.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "test/harness/ktest.h"
#include "test/kernel/hostile.h"

#define LOG_REFILL_US 110000 /* one sys_log refill period and a margin */
#define MSG	      HOSTILE_MSG
#define MAIN_PRIO     HOSTILE_PRIO

/* A module call from a thread that is no module instance (kernel/sys_module.h). */
#define NOT_A_MODULE (CONFIG_MODULES_USER ? -EPERM : -ENOSYS)

/* Load addresses from the linker script. */
extern char __uimg_text_start[];

/* A system call with a pointer argument: @ptr_arg takes each of bad_pointers[]. */
struct pointer_call {
	uint32_t nr;
	uint8_t ptr_arg;
	struct arg a[6];
};

/* Addresses no domain of this suite may reach with any access of 1 to 16 bytes. */
static const struct {
	const char *what;
	struct arg a;
} bad_pointers[] = {
	{"kernel text", KTEXT(0)},
	{"kernel data", KDATA(0)},
	{"kernel heap", KHEAP(0)},
	{"own kernel stack", KSTACK(0)},
	{"device window", IMM(0xf0000000)},
	{"high vectors", IMM(0xffff0000)},
	{"NULL", IMM(0)},
	{"page 0", IMM(0x10)},
	{"end of page 0", IMM(0xff0)},
	{"user window hole", IMM(0x08000000)},
	{"user window hole above RAM", IMM(0x20000000)},
	{"top of the user window", IMM(0x3ffff000)},
	{"kernel image seen through the user window", UALIAS(0)},
	{"own stack guard", GUARD(0)},
	{"end of own stack guard", GUARD(PAGE_SIZE - 16)},
	{"one past own stack", STACK_TOP(0)},
	{"one past own rw data", URW_END(0)},
	{"last word before 4 GiB", IMM(0xfffffffc)},
};

static const struct pointer_call pointer_calls[] = {
	{SYS_log, 0, {PTR, IMM(16)}},
	{SYS_thread_stats, 0, {PTR}},
	{SYS_futex_wait, 0, {PTR, IMM(0), FOREVER}},
	{SYS_futex_wake, 0, {PTR, IMM(1)}},
	{SYS_msgq_send, 1, {HND(H_MSGQ), PTR, IMM(MSG), FOREVER}},
	{SYS_msgq_recv, 1, {HND(H_MSGQ), PTR, IMM(MSG), FOREVER}},
	{SYS_ipc_msg_send, 1, {IMM(1), PTR, IMM(8)}},
};

/* Handle values that name nothing in domain A. */
static const struct {
	const char *what;
	struct arg a;
} bad_handles[] = {
	{"0", IMM(0)},
	{"-1", IMM(-1)},
	{"0x7fffffff", IMM(0x7fffffff)},
	{"INT_MIN", IMM(0x80000000)},
	{"generation 0", IMM(0x0001)},
	{"past the generation bits", IMM(0x8101)},
	{"never granted", IMM(0x100 | 63)},
	{"index past the table", IMM(0x100 | 64)},
	{"revoked", HND(H_STALE)},
	{"next generation of a live one", NEXT_GEN(H_SEM)},
	{"another domain's", HND(H_OTHER)},
};

/*
 * A system call with a handle in a0: it gets every bad handle (-EBADF),
 * then @wrong_type (-EINVAL) and @no_right (-EACCES) where given.
 */
struct handle_call {
	uint32_t nr;
	struct arg a[6];
	enum handle_id wrong_type, no_right;
};

static const struct handle_call handle_calls[] = {
	{SYS_sem_take, {HANDLE, FOREVER}, H_MUTEX, H_SEM_SIGNAL},
	{SYS_sem_give, {HANDLE}, H_THREAD, H_SEM_WAIT},
	{SYS_mutex_lock, {HANDLE, FOREVER}, H_SEM, H_MUTEX_SIGNAL},
	{SYS_mutex_unlock, {HANDLE}, H_THREAD, H_MUTEX_WAIT},
	{SYS_handle_revoke, {HANDLE}, H_NONE, H_NONE},
	{SYS_msgq_send, {HANDLE, SCRATCH(0), IMM(MSG), FOREVER}, H_SEM, H_MSGQ_READ},
	{SYS_msgq_recv, {HANDLE, SCRATCH(0), IMM(MSG), FOREVER}, H_SEM, H_MSGQ_WRITE},
	{SYS_timer_start, {HANDLE, IMM(1000), IMM(0), IMM(0)}, H_MUTEX, H_TIMER_WAIT},
	{SYS_timer_stop, {HANDLE}, H_MSGQ, H_TIMER_WAIT},
	{SYS_timer_wait, {HANDLE, FOREVER}, H_SEM, H_TIMER_WRITE},
};

/* Made in this order by one thread of domain A; later rows see earlier rows' effects. */
static const struct row rows[] = {
	ROW(log, -EFAULT, "rw data into unmapped", URW_END(-8), IMM(16)),
	ROW(log, -EFAULT, "stack into unmapped", STACK_TOP(-8), IMM(16)),
	ROW(log, -EFAULT, "guard into stack", STACK_LO(-8), IMM(16)),
	ROW(log, -EFAULT, "user window into kernel", IMM(0x3ffffff8), IMM(16)),
	ROW(log, -EFAULT, "wraps", IMM(0xfffffff0), IMM(0x20)),
	ROW(log, -EFAULT, "ends at 4 GiB", IMM(0xffffff80), IMM(0x80)),
	ROW(log, -EFAULT, "length ~0 at kernel text", KTEXT(0), IMM(0xffffffff)),
	ROW(log, -EFAULT, "length ~0 at ~0", IMM(0xffffffff), IMM(0xffffffff)),

	ROW(thread_stats, -EFAULT, "own code", UTEXT(0)),
	ROW(thread_stats, -EFAULT, "own rodata", URO(0)),
	ROW(thread_stats, -EFAULT, "rodata into rw data", URO_END(-8)),
	ROW(thread_stats, -EFAULT, "rw data into unmapped", URW_END(-8)),
	ROW(thread_stats, -EFAULT, "stack into unmapped", STACK_TOP(-8)),
	ROW(thread_stats, -EFAULT, "guard into stack", STACK_LO(-8)),
	ROW(thread_stats, -EFAULT, "wraps", IMM(0xfffffff8)),
	ROW(thread_stats, -EFAULT, "ends at 4 GiB", IMM(0xfffffff0)),
	ROW(thread_stats, 0, "misaligned", SCRATCH(1)),
	ROW(thread_stats, 0, "bottom of own stack", STACK_LO(0)),
	ROW(thread_stats, 0, "valid", SCRATCH(0)),

	ROW(futex_wait, -EFAULT, "misaligned by 1", SCRATCH(33), IMM(0), FOREVER),
	ROW(futex_wait, -EFAULT, "misaligned by 2", SCRATCH(34), IMM(0), FOREVER),
	ROW(futex_wait, -EFAULT, "misaligned by 3", SCRATCH(35), IMM(0), FOREVER),
	ROW(futex_wait, -EFAULT, "misaligned across the rw end", URW_END(-2), IMM(0), FOREVER),
	ROW(futex_wait, -EFAULT, "own code", UTEXT(0), IMM(0), FOREVER),
	ROW(futex_wait, -EFAULT, "own rodata", URO(0), IMM(0), FOREVER),
	ROW(futex_wait, -EFAULT, "last word of rodata", URO_END(-4), IMM(0), FOREVER),
	ROW(futex_wait, -EAGAIN, "word differs", SCRATCH(32), IMM(1), FOREVER),
	ROW(futex_wait, -ETIMEDOUT, "no wait", SCRATCH(32), IMM(0), NO_WAIT),
	ROW(futex_wait, -ETIMEDOUT, "100 us", SCRATCH(32), IMM(0), TIMEOUT_US(100)),
	ROW(futex_wait, -ETIMEDOUT, "own stack", STACK_LO(64), IMM(0), NO_WAIT),
	ROW(futex_wake, -EFAULT, "misaligned", SCRATCH(34), IMM(1)),
	ROW(futex_wake, -EFAULT, "own code", UTEXT(0), IMM(1)),
	ROW(futex_wake, -EFAULT, "own rodata", URO(0), IMM(1)),
	ROW(futex_wake, 0, "valid", SCRATCH(32), IMM(1)),
	ROW(futex_wake, 0, "count ~0", SCRATCH(32), IMM(0xffffffff)),

	ROW(sem_take, -ETIMEDOUT, "empty, no wait", HND(H_SEM), NO_WAIT),
	ROW(sem_take, -ETIMEDOUT, "empty, 100 us", HND(H_SEM), TIMEOUT_US(100)),
	ROW(sem_give, 0, "valid", HND(H_SEM_SIGNAL)),
	ROW(sem_give, -EOVERFLOW, "past its limit", HND(H_SEM)),
	ROW(sem_take, 0, "valid", HND(H_SEM_WAIT), NO_WAIT),
	ROW(mutex_unlock, -EPERM, "not the owner", HND(H_MUTEX)),
	ROW(mutex_lock, 0, "valid", HND(H_MUTEX_WAIT), NO_WAIT),
	ROW(mutex_lock, 0, "recursive", HND(H_MUTEX), FOREVER),
	ROW(mutex_unlock, 0, "valid", HND(H_MUTEX_SIGNAL)),
	ROW(mutex_unlock, 0, "last level", HND(H_MUTEX)),
	ROW(mutex_unlock, -EPERM, "once too often", HND(H_MUTEX)),

	/* Checked in this order: handle, length, pointer; then the queue. */
	ROW(msgq_send, -EINVAL, "length is not the message size", HND(H_MSGQ), SCRATCH(0),
	    IMM(MSG - 1), FOREVER),
	ROW(msgq_send, -EINVAL, "length 0 at kernel text", HND(H_MSGQ), KTEXT(0), IMM(0), FOREVER),
	ROW(msgq_send, -EINVAL, "length ~0", HND(H_MSGQ), SCRATCH(0), IMM(0xffffffff), FOREVER),
	ROW(msgq_recv, -EINVAL, "length past MSGQ_MSG_MAX", HND(H_MSGQ), SCRATCH(0),
	    IMM(MSGQ_MSG_MAX + 1), FOREVER),
	ROW(msgq_send, -EFAULT, "rw data into unmapped", HND(H_MSGQ), URW_END(-8), IMM(MSG),
	    FOREVER),
	ROW(msgq_send, -EFAULT, "wraps", HND(H_MSGQ), IMM(0xfffffff8), IMM(MSG), FOREVER),
	ROW(msgq_recv, -EFAULT, "into own code", HND(H_MSGQ), UTEXT(0), IMM(MSG), FOREVER),
	ROW(msgq_recv, -EFAULT, "into own rodata", HND(H_MSGQ), URO(0), IMM(MSG), FOREVER),
	ROW(msgq_recv, -EFAULT, "rodata into rw data", HND(H_MSGQ), URO_END(-8), IMM(MSG), FOREVER),
	ROW(msgq_recv, -EFAULT, "stack into unmapped", HND(H_MSGQ), STACK_TOP(-8), IMM(MSG),
	    FOREVER),
	ROW(msgq_recv, -EFAULT, "guard into stack", HND(H_MSGQ), STACK_LO(-8), IMM(MSG), FOREVER),
	ROW(msgq_send, 0, "from own code", HND(H_MSGQ), UTEXT(0), IMM(MSG), NO_WAIT),
	ROW(msgq_send, 0, "valid", HND(H_MSGQ_WRITE), LOGMSG(0), IMM(MSG), NO_WAIT),
	ROW(msgq_send, -ETIMEDOUT, "full, no wait", HND(H_MSGQ), SCRATCH(0), IMM(MSG), NO_WAIT),
	ROW(msgq_send, -ETIMEDOUT, "full, 100 us", HND(H_MSGQ), SCRATCH(0), IMM(MSG),
	    TIMEOUT_US(100)),
	ROW(msgq_recv, 0, "misaligned buffer", HND(H_MSGQ_READ), SCRATCH(1), IMM(MSG), NO_WAIT),
	ROW(msgq_recv, 0, "into own stack", HND(H_MSGQ), STACK_LO(128), IMM(MSG), NO_WAIT),
	ROW(msgq_recv, -ETIMEDOUT, "empty, no wait", HND(H_MSGQ), SCRATCH(0), IMM(MSG), NO_WAIT),
	ROW(msgq_recv, -ETIMEDOUT, "empty, 100 us", HND(H_MSGQ), SCRATCH(0), IMM(MSG),
	    TIMEOUT_US(100)),

	ROW(timer_start, -EINVAL, "first expiry past a day", HND(H_TIMER), IMM(0x1dd76001),
	    IMM(0x14), IMM(0)),
	ROW(timer_start, -EINVAL, "first expiry ~0", HND(H_TIMER), IMM(0xffffffff), IMM(0xffffffff),
	    IMM(0)),
	ROW(timer_start, -EINVAL, "period under the minimum", HND(H_TIMER), IMM(100), IMM(0),
	    IMM(KTIMER_PERIOD_MIN_US - 1)),
	ROW(timer_start, -EINVAL, "period 1 us", HND(H_TIMER), IMM(100), IMM(0), IMM(1)),
	ROW(timer_wait, 0, "stopped, nothing counted", HND(H_TIMER), FOREVER),
	ROW(timer_start, 0, "one-shot", HND(H_TIMER_WRITE), IMM(100), IMM(0), IMM(0)),
	ROW(timer_wait, 1, "its expiry", HND(H_TIMER_WAIT), FOREVER),
	ROW(timer_wait, 0, "after a one-shot", HND(H_TIMER), FOREVER),
	ROW(timer_start, 0, "periodic, a second away", HND(H_TIMER), IMM(1000000), IMM(0),
	    IMM(KTIMER_PERIOD_MIN_US)),
	ROW(timer_wait, -ETIMEDOUT, "not yet", HND(H_TIMER), NO_WAIT),
	ROW(timer_stop, 0, "valid", HND(H_TIMER_WRITE)),
	ROW(timer_wait, 0, "stopped", HND(H_TIMER), FOREVER),
	ROW(timer_stop, 0, "twice", HND(H_TIMER)),

	/*
	 * The module calls (kernel/sys_module.h) check their own arguments,
	 * then whether the audio layer serves them (not where images are
	 * called directly), then the caller, which here is no module instance.
	 */
	ROW(ipc_msg_send, -EMSGSIZE, "9 bytes", IMM(1), SCRATCH(0), IMM(9)),
	ROW(ipc_msg_send, -EMSGSIZE, "~0 bytes at kernel text", IMM(1), KTEXT(0), IMM(0xffffffff)),
	ROW(ipc_msg_send, NOT_A_MODULE, "valid, from no module", IMM(1), SCRATCH(0), IMM(8)),
	ROW(ipc_msg_send, NOT_A_MODULE, "0 bytes at kernel text, from no module", IMM(1), KTEXT(0),
	    IMM(0)),
	ROW(mod_heap_alloc, -EINVAL, "size 0", IMM(0), IMM(8)),
	ROW(mod_heap_alloc, -EINVAL, "alignment not a power of two", IMM(64), IMM(24)),
	ROW(mod_heap_alloc, -EINVAL, "alignment past a page", IMM(64), IMM(2 * PAGE_SIZE)),
	ROW(mod_heap_alloc, NOT_A_MODULE, "valid, from no module", IMM(64), IMM(8)),
	ROW(mod_heap_free, NOT_A_MODULE, "kernel heap, from no module", KHEAP(0)),
	ROW(send_resource_notif, NOT_A_MODULE, "valid, from no module", IMM(3), IMM(0), IMM(0)),

	ROW(handle_revoke, 0, "a thread handle", HND(H_THREAD)),
	ROW(handle_revoke, -EBADF, "twice", HND(H_THREAD)),
	ROW(sem_give, -EBADF, "revoked, no longer the wrong type", HND(H_THREAD)),
	ROW(handle_revoke, 0, "one of three on a semaphore", HND(H_SEM_SIGNAL)),
	ROW(sem_give, -EBADF, "revoked", HND(H_SEM_SIGNAL)),
	ROW(sem_give, 0, "its other handle still works", HND(H_SEM)),
	ROW(sem_take, 0, "and the third", HND(H_SEM_WAIT), NO_WAIT),
};

/*
 * sys_log calls that print, each made by a fresh thread of A: a thread's
 * rate limit lets it print one line once the counter is past one refill
 * period (100 ms), a burst only past eight (kernel/syscall.c).
 */
static const struct row log_rows[] = {
	ROW(log, 0, "length 0 reads nothing", KTEXT(0), IMM(0)),
	ROW(log, 8, "valid", LOGMSG(0), IMM(8)),
	ROW(log, 128, "length ~0 is clamped to 128", LOGMSG(0), IMM(0xffffffff)),
	ROW(log, -EFAULT, "rodata into the unmapped gap after it", URO_END(-8), IMM(16)),
};

/* Made by a thread of domain B afterwards: the handle A could not use is valid in B. */
static const struct row rows_in_b[] = {
	ROW(sem_give, 0, "another domain's handle in its own domain", HND(H_OTHER)),
	ROW(sem_take, 0, "another domain's handle in its own domain", HND(H_OTHER), NO_WAIT),
};

/* System calls that take neither a user pointer nor a handle (mod_heap_free never reads its). */
static const uint32_t no_pointer_or_handle[] = {
	SYS_null,	   SYS_thread_exit,	   SYS_yield, SYS_sleep_us, SYS_mod_heap_alloc,
	SYS_mod_heap_free, SYS_send_resource_notif};

static void add_pointer_calls(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(pointer_calls); i++) {
		const struct pointer_call *pc = &pointer_calls[i];

		for (size_t j = 0; j < ARRAY_SIZE(bad_pointers); j++) {
			struct arg a[6];

			memcpy(a, pc->a, sizeof(a));
			a[pc->ptr_arg] = bad_pointers[j].a;
			hostile_add("bad pointer", bad_pointers[j].what, pc->nr, a, -EFAULT);
		}
	}
}

static void add_handle_calls(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(handle_calls); i++) {
		const struct handle_call *hc = &handle_calls[i];
		struct arg a[6];

		memcpy(a, hc->a, sizeof(a));
		for (size_t j = 0; j < ARRAY_SIZE(bad_handles); j++) {
			a[0] = bad_handles[j].a;
			hostile_add("bad handle", bad_handles[j].what, hc->nr, a, -EBADF);
		}
		if (hc->wrong_type != H_NONE) {
			a[0] = (struct arg)HND(hc->wrong_type);
			hostile_add("handle of the wrong type", NULL, hc->nr, a, -EINVAL);
		}
		if (hc->no_right != H_NONE) {
			a[0] = (struct arg)HND(hc->no_right);
			hostile_add("handle without the right", NULL, hc->nr, a, -EACCES);
		}
	}
}

KTEST_SUITE(hostile, hostile_setup, hostile_teardown);

static bool names(uint32_t nr)
{
	for (size_t i = 0; i < ARRAY_SIZE(pointer_calls); i++)
		if (pointer_calls[i].nr == nr)
			return true;
	for (size_t i = 0; i < ARRAY_SIZE(handle_calls); i++)
		if (handle_calls[i].nr == nr)
			return true;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		if (rows[i].nr == nr)
			return true;
	for (size_t i = 0; i < ARRAY_SIZE(no_pointer_or_handle); i++)
		if (no_pointer_or_handle[i] == nr)
			return true;
	return false;
}

/* A system call added to kernel/syscall_list.h without hostile rows fails here. */
KTEST(hostile, every_syscall_has_rows)
{
	unsigned int missing = 0;

	for (uint32_t nr = 0; nr < SYSCALL_NR; nr++) {
		if (names(nr))
			continue;
		printf("hostile: system call %lu (%s) has no rows in test/kernel/test_hostile.c\n",
		       (unsigned long)nr, hostile_sys_name(nr));
		missing++;
	}
	KT_ASSERT_EQ(missing, 0);
}

KTEST(hostile, bad_arguments_get_exact_errors)
{
	unsigned int in_b, logs, wrong, contained = fault_contained_count();

	add_pointer_calls();
	add_handle_calls();
	hostile_add_rows(rows, ARRAY_SIZE(rows));
	in_b = hfx.nxc;
	hostile_add_rows(rows_in_b, ARRAY_SIZE(rows_in_b));
	logs = hfx.nxc;
	hostile_add_rows(log_rows, ARRAY_SIZE(log_rows));
	printf("hostile: %u calls\n", hfx.nxc);
	wrong = hostile_run(&hfx.a, 0, in_b);
	wrong += hostile_run(&hfx.b, in_b, logs);
	while (timer_uptime_us() < LOG_REFILL_US)
		thread_sleep_us(10000);
	for (unsigned int i = logs; i < hfx.nxc; i++)
		wrong += hostile_run(&hfx.a, i, i + 1);
	KT_ASSERT_EQ(wrong, 0);
	KT_ASSERT_EQ(fault_contained_count(), contained);
	KT_ASSERT_EQ(hfx.faults, 0);
	KT_ASSERT(hostile_canaries_intact());
	KT_ASSERT_EQ(hfx.sem->count, 0);
	KT_ASSERT(hfx.mutex->owner == NULL);
	KT_ASSERT_EQ(msgq_count(hfx.msgq), 0);
	KT_ASSERT(!hfx.timer->running);
	/* The message sent from the caller's code arrived intact at a misaligned address. */
	KT_ASSERT_EQ(memcmp((char *)HS.scratch + 1, __uimg_text_start, MSG), 0);
	hostile_finish();
}

/* Calls that get domain A contained once its fault_on_bad_pointer is set, at the address given. */
static const struct {
	struct row r;
	struct arg addr;
} contain_rows[] = {
	{ROW(log, 0, "kernel data", KDATA(0), IMM(8)), KDATA(0)},
	{ROW(log, 0, "rw data into unmapped", URW_END(-8), IMM(16)), URW_END(-8)},
	{ROW(thread_stats, 0, "own code", UTEXT(0)), UTEXT(0)},
	{ROW(thread_stats, 0, "wraps", IMM(0xfffffff8)), IMM(0xfffffff8)},
	{ROW(futex_wait, 0, "misaligned", SCRATCH(34), IMM(0), FOREVER), SCRATCH(34)},
	{ROW(futex_wake, 0, "kernel text", KTEXT(0), IMM(1)), KTEXT(0)},
};

/* Numbers past the end of the table: always the caller's fault. */
static const uint32_t bad_numbers[] = {
	SYSCALL_NR, SYSCALL_NR + 1, 0x100, 0x7fffffff, 0x80000000, 0xffffffff,
};

/*
 * A domain that asks for it is contained for a bad pointer, with its
 * address; another domain runs on (one level below the contained threads:
 * see hostile_regress.contained_thread_escaped_after_switch for why).
 */
KTEST(hostile, bad_pointer_contained_when_domain_says_so)
{
	uint32_t seen;

	hfx.a.fault_on_bad_pointer = true;
	HS.bystander[0] = 0;
	hfx.bystander = utest_start(&hfx.b, "bystander", uh_bystander, 0, MAIN_PRIO + 2);
	for (size_t k = 0; k < ARRAY_SIZE(contain_rows); k++) {
		const struct row *r = &contain_rows[k].r;

		hostile_expect_contained(hostile_add(r->what, NULL, r->nr, r->a, 0),
					 FAULT_BAD_POINTER, &contain_rows[k].addr);
	}
	thread_sleep_us(2000);
	seen = HS.bystander[0];
	KT_ASSERT_GT(seen, 0);
	thread_sleep_us(2000);
	KT_ASSERT_GT(HS.bystander[0], seen);
	hostile_finish();
	KT_ASSERT_EQ(hfx.bystander_code, -EINTR); /* killed, and it stayed dead */
}

/* A bad system call number is contained even in a domain that only fails bad pointers. */
KTEST(hostile, bad_syscall_number_contained)
{
	static const struct arg args[6] = {IMM(1), IMM(2), IMM(3), IMM(4), IMM(5), IMM(6)};

	KT_ASSERT(!hfx.a.fault_on_bad_pointer);
	for (size_t k = 0; k < ARRAY_SIZE(bad_numbers); k++)
		hostile_expect_contained(hostile_add("bad number", NULL, bad_numbers[k], args, 0),
					 FAULT_BAD_SYSCALL, NULL);
	hostile_finish();
}
