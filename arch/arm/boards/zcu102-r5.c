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
#define ZYNQMP_LPD_HOLE	 0xff200000u /* inside the LPD window, no device: bus error */
#define ZYNQMP_TTC0	 0xff110000u
#define QEMU_TTC_CLOCK	 133000000u /* hw/timer/cadence_ttc.c: every TTC input is 133 MHz */

/* GIC IDs as the ZynqMP GIC would number them (SPI + 32); nothing delivers them here. */
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
	.bus_error_pa = ZYNQMP_LPD_HOLE,
	.irq_polled = 1,
};

/* TTC0 counters 0 and 1 are the system counter (arch/arm/timer/ttc.c). */
const uintptr_t ttc_base = ZYNQMP_TTC0;
const uint32_t ttc_clock_hz = QEMU_TTC_CLOCK;

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
