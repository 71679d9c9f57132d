/* SPDX-License-Identifier: MIT */
/*
 * The SDK runtime a module image links: the few C library routines the
 * compiler may call on its own (structure copies and clears). Each module
 * image gets its own copy; module code calls nothing outside its image.
 */
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (!(((uintptr_t)d | (uintptr_t)s | n) & 3)) {
		for (; n; n -= 4, d += 4, s += 4)
			*(uint32_t *)d = *(const uint32_t *)s;
		return dst;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;

	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}
