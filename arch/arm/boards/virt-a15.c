/* SPDX-License-Identifier: MIT */
/*
 * QEMU "virt" machine with a Cortex-A15 (-M virt,highmem=off).
 * Addresses from QEMU's hw/arm/virt.c memory map (see docs/boards.md).
 */
#include "drivers/hda/hda.h"
#include "drivers/hostdma/host_dma.h"
#include "drivers/ipc/ipc_link.h"
#include "drivers/ivshmem/ivshmem.h"
#include "drivers/pci/pci.h"
#include "drivers/uart/uart.h"
#include "kernel/arch.h"
#include "kernel/board.h"

#define VIRT_UART0     0x09000000u
#define VIRT_UART0_IRQ 33 /* SPI 1 */
#define VIRT_GICD      0x08000000u
#define VIRT_GICC      0x08010000u
#define VIRT_CNTP_IRQ  30 /* non-secure physical timer PPI */

#define PSCI_SYSTEM_RESET 0x84000009u
#define VIRT_EMPTY_BUS	  0x0c000000u /* platform bus: nothing plugged, accesses abort */

static const struct board_region virt_devices[] = {
	{"flash", 0x00000000u, 0x08000000u},	 {"gic-dist", VIRT_GICD, 0x10000u},
	{"gic-cpu", VIRT_GICC, 0x10000u},	 {"pl011", VIRT_UART0, 0x1000u},
	{"pl031-rtc", 0x09010000u, 0x1000u},	 {"virtio-mmio", 0x0a000000u, 0x4000u},
	{"pcie-mmio", 0x10000000u, 0x2eff0000u}, {"pcie-pio", 0x3eff0000u, 0x10000u},
	{"pcie-ecam", 0x3f000000u, 0x01000000u}, {"platform-bus", VIRT_EMPTY_BUS, 0x2000000u},
};

/* hw/arm/virt.c: PCIe INTx of slot s pin p is SPI 3 + (s + p - 1) % 4. */
static const struct board_pci virt_pci = {
	.ecam = 0x3f000000u,
	.mmio = 0x10000000u,
	.mmio_size = 0x2eff0000u,
	.pio = 0x3eff0000u, /* "pcie-pio": PCI I/O space, memory-mapped */
	.pio_size = 0x10000u,
	.intx_irq0 = 32 + 3,
};

const struct board board = {
	.name = "virt-a15",
	.cpu = "cortex-a15",
	.ram_base = CONFIG_RAM_BASE,
	.ram_size = CONFIG_RAM_SIZE,
	.devices = virt_devices,
	.n_devices = sizeof(virt_devices) / sizeof(virt_devices[0]),
	.console_irq = VIRT_UART0_IRQ,
	.timer_irq = VIRT_CNTP_IRQ,
	.test_irq = 120, /* SPI 88: no device behind it */
	.has_semihosting = 1,
	.bus_error_pa = VIRT_EMPTY_BUS,
	.pci = &virt_pci,
};

/* GIC base addresses for the driver. */
const uintptr_t gic_dist_base = VIRT_GICD;
const uintptr_t gic_cpu_base = VIRT_GICC;

void board_console_init(void)
{
	uart_init(arch_mm_device(VIRT_UART0, 0x1000), VIRT_UART0_IRQ);
}

void board_devices_init(void)
{
	if (pci_init() <= 0) /* logs what it found or why it failed */
		return;
	hda_init(); /* Intel HDA controller + codec: the link DMA and the codec DAI */
	/* The host window (QEMU line: ivshmem-plain at 00:03.0); each logs one line. */
	if (ivshmem_init() == 0)
		host_dma_init(ivshmem_base(), ivshmem_size());
	/* Host IPC: mailbox in that window + doorbell (pci-serial at 00:04.0); logs one line. */
	ipc_link_init();
}

/* QEMU virt without EL2/EL3 emulates PSCI on HVC (hw/arm/virt.c). */
void board_reboot(void)
{
	register unsigned long r0 __asm__("r0") = PSCI_SYSTEM_RESET;

	__asm__ volatile(".arch_extension virt\n\thvc #0" : "+r"(r0)::"memory");
	for (;;)
		;
}
