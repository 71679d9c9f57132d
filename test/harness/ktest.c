/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "test/harness/ktest.h"

#ifdef KTEST_HOST
#define KTEST_HOST_MAX 512
static const struct ktest *host_tests[KTEST_HOST_MAX];
static const struct ktest_suite *host_suites[KTEST_HOST_MAX];
static unsigned int n_host_tests, n_host_suites;

void ktest_register(const struct ktest *t)
{
	if (n_host_tests < KTEST_HOST_MAX)
		host_tests[n_host_tests++] = t;
}

void ktest_register_suite(const struct ktest_suite *s)
{
	if (n_host_suites < KTEST_HOST_MAX)
		host_suites[n_host_suites++] = s;
}

static unsigned int test_count(void)
{
	return n_host_tests;
}

static const struct ktest *test_at(unsigned int i)
{
	return host_tests[i];
}

static unsigned int suite_count(void)
{
	return n_host_suites;
}

static const struct ktest_suite *suite_at(unsigned int i)
{
	return host_suites[i];
}
#else
extern const struct ktest __ktest_start[], __ktest_end[];
extern const struct ktest_suite __ktest_suite_start[], __ktest_suite_end[];

static unsigned int test_count(void)
{
	return (unsigned int)(__ktest_end - __ktest_start);
}

static const struct ktest *test_at(unsigned int i)
{
	return &__ktest_start[i];
}

static unsigned int suite_count(void)
{
	return (unsigned int)(__ktest_suite_end - __ktest_suite_start);
}

static const struct ktest_suite *suite_at(unsigned int i)
{
	return &__ktest_suite_start[i];
}
#endif

enum verdict { KT_PASS, KT_FAIL_V, KT_SKIP_V };

static jmp_buf test_env;
static char reason[192];

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(reason, sizeof(reason), "%s:%d: ", file, line);

	va_start(ap, fmt);
	vsnprintf(reason + n, sizeof(reason) - (size_t)n, fmt, ap);
	va_end(ap);
	longjmp(test_env, KT_FAIL_V);
}

void ktest_skip(const char *why)
{
	snprintf(reason, sizeof(reason), "%s", why);
	longjmp(test_env, KT_SKIP_V);
}

static const struct ktest_suite *find_suite(const char *name)
{
	for (unsigned int i = 0; i < suite_count(); i++)
		if (!strcmp(suite_at(i)->name, name))
			return suite_at(i);
	return NULL;
}

static enum verdict run_one(const struct ktest *t)
{
	const struct ktest_suite *volatile s = find_suite(t->suite);
	volatile enum verdict v;

	reason[0] = '\0';
	v = (enum verdict)setjmp(test_env);
	if (v == KT_PASS) {
		if (s && s->setup)
			s->setup();
		t->fn();
	}
	if (s && s->teardown)
		s->teardown();
	return v;
}

int ktest_run(const char *suite)
{
	unsigned int passed = 0, failed = 0, skipped = 0;

	for (unsigned int i = 0; i < test_count(); i++) {
		const struct ktest *t = test_at(i);

		if (suite && strcmp(suite, t->suite))
			continue;
		switch (run_one(t)) {
		case KT_PASS:
			printf("PASS %s.%s\n", t->suite, t->name);
			passed++;
			break;
		case KT_FAIL_V:
			printf("FAIL %s.%s: %s\n", t->suite, t->name, reason);
			failed++;
			break;
		case KT_SKIP_V:
			printf("SKIP %s.%s: %s\n", t->suite, t->name, reason);
			skipped++;
			break;
		}
	}
	if (suite && !(passed + failed + skipped))
		printf("no tests in suite '%s' (try 'test list')\n", suite);
	printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
	return (int)failed;
}

void ktest_list(void)
{
	for (unsigned int i = 0; i < test_count(); i++)
		printf("  %s.%s\n", test_at(i)->suite, test_at(i)->name);
}

void ktest_read_word(void *addr)
{
	(void)*(volatile uint32_t *)addr;
}

void ktest_write_word(void *addr)
{
	*(volatile uint32_t *)addr = 0x5a5a5a5a;
}

void ktest_call(void *fn)
{
	((void (*)(void))fn)();
}
