/* SPDX-License-Identifier: MIT */
/*
 * PCM sample formats shared by the audio core and the modules.
 *
 * Frames are interleaved: sample i of channel c is element (i * channels + c)
 * of the buffer, with 1..SOT_PCM_MAX_CHANNELS channels. Formats:
 *   S16_LE   int16_t
 *   S24_4LE  int32_t container, the sample in bits 0..23, sign-extended into
 *            bits 24..31. Loads ignore bits 24..31 (they sign-extend bit 23);
 *            stores always write a sign-extended value in [-2^23, 2^23 - 1].
 *   S32_LE   int32_t
 *
 * DSP code works in Q1.31: a value v in [-1, 1) is the int32_t v * 2^31, so
 * full scale of every format maps onto the same Q1.31 range. Loading is
 * exact; storing rounds to nearest (ties toward +infinity: add half an LSB,
 * shift right) and saturates to the format's range.
 *
 * Only <stdint.h>/<stddef.h>: this header is part of the module SDK and is
 * used unchanged in kernel and user mode.
 */
#ifndef SOTTO_PCM_H
#define SOTTO_PCM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The _LE formats are read and written as native integers. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "PCM helpers assume a little-endian CPU");

enum sot_pcm_format {
	SOT_PCM_S16_LE,
	SOT_PCM_S24_4LE,
	SOT_PCM_S32_LE,
};

#define SOT_PCM_MAX_CHANNELS 8
#define SOT_PCM_MAX_RATE     192000

static inline bool sot_pcm_format_is_valid(enum sot_pcm_format fmt)
{
	return fmt == SOT_PCM_S16_LE || fmt == SOT_PCM_S24_4LE || fmt == SOT_PCM_S32_LE;
}

/* Bytes of one sample in memory (the container): 2, 4, 4; 0 if invalid. */
static inline unsigned int sot_pcm_bytes(enum sot_pcm_format fmt)
{
	switch (fmt) {
	case SOT_PCM_S16_LE:
		return 2;
	case SOT_PCM_S24_4LE:
	case SOT_PCM_S32_LE:
		return 4;
	}
	return 0;
}

/* Significant bits of one sample: 16, 24, 32; 0 if invalid. */
static inline unsigned int sot_pcm_bits(enum sot_pcm_format fmt)
{
	switch (fmt) {
	case SOT_PCM_S16_LE:
		return 16;
	case SOT_PCM_S24_4LE:
		return 24;
	case SOT_PCM_S32_LE:
		return 32;
	}
	return 0;
}

/* True if @channels is a channel count the DSP code accepts (1..8). */
static inline bool sot_pcm_channels_are_valid(unsigned int channels)
{
	return channels >= 1 && channels <= SOT_PCM_MAX_CHANNELS;
}

/* Element @i of @buf in format @fmt as Q1.31 (exact). */
static inline int32_t sot_pcm_load_q31(const void *buf, size_t i, enum sot_pcm_format fmt)
{
	switch (fmt) {
	case SOT_PCM_S16_LE:
		return (int32_t)((uint32_t)((const int16_t *)buf)[i] << 16);
	case SOT_PCM_S24_4LE:
		return (int32_t)((uint32_t)((const int32_t *)buf)[i] << 8);
	case SOT_PCM_S32_LE:
		return ((const int32_t *)buf)[i];
	}
	return 0;
}

/*
 * Round @acc, a fixed-point value with @frac fractional bits (acc / 2^frac is
 * the sample value, full scale +-1.0), to a @bits-bit sample: add half an
 * LSB, shift right by frac - (bits - 1), saturate to [-2^(bits-1),
 * 2^(bits-1) - 1]. Needs bits - 1 <= frac <= 62 and |acc| < 2^62.
 */
static inline int32_t sot_pcm_round_sat(int64_t acc, unsigned int frac, unsigned int bits)
{
	unsigned int shift = frac - (bits - 1);
	int64_t max = ((int64_t)1 << (bits - 1)) - 1;

	if (shift)
		acc = (acc + ((int64_t)1 << (shift - 1))) >> shift;
	if (acc > max)
		return (int32_t)max;
	if (acc < -max - 1)
		return (int32_t)(-max - 1);
	return (int32_t)acc;
}

/*
 * Store @acc (acc / 2^frac is the value, 31 <= frac <= 62, |acc| < 2^62) as
 * element @i of @buf in format @fmt, rounded to nearest and saturated. Code
 * with a wide accumulator uses this to round once, straight to the output.
 */
static inline void sot_pcm_store_wide(void *buf, size_t i, enum sot_pcm_format fmt, int64_t acc,
				      unsigned int frac)
{
	switch (fmt) {
	case SOT_PCM_S16_LE:
		((int16_t *)buf)[i] = (int16_t)sot_pcm_round_sat(acc, frac, 16);
		break;
	case SOT_PCM_S24_4LE:
		((int32_t *)buf)[i] = sot_pcm_round_sat(acc, frac, 24);
		break;
	case SOT_PCM_S32_LE:
		((int32_t *)buf)[i] = sot_pcm_round_sat(acc, frac, 32);
		break;
	}
}

/* Store the Q1.31 value @v as element @i of @buf in format @fmt (rounded, saturated). */
static inline void sot_pcm_store_q31(void *buf, size_t i, enum sot_pcm_format fmt, int32_t v)
{
	sot_pcm_store_wide(buf, i, fmt, v, 31);
}

#endif /* SOTTO_PCM_H */
