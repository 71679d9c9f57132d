/* SPDX-License-Identifier: MIT */
/*
 * Single-producer single-consumer byte ring (e.g. UART interrupt -> shell).
 * Producer and consumer each own one index; no lock is needed.
 */
#ifndef KERNEL_RINGBUF_H
#define KERNEL_RINGBUF_H

#include <stdbool.h>
#include <stdint.h>

struct ringbuf {
	uint8_t *data;
	uint32_t size;	  /* power of two */
	uint32_t head;	  /* written by the producer only */
	uint32_t tail;	  /* written by the consumer only */
	uint32_t dropped; /* bytes refused because the ring was full */
};

/* Use @storage of @size bytes (a power of two, >= 2). Returns 0 or -EINVAL. */
int ringbuf_init(struct ringbuf *rb, uint8_t *storage, uint32_t size);

/* Producer: append @byte; false (and dropped++) if full. */
bool ringbuf_put(struct ringbuf *rb, uint8_t byte);

/* Consumer: next byte, or -1 if empty. */
int ringbuf_get(struct ringbuf *rb);

uint32_t ringbuf_used(const struct ringbuf *rb);
uint32_t ringbuf_free(const struct ringbuf *rb);

#endif /* KERNEL_RINGBUF_H */
