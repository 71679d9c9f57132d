/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "test/harness/ktest.h"

extern const struct ktest __ktest_start[], __ktest_end[];
extern const struct ktest_suite __ktest_suite_start[], __ktest_suite_end[];

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
	for (const struct ktest_suite *s = __ktest_suite_start; s < __ktest_suite_end; s++)
		if (!strcmp(s->name, name))
			return s;
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

	for (const struct ktest *t = __ktest_start; t < __ktest_end; t++) {
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
	printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
	return (int)failed;
}

void ktest_list(void)
{
	for (const struct ktest *t = __ktest_start; t < __ktest_end; t++)
		printf("  %s.%s\n", t->suite, t->name);
}
