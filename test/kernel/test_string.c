/* SPDX-License-Identifier: MIT */
/* The kernel's memset/memcpy (arch assembly) against a byte-by-byte model. */
#include <stdint.h>
#include <string.h>

#include "test/harness/ktest.h"

static uint8_t dst[160], src[160], model[160];

KTEST(string, memset_all_alignments_and_sizes)
{
	for (unsigned int off = 0; off < 8; off++) {
		for (unsigned int n = 0; n <= 100; n++) {
			for (unsigned int i = 0; i < sizeof(dst); i++)
				dst[i] = model[i] = (uint8_t)(i * 7 + 1);
			for (unsigned int i = 0; i < n; i++)
				model[off + i] = 0xa5;
			KT_ASSERT(memset(dst + off, 0xa5, n) == dst + off);
			KT_ASSERT_EQ(memcmp(dst, model, sizeof(dst)), 0);
		}
	}
}

KTEST(string, memcpy_all_alignments_and_sizes)
{
	for (unsigned int i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 13 + 5);
	for (unsigned int so = 0; so < 4; so++) {
		for (unsigned int d_o = 0; d_o < 4; d_o++) {
			for (unsigned int n = 0; n <= 100; n++) {
				memset(dst, 0, sizeof(dst));
				memset(model, 0, sizeof(model));
				for (unsigned int i = 0; i < n; i++)
					model[d_o + i] = src[so + i];
				KT_ASSERT(memcpy(dst + d_o, src + so, n) == dst + d_o);
				KT_ASSERT_EQ(memcmp(dst, model, sizeof(dst)), 0);
			}
		}
	}
}
