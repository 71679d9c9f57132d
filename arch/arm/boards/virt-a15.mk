# QEMU virt, Cortex-A15 (ARMv7-A + LPAE/virt extensions, GICv2, generic timer).
# Everything board-specific for the build and for QEMU lives here.
ARCH        := arm
CROSS       := arm-none-eabi-
CPU_FLAGS   := -mcpu=cortex-a15 -mfpu=neon-vfpv4 -mfloat-abi=hard -marm
LOAD_ADDR   := 0x40000000
RAM_SIZE    := 0x08000000
# User code sees RAM USER_VA_OFFSET lower (RAM at 0x10000000 below the TTBR1 split).
USER_VA_OFFSET := 0x30000000
# Module images run unprivileged, each type in its domain (docs/security.md).
MODULES_USER := 1
BOARD_SRCS  := arch/arm/boards/virt-a15.c drivers/uart/pl011.c arch/arm/gic/gicv2.c drivers/pci/pci.c drivers/hda/hda.c \
               arch/arm/timer/generic_timer.c arch/arm/mm/mmu.c arch/arm/mm/pagetable.c \
               drivers/ivshmem/ivshmem.c drivers/hostdma/host_dma.c \
               drivers/uart/ns16550.c drivers/ipc/ipc_link.c audio/hostlink/ipc4_link.c
BOARD_TESTS := $(wildcard test/kernel/mmu/*.c test/kernel/pci/*.c)
BOARD_BENCHES := $(wildcard test/bench/hda/*.c test/bench/ipc/*.c)
QEMU        := qemu-system-arm
# The host window (docs/host-shm.md): a file the host tools mmap. Runs that may
# overlap (tests) set SHM to a path of their own, also per target (QEMU_ARGS is
# expanded late for that), so they never share one window.
SHM         ?= /dev/shm/sotto-$(BOARD)-$(shell id -u)
# The host IPC doorbell (docs/host-shm.md, "IPC mailbox"): a 16550 on PCI whose
# other end is this unix socket, QEMU listening; tools/ipclink.py connects.
IPC_SOCK    ?= $(O)/ipc.sock
# What the codec plays into: nothing by default; `make run` writes a WAV.
AUDIODEV    ?= none
RUN_AUDIODEV = wav,path=$(O)/demo.wav,out.frequency=48000
QEMU_ARGS    = -M virt,highmem=off -cpu cortex-a15 -m 128M -nographic \
               -semihosting-config enable=on,target=native \
               -device intel-hda,addr=02.0 -device hda-output,audiodev=snd0 \
               -audiodev $(AUDIODEV),id=snd0 \
               -object memory-backend-file,id=hostmem,share=on,mem-path=$(SHM),size=4M \
               -device ivshmem-plain,memdev=hostmem,addr=03.0 \
               -chardev socket,id=ipc,path=$(IPC_SOCK),server=on,wait=off \
               -device pci-serial,chardev=ipc,addr=04.0
# How QEMU gets the image $(1).
QEMU_IMAGE   = -kernel $(1)
# gdb architecture name for make debug.
GDB_ARCH    := armv7
