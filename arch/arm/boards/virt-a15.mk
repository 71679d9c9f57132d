# QEMU virt, Cortex-A15 (ARMv7-A + LPAE/virt extensions, GICv2, generic timer).
# Everything board-specific for the build and for QEMU lives here.
ARCH        := arm
CROSS       := arm-none-eabi-
CPU_FLAGS   := -mcpu=cortex-a15 -mfpu=neon-vfpv4 -mfloat-abi=hard -marm
LOAD_ADDR   := 0x40000000
RAM_SIZE    := 0x08000000
# User code sees RAM USER_VA_OFFSET lower (RAM at 0x10000000 below the TTBR1 split).
USER_VA_OFFSET := 0x30000000
BOARD_SRCS  := arch/arm/boards/virt-a15.c drivers/uart/pl011.c arch/arm/gic/gicv2.c drivers/pci/pci.c \
               arch/arm/timer/generic_timer.c arch/arm/mm/mmu.c arch/arm/mm/pagetable.c
BOARD_TESTS := $(wildcard test/kernel/mmu/*.c test/kernel/pci/*.c)
QEMU        := qemu-system-arm
QEMU_ARGS   := -M virt,highmem=off -cpu cortex-a15 -m 128M -nographic \
               -semihosting-config enable=on,target=native \
               -device intel-hda,addr=02.0 -device hda-output,audiodev=snd0 \
               -audiodev none,id=snd0
# How QEMU gets the image $(1).
QEMU_IMAGE   = -kernel $(1)
# gdb architecture name for make debug.
GDB_ARCH    := armv7
