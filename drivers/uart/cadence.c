/* SPDX-License-Identifier: MIT */
/*
 * Cadence UART (Zynq-7000 / Zynq UltraScale+ "UART", UG1085 chapter 21,
 * register reference UG1087 UART module): polled transmit and receive.
 * The boards that use it deliver no interrupt to the core, so there is no
 * receive interrupt path: kernel/console.c polls uart_getc_poll(). The
 * line settings (8N1) and the baud-rate divisors are left as the boot
 * firmware (or QEMU, which ignores them) set them.
 */
#include <stdint.h>

#include "drivers/uart/uart.h"
#include "kernel/fault.h"

/* Register offsets (UG1087). */
#define UART_CR	  0x00 /* control */
#define UART_MR	  0x04 /* mode */
#define UART_IDR  0x0c /* interrupt disable */
#define UART_ISR  0x14 /* channel interrupt status, write 1 to clear */
#define UART_SR	  0x2c /* channel status */
#define UART_FIFO 0x30 /* transmit and receive FIFO */

#define CR_RXRST (1u << 0)
#define CR_TXRST (1u << 1)
#define CR_RX_EN (1u << 2)
#define CR_TX_EN (1u << 4)

#define MR_CHRL_8     (0u << 1) /* 8 data bits */
#define MR_PAR_NONE   (4u << 3) /* no parity */
#define MR_NBSTOP_1   (0u << 6) /* 1 stop bit */
#define MR_CHMODE_NRM (0u << 8) /* normal mode (no loopback) */

#define SR_RXEMPTY (1u << 1)
#define SR_TXFULL  (1u << 4)

#define ALL_INTERRUPTS 0x3fffu

static volatile uint32_t *uart_regs;

static inline uint32_t rd(unsigned int off)
{
	return uart_regs[off / 4];
}

static inline void wr(unsigned int off, uint32_t v)
{
	uart_regs[off / 4] = v;
}

/* @irq must be 0: this driver only polls. */
void uart_init(uintptr_t base, unsigned int irq)
{
	if (!base || irq)
		panic("cadence uart: base %08lx irq %u", (unsigned long)base, irq);
	uart_regs = (volatile uint32_t *)base;
	wr(UART_IDR, ALL_INTERRUPTS);
	wr(UART_ISR, ALL_INTERRUPTS);
	wr(UART_MR, MR_CHRL_8 | MR_PAR_NONE | MR_NBSTOP_1 | MR_CHMODE_NRM);
	/* Enable both directions; the reset bits self-clear once the FIFOs are empty. */
	wr(UART_CR, CR_RXRST | CR_TXRST | CR_RX_EN | CR_TX_EN);
}

void uart_putc(char c)
{
	while (rd(UART_SR) & SR_TXFULL)
		;
	wr(UART_FIFO, (uint8_t)c);
}

int uart_getc_poll(void)
{
	if (rd(UART_SR) & SR_RXEMPTY)
		return -1;
	return (int)(rd(UART_FIFO) & 0xff);
}

/* No receive interrupt reaches the CPU on the boards using this UART. */
void uart_rx_irq_enable(void)
{
	panic("cadence uart: receive is polled (board console_irq must be 0)");
}
