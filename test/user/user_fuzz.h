/* SPDX-License-Identifier: MIT */
/*
 * The system call fuzzer, user half (test/kernel/test_fuzz.c runs it):
 * seeded random system calls — numbers mostly in the table, now and then
 * past it; arguments mixed from random words, adversarial addresses, the
 * boundaries of the fuzzer's own partitions, handles live, revoked, of the
 * wrong type and another domain's, odd lengths and short timeouts — and
 * every result checked against what the kernel must answer (an oracle that
 * knows the fuzzer's memory and objects exactly).
 *
 * It runs in a domain of its own mapping only its code and rodata, the
 * read-only struct fuzz_config, its scratch pages and its stack: nothing the
 * kernel test relies on. All its state lives on its stack. A sibling thread
 * (uf_sibling()) shares the domain and one semaphore, and is blocked on it
 * most of the time: when the fuzzer is contained, it is killed while blocked.
 */
#ifndef TEST_USER_FUZZ_H
#define TEST_USER_FUZZ_H

#include <stdint.h>

#define FUZZ_MAX_PARTS	 8
#define FUZZ_MAX_ADDRS	 24
#define FUZZ_MAX_OBJS	 8
#define FUZZ_MAX_HANDLES 20

/* How the fuzzer ends when it is not contained or calls thread_exit itself. */
#define FUZZ_EXIT_DONE	    0x600d /* made max_calls calls */
#define FUZZ_EXIT_VIOLATION 0x0bad /* a result broke the oracle: see struct fuzz_violation */
#define FUZZ_EXIT_RAN_ON    0x0ff  /* the sibling came back from a kill */

#define FUZZ_NR_SLOTS 32 /* struct fuzz_stats: numbers 0..30, and all bad ones in the last */

#define FUZZ_R 1u /* struct fuzz_part access bits (MEM_R / MEM_W of the domain) */
#define FUZZ_W 2u

/* Memory the fuzzer's domain maps, exactly (user addresses). */
struct fuzz_part {
	uint32_t start, size, access;
};

/* A kernel object granted to the fuzzer, as created. */
struct fuzz_obj {
	uint32_t type;	 /* KOBJ_* */
	uint32_t count;	 /* semaphore: units; message queue: messages queued */
	uint32_t limit;	 /* semaphore: its limit; message queue: its capacity */
	uint32_t size;	 /* message queue: bytes per message */
	uint32_t shared; /* the sibling uses it too: its state cannot be predicted */
};

/* A handle value; live ones name obj with rights, the others are refused (-EBADF). */
struct fuzz_handle {
	int32_t value;
	uint8_t live; /* granted and not revoked */
	uint8_t obj;
	uint8_t rights; /* RIGHT_* */
};

/* Written by the kernel test, mapped read-only into the fuzzer's domain. */
struct fuzz_config {
	uint32_t seed;
	uint32_t max_calls;
	uint32_t report;	     /* user address of a struct fuzz_violation in a scratch page */
	uint32_t stats;		     /* user address of a struct fuzz_stats in a scratch page */
	uint32_t stack_lo, stack_hi; /* its stack: writes into the live part are skipped */
	uint32_t protect_lo, protect_hi; /* the sibling's live stack: no writes there either */
	uint32_t nparts, naddrs, nobjs, nhandles;
	struct fuzz_part parts[FUZZ_MAX_PARTS];
	uint32_t addrs[FUZZ_MAX_ADDRS]; /* addresses it must never reach: kernel, other domains */
	struct fuzz_obj objs[FUZZ_MAX_OBJS];
	struct fuzz_handle handles[FUZZ_MAX_HANDLES];
};

/* What the fuzzer leaves at config->report before it exits with FUZZ_EXIT_VIOLATION. */
struct fuzz_violation {
	uint32_t call; /* 0-based index of the call in this seed's run */
	uint32_t nr;
	uint32_t a[6];
	int32_t rc, want;
	uint32_t rule; /* source line of the check that failed */
};

/* What the run did, written before a call that does not return and before a normal exit. */
struct fuzz_stats {
	uint32_t calls[FUZZ_NR_SLOTS]; /* calls made, by number */
	uint32_t ok[FUZZ_NR_SLOTS];    /* of which returned >= 0 */
};

/* The fuzzer; @config is the user address of its struct fuzz_config. */
void uf_run(uintptr_t config);

/*
 * The sibling: takes semaphore @handle, forever. Only a kill interrupts its
 * wait, and a killed thread must never see the result: if it does, it
 * exits with FUZZ_EXIT_RAN_ON.
 */
void uf_sibling(uintptr_t handle);

#endif /* TEST_USER_FUZZ_H */
