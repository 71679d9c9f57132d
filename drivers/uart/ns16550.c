/* SPDX-License-Identifier: MIT */
/* 16550A UART as a byte pipe: RX by interrupt into a callback, TX polled with a bound. */
#include "drivers/uart/ns16550.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/irq.h"

/* FCR (PC16550D, "FIFO control register"): enable, clear both, trigger at 1 byte. */
#define FCR_ENABLE   (1u << 0)
#define FCR_CLR_RX   (1u << 1)
#define FCR_CLR_TX   (1u << 2)
#define FCR_TRIG_1   (0u << 6)
#define DIVISOR_BASE 1u /* baud = 115200 / divisor on QEMU's model (no wire to time) */

uint8_t ns16550_reg_read(const struct ns16550 *u, unsigned int reg)
{
	return u->regs[reg];
}

void ns16550_reg_write(struct ns16550 *u, unsigned int reg, uint8_t v)
{
	u->regs[reg] = v;
}

/* Drain the receiver (bounded), handing each byte to the callback. */
static void ns16550_isr(void *arg)
{
	struct ns16550 *u = arg;

	u->irqs++;
	for (unsigned int n = 0; n < NS16550_RX_BURST; n++) {
		uint8_t lsr = ns16550_reg_read(u, NS16550_LSR);
		uint8_t c;

		if (lsr & NS16550_LSR_OE)
			u->overruns++;
		if (!(lsr & NS16550_LSR_DR))
			break;
		c = ns16550_reg_read(u, NS16550_RBR);
		u->rx_bytes++;
		if (u->rx)
			u->rx(u->rx_arg, c);
	}
}

/* The scratch register holds what was written: something 16550-like answers at @u. */
static bool scratch_answers(struct ns16550 *u)
{
	static const uint8_t pat[] = {0x5a, 0xa5, 0x00};

	for (unsigned int i = 0; i < sizeof(pat); i++) {
		ns16550_reg_write(u, NS16550_SCR, pat[i]);
		if (ns16550_reg_read(u, NS16550_SCR) != pat[i])
			return false;
	}
	return true;
}

int ns16550_init(struct ns16550 *u, vaddr_t regs, unsigned int irq, ns16550_rx_fn rx, void *rx_arg)
{
	int rc;

	*u = (struct ns16550){
		.regs = (volatile uint8_t *)regs, .irq = irq, .rx = rx, .rx_arg = rx_arg};
	if (!regs || !scratch_answers(u))
		return -ENODEV;
	ns16550_reg_write(u, NS16550_IER, 0);
	ns16550_reg_write(u, NS16550_LCR, NS16550_LCR_DLAB);
	ns16550_reg_write(u, NS16550_DLL, DIVISOR_BASE);
	ns16550_reg_write(u, NS16550_DLM, 0);
	ns16550_reg_write(u, NS16550_LCR, NS16550_LCR_8N1);
	ns16550_reg_write(u, NS16550_FCR, FCR_ENABLE | FCR_CLR_RX | FCR_CLR_TX | FCR_TRIG_1);
	ns16550_reg_write(u, NS16550_MCR, NS16550_MCR_DTR | NS16550_MCR_RTS | NS16550_MCR_OUT2);
	/* Drop whatever arrived before us, and any stale line status. */
	for (unsigned int n = 0; n < 64 && (ns16550_reg_read(u, NS16550_LSR) & NS16550_LSR_DR); n++)
		(void)ns16550_reg_read(u, NS16550_RBR);
	(void)ns16550_reg_read(u, NS16550_IIR);
	rc = irq_connect(irq, ns16550_isr, u);
	if (rc)
		return rc;
	ns16550_reg_write(u, NS16550_IER, NS16550_IER_RDI);
	arch_irq_enable(irq);
	return 0;
}

void ns16550_deinit(struct ns16550 *u)
{
	if (!u->regs)
		return;
	ns16550_reg_write(u, NS16550_IER, 0);
	irq_disconnect(u->irq);
}

int ns16550_putc(struct ns16550 *u, uint8_t byte)
{
	unsigned long key = arch_irq_lock();
	int rc = -EBUSY;

	for (unsigned int n = 0; n < NS16550_TX_SPINS; n++) {
		if (ns16550_reg_read(u, NS16550_LSR) & NS16550_LSR_THRE) {
			ns16550_reg_write(u, NS16550_THR, byte);
			u->tx_bytes++;
			rc = 0;
			break;
		}
	}
	if (rc)
		u->tx_busy++;
	arch_irq_unlock(key);
	return rc;
}

void ns16550_set_loopback(struct ns16550 *u, bool on)
{
	uint8_t mcr = ns16550_reg_read(u, NS16550_MCR);

	mcr = on ? (mcr | NS16550_MCR_LOOP) : (mcr & ~NS16550_MCR_LOOP);
	ns16550_reg_write(u, NS16550_MCR, mcr);
}
