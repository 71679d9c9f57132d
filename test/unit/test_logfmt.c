/* SPDX-License-Identifier: MIT */
/* Kernel log line formatting: runs on the host and on target. */
#include <stdarg.h>
#include <string.h>

#include "kernel/logfmt.h"
#include "test/harness/ktest.h"

static int fmt(char *buf, size_t size, enum log_level lvl, uint64_t us, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = log_format(buf, size, lvl, us, f, ap);
	va_end(ap);
	return n;
}

KTEST(logfmt, timestamp_and_level)
{
	char buf[96];
	int n = fmt(buf, sizeof(buf), LOG_LEVEL_INF, 12345678u, "pci: %d devices", 3);

	KT_ASSERT_STR_EQ(buf, "[   12.345678] I: pci: 3 devices\n");
	KT_ASSERT_EQ(n, (int)strlen(buf));
}

KTEST(logfmt, keeps_single_newline)
{
	char buf[64];

	fmt(buf, sizeof(buf), LOG_LEVEL_ERR, 0, "boom\n");
	KT_ASSERT_STR_EQ(buf, "[    0.000000] E: boom\n");
	fmt(buf, sizeof(buf), LOG_LEVEL_DBG, 999999u, "%s", "");
	KT_ASSERT_STR_EQ(buf, "[    0.999999] D: \n");
}

KTEST(logfmt, long_uptime)
{
	char buf[64];

	fmt(buf, sizeof(buf), LOG_LEVEL_WRN, 123456000001ull, "x");
	KT_ASSERT_STR_EQ(buf, "[123456.000001] W: x\n");
}

KTEST(logfmt, truncates_with_marker)
{
	char buf[40];
	int n = fmt(buf, sizeof(buf), LOG_LEVEL_INF, 0, "%s",
		    "a very long message that cannot possibly fit");

	KT_ASSERT_EQ(n, 39);
	KT_ASSERT_EQ(strlen(buf), 39);
	KT_ASSERT_STR_EQ(buf + 35, "...\n");
	KT_ASSERT(!strncmp(buf, "[    0.000000] I: a very long", 29));
}

KTEST(logfmt, level_names_parse)
{
	KT_ASSERT_STR_EQ(log_level_name(LOG_LEVEL_WRN), "wrn");
	KT_ASSERT(log_level_name((enum log_level)9) == NULL);
	KT_ASSERT_EQ(log_level_parse("dbg"), LOG_LEVEL_DBG);
	KT_ASSERT_EQ(log_level_parse("0"), LOG_LEVEL_NONE);
	KT_ASSERT_EQ(log_level_parse("5"), -1);
	KT_ASSERT_EQ(log_level_parse("info"), -1);
}
