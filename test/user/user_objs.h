/* SPDX-License-Identifier: MIT */
/*
 * User-mode programs for the kernel object tests (test/kernel/test_objects_user.c):
 * message queues and timers driven through the real system calls. Built
 * like module code, only against the SDK; the kernel side fills in the
 * handles and reads the results through utest_k(&uobj_shared).
 */
#ifndef TEST_USER_OBJS_H
#define TEST_USER_OBJS_H

#include <stdint.h>

#define UOBJ_MSG_SIZE 16 /* bytes per test message */
#define UOBJ_RESULTS  24

/* One test message: a sequence number and a check word derived from it. */
struct uobj_msg {
	uint32_t seq;
	uint32_t check; /* uobj_check(seq) */
	uint32_t from;	/* sender tag */
	uint32_t pad;
};

_Static_assert(sizeof(struct uobj_msg) == UOBJ_MSG_SIZE, "message layout");

static inline uint32_t uobj_check(uint32_t seq)
{
	return seq * 2654435761u ^ 0x5a5a5a5au;
}

struct uobj_shared {
	volatile int32_t h[4];		  /* handles granted to the program's domain, per test */
	volatile uint32_t n;		  /* messages to pass / ticks to wait for */
	volatile uint32_t sent;		  /* messages sent so far */
	volatile uint32_t recvd;	  /* messages received so far */
	volatile uint32_t bad;		  /* received out of order or corrupted */
	volatile int32_t first_rc;	  /* first failing return code, 0 if none */
	volatile int32_t r[UOBJ_RESULTS]; /* return codes of the error walk-throughs */
	volatile uint32_t step;		  /* progress of a walk-through, for the kernel side */
	volatile uint32_t kaddr;	  /* a kernel address: a bad pointer argument */
};

extern struct uobj_shared uobj_shared;

/*
 * The caller-saved VFP registers: d0-d7, and d16-d31 where the FPU has 32
 * double registers (NEON; the Cortex-R5's VFPv3-D16 has 16). As an .irp
 * list for inline assembly, and the clobbers beyond d7.
 */
#ifdef __ARM_NEON
#define UOBJ_VFP_SCRATCH           \
	"0, 1, 2, 3, 4, 5, 6, 7, " \
	"16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31"
#define UOBJ_VFP_HIGH_CLOBBERS                                                                \
	, "d16", "d17", "d18", "d19", "d20", "d21", "d22", "d23", "d24", "d25", "d26", "d27", \
		"d28", "d29", "d30", "d31"
#else
#define UOBJ_VFP_SCRATCH "0, 1, 2, 3, 4, 5, 6, 7"
#define UOBJ_VFP_HIGH_CLOBBERS
#endif

/* A read-only user buffer: a receive into it must fail before taking a message. */
extern const struct uobj_msg uobj_rodata_msg;

void uo_msgq_sender(uintptr_t n);	  /* send n messages on h[0], FOREVER each */
void uo_msgq_receiver(uintptr_t n);	  /* receive n on h[1], check order and contents */
void uo_msgq_errors(uintptr_t unused);	  /* error walk-through on h[0] (W), h[1] (R), h[2] (sem) */
void uo_msgq_recv_into(uintptr_t va);	  /* r[0] = receive on h[1] into user address va */
void uo_timer_periodic(uintptr_t unused); /* periodic ticks and overruns on h[0] */
void uo_timer_errors(uintptr_t unused);	  /* rights and arguments on h[0] (W+WAIT), h[1] (WAIT) */
void uo_vfp_kept(uintptr_t sleep_us);	  /* r[0] = VFP register bits changed across a sleep (0) */

#endif /* TEST_USER_OBJS_H */
