/* SPDX-License-Identifier: MIT */
/* picolibc formatting as the kernel uses it (console, log, reports). */
#include <stdio.h>
#include <string.h>

#include "test/harness/ktest.h"

static const char *f(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *f(const char *fmt, ...)
{
	static char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return buf;
}

KTEST(printf, integers)
{
	KT_ASSERT_STR_EQ(f("%d %i %u", -42, 7, 4000000000u), "-42 7 4000000000");
	KT_ASSERT_STR_EQ(f("%x %X %08x %#x", 0xbeefu, 0xbeefu, 0x1234u, 255u),
			 "beef BEEF 00001234 0xff");
	KT_ASSERT_STR_EQ(
		f("%lld %llu %llx", -9000000000ll, 18446744073709551615ull, 0x123456789abcdefull),
		"-9000000000 18446744073709551615 123456789abcdef");
	KT_ASSERT_STR_EQ(f("[%5d|%-5d|%05d]", 42, 42, -42), "[   42|42   |-0042]");
}

KTEST(printf, strings_and_chars)
{
	KT_ASSERT_STR_EQ(f("%s|%10s|%-6s|%.3s", "ab", "right", "left", "truncate"),
			 "ab|     right|left  |tru");
	KT_ASSERT_STR_EQ(f("%c%c%% done", 'o', 'k'), "ok% done");
	KT_ASSERT_STR_EQ(f("%p", (void *)0x40001000), "0x40001000");
}

KTEST(printf, floating_point)
{
	KT_ASSERT_STR_EQ(f("%.3f %.1f %e", 3.14159, -0.05, 1500.0), "3.142 -0.1 1.500000e+03");
	KT_ASSERT_STR_EQ(f("%.2f dB", -6.0206), "-6.02 dB");
}

KTEST(printf, truncation_returns_full_length)
{
	char buf[8];
	int n = snprintf(buf, sizeof(buf), "%s", "0123456789");

	KT_ASSERT_EQ(n, 10);
	KT_ASSERT_STR_EQ(buf, "0123456");
}
