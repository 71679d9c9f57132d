/* SPDX-License-Identifier: MIT */
/*
 * ARM PL011 UART (ARM DDI 0183): polled transmit, interrupt-driven receive.
 * QEMU's model needs no baud-rate set-up.
 */
#include <stdbool.h>

#include "drivers/uart/uart.h"
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/irq.h"

#define UART_DR	  0x00
#define UART_FR	  0x18
#define UART_CR	  0x30
#define UART_IFLS 0x34
#define UART_IMSC 0x38
#define UART_MIS  0x40
#define UART_ICR  0x44

#define FR_RXFE	  (1u << 4)
#define FR_TXFF	  (1u << 5)
#define CR_UARTEN (1u << 0)
#define CR_TXE	  (1u << 8)
#define CR_RXE	  (1u << 9)
#define INT_RX	  (1u << 4)
#define INT_RT	  (1u << 6) /* receive timeout: bytes sit in the FIFO */

static volatile uint32_t *uart_regs;
static unsigned int uart_irq;

static inline uint32_t rd(unsigned int off)
{
	return uart_regs[off / 4];
}

static inline void wr(unsigned int off, uint32_t v)
{
	uart_regs[off / 4] = v;
}

void uart_init(uintptr_t base, unsigned int irq)
{
	uart_regs = (volatile uint32_t *)base;
	uart_irq = irq;
	wr(UART_IMSC, 0);
	wr(UART_ICR, 0x7ff);
	wr(UART_CR, CR_UARTEN | CR_TXE | CR_RXE);
}

void uart_putc(char c)
{
	while (rd(UART_FR) & FR_TXFF)
		;
	wr(UART_DR, (uint8_t)c);
}

int uart_getc_poll(void)
{
	if (rd(UART_FR) & FR_RXFE)
		return -1;
	return (int)(rd(UART_DR) & 0xff);
}

static void pl011_isr(void *arg)
{
	(void)arg;
	while (!(rd(UART_FR) & FR_RXFE))
		console_rx((char)(rd(UART_DR) & 0xff));
	wr(UART_ICR, INT_RX | INT_RT);
}

void uart_rx_irq_enable(void)
{
	irq_connect(uart_irq, pl011_isr, NULL);
	wr(UART_IMSC, INT_RX | INT_RT);
	arch_irq_enable(uart_irq);
}
