/* SPDX-License-Identifier: MIT */
/*
 * On-target self-tests. A test is a function registered in a linker section:
 *
 *   KTEST(timer, tick_rate) { KT_ASSERT_EQ(ticks, 100); }
 *   KTEST_SUITE(timer, setup_fn, teardown_fn);   // optional
 *
 * ktest_run() prints "PASS suite.name", "FAIL suite.name: file:line: why" or
 * "SKIP suite.name: why" per test and ends with "N passed, M failed, K skipped".
 * A failed assertion ends the test at once (the suite's teardown still runs).
 */
#ifndef TEST_KTEST_H
#define TEST_KTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "kernel/fault.h"

struct ktest {
	const char *suite;
	const char *name;
	void (*fn)(void);
};

struct ktest_suite {
	const char *name;
	void (*setup)(void);
	void (*teardown)(void);
};

/*
 * Registration: on target a linker section (no constructors run there); in
 * host builds (-DKTEST_HOST) a constructor appends to a table, so the pure
 * logic tests under test/unit/ build and run on both.
 */
#ifdef KTEST_HOST
void ktest_register(const struct ktest *t);
void ktest_register_suite(const struct ktest_suite *s);
#define KTEST_PLACE(sect)
#define KTEST_HOOK(var, fn)                                      \
	static void __attribute__((constructor)) var##_reg(void) \
	{                                                        \
		fn(&var);                                        \
	}
#else
#define KTEST_PLACE(sect) __attribute__((used, section(sect), aligned(4)))
#define KTEST_HOOK(var, fn)
#endif

#define KTEST(suite, tname)                                                                 \
	static void ktest_fn_##suite##_##tname(void);                                       \
	static const struct ktest ktest_##suite##_##tname KTEST_PLACE(".ktest." #suite) = { \
		#suite, #tname, ktest_fn_##suite##_##tname};                                \
	KTEST_HOOK(ktest_##suite##_##tname, ktest_register)                                 \
	static void ktest_fn_##suite##_##tname(void)

#define KTEST_SUITE(suite, setup_fn, teardown_fn)                          \
	static const struct ktest_suite ktest_suite_##suite KTEST_PLACE(   \
		".ktest_suite." #suite) = {#suite, setup_fn, teardown_fn}; \
	KTEST_HOOK(ktest_suite_##suite, ktest_register_suite)

/* Run the tests of @suite (all when NULL); returns the number that failed. */
int ktest_run(const char *suite);

/* Print every suite and test name. */
void ktest_list(void);

__attribute__((noreturn, format(printf, 3, 4))) void ktest_fail(const char *file, int line,
								const char *fmt, ...);
__attribute__((noreturn)) void ktest_skip(const char *reason);

#define KT_FAIL(...) ktest_fail(__FILE__, __LINE__, __VA_ARGS__)

#define KT_ASSERT(cond)                                         \
	do {                                                    \
		if (!(cond))                                    \
			KT_FAIL("assertion failed: %s", #cond); \
	} while (0)

#define KT_ASSERT_CMP(a, op, b)                                                               \
	do {                                                                                  \
		long long ka_ = (long long)(a), kb_ = (long long)(b);                         \
		if (!(ka_ op kb_))                                                            \
			KT_FAIL("%s %s %s: %lld (0x%llx) vs %lld (0x%llx)", #a, #op, #b, ka_, \
				(unsigned long long)ka_, kb_, (unsigned long long)kb_);       \
	} while (0)

#define KT_ASSERT_EQ(a, b) KT_ASSERT_CMP(a, ==, b)
#define KT_ASSERT_NE(a, b) KT_ASSERT_CMP(a, !=, b)
#define KT_ASSERT_LT(a, b) KT_ASSERT_CMP(a, <, b)
#define KT_ASSERT_LE(a, b) KT_ASSERT_CMP(a, <=, b)
#define KT_ASSERT_GT(a, b) KT_ASSERT_CMP(a, >, b)
#define KT_ASSERT_GE(a, b) KT_ASSERT_CMP(a, >=, b)

#define KT_ASSERT_STR_EQ(a, b)                                                   \
	do {                                                                     \
		const char *ka_ = (a), *kb_ = (b);                               \
		if (strcmp(ka_, kb_))                                            \
			KT_FAIL("%s == %s: \"%s\" vs \"%s\"", #a, #b, ka_, kb_); \
	} while (0)

#define KT_SKIP(reason) ktest_skip(reason)

/* Probes for KT_EXPECT_FAULT: load / store a word at @addr, call code at @fn. */
void ktest_read_word(void *addr);
void ktest_write_word(void *addr);
void ktest_call(void *fn);

/*
 * Run @fn(@arg) and require that it faults with @kind/@cls; the decoded
 * fault is left in *@fi for further checks (address, write, level).
 */
#define KT_EXPECT_FAULT(fn, arg, kind_, cls_, fi)         \
	do {                                              \
		if (!fault_catch(fn, arg, fi))            \
			KT_FAIL("%s did not fault", #fn); \
		KT_ASSERT_EQ((fi)->kind, kind_);          \
		KT_ASSERT_EQ((fi)->cls, cls_);            \
	} while (0)

#endif /* TEST_KTEST_H */
