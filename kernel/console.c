/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "drivers/uart/uart.h"
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/console.h"
#include "kernel/ringbuf.h"

static uint8_t rx_storage[256];
static struct ringbuf rx_ring;

static void put_raw(char c)
{
	if (c == '\n')
		uart_putc('\r');
	uart_putc(c);
}

void console_write(const char *s, size_t n)
{
	unsigned long key = arch_irq_lock();

	while (n--)
		put_raw(*s++);
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
	unsigned long key = arch_irq_lock();
	int c;

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
	console_write(&c, 1);
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
