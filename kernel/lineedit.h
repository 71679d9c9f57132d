/* SPDX-License-Identifier: MIT */
/*
 * A small line editor for the serial shell (pure: also built for host
 * tests). Understands VT100 keys: left/right, home/end, delete, history
 * up/down, and Emacs-style ^A ^E ^B ^F ^K ^U ^W ^C.
 */
#ifndef KERNEL_LINEEDIT_H
#define KERNEL_LINEEDIT_H

#include <stddef.h>

#define LINEEDIT_MAX  128
#define LINEEDIT_HIST 8

typedef void (*lineedit_out_fn)(const char *s, size_t n, void *ctx);

enum lineedit_event {
	LINEEDIT_NONE,	 /* keep feeding */
	LINEEDIT_LINE,	 /* le->line holds a finished line */
	LINEEDIT_CANCEL, /* ^C: line dropped */
};

struct lineedit {
	char line[LINEEDIT_MAX];
	unsigned int len; /* bytes in line (no NUL counted) */
	unsigned int cur; /* cursor position, 0..len */
	int esc;	  /* escape-sequence parser state */
	char esc_num;	  /* digit of "ESC [ n ~" */
	char hist[LINEEDIT_HIST][LINEEDIT_MAX];
	unsigned int hist_count; /* lines stored */
	unsigned int hist_pos;	 /* 0 = editing a new line, k = k-th most recent */
	const char *prompt;
	lineedit_out_fn out;
	void *ctx;
};

void lineedit_init(struct lineedit *le, const char *prompt, lineedit_out_fn out, void *ctx);

/* Start a fresh line and print the prompt. */
void lineedit_start(struct lineedit *le);

/* Feed one received byte; echoes through le->out. */
enum lineedit_event lineedit_feed(struct lineedit *le, char c);

#endif /* KERNEL_LINEEDIT_H */
