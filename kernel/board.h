/* SPDX-License-Identifier: MIT */
/*
 * What a board file (arch/<arch>/boards/<board>.c) provides: its memory map
 * for the boot banner and the MMU/MPU, and the bring-up of its devices.
 */
#ifndef KERNEL_BOARD_H
#define KERNEL_BOARD_H

#include <stddef.h>
#include <stdint.h>

struct board_region {
	const char *name;
	uintptr_t base;
	size_t size;
};

/* A PCIe host bridge with ECAM (drivers/pci). */
struct board_pci {
	uintptr_t ecam; /* configuration space, bus 0 first */
	uintptr_t mmio; /* 32-bit memory window for BARs */
	size_t mmio_size;
	uintptr_t pio;	 /* where I/O port 0 appears in the CPU's memory map (0: no I/O window) */
	size_t pio_size; /* bytes (ports) of the I/O window */
	unsigned int intx_irq0; /* interrupt line of slot 0 INTA; slot s pin p: + (s + p - 1) % 4 */
};

struct board {
	const char *name;
	const char *cpu;
	uintptr_t ram_base;
	size_t ram_size;
	const struct board_region *devices; /* MMIO windows, for the map and the banner */
	unsigned int n_devices;
	unsigned int console_irq;
	unsigned int timer_irq;
	unsigned int test_irq;	/* a software-triggerable line free for self-tests */
	int has_semihosting;	/* 1 when running under an emulator that can exit */
	uintptr_t bus_error_pa; /* a device address with nothing behind it (tests), 0: none */
	/*
	 * 1 when no interrupt ever reaches the CPU: the tick and the other lines
	 * are polled (arch_idle(), exception entry), never taken asynchronously.
	 */
	int irq_polled;
	const struct board_pci *pci; /* NULL: no PCI */
};

extern const struct board board;

/* Bring up the console UART (polled output works after this). */
void board_console_init(void);

/* Bring up the board's buses and devices (PCI, ...), once the kernel runs. */
void board_devices_init(void);

/* Reset the whole board. */
__attribute__((noreturn)) void board_reboot(void);

#endif /* KERNEL_BOARD_H */
