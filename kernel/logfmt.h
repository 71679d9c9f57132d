/* SPDX-License-Identifier: MIT */
/* Formatting of kernel log lines (pure: also built for host tests). */
#ifndef KERNEL_LOGFMT_H
#define KERNEL_LOGFMT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

enum log_level {
	LOG_LEVEL_NONE = 0,
	LOG_LEVEL_ERR = 1,
	LOG_LEVEL_WRN = 2,
	LOG_LEVEL_INF = 3,
	LOG_LEVEL_DBG = 4,
};

/*
 * Format "[sssss.uuuuuu] L: message\n" into @buf of @size bytes (size >= 32).
 * A message too long for @buf is cut and ends in "...\n". Returns the length
 * written, excluding the terminating NUL.
 */
int log_format(char *buf, size_t size, enum log_level level, uint64_t usec, const char *fmt,
	       va_list ap);

/* "err", "wrn", "inf", "dbg" (and "none"); NULL if out of range. */
const char *log_level_name(enum log_level level);

/* Parse a level name or digit; returns the level or -1. */
int log_level_parse(const char *s);

#endif /* KERNEL_LOGFMT_H */
