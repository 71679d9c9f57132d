# Xilinx ZCU102 (Zynq UltraScale+ MPSoC), the Cortex-R5F of the RPU: PMSAv7
# MPU with 16 regions, no interrupt reaches the core under QEMU 7.2 (the tick
# is polled), Cadence UART0 console, TTC0 as the counter.
ARCH        := arm
CROSS       := arm-none-eabi-
CPU_FLAGS   := -mcpu=cortex-r5 -mfpu=vfpv3-d16 -mfloat-abi=hard -marm
LOAD_ADDR   := 0x00000000
RAM_SIZE    := 0x08000000
BOARD_SRCS  := arch/arm/boards/zcu102-r5.c drivers/uart/cadence.c arch/arm/irq/irq_polled.c \
               arch/arm/timer/ttc.c arch/arm/mm/mpu.c arch/arm/mm/mpu_plan.c
# The RPU is started through QEMU's monitor: tools/qemu_zcu102_r5.py does it
# and keeps the serial console on stdin/stdout like the other boards.
QEMU        := python3 tools/qemu_zcu102_r5.py --qemu qemu-system-aarch64
QEMU_ARGS   := -m 128M -serial mon:stdio -semihosting-config enable=on,target=native
QEMU_IMAGE   = -kernel $(1)
GDB_ARCH    := armv7
