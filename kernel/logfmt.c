/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "kernel/logfmt.h"

static const char *const level_names[] = {
	[LOG_LEVEL_NONE] = "none", [LOG_LEVEL_ERR] = "err", [LOG_LEVEL_WRN] = "wrn",
	[LOG_LEVEL_INF] = "inf",   [LOG_LEVEL_DBG] = "dbg",
};

static const char level_letters[] = {
	[LOG_LEVEL_NONE] = '-', [LOG_LEVEL_ERR] = 'E', [LOG_LEVEL_WRN] = 'W',
	[LOG_LEVEL_INF] = 'I',	[LOG_LEVEL_DBG] = 'D',
};

const char *log_level_name(enum log_level level)
{
	if ((unsigned int)level > LOG_LEVEL_DBG)
		return NULL;
	return level_names[level];
}

int log_level_parse(const char *s)
{
	for (int i = LOG_LEVEL_NONE; i <= LOG_LEVEL_DBG; i++)
		if (!strcmp(s, level_names[i]))
			return i;
	if (s[0] >= '0' && s[0] <= '4' && s[1] == '\0')
		return s[0] - '0';
	return -1;
}

int log_format(char *buf, size_t size, enum log_level level, uint64_t usec, const char *fmt,
	       va_list ap)
{
	char letter = (unsigned int)level <= LOG_LEVEL_DBG ? level_letters[level] : '?';
	unsigned long sec = (unsigned long)(usec / 1000000u);
	unsigned long frac = (unsigned long)(usec % 1000000u);
	int n = snprintf(buf, size, "[%5lu.%06lu] %c: ", sec, frac, letter);
	int m;

	if (n < 0 || (size_t)n >= size - 5)
		n = 0;
	m = vsnprintf(buf + n, size - (size_t)n, fmt, ap);
	if (m < 0)
		m = 0;
	if ((size_t)(n + m) >= size - 1) {
		/* Cut: keep room for "...\n" and the NUL. */
		memcpy(buf + size - 5, "...\n", 5);
		return (int)size - 1;
	}
	n += m;
	if (n == 0 || buf[n - 1] != '\n') {
		buf[n++] = '\n';
		buf[n] = '\0';
	}
	return n;
}
