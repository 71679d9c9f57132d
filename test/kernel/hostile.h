/* SPDX-License-Identifier: MIT */
/*
 * Machinery of the hostile-syscall suites (test/kernel/test_hostile*.c):
 * calls described with symbolic arguments (struct arg), turned into numbers
 * once the calling thread exists and made in user mode by
 * test/user/user_hostile.c; a fixture of two domains with the objects and
 * handles the calls name; and the leak check that ends every test.
 */
#ifndef TEST_KERNEL_HOSTILE_H
#define TEST_KERNEL_HOSTILE_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/domain.h"
#include "kernel/fault.h"
#include "kernel/syscall.h"
#include "test/harness/utest.h"
#include "test/kernel/leak_check.h"
#include "test/user/user_hostile.h"

#define HOSTILE_PRIO 16 /* the tests run in "main" at this priority */
#define HOSTILE_MSG  16 /* the fixture queue's message size ... */
#define HOSTILE_MSGS 2	/* ... and capacity */

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* The calls' shared block as the kernel sees it. */
#define HS (*(struct hostile_shared *)utest_k(&hostile_shared))

/* What an argument is; it becomes a number once the calling thread exists. */
enum arg_kind {
	A_IMM,		   /* the value itself */
	A_KTEXT,	   /* kernel text */
	A_KDATA,	   /* kernel data (a canary array of this file) */
	A_KHEAP,	   /* a kernel heap block (canary filled) */
	A_KSTACK,	   /* the calling thread's own kernel stack */
	A_UALIAS,	   /* where the user window shows the kernel image (never mapped for it) */
	A_UTEXT,	   /* the caller's code (RX) */
	A_URO,		   /* its rodata (R) */
	A_URO_END,	   /* the end of its rodata, which is the start of its rw data */
	A_URW_END,	   /* one past its rw data */
	A_LOGMSG,	   /* printable text in its rodata */
	A_SCRATCH,	   /* a writable scratch block in its rw data */
	A_STACK_LO,	   /* the lowest byte of its stack */
	A_STACK_TOP,	   /* one past its stack */
	A_GUARD,	   /* its stack guard page */
	A_HANDLE,	   /* a handle of the fixture (enum handle_id) */
	A_HANDLE_NEXT_GEN, /* that handle's slot with the next generation */
};

struct arg {
	uint8_t kind;
	uint32_t v; /* A_IMM: the value; A_HANDLE*: an enum handle_id; else an offset */
};

/* Argument constructors, one per kind (kept on one line each: clang-format off). */
/* clang-format off */
#define IMM(x)	       {A_IMM, (uint32_t)(x)}
#define KTEXT(o)       {A_KTEXT, (uint32_t)(o)}
#define KDATA(o)       {A_KDATA, (uint32_t)(o)}
#define KHEAP(o)       {A_KHEAP, (uint32_t)(o)}
#define KSTACK(o)      {A_KSTACK, (uint32_t)(o)}
#define UALIAS(o)      {A_UALIAS, (uint32_t)(o)}
#define UTEXT(o)       {A_UTEXT, (uint32_t)(o)}
#define URO(o)	       {A_URO, (uint32_t)(o)}
#define URO_END(o)     {A_URO_END, (uint32_t)(o)}
#define URW_END(o)     {A_URW_END, (uint32_t)(o)}
#define LOGMSG(o)      {A_LOGMSG, (uint32_t)(o)}
#define SCRATCH(o)     {A_SCRATCH, (uint32_t)(o)}
#define STACK_LO(o)    {A_STACK_LO, (uint32_t)(o)}
#define STACK_TOP(o)   {A_STACK_TOP, (uint32_t)(o)}
#define GUARD(o)       {A_GUARD, (uint32_t)(o)}
#define HND(h)	       {A_HANDLE, (h)}
#define NEXT_GEN(h)    {A_HANDLE_NEXT_GEN, (h)}
/* clang-format on */
#define PTR	       IMM(0) /* in pointer_calls: replaced by each bad pointer */
#define HANDLE	       IMM(0) /* in handle_calls: replaced by each bad handle */
#define NO_WAIT	       IMM(0), IMM(0)
#define FOREVER	       IMM(0xffffffff), IMM(0xffffffff)
#define TIMEOUT_US(us) IMM(us), IMM(0)

/* The handles the fixture grants (domain A is the caller, B another domain). */
enum handle_id {
	H_NONE,
	H_SEM,		/* a semaphore (count 0, limit 1), every right */
	H_SEM_WAIT,	/* the same semaphore, RIGHT_WAIT only */
	H_SEM_SIGNAL,	/* the same semaphore, RIGHT_SIGNAL only */
	H_MUTEX,	/* a mutex, every right */
	H_MUTEX_WAIT,	/* the same mutex, RIGHT_WAIT only */
	H_MUTEX_SIGNAL, /* the same mutex, RIGHT_SIGNAL only */
	H_MSGQ,		/* a message queue (HOSTILE_MSGS of HOSTILE_MSG bytes), every right */
	H_MSGQ_READ,	/* the same queue, RIGHT_READ only */
	H_MSGQ_WRITE,	/* the same queue, RIGHT_WRITE only */
	H_TIMER,	/* a timer, every right */
	H_TIMER_WAIT,	/* the same timer, RIGHT_WAIT only */
	H_TIMER_WRITE,	/* the same timer, RIGHT_WRITE only */
	H_THREAD,	/* a thread: the wrong type for every call */
	H_STALE,	/* granted first, then revoked: its slot was reused since */
	H_OTHER,	/* B's semaphore, in a slot that is empty in A */
	H_TEMP,		/* set by a test for an object of its own */
	H_COUNT,
};

struct row {
	const char *what;
	uint32_t nr;
	struct arg a[6];
	int32_t expect;
};

/* A call of system call SYS_@sys that must return @expect_; @what_ says what it tries. */
/* clang-format off */
#define ROW(sys, expect_, what_, ...) {what_, SYS_##sys, {__VA_ARGS__}, expect_}
/* clang-format on */

/* One expanded call, as the kernel side knows it. */
struct hostile_xcall {
	const char *what, *detail;
	uint32_t nr;
	struct arg a[6];
	int32_t expect;
};

/* The fixture, set up before each test of the suites and gone after it. */
struct hostile_fixture {
	struct domain a, b; /* A: the hostile caller (bad pointers only fail); B: another */
	struct sem *sem, *sem_b;
	struct mutex *mutex;
	struct msgq *msgq;
	struct ktimer *timer;
	int h[H_COUNT];		  /* handle values, by enum handle_id */
	uint32_t *kbuf;		  /* a kernel heap block full of canaries */
	struct thread *bystander; /* a thread of B that keeps running, if a test started one */
	int bystander_code;	  /* its exit code, once the fixture killed it */
	struct domain *fault_domain;
	int faults; /* user faults the fixture's handler saw, and the last one's domain */
	struct leak_snap before;
	struct hostile_xcall xc[HOSTILE_MAX_CALLS];
	unsigned int nxc;
};

extern struct hostile_fixture hfx;

/* Suite setup and teardown; hostile_finish() ends a test that passed: nothing may leak. */
void hostile_setup(void);
void hostile_teardown(void);
void hostile_finish(void);

/* obj_grant() that must succeed. */
int hostile_grant(struct domain *d, struct kobj *o, uint32_t rights);

/*
 * Run call @i alone in domain A: the domain must be contained for it, as
 * class @cls at the address @addr stands for (not checked if NULL), and the
 * call must never return to user mode.
 */
void hostile_expect_contained(unsigned int i, enum fault_class cls, const struct arg *addr);

/* The fixture's fault handler (installed by hostile_setup()). */
void hostile_on_user_fault(struct domain *d, struct thread *t, const struct fault_info *fi);

/* True if the kernel canaries @a may point to (A_KDATA, A_KHEAP) are intact. */
bool hostile_canaries_intact(void);

/* The name of system call @nr. */
const char *hostile_sys_name(uint32_t nr);

/* Append a call; returns its index. */
unsigned int hostile_add(const char *what, const char *detail, uint32_t nr, const struct arg *a,
			 int32_t expect);
void hostile_add_rows(const struct row *r, size_t n);

/* The number @a stands for when thread @t makes the call. */
uint32_t hostile_resolve(const struct arg *a, const struct thread *t);

/*
 * Start a thread of @d making calls [@first, @end) with their arguments
 * resolved against it; it runs at @prio once the caller lets it.
 */
struct thread *hostile_start(struct domain *d, unsigned int first, unsigned int end, int prio);

/* Join @t and return its exit code; a thread stuck in a call fails the test, naming the call. */
int hostile_join(struct thread *t, unsigned int first, unsigned int end);

/* Run calls [@first, @end) in @d to their end; the number of results that differ (printed). */
unsigned int hostile_run(struct domain *d, unsigned int first, unsigned int end);

/* Print call @i, arguments as resolved, after @prefix. */
void hostile_print_call(const char *prefix, unsigned int i);

#endif /* TEST_KERNEL_HOSTILE_H */
