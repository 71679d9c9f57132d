/* SPDX-License-Identifier: MIT */
/*
 * ivshmem-plain (QEMU's inter-VM shared memory PCI device, vendor 0x1af4
 * device 0x1110): BAR2 is a window of memory the host also maps (a file under
 * /dev/shm). The window is mapped as Device memory (arch_mm_device), where an
 * unaligned access faults: touch it only with naturally aligned accesses, or
 * through ivshmem_copy_in/out.
 */
#ifndef DRIVERS_IVSHMEM_H
#define DRIVERS_IVSHMEM_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/mem.h"

#define IVSHMEM_VENDOR	0x1af4u
#define IVSHMEM_DEVICE	0x1110u
#define IVSHMEM_BAR_SHM 2u

/*
 * Find the device on the PCI bus (after pci_init) and map its shared memory.
 * Logs one line either way. 0, -ENODEV (no device or BAR2 unassigned),
 * -ENOMEM (the BAR could not be mapped).
 */
int ivshmem_init(void);

/* Kernel address, bus address and size of the window; NULL / 0 before a successful init. */
volatile void *ivshmem_base(void);
paddr_t ivshmem_pa(void);
uint32_t ivshmem_size(void);

/*
 * Copy @n bytes between RAM and the window. Every access to the window side
 * is naturally aligned (bytes up to a word boundary, then words); the RAM
 * side may be at any alignment.
 */
void ivshmem_copy_in(void *dst, const volatile void *src, size_t n);
void ivshmem_copy_out(volatile void *dst, const void *src, size_t n);

#endif /* DRIVERS_IVSHMEM_H */
