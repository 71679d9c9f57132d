/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "kernel/lineedit.h"

#define CTRL(c) ((c)&0x1f)
#define ESC	0x1b
#define DEL	0x7f

enum { ESC_NONE, ESC_SEEN, ESC_CSI, ESC_CSI_NUM };

static void out_str(struct lineedit *le, const char *s)
{
	le->out(s, strlen(s), le->ctx);
}

/* Redraw prompt and line, then put the cursor back where it belongs. */
static void redraw(struct lineedit *le)
{
	char seq[16];

	out_str(le, "\r");
	out_str(le, le->prompt);
	le->out(le->line, le->len, le->ctx);
	out_str(le, "\x1b[K");
	if (le->cur < le->len) {
		snprintf(seq, sizeof(seq), "\x1b[%uD", le->len - le->cur);
		out_str(le, seq);
	}
}

void lineedit_init(struct lineedit *le, const char *prompt, lineedit_out_fn out, void *ctx)
{
	memset(le, 0, sizeof(*le));
	le->prompt = prompt;
	le->out = out;
	le->ctx = ctx;
}

void lineedit_start(struct lineedit *le)
{
	le->len = 0;
	le->cur = 0;
	le->line[0] = '\0';
	le->esc = ESC_NONE;
	le->hist_pos = 0;
	out_str(le, le->prompt);
}

static void insert(struct lineedit *le, char c)
{
	if (le->len + 1 >= LINEEDIT_MAX)
		return;
	memmove(le->line + le->cur + 1, le->line + le->cur, le->len - le->cur);
	le->line[le->cur++] = c;
	le->line[++le->len] = '\0';
	if (le->cur == le->len)
		le->out(&c, 1, le->ctx); /* plain echo keeps logs readable */
	else
		redraw(le);
}

/* Remove @n bytes starting at @at. */
static void erase(struct lineedit *le, unsigned int at, unsigned int n)
{
	memmove(le->line + at, le->line + at + n, le->len - at - n);
	le->len -= n;
	le->line[le->len] = '\0';
	if (le->cur > at + n)
		le->cur -= n;
	else if (le->cur > at)
		le->cur = at;
}

static void backspace(struct lineedit *le)
{
	if (!le->cur)
		return;
	if (le->cur == le->len) {
		erase(le, le->cur - 1, 1);
		out_str(le, "\b \b");
		return;
	}
	erase(le, le->cur - 1, 1);
	redraw(le);
}

static void kill_word(struct lineedit *le)
{
	unsigned int at = le->cur;

	while (at && le->line[at - 1] == ' ')
		at--;
	while (at && le->line[at - 1] != ' ')
		at--;
	erase(le, at, le->cur - at);
	redraw(le);
}

static void set_line(struct lineedit *le, const char *s)
{
	strncpy(le->line, s, LINEEDIT_MAX - 1);
	le->line[LINEEDIT_MAX - 1] = '\0';
	le->len = le->cur = (unsigned int)strlen(le->line);
	redraw(le);
}

/* hist[0] is the most recent line. */
static void history_move(struct lineedit *le, int dir)
{
	unsigned int pos = le->hist_pos;

	if (dir > 0 && pos < le->hist_count)
		pos++;
	else if (dir < 0 && pos > 0)
		pos--;
	else
		return;
	le->hist_pos = pos;
	set_line(le, pos ? le->hist[pos - 1] : "");
}

static void history_add(struct lineedit *le)
{
	if (!le->len || (le->hist_count && !strcmp(le->hist[0], le->line)))
		return;
	memmove(le->hist[1], le->hist[0], sizeof(le->hist[0]) * (LINEEDIT_HIST - 1));
	memcpy(le->hist[0], le->line, le->len + 1);
	if (le->hist_count < LINEEDIT_HIST)
		le->hist_count++;
}

static void move_cursor(struct lineedit *le, unsigned int to)
{
	if (to > le->len || to == le->cur)
		return;
	le->cur = to;
	redraw(le);
}

/* Final byte of "ESC [ ..." or "ESC [ n ~". */
static void csi(struct lineedit *le, char c)
{
	switch (c) {
	case 'A':
		history_move(le, 1);
		break;
	case 'B':
		history_move(le, -1);
		break;
	case 'C':
		move_cursor(le, le->cur + 1);
		break;
	case 'D':
		if (le->cur)
			move_cursor(le, le->cur - 1);
		break;
	case 'H':
		move_cursor(le, 0);
		break;
	case 'F':
		move_cursor(le, le->len);
		break;
	case '~':
		if (le->esc_num == '3' && le->cur < le->len) {
			erase(le, le->cur, 1);
			redraw(le);
		} else if (le->esc_num == '1' || le->esc_num == '7') {
			move_cursor(le, 0);
		} else if (le->esc_num == '4' || le->esc_num == '8') {
			move_cursor(le, le->len);
		}
		break;
	default:
		break;
	}
}

static enum lineedit_event feed_escape(struct lineedit *le, char c)
{
	if (le->esc == ESC_SEEN) {
		le->esc = (c == '[' || c == 'O') ? ESC_CSI : ESC_NONE;
	} else if (le->esc == ESC_CSI && c >= '0' && c <= '9') {
		le->esc_num = c;
		le->esc = ESC_CSI_NUM;
	} else if (le->esc == ESC_CSI_NUM && c >= '0' && c <= '9') {
		le->esc_num = '?'; /* multi-digit (F-keys): no key we handle */
	} else {
		le->esc = ESC_NONE;
		csi(le, c);
	}
	return LINEEDIT_NONE;
}

enum lineedit_event lineedit_feed(struct lineedit *le, char c)
{
	if (le->esc != ESC_NONE)
		return feed_escape(le, c);

	switch (c) {
	case '\r':
	case '\n':
		out_str(le, "\r\n");
		history_add(le);
		return LINEEDIT_LINE;
	case ESC:
		le->esc = ESC_SEEN;
		le->esc_num = 0;
		break;
	case '\b':
	case DEL:
		backspace(le);
		break;
	case CTRL('A'):
		move_cursor(le, 0);
		break;
	case CTRL('E'):
		move_cursor(le, le->len);
		break;
	case CTRL('B'):
		if (le->cur)
			move_cursor(le, le->cur - 1);
		break;
	case CTRL('F'):
		move_cursor(le, le->cur + 1);
		break;
	case CTRL('K'):
		erase(le, le->cur, le->len - le->cur);
		redraw(le);
		break;
	case CTRL('U'):
		erase(le, 0, le->cur);
		redraw(le);
		break;
	case CTRL('W'):
		kill_word(le);
		break;
	case CTRL('C'):
		out_str(le, "^C\r\n");
		le->len = le->cur = 0;
		le->line[0] = '\0';
		return LINEEDIT_CANCEL;
	default:
		if ((unsigned char)c >= ' ' && (unsigned char)c < DEL)
			insert(le, c);
		break;
	}
	return LINEEDIT_NONE;
}
