/* SPDX-License-Identifier: MIT */
/*
 * The console UART interface. One driver per UART type implements it
 * (pl011.c, cadence.c); the board picks which one is built.
 */
#ifndef DRIVERS_UART_H
#define DRIVERS_UART_H

#include <stdint.h>

/* Set up the UART at @base; @irq is its receive interrupt line (0: none). */
void uart_init(uintptr_t base, unsigned int irq);

/* Write one byte, waiting for room in the FIFO. */
void uart_putc(char c);

/* Read one byte if one is waiting; -1 otherwise (polled boards). */
int uart_getc_poll(void);

/* Unmask the receive interrupt; received bytes go to console_rx(). */
void uart_rx_irq_enable(void);

#endif /* DRIVERS_UART_H */
