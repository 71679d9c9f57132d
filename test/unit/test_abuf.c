/* SPDX-License-Identifier: MIT */
/* The shared audio ring (sotto/abuf.h): runs on the host and on target. */
#include <string.h>

#include <sotto/abuf.h>

#include "test/harness/ktest.h"

#define FRAMES 6
#define FB     8 /* stereo S32 */

static union {
	struct abuf b;
	uint8_t raw[sizeof(struct abuf) + FRAMES * FB];
} mem;

static struct abuf *fresh(void)
{
	memset(&mem, 0xee, sizeof(mem));
	KT_ASSERT_EQ(abuf_init(&mem.b, FRAMES, FB), 0);
	return &mem.b;
}

/* Write @n frames numbered from @first (one uint32 tag per frame, twice). */
static void produce(struct abuf *b, uint32_t n, uint32_t first)
{
	struct abuf_region r;
	uint32_t got = abuf_write_region(b, n, &r), k = 0;

	KT_ASSERT_EQ(got, n);
	for (int p = 0; p < 2; p++)
		for (uint32_t i = 0; i < r.frames[p]; i++, k++) {
			uint32_t v[2] = {first + k, ~(first + k)};

			memcpy(r.ptr[p] + i * FB, v, FB);
		}
	abuf_write_commit(b, n);
}

static void consume(struct abuf *b, uint32_t n, uint32_t first)
{
	struct abuf_region r;
	uint32_t got = abuf_read_region(b, n, &r), k = 0;

	KT_ASSERT_EQ(got, n);
	KT_ASSERT_EQ(r.frames[0] + r.frames[1], n);
	for (int p = 0; p < 2; p++)
		for (uint32_t i = 0; i < r.frames[p]; i++, k++) {
			uint32_t v[2];

			memcpy(v, r.ptr[p] + i * FB, FB);
			KT_ASSERT_EQ(v[0], first + k);
			KT_ASSERT_EQ(v[1], ~(first + k));
		}
	abuf_read_commit(b, n);
}

KTEST(abuf, init_rejects_bad_geometry)
{
	KT_ASSERT_EQ(abuf_init(&mem.b, 0, FB), -1);
	KT_ASSERT_EQ(abuf_init(&mem.b, 4, 0), -1);
	KT_ASSERT_EQ(abuf_init(&mem.b, 0x40000000u, 4), -1);
	KT_ASSERT_EQ(abuf_bytes(FRAMES, FB), sizeof(mem));
}

KTEST(abuf, empty_full_and_wrap)
{
	struct abuf *b = fresh();
	struct abuf_region r;

	KT_ASSERT_EQ(abuf_avail(b), 0);
	KT_ASSERT_EQ(abuf_free(b), FRAMES);
	produce(b, 4, 100);
	consume(b, 3, 100);
	produce(b, 5, 104); /* wraps: 2 at the end, 3 at the start */
	KT_ASSERT_EQ(abuf_free(b), 0);
	KT_ASSERT_EQ(abuf_avail(b), FRAMES);
	abuf_read_region(b, FRAMES, &r);
	KT_ASSERT_EQ(r.frames[0], 3);
	KT_ASSERT_EQ(r.frames[1], 3);
	consume(b, FRAMES, 103);
	KT_ASSERT_EQ(abuf_avail(b), 0);
	KT_ASSERT_EQ(b->overruns + b->underruns, 0);
}

KTEST(abuf, xruns_are_counted_and_clamped)
{
	struct abuf *b = fresh();
	struct abuf_region r;

	KT_ASSERT_EQ(abuf_read_region(b, 2, &r), 0);
	KT_ASSERT_EQ(b->underruns, 1);
	produce(b, FRAMES, 0);
	KT_ASSERT_EQ(abuf_write_region(b, 1, &r), 0);
	KT_ASSERT_EQ(b->overruns, 1);
	KT_ASSERT_EQ(abuf_read_region(b, FRAMES + 3, &r), FRAMES);
	KT_ASSERT_EQ(b->underruns, 2);
}

KTEST(abuf, long_stream_random_blocks)
{
	struct abuf *b = fresh();
	uint32_t seed = 7, wr = 0, rd = 0;

	for (int i = 0; i < 3000; i++) {
		seed = seed * 1664525u + 1013904223u;
		uint32_t n = (seed >> 24) % (FRAMES + 1);

		if (seed & 0x100) {
			if (n > abuf_free(b))
				n = abuf_free(b);
			produce(b, n, wr);
			wr += n;
		} else {
			if (n > abuf_avail(b))
				n = abuf_avail(b);
			consume(b, n, rd);
			rd += n;
		}
		KT_ASSERT_EQ(abuf_avail(b), wr - rd);
		KT_ASSERT_EQ(abuf_avail(b) + abuf_free(b), FRAMES);
	}
	KT_ASSERT_EQ(b->overruns + b->underruns, 0);
}
