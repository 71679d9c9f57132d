/* SPDX-License-Identifier: MIT */
/*
 * WAV files for wavcheck: a lenient RIFF/WAVE reader and a PCM writer.
 *
 * Reads integer PCM, format tag 1 (WAVE_FORMAT_PCM) or 0xFFFE
 * (WAVE_FORMAT_EXTENSIBLE with the KSDATAFORMAT_SUBTYPE_PCM subformat), 16,
 * 24 or 32 bits per sample, 1..8 channels. Unknown chunks are skipped (an
 * odd-sized chunk is followed by a pad byte). A RIFF or data size of 0 or
 * 0xFFFFFFFF, or one past the end of the file, is what a writer that never
 * finished its header leaves (QEMU writes it at exit): the data then runs to
 * the end of the file, whole frames only. Each leniency applied is noted in
 * wav.note.
 */
#ifndef TOOLS_WAVCHECK_WAV_H
#define TOOLS_WAVCHECK_WAV_H

#include <stddef.h>
#include <stdint.h>

#define WAV_MAX_CHANNELS 8

struct wav {
	uint32_t rate;	       /* frames per second, > 0 */
	unsigned int channels; /* 1..WAV_MAX_CHANNELS */
	unsigned int bits;     /* container bits per sample: 16, 24 or 32 */
	size_t frames;	       /* whole frames in samples[] */
	int32_t *samples;      /* frames * channels, interleaved, sign-extended */
	char note[256];	       /* leniencies applied while reading, "" if none */
};

/*
 * Parse the @len bytes at @buf as a WAV file into @w (samples allocated; free
 * with wav_free()). Returns 0, or -1 with a one-line reason in @err (which
 * may be NULL) and @w left empty.
 */
int wav_parse(const uint8_t *buf, size_t len, struct wav *w, char *err, size_t err_len);

/* wav_parse() on the contents of the file @path; the reason names no path. */
int wav_read(const char *path, struct wav *w, char *err, size_t err_len);

/*
 * Encode @w (16, 24 or 32 bits) as a canonical 44-byte-header PCM file into
 * a malloc'ed buffer *@buf of *@len bytes. Returns 0, or -1 if @w is not
 * something wav_parse() accepts or memory ran out.
 */
int wav_encode(const struct wav *w, uint8_t **buf, size_t *len);

/* wav_encode() @w into the file @path. Returns 0 or -1 with a reason in @err. */
int wav_write(const char *path, const struct wav *w, char *err, size_t err_len);

/* Write @frames frames of @channels-channel 16-bit PCM at @rate to @path. */
int wav_write16(const char *path, uint32_t rate, unsigned int channels, const int16_t *samples,
		size_t frames, char *err, size_t err_len);

/* Allocate @w's samples for @frames frames of its channels (zeroed); 0 or -1. */
int wav_alloc(struct wav *w, size_t frames);

/* Free @w's samples and leave it empty. */
void wav_free(struct wav *w);

/* Sample @frame of channel @ch as a fraction of full scale, in [-1, 1). */
double wav_sample(const struct wav *w, size_t frame, unsigned int ch);

#endif /* TOOLS_WAVCHECK_WAV_H */
