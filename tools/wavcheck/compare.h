/* SPDX-License-Identifier: MIT */
/*
 * Bit-exact comparison of a WAV file against a reference through a gain:
 * the file should hold, after some leading frames, exactly what a gain stage
 * (the volume module, a copier) makes of the reference. See docs/wavcheck.md.
 */
#ifndef TOOLS_WAVCHECK_COMPARE_H
#define TOOLS_WAVCHECK_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tools/wavcheck/wav.h"

#define COMPARE_UNITY_Q27 (1 << 27)

enum compare_method {
	COMPARE_FIRST_NONZERO, /* the first non-zero samples of channel 0 line up */
	COMPARE_XCORR,	       /* the cross-correlation peak of channel 0 */
	COMPARE_SILENT_REF,    /* channel 0 of REF x gain is all zero: offset 0 */
};

struct compare_result {
	size_t offset; /* FILE frame = REF frame + offset */
	enum compare_method method;
	size_t ref_frames;		   /* frames in REF */
	size_t compared;		   /* REF frames that have a FILE frame at the offset */
	size_t mismatches;		   /* samples (frame, channel) that differ */
	size_t first_frame;		   /* the first mismatch: FILE frame ... */
	unsigned int first_channel;	   /* ... channel ... */
	int32_t first_got, first_expected; /* ... and the two values */
};

/*
 * What a gain of @gain_q27 / 2^27 makes of the @ref_bits-bit sample @ref in a
 * @out_bits-bit format: the Q1.31 value times the gain, rounded half up (add
 * half an output LSB, shift right) and saturated. For equal formats that is
 * (ref * gain + 2^26) >> 27, saturated.
 */
int32_t compare_expected_sample(int32_t ref, unsigned int ref_bits, int32_t gain_q27,
				unsigned int out_bits);

/*
 * Find where @ref x @gain_q27 starts in @out (0..@max_offset frames later)
 * and compare every frame of @ref that @out holds from there, all channels.
 * Returns 0, or -1 with a reason in @err if the files cannot be compared
 * (different rates or channel counts, no memory).
 */
int compare_wav(const struct wav *ref, const struct wav *out, int32_t gain_q27, size_t max_offset,
		struct compare_result *r, char *err, size_t err_len);

#endif /* TOOLS_WAVCHECK_COMPARE_H */
