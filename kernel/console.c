/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "drivers/uart/uart.h"
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/console.h"
#include "kernel/ringbuf.h"
#include "kernel/thread.h"

static uint8_t rx_storage[256];
static struct ringbuf rx_ring;

/*
 * printf() output is collected into whole lines before it reaches the UART,
 * so a log line from a higher-priority thread or an interrupt lands between
 * two lines instead of splitting one ("shell ready after 17[ 0.01] W: ...").
 * Threads share one line at a time, owned by the thread that started it.
 * Interrupt handlers have a line of their own and never flush the threads':
 * in a handler thread_current() is the interrupted thread, whose pending
 * line is not the handler's to write out.
 */
struct line {
	char buf[128];
	size_t len;
	struct thread *owner; /* thread_line only */
};

static struct line thread_line, irq_line;
static void (*tap)(char c);

static void put_raw(char c)
{
	if (c == '\n')
		put_raw('\r');
	if (tap)
		tap(c);
	uart_putc(c);
}

static void line_flush_locked(struct line *l)
{
	for (size_t i = 0; i < l->len; i++)
		put_raw(l->buf[i]);
	l->len = 0;
	l->owner = NULL;
}

void console_flush(void)
{
	unsigned long key = arch_irq_lock();

	line_flush_locked(&thread_line);
	line_flush_locked(&irq_line);
	arch_irq_unlock(key);
}

void console_write(const char *s, size_t n)
{
	unsigned long key = arch_irq_lock();

	/* Keep the writer's own order: its pending printf text goes first. */
	if (arch_in_irq())
		line_flush_locked(&irq_line);
	else if (thread_line.len && thread_line.owner == thread_current())
		line_flush_locked(&thread_line);
	while (n--)
		put_raw(*s++);
	arch_irq_unlock(key);
}

static void line_put(char c)
{
	unsigned long key = arch_irq_lock();
	struct line *l = &irq_line;

	if (!arch_in_irq()) {
		struct thread *self = thread_current();

		l = &thread_line;
		if (l->len && l->owner != self)
			line_flush_locked(l); /* two threads printing at once: theirs first */
		l->owner = self;
	}
	l->buf[l->len++] = c;
	if (c == '\n' || l->len == sizeof(l->buf))
		line_flush_locked(l);
	arch_irq_unlock(key);
}

void console_set_tap(void (*fn)(char c))
{
	unsigned long key = arch_irq_lock();

	tap = fn;
	arch_irq_unlock(key);
}

void console_rx(char c)
{
	ringbuf_put(&rx_ring, (uint8_t)c);
}

uint32_t console_rx_dropped(void)
{
	return rx_ring.dropped;
}

int console_getc(void)
{
	unsigned long key;
	int c;

	console_flush(); /* a prompt printed without a newline */
	key = arch_irq_lock();
	while ((c = ringbuf_get(&rx_ring)) < 0) {
		/* Boards without a receive interrupt poll the FIFO here. */
		if (!board.console_irq) {
			c = uart_getc_poll();
			if (c >= 0)
				break;
		}
		arch_idle();
		arch_irq_unlock(key);
		key = arch_irq_lock();
	}
	arch_irq_unlock(key);
	return c;
}

void console_init(void)
{
	ringbuf_init(&rx_ring, rx_storage, sizeof(rx_storage));
	if (board.console_irq)
		uart_rx_irq_enable();
}

/* picolibc stdio on the console. */
static int stdio_put(char c, FILE *f)
{
	(void)f;
	line_put(c);
	return (unsigned char)c;
}

static int stdio_get(FILE *f)
{
	(void)f;
	return console_getc();
}

static FILE console_file = FDEV_SETUP_STREAM(stdio_put, stdio_get, NULL, _FDEV_SETUP_RW);
FILE *const stdin = &console_file;
FILE *const stdout = &console_file;
FILE *const stderr = &console_file;
