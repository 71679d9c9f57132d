/* SPDX-License-Identifier: MIT */
/* Byte ring used by the console: runs on the host and on target. */
#include "kernel/errno.h"
#include "kernel/ringbuf.h"
#include "test/harness/ktest.h"

KTEST(ringbuf, rejects_bad_size)
{
	struct ringbuf rb;
	uint8_t store[8];

	KT_ASSERT_EQ(ringbuf_init(&rb, store, 6), -EINVAL);
	KT_ASSERT_EQ(ringbuf_init(&rb, store, 1), -EINVAL);
	KT_ASSERT_EQ(ringbuf_init(&rb, NULL, 8), -EINVAL);
	KT_ASSERT_EQ(ringbuf_init(&rb, store, 8), 0);
}

KTEST(ringbuf, fifo_order_and_full)
{
	struct ringbuf rb;
	uint8_t store[4];

	ringbuf_init(&rb, store, sizeof(store));
	KT_ASSERT_EQ(ringbuf_get(&rb), -1);
	for (int i = 0; i < 4; i++)
		KT_ASSERT(ringbuf_put(&rb, (uint8_t)(10 + i)));
	KT_ASSERT_EQ(ringbuf_free(&rb), 0);
	KT_ASSERT(!ringbuf_put(&rb, 99));
	KT_ASSERT_EQ(rb.dropped, 1);
	for (int i = 0; i < 4; i++)
		KT_ASSERT_EQ(ringbuf_get(&rb), 10 + i);
	KT_ASSERT_EQ(ringbuf_get(&rb), -1);
	KT_ASSERT_EQ(ringbuf_used(&rb), 0);
}

/* Indices are free-running: check wrap of the 32-bit counters too. */
KTEST(ringbuf, index_wraparound)
{
	struct ringbuf rb;
	uint8_t store[8];

	ringbuf_init(&rb, store, sizeof(store));
	rb.head = rb.tail = 0xfffffffcu;
	for (int i = 0; i < 8; i++)
		KT_ASSERT(ringbuf_put(&rb, (uint8_t)i));
	KT_ASSERT_EQ(ringbuf_used(&rb), 8);
	KT_ASSERT(!ringbuf_put(&rb, 8));
	for (int i = 0; i < 8; i++)
		KT_ASSERT_EQ(ringbuf_get(&rb), i);
	KT_ASSERT_EQ(rb.tail, 4);
}

KTEST(ringbuf, interleaved_random)
{
	struct ringbuf rb;
	uint8_t store[16];
	uint32_t seed = 12345, next_put = 0, next_get = 0;

	ringbuf_init(&rb, store, sizeof(store));
	for (int i = 0; i < 5000; i++) {
		seed = seed * 1103515245u + 12345u;
		if ((seed >> 16) & 1) {
			if (ringbuf_put(&rb, (uint8_t)next_put))
				next_put++;
		} else {
			int c = ringbuf_get(&rb);

			if (next_get == next_put) {
				KT_ASSERT_EQ(c, -1);
			} else {
				KT_ASSERT_EQ(c, (uint8_t)next_get);
				next_get++;
			}
		}
		KT_ASSERT_EQ(ringbuf_used(&rb), next_put - next_get);
	}
}
