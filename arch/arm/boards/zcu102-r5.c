/* SPDX-License-Identifier: MIT */
/*
 * Xilinx ZCU102, the Cortex-R5F of the Zynq UltraScale+ RPU, as QEMU 7.2's
 * xlnx-zcu102 machine models it (see docs/boards.md). Addresses from the
 * Zynq UltraScale+ TRM (UG1085) system address map and QEMU's
 * hw/arm/xlnx-zynqmp.c.
 *
 * QEMU wires the ZynqMP GIC to the A53s only: no interrupt reaches the R5,
 * so the console is polled and the tick is polled (irq_polled).
 */
#include <stdio.h>

#include "drivers/uart/uart.h"
#include "kernel/arch.h"
#include "kernel/board.h"

#define ZYNQMP_LPD_BASE	 0xff000000u /* low-power domain peripherals (UG1085 table 10-1) */
#define ZYNQMP_LPD_SIZE	 0x00800000u
#define ZYNQMP_UART0	 0xff000000u
#define ZYNQMP_UART_SIZE 0x1000u
#define QEMU_CPU_HZ	 1000000000u /* target/arm: PMCCNTR counts at ARM_CPU_FREQ */

/*
 * Lines numbered as the ZynqMP GIC numbers them (SPI + 32); nothing delivers
 * them here. The polled deadline timer borrows TTC0's line.
 */
#define ZYNQMP_TTC0_IRQ (36 + 32)
#define ZYNQMP_TEST_IRQ (68 + 32) /* an SPI with no device behind it */

static const struct board_region zcu102_devices[] = {
	{"lpd-periph", ZYNQMP_LPD_BASE, ZYNQMP_LPD_SIZE},
};

const struct board board = {
	.name = "zcu102-r5",
	.cpu = "cortex-r5f",
	.ram_base = CONFIG_RAM_BASE,
	.ram_size = CONFIG_RAM_SIZE,
	.devices = zcu102_devices,
	.n_devices = sizeof(zcu102_devices) / sizeof(zcu102_devices[0]),
	.console_irq = 0, /* polled: kernel/console.c reads the FIFO itself */
	.timer_irq = ZYNQMP_TTC0_IRQ,
	.test_irq = ZYNQMP_TEST_IRQ,
	.has_semihosting = 1,
	.bus_error_pa = 0, /* QEMU answers every unmapped address here: no bus error */
	.irq_polled = 1,
};

/* The cycle counter is the system counter (arch/arm/timer/cycle_timer.c). */
const uint32_t cycle_counter_hz = QEMU_CPU_HZ;

void board_console_init(void)
{
	uart_init(arch_mm_device(ZYNQMP_UART0, ZYNQMP_UART_SIZE), 0);
}

/*
 * QEMU models no reset controller the RPU could use (the LPD CRL block is
 * absent), and re-entering _start would keep the modified .data: stop here.
 */
void board_reboot(void)
{
	printf("reboot: no reset controller for the RPU in this machine; halting\n");
	arch_halt();
}

/* No PCI and no other bus to bring up on the RPU. */
void board_devices_init(void)
{
}
