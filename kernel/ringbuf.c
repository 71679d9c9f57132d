/* SPDX-License-Identifier: MIT */
/*
 * Indices run freely and wrap at 2^32; used = head - tail. The producer
 * publishes data before the index (release), the consumer reads the index
 * before the data (acquire).
 */
#include "kernel/ringbuf.h"
#include "kernel/errno.h"

int ringbuf_init(struct ringbuf *rb, uint8_t *storage, uint32_t size)
{
	if (!storage || size < 2 || (size & (size - 1)))
		return -EINVAL;
	rb->data = storage;
	rb->size = size;
	rb->head = 0;
	rb->tail = 0;
	rb->dropped = 0;
	return 0;
}

uint32_t ringbuf_used(const struct ringbuf *rb)
{
	return __atomic_load_n(&rb->head, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&rb->tail, __ATOMIC_ACQUIRE);
}

uint32_t ringbuf_free(const struct ringbuf *rb)
{
	return rb->size - ringbuf_used(rb);
}

bool ringbuf_put(struct ringbuf *rb, uint8_t byte)
{
	uint32_t head = rb->head;

	if (head - __atomic_load_n(&rb->tail, __ATOMIC_ACQUIRE) == rb->size) {
		rb->dropped++;
		return false;
	}
	rb->data[head & (rb->size - 1)] = byte;
	__atomic_store_n(&rb->head, head + 1, __ATOMIC_RELEASE);
	return true;
}

int ringbuf_get(struct ringbuf *rb)
{
	uint32_t tail = rb->tail;
	uint8_t byte;

	if (__atomic_load_n(&rb->head, __ATOMIC_ACQUIRE) == tail)
		return -1;
	byte = rb->data[tail & (rb->size - 1)];
	__atomic_store_n(&rb->tail, tail + 1, __ATOMIC_RELEASE);
	return byte;
}
