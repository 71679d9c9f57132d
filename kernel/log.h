/* SPDX-License-Identifier: MIT */
/*
 * Kernel log: leveled, time-stamped lines on the console.
 *   LOG_INF("pci: %u devices", n);
 */
#ifndef KERNEL_LOG_H
#define KERNEL_LOG_H

#include "kernel/logfmt.h"

extern enum log_level log_threshold;

/* Print one log line if @level passes the threshold. */
__attribute__((format(printf, 2, 3))) void log_msg(enum log_level level, const char *fmt, ...);

void log_set_level(enum log_level level);

#define LOG_ERR(...) log_msg(LOG_LEVEL_ERR, __VA_ARGS__)
#define LOG_WRN(...) log_msg(LOG_LEVEL_WRN, __VA_ARGS__)
#define LOG_INF(...) log_msg(LOG_LEVEL_INF, __VA_ARGS__)
#define LOG_DBG(...) log_msg(LOG_LEVEL_DBG, __VA_ARGS__)

#endif /* KERNEL_LOG_H */
