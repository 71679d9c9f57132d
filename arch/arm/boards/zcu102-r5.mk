# Xilinx ZCU102 (Zynq UltraScale+ MPSoC), the Cortex-R5F of the RPU: PMSAv7
# MPU with 16 regions, no interrupt reaches the core under QEMU 7.2 (the tick
# is polled), Cadence UART0 console, the PMU cycle counter as the system
# counter (QEMU's TTC model cannot be polled under -icount: docs/boards.md).
ARCH        := arm
CROSS       := arm-none-eabi-
CPU_FLAGS   := -mcpu=cortex-r5 -mfpu=vfpv3-d16 -mfloat-abi=hard -marm
LOAD_ADDR   := 0x00000000
RAM_SIZE    := 0x08000000
BOARD_SRCS  := arch/arm/boards/zcu102-r5.c drivers/uart/cadence.c arch/arm/irq/irq_polled.c \
               arch/arm/timer/cycle_timer.c arch/arm/mm/mpu.c arch/arm/mm/mpu_plan.c
BOARD_TESTS := $(wildcard test/kernel/mpu/*.c)
# The RPU is started through QEMU's monitor: tools/qemu_zcu102_r5.py does it
# and keeps the serial console on stdin/stdout like the other boards.
QEMU        := python3 tools/qemu_zcu102_r5.py --qemu qemu-system-aarch64
QEMU_ARGS   := -m 128M -serial mon:stdio -semihosting-config enable=on,target=native
QEMU_IMAGE   = -kernel $(1)
GDB_ARCH    := armv7
# QEMU's gdbstub shows each CPU cluster as a process: the A53s are the first,
# the RPU the second.
GDB_ATTACH  := -ex 'target extended-remote :1234' -ex 'add-inferior' -ex 'inferior 2' \
               -ex 'attach 2'
