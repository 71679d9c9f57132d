/* SPDX-License-Identifier: MIT */
#include "drivers/ivshmem/ivshmem.h"
#include "drivers/pci/pci.h"
#include "kernel/errno.h"
#include "kernel/log.h"

static volatile uint8_t *shm_base;
static paddr_t shm_pa;
static uint32_t shm_size;

int ivshmem_init(void)
{
	const struct pci_dev *d = pci_find(IVSHMEM_VENDOR, IVSHMEM_DEVICE);
	const struct pci_bar *b;
	vaddr_t va;

	if (!d) {
		LOG_INF("ivshmem: no device (%04x:%04x), no host window", IVSHMEM_VENDOR,
			IVSHMEM_DEVICE);
		return -ENODEV;
	}
	b = &d->bar[IVSHMEM_BAR_SHM];
	if (!b->pa || !b->size || b->io) {
		LOG_ERR("ivshmem: %02x:%02x.%x BAR%u not assigned", d->bus, d->dev, d->fn,
			IVSHMEM_BAR_SHM);
		return -ENODEV;
	}
	va = pci_bar_map(d, IVSHMEM_BAR_SHM);
	if (!va) {
		LOG_ERR("ivshmem: cannot map BAR%u at %08lx", IVSHMEM_BAR_SHM,
			(unsigned long)b->pa);
		return -ENOMEM;
	}
	shm_base = (volatile uint8_t *)va;
	shm_pa = b->pa;
	shm_size = b->size;
	LOG_INF("ivshmem: %lu KiB shared memory at %08lx (%02x:%02x.%x)",
		(unsigned long)(shm_size / 1024), (unsigned long)shm_pa, d->bus, d->dev, d->fn);
	return 0;
}

volatile void *ivshmem_base(void)
{
	return shm_base;
}

paddr_t ivshmem_pa(void)
{
	return shm_pa;
}

uint32_t ivshmem_size(void)
{
	return shm_size;
}

void ivshmem_copy_in(void *dst, const volatile void *src, size_t n)
{
	uint8_t *d = dst;
	const volatile uint8_t *s = src;

	for (; n && ((uintptr_t)s & 3u); n--)
		*d++ = *s++;
	if (!((uintptr_t)d & 3u)) {
		for (; n >= 4; n -= 4, d += 4, s += 4)
			*(uint32_t *)d = *(const volatile uint32_t *)s;
	}
	for (; n >= 4; n -= 4, d += 4, s += 4) {
		uint32_t w = *(const volatile uint32_t *)s;

		__builtin_memcpy(d, &w, 4); /* RAM: an unaligned str is fine */
	}
	for (; n; n--)
		*d++ = *s++;
}

void ivshmem_copy_out(volatile void *dst, const void *src, size_t n)
{
	volatile uint8_t *d = dst;
	const uint8_t *s = src;

	for (; n && ((uintptr_t)d & 3u); n--)
		*d++ = *s++;
	if (!((uintptr_t)s & 3u)) {
		for (; n >= 4; n -= 4, d += 4, s += 4)
			*(volatile uint32_t *)d = *(const uint32_t *)s;
	}
	for (; n >= 4; n -= 4, d += 4, s += 4) {
		uint32_t w;

		__builtin_memcpy(&w, s, 4); /* RAM: an unaligned ldr is fine */
		*(volatile uint32_t *)d = w;
	}
	for (; n; n--)
		*d++ = *s++;
}
