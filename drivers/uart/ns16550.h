/* SPDX-License-Identifier: MIT */
/*
 * National Semiconductor 16550A UART (PC16550D data sheet), as a byte pipe
 * that is not the console: QEMU's pci-serial, the host IPC doorbell. Byte-wide
 * registers at @regs (an I/O BAR, memory-mapped); FIFOs on, 8N1, interrupt
 * on every received byte. Received bytes go, in the interrupt handler, to a
 * callback; transmit is one byte at a time, polled with a bound.
 */
#ifndef DRIVERS_NS16550_H
#define DRIVERS_NS16550_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/mem.h"

/* Register offsets (PC16550D, table II); DLL/DLM while LCR.DLAB is set. */
#define NS16550_RBR 0 /* read: receive buffer */
#define NS16550_THR 0 /* write: transmit holding */
#define NS16550_DLL 0
#define NS16550_IER 1
#define NS16550_DLM 1
#define NS16550_IIR 2 /* read */
#define NS16550_FCR 2 /* write */
#define NS16550_LCR 3
#define NS16550_MCR 4
#define NS16550_LSR 5
#define NS16550_MSR 6
#define NS16550_SCR 7

#define NS16550_IER_RDI	  (1u << 0) /* received data available */
#define NS16550_LCR_8N1	  0x03u
#define NS16550_LCR_DLAB  (1u << 7)
#define NS16550_MCR_DTR	  (1u << 0)
#define NS16550_MCR_RTS	  (1u << 1)
#define NS16550_MCR_OUT2  (1u << 3) /* gates the interrupt output on PC boards */
#define NS16550_MCR_LOOP  (1u << 4) /* transmitter wired to receiver, nothing leaves */
#define NS16550_LSR_DR	  (1u << 0)
#define NS16550_LSR_OE	  (1u << 1)
#define NS16550_LSR_THRE  (1u << 5)
#define NS16550_LSR_TEMT  (1u << 6)
#define NS16550_IIR_FIFOS 0xc0u /* both bits set: FIFOs enabled */

#define NS16550_TX_SPINS 1000u /* LSR reads a transmit waits for THRE at most */
#define NS16550_RX_BURST 64u   /* bytes one interrupt takes at most (the line stays up) */

typedef void (*ns16550_rx_fn)(void *arg, uint8_t byte);

struct ns16550 {
	volatile uint8_t *regs;
	unsigned int irq;
	ns16550_rx_fn rx;
	void *rx_arg;
	uint32_t rx_bytes; /* received and handed to rx */
	uint32_t overruns; /* LSR overrun errors seen */
	uint32_t tx_bytes; /* written to THR */
	uint32_t tx_busy;  /* ns16550_putc() gave up: THRE stayed clear */
	uint32_t irqs;	   /* interrupts handled */
};

/*
 * Set up the UART at @regs and connect its interrupt line @irq; @rx(@rx_arg,
 * byte) is called from the interrupt handler for each byte received.
 * 0, -ENODEV (the scratch register does not answer), -EBUSY (@irq taken).
 */
int ns16550_init(struct ns16550 *u, vaddr_t regs, unsigned int irq, ns16550_rx_fn rx, void *rx_arg);

/* Interrupts off at the UART, the line disconnected. */
void ns16550_deinit(struct ns16550 *u);

/*
 * Send @byte: waits for THRE at most NS16550_TX_SPINS register reads (with
 * interrupts masked, so bytes of concurrent callers never mix). 0, or -EBUSY
 * when the transmitter stayed full (the byte is not sent, tx_busy + 1).
 * Any context.
 */
int ns16550_putc(struct ns16550 *u, uint8_t byte);

/* Loopback (MCR LOOP): what is sent comes back as received, nothing leaves. */
void ns16550_set_loopback(struct ns16550 *u, bool on);

/* Raw register access (tests, diagnostics). */
uint8_t ns16550_reg_read(const struct ns16550 *u, unsigned int reg);
void ns16550_reg_write(struct ns16550 *u, unsigned int reg, uint8_t v);

#endif /* DRIVERS_NS16550_H */
