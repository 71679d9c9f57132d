/* SPDX-License-Identifier: MIT */
/*
 * The serial console: picolibc's stdin/stdout/stderr, polled output, and an
 * input ring filled by the UART receive interrupt.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

/* Start receiving: the UART receive interrupt (or polling) feeds the ring. */
void console_init(void);

/*
 * Write @n bytes now; "\n" becomes "\r\n". Safe from any context. printf()
 * output is held until its line is complete (at most 128 bytes), so lines
 * written here (log lines) never split a printf line: a thread's own
 * pending line goes out first, another thread's stays pending, and from an
 * interrupt handler (arch_in_irq()) only the handler's own pending printf
 * text goes first.
 */
void console_write(const char *s, size_t n);

/* Tests: @fn also gets every byte sent to the UART, "\r" included (NULL: none). */
void console_set_tap(void (*fn)(char c));

/* Write out a pending partial printf line (before a halt, or waiting for input). */
void console_flush(void);

/* Called by the UART driver for every received byte (interrupt context). */
void console_rx(char c);

/* Next received byte; waits (CPU idle) until one arrives. */
int console_getc(void);

/* Bytes lost because the input ring was full. */
uint32_t console_rx_dropped(void);

#endif /* KERNEL_CONSOLE_H */
