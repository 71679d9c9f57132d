/* SPDX-License-Identifier: MIT */
#include <stdarg.h>

#include "kernel/console.h"
#include "kernel/log.h"
#include "kernel/timer.h"

enum log_level log_threshold = LOG_LEVEL_INF;

void log_set_level(enum log_level level)
{
	if (level <= LOG_LEVEL_DBG)
		log_threshold = level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int n;

	if (level > log_threshold || level == LOG_LEVEL_NONE)
		return;
	va_start(ap, fmt);
	n = log_format(line, sizeof(line), level, timer_uptime_us(), fmt, ap);
	va_end(ap);
	console_write(line, (size_t)n);
}
