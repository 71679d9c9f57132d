/* SPDX-License-Identifier: MIT */
/* The shell's line editor, fed key sequences: runs on the host and on target. */
#include <string.h>

#include "kernel/lineedit.h"
#include "test/harness/ktest.h"

static char echo[1024];
static size_t echo_len;

static void capture(const char *s, size_t n, void *ctx)
{
	(void)ctx;
	if (echo_len + n < sizeof(echo)) {
		memcpy(echo + echo_len, s, n);
		echo_len += n;
		echo[echo_len] = '\0';
	}
}

/* Feed @keys; returns the event of the last byte. */
static enum lineedit_event type(struct lineedit *le, const char *keys)
{
	enum lineedit_event ev = LINEEDIT_NONE;

	while (*keys)
		ev = lineedit_feed(le, *keys++);
	return ev;
}

static void start(struct lineedit *le)
{
	echo_len = 0;
	echo[0] = '\0';
	lineedit_init(le, "> ", capture, NULL);
	lineedit_start(le);
}

KTEST(lineedit, plain_line_echoes)
{
	struct lineedit le;

	start(&le);
	KT_ASSERT_EQ(type(&le, "help\r"), LINEEDIT_LINE);
	KT_ASSERT_STR_EQ(le.line, "help");
	KT_ASSERT_STR_EQ(echo, "> help\r\n");
}

KTEST(lineedit, backspace_and_del)
{
	struct lineedit le;

	start(&le);
	type(&le, "tesx\b");
	type(&le, "\x7ft\r");
	KT_ASSERT_STR_EQ(le.line, "tet");
	start(&le);
	KT_ASSERT_EQ(type(&le, "\b\b"), LINEEDIT_NONE); /* at column 0: nothing */
	KT_ASSERT_EQ(le.len, 0);
}

KTEST(lineedit, cursor_insert_middle)
{
	struct lineedit le;

	start(&le);
	/* "lg", left, insert 'o' -> "log"; home, insert 'x'; end, insert '!' */
	type(&le, "lg\x1b[Do");
	type(&le, "\x01x\x05!\r");
	KT_ASSERT_STR_EQ(le.line, "xlog!");
	start(&le);
	type(&le, "abc\x1b[H\x1b[C\x1b[3~\r"); /* delete key removes 'b' */
	KT_ASSERT_STR_EQ(le.line, "ac");
}

KTEST(lineedit, kill_commands)
{
	struct lineedit le;

	start(&le);
	type(&le, "log level dbg\x17\r"); /* ^W drops the last word */
	KT_ASSERT_STR_EQ(le.line, "log level ");
	start(&le);
	type(&le, "abcdef\x02\x02\x0b\r"); /* ^B^B then ^K */
	KT_ASSERT_STR_EQ(le.line, "abcd");
	start(&le);
	type(&le, "abcdef\x1b[D\x1b[D\x15\r"); /* ^U kills to the start */
	KT_ASSERT_STR_EQ(le.line, "ef");
}

KTEST(lineedit, ctrl_c_cancels)
{
	struct lineedit le;

	start(&le);
	KT_ASSERT_EQ(type(&le, "reboot\x03"), LINEEDIT_CANCEL);
	KT_ASSERT_EQ(le.len, 0);
}

KTEST(lineedit, history_up_down)
{
	struct lineedit le;

	start(&le);
	type(&le, "info\r");
	lineedit_start(&le);
	type(&le, "test timer\r");
	lineedit_start(&le);
	type(&le, "\x1b[A\x1b[A\r"); /* two up: the older line */
	KT_ASSERT_STR_EQ(le.line, "info");
	lineedit_start(&le);
	type(&le, "\x1b[A\x1b[A\x1b[A\x1b[B\r"); /* up past the oldest, one down */
	KT_ASSERT_STR_EQ(le.line, "test timer");
	lineedit_start(&le);
	type(&le, "x\x1b[A\x1b[B\r"); /* down to the bottom: empty new line */
	KT_ASSERT_STR_EQ(le.line, "");
}

KTEST(lineedit, overlong_line_is_capped)
{
	struct lineedit le;

	start(&le);
	for (int i = 0; i < 2 * LINEEDIT_MAX; i++)
		lineedit_feed(&le, 'a');
	KT_ASSERT_EQ(le.len, LINEEDIT_MAX - 1);
	KT_ASSERT_EQ(type(&le, "\r"), LINEEDIT_LINE);
	KT_ASSERT_EQ(strlen(le.line), LINEEDIT_MAX - 1);
}

KTEST(lineedit, unknown_escape_ignored)
{
	struct lineedit le;

	start(&le);
	type(&le, "a\x1b[Zb\x1bxc\x1b[12~d\r");
	KT_ASSERT_STR_EQ(le.line, "abcd");
}
