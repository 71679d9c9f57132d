/* SPDX-License-Identifier: MIT */
/*
 * PCI(e) through ECAM: enumeration of bus 0, BAR sizing and assignment from
 * the board's 32-bit MMIO window and its I/O port window (memory-mapped on
 * ARM: port p at board_pci.pio + p), the command register, and legacy INTx
 * routing to the interrupt controller (PCI Local Bus 3.0, PCIe base spec
 * 7.2 for ECAM).
 */
#ifndef DRIVERS_PCI_H
#define DRIVERS_PCI_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/mem.h"

#define PCI_MAX_DEVICES 16
#define PCI_MAX_BARS	6

struct pci_bar {
	paddr_t pa; /* assigned address (0: none): the bus address; for an I/O BAR the
		       CPU address of its first port in the board's I/O window */
	uint32_t size;
	bool io;   /* an I/O BAR: assigned from the board's I/O window (board_pci.pio) */
	bool is64; /* a 64-bit memory BAR (takes two slots) */
};

struct pci_dev {
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint32_t class_rev; /* class << 8 | revision */
	uint8_t irq_pin;    /* 1 = INTA .. 4 = INTD, 0 = none */
	unsigned int irq;   /* interrupt line at the controller (0: none) */
	struct pci_bar bar[PCI_MAX_BARS];
};

/*
 * Enumerate and configure every function on bus 0. Returns the number of
 * functions found, or -ENODEV when the board has no PCI, -ENOSPC when the
 * MMIO window is too small for the BARs.
 */
int pci_init(void);

/* Found functions, in bus order. */
unsigned int pci_count(void);
const struct pci_dev *pci_get(unsigned int i);

/* The first function with @vendor:@device, or NULL. */
const struct pci_dev *pci_find(uint16_t vendor, uint16_t device);

/* Kernel address of BAR @bar of @d (mapped as device memory), 0 if none. */
vaddr_t pci_bar_map(const struct pci_dev *d, unsigned int bar);

/* Config space access (32-bit aligned @reg). */
uint32_t pci_cfg_read(const struct pci_dev *d, unsigned int reg);
void pci_cfg_write(const struct pci_dev *d, unsigned int reg, uint32_t v);

/* Print the table ("lspci"). */
void pci_print(void);

#endif /* DRIVERS_PCI_H */
