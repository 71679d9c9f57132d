/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "drivers/pci/pci.h"
#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/errno.h"
#include "kernel/log.h"
#include "kernel/shell.h"

/* Type 0 configuration header (PCI Local Bus 3.0, 6.1). */
#define PCI_VENDOR_DEVICE 0x00
#define PCI_COMMAND	  0x04
#define PCI_CLASS_REV	  0x08
#define PCI_HEADER	  0x0c /* bits 23:16 header type, bit 23 multi-function */
#define PCI_BAR0	  0x10
#define PCI_INTERRUPT	  0x3c /* bits 15:8 interrupt pin */

#define CMD_IO	   (1u << 0)
#define CMD_MEM	   (1u << 1)
#define CMD_MASTER (1u << 2)

#define BAR_IO	    (1u << 0)
#define BAR_TYPE64  (2u << 1)
#define BAR_MEMMASK 0xfffffff0u
#define BAR_IOMASK  0xfffffffcu

#define IO_FIRST_PORT 0x1000u /* ports below stay unused: a BAR at port 0 looks unassigned */

#define ECAM_FN_SHIFT  12
#define ECAM_DEV_SHIFT 15
#define ECAM_BUS_BYTES (1u << 20)

static struct pci_dev devs[PCI_MAX_DEVICES];
static unsigned int n_devs;
static vaddr_t ecam;
static paddr_t mmio_next, mmio_end;
static uint32_t io_next; /* next free port of the board's I/O window */

static volatile uint32_t *cfg(uint8_t dev, uint8_t fn, unsigned int reg)
{
	return (volatile uint32_t *)(ecam + ((uint32_t)dev << ECAM_DEV_SHIFT) +
				     ((uint32_t)fn << ECAM_FN_SHIFT) + (reg & 0xffcu));
}

uint32_t pci_cfg_read(const struct pci_dev *d, unsigned int reg)
{
	return *cfg(d->dev, d->fn, reg);
}

void pci_cfg_write(const struct pci_dev *d, unsigned int reg, uint32_t v)
{
	*cfg(d->dev, d->fn, reg) = v;
}

/*
 * Give I/O BAR @b (register @reg, @size ports) an aligned range of the
 * board's I/O window; b->pa becomes the CPU address of its first port. A
 * board without an I/O window leaves it sized but unassigned.
 */
static int setup_io_bar(struct pci_dev *d, unsigned int reg, struct pci_bar *b, uint32_t size)
{
	uint32_t port = (uint32_t)mem_align_up(io_next, size);

	if (!board.pci->pio_size)
		return 0;
	if (port + size > board.pci->pio_size || port + size < port)
		return -ENOSPC;
	io_next = port + size;
	b->pa = board.pci->pio + port;
	pci_cfg_write(d, reg, port);
	return 0;
}

/* Size BAR @i of @d and give it an aligned range of the MMIO or I/O window. */
static int setup_bar(struct pci_dev *d, unsigned int i)
{
	unsigned int reg = PCI_BAR0 + 4 * i;
	uint32_t orig = pci_cfg_read(d, reg), mask, size;
	struct pci_bar *b = &d->bar[i];

	pci_cfg_write(d, reg, 0xffffffffu);
	mask = pci_cfg_read(d, reg);
	pci_cfg_write(d, reg, orig);
	if (!mask)
		return 0; /* no BAR in this slot */
	b->io = orig & BAR_IO;
	if (b->io && !(mask & 0xffff0000u))
		mask |= 0xffff0000u; /* a 16-bit I/O decoder (PCI 3.0, 6.2.5.1) */
	size = ~(mask & (b->io ? BAR_IOMASK : BAR_MEMMASK)) + 1;
	b->size = size;
	if (b->io)
		return setup_io_bar(d, reg, b, size);
	b->is64 = (orig & 6u) == BAR_TYPE64;
	mmio_next = mem_align_up(mmio_next, size);
	if (mmio_next + size > mmio_end || mmio_next + size < mmio_next)
		return -ENOSPC;
	b->pa = mmio_next;
	mmio_next += size;
	pci_cfg_write(d, reg, (uint32_t)b->pa);
	if (b->is64 && i + 1 < PCI_MAX_BARS)
		pci_cfg_write(d, reg + 4, 0); /* below 4 GiB */
	return 0;
}

static int probe(uint8_t dev, uint8_t fn)
{
	struct pci_dev *d;
	uint32_t id = *cfg(dev, fn, PCI_VENDOR_DEVICE), cmd;
	int rc = 0;

	if ((id & 0xffffu) == 0xffffu)
		return 0;
	if (n_devs == PCI_MAX_DEVICES)
		return -ENOSPC;
	d = &devs[n_devs++];
	*d = (struct pci_dev){.bus = 0, .dev = dev, .fn = fn};
	d->vendor = (uint16_t)id;
	d->device = (uint16_t)(id >> 16);
	d->class_rev = pci_cfg_read(d, PCI_CLASS_REV);
	pci_cfg_write(d, PCI_COMMAND, 0); /* decode nothing while BARs move */
	if (((pci_cfg_read(d, PCI_HEADER) >> 16) & 0x7fu) == 0) {
		for (unsigned int i = 0; i < PCI_MAX_BARS && !rc; i++) {
			rc = setup_bar(d, i);
			if (d->bar[i].is64)
				i++;
		}
	}
	d->irq_pin = (uint8_t)(pci_cfg_read(d, PCI_INTERRUPT) >> 8);
	if (d->irq_pin >= 1 && d->irq_pin <= 4)
		d->irq = board.pci->intx_irq0 + (dev + d->irq_pin - 1u) % 4u;
	cmd = CMD_MEM | CMD_MASTER;
	for (unsigned int i = 0; i < PCI_MAX_BARS; i++)
		if (d->bar[i].io && d->bar[i].pa)
			cmd |= CMD_IO;
	pci_cfg_write(d, PCI_COMMAND, cmd);
	return rc;
}

int pci_init(void)
{
	int rc = 0;

	if (!board.pci)
		return -ENODEV;
	ecam = arch_mm_device(board.pci->ecam, ECAM_BUS_BYTES);
	if (!ecam)
		return -ENODEV;
	mmio_next = board.pci->mmio;
	mmio_end = board.pci->mmio + board.pci->mmio_size;
	io_next = IO_FIRST_PORT;
	n_devs = 0;
	for (uint8_t dev = 0; dev < 32 && !rc; dev++) {
		uint32_t hdr;

		rc = probe(dev, 0);
		if (rc || (*cfg(dev, 0, PCI_VENDOR_DEVICE) & 0xffffu) == 0xffffu)
			continue;
		hdr = *cfg(dev, 0, PCI_HEADER);
		for (uint8_t fn = 1; fn < 8 && !rc && (hdr & (1u << 23)); fn++)
			rc = probe(dev, fn);
	}
	if (rc) {
		LOG_ERR("pci: %d while configuring (window too small?)", rc);
		return rc;
	}
	LOG_INF("pci: %u function(s) on bus 0", n_devs);
	return (int)n_devs;
}

unsigned int pci_count(void)
{
	return n_devs;
}

const struct pci_dev *pci_get(unsigned int i)
{
	return i < n_devs ? &devs[i] : NULL;
}

const struct pci_dev *pci_find(uint16_t vendor, uint16_t device)
{
	for (unsigned int i = 0; i < n_devs; i++)
		if (devs[i].vendor == vendor && devs[i].device == device)
			return &devs[i];
	return NULL;
}

vaddr_t pci_bar_map(const struct pci_dev *d, unsigned int bar)
{
	if (bar >= PCI_MAX_BARS || !d->bar[bar].pa)
		return 0;
	return arch_mm_device(d->bar[bar].pa, d->bar[bar].size);
}

void pci_print(void)
{
	for (unsigned int i = 0; i < n_devs; i++) {
		const struct pci_dev *d = &devs[i];

		printf("%02x:%02x.%x %04x:%04x class %06lx", d->bus, d->dev, d->fn, d->vendor,
		       d->device, (unsigned long)(d->class_rev >> 8));
		if (d->irq)
			printf(" irq %u (INT%c)", d->irq, 'A' + d->irq_pin - 1);
		printf("\n");
		for (unsigned int b = 0; b < PCI_MAX_BARS; b++)
			if (d->bar[b].size)
				printf("    BAR%u %s %08lx size %lu\n", b,
				       d->bar[b].io ? "io " : "mem", (unsigned long)d->bar[b].pa,
				       (unsigned long)d->bar[b].size);
	}
}

static int cmd_lspci(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pci_print();
	return 0;
}
SHELL_CMD(lspci, "list PCI functions, their BARs and interrupts", cmd_lspci);
