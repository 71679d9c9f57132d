/* SPDX-License-Identifier: MIT */
/* RIFF/WAVE reading and writing (see wav.h). */
#include "tools/wavcheck/wav.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Format tags and the PCM subformat GUID, from Microsoft's mmreg.h / ksmedia.h. */
#define WAV_FORMAT_PCM	      0x0001
#define WAV_FORMAT_FLOAT      0x0003
#define WAV_FORMAT_EXTENSIBLE 0xfffe
static const uint8_t pcm_guid_tail[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
					  0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71};

#define RIFF_HEADER  12 /* "RIFF", size, "WAVE" */
#define CHUNK_HEADER 8	/* id, size */
#define FMT_MIN	     16 /* WAVEFORMAT + wBitsPerSample */
#define FMT_EXT_MIN  40 /* WAVEFORMATEXTENSIBLE */
#define CANON_HEADER 44 /* RIFF header + 16-byte fmt chunk + data chunk header */
#define SIZE_UNKNOWN 0xffffffffu

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

__attribute__((format(printf, 3, 4))) static void set_err(char *err, size_t err_len,
							  const char *fmt, ...)
{
	va_list ap;

	if (!err || !err_len)
		return;
	va_start(ap, fmt);
	vsnprintf(err, err_len, fmt, ap);
	va_end(ap);
}

/* Append one leniency to @w->note, "; "-separated (silently cut if full). */
__attribute__((format(printf, 2, 3))) static void add_note(struct wav *w, const char *fmt, ...)
{
	size_t used = strlen(w->note);
	va_list ap;

	if (used && used + 2 < sizeof(w->note)) {
		strcpy(w->note + used, "; ");
		used += 2;
	}
	va_start(ap, fmt);
	vsnprintf(w->note + used, sizeof(w->note) - used, fmt, ap);
	va_end(ap);
}

/* A four-character code for messages: printable bytes as is, others as \xNN. */
static const char *fourcc(const uint8_t *p, char out[17])
{
	char *o = out;

	for (int i = 0; i < 4; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\' && p[i] != '"')
			*o++ = (char)p[i];
		else
			o += sprintf(o, "\\x%02x", p[i]);
	}
	*o = '\0';
	return out;
}

static bool is_id(const uint8_t *p, const char *id)
{
	return !memcmp(p, id, 4);
}

/* The format tag's name for the "unsupported" message. */
static const char *tag_name(unsigned int tag)
{
	switch (tag) {
	case 0x0002:
		return " (MS ADPCM)";
	case WAV_FORMAT_FLOAT:
		return " (IEEE float)";
	case 0x0006:
		return " (A-law)";
	case 0x0007:
		return " (mu-law)";
	}
	return "";
}

/* Check the extensible part of a 'fmt ' chunk @p of @size bytes: PCM subformat. */
static int check_extensible(const uint8_t *p, uint32_t size, unsigned int bits, char *err,
			    size_t err_len)
{
	unsigned int valid, sub;

	if (size < FMT_EXT_MIN || le16(p + 16) < FMT_EXT_MIN - 18) {
		set_err(err, err_len, "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is %u bytes, need %u",
			size, FMT_EXT_MIN);
		return -1;
	}
	valid = le16(p + 18);
	sub = le16(p + 24);
	if (memcmp(p + 26, pcm_guid_tail, sizeof(pcm_guid_tail)) || sub != WAV_FORMAT_PCM) {
		set_err(err, err_len, "unsupported extensible subformat 0x%04x%s (only PCM)", sub,
			tag_name(sub));
		return -1;
	}
	if (valid > bits) {
		set_err(err, err_len, "%u valid bits in a %u-bit container", valid, bits);
		return -1;
	}
	return 0;
}

/* Decode the 'fmt ' chunk @p of @size bytes into @w's rate, channels and bits. */
static int parse_fmt(const uint8_t *p, uint32_t size, struct wav *w, char *err, size_t err_len)
{
	unsigned int tag, block_align;

	if (size < FMT_MIN) {
		set_err(err, err_len, "'fmt ' chunk is %u bytes, need at least %u", size, FMT_MIN);
		return -1;
	}
	tag = le16(p);
	w->channels = le16(p + 2);
	w->rate = le32(p + 4);
	block_align = le16(p + 12);
	w->bits = le16(p + 14);
	if (tag != WAV_FORMAT_PCM && tag != WAV_FORMAT_EXTENSIBLE) {
		set_err(err, err_len,
			"unsupported format tag 0x%04x%s (only PCM 0x0001 and extensible PCM "
			"0xfffe)",
			tag, tag_name(tag));
		return -1;
	}
	if (w->bits != 16 && w->bits != 24 && w->bits != 32) {
		set_err(err, err_len, "unsupported sample size: %u bits (16, 24 or 32)", w->bits);
		return -1;
	}
	if (tag == WAV_FORMAT_EXTENSIBLE && check_extensible(p, size, w->bits, err, err_len))
		return -1;
	if (w->channels < 1 || w->channels > WAV_MAX_CHANNELS) {
		set_err(err, err_len, "unsupported channel count %u (1..%d)", w->channels,
			WAV_MAX_CHANNELS);
		return -1;
	}
	if (block_align != w->channels * w->bits / 8) {
		set_err(err, err_len, "block align %u does not match %u channels of %u bits",
			block_align, w->channels, w->bits);
		return -1;
	}
	if (w->rate == 0) {
		set_err(err, err_len, "sample rate 0");
		return -1;
	}
	return 0;
}

/* Sign-extended sample @i of @bits bits at @p. */
static int32_t load_sample(const uint8_t *p, size_t i, unsigned int bits)
{
	switch (bits) {
	case 16:
		return (int16_t)le16(p + 2 * i);
	case 24: {
		uint32_t v = (uint32_t)p[3 * i] | (uint32_t)p[3 * i + 1] << 8 |
			     (uint32_t)p[3 * i + 2] << 16;

		return (int32_t)v - (int32_t)((v & 0x800000u) << 1);
	}
	}
	return (int32_t)le32(p + 4 * i);
}

/* The data chunk's @len bytes at @p into @w's samples, whole frames only. */
static int decode_data(const uint8_t *p, size_t len, struct wav *w, char *err, size_t err_len)
{
	size_t frame_bytes = w->channels * w->bits / 8;
	size_t rem = len % frame_bytes;

	if (rem)
		add_note(w, "dropped a partial last frame (%zu of %zu bytes)", rem, frame_bytes);
	if (wav_alloc(w, len / frame_bytes)) {
		set_err(err, err_len, "out of memory for %zu frames", len / frame_bytes);
		return -1;
	}
	for (size_t i = 0; i < w->frames * w->channels; i++)
		w->samples[i] = load_sample(p, i, w->bits);
	return 0;
}

/*
 * Where the chunks end: the RIFF size when it is believable, else the end of
 * the file (an unfinished header).
 */
static size_t riff_end(const uint8_t *buf, size_t len, struct wav *w)
{
	uint32_t riff = le32(buf + 4);

	if (riff == 0 || riff == SIZE_UNKNOWN) {
		add_note(w, "RIFF size 0x%x (unfinished header)", riff);
		return len;
	}
	if (riff > len - 8) {
		add_note(w, "RIFF size %u is %zu bytes past the end of the file", riff,
			 riff - (len - 8));
		return len;
	}
	return (size_t)riff + 8;
}

/* The data chunk's length in bytes when its header says @size and @left bytes follow. */
static size_t data_length(struct wav *w, uint32_t size, size_t left)
{
	if (size == 0 || size == SIZE_UNKNOWN) {
		add_note(w, "data size 0x%x: data taken to the end of the file", size);
		return left;
	}
	if (size > left) {
		add_note(w, "data size %u is %zu bytes past the end of the file", size,
			 size - left);
		return left;
	}
	return size;
}

int wav_parse(const uint8_t *buf, size_t len, struct wav *w, char *err, size_t err_len)
{
	const uint8_t *data = NULL;
	size_t pos = RIFF_HEADER, end, data_len = 0;
	bool have_fmt = false;
	char id[17];

	memset(w, 0, sizeof(*w));
	if (len < RIFF_HEADER) {
		set_err(err, err_len, "file is %zu bytes, too short for a RIFF/WAVE header", len);
		return -1;
	}
	if (!is_id(buf, "RIFF") || !is_id(buf + 8, "WAVE")) {
		char id2[17];

		set_err(err, err_len, "not a RIFF/WAVE file: starts with \"%s\" ... \"%s\"",
			fourcc(buf, id), fourcc(buf + 8, id2));
		return -1;
	}
	end = riff_end(buf, len, w);
	while (pos + CHUNK_HEADER <= end) {
		const uint8_t *body = buf + pos + CHUNK_HEADER;
		uint32_t size = le32(buf + pos + 4);
		size_t left = len - (pos + CHUNK_HEADER);

		if (is_id(buf + pos, "data")) {
			data = body;
			data_len = data_length(w, size, left);
			if (data_len != size)
				break; /* it runs to the end of the file */
		} else if (size > left) {
			if (!have_fmt || !data) {
				set_err(err, err_len,
					"chunk '%s' at offset %zu is %u bytes but only %zu follow "
					"(truncated file?)",
					fourcc(buf + pos, id), pos, size, left);
				goto fail;
			}
			add_note(w, "ignored chunk '%s' at offset %zu past the end of the file",
				 fourcc(buf + pos, id), pos);
			break;
		} else if (is_id(buf + pos, "fmt ")) {
			if (parse_fmt(body, size, w, err, err_len))
				goto fail;
			have_fmt = true;
		}
		pos += CHUNK_HEADER + (size_t)size + (size & 1);
	}
	if (!have_fmt || !data) {
		set_err(err, err_len, "no '%s' chunk in %zu bytes", have_fmt ? "data" : "fmt ",
			len);
		goto fail;
	}
	if (decode_data(data, data_len, w, err, err_len))
		goto fail;
	return 0;
fail:
	wav_free(w);
	return -1;
}

int wav_read(const char *path, struct wav *w, char *err, size_t err_len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	int ret;

	memset(w, 0, sizeof(*w));
	if (!f) {
		set_err(err, err_len, "cannot open: %s", strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			uint8_t *nb = realloc(buf, cap ? 2 * cap : 1 << 16);

			if (!nb) {
				set_err(err, err_len, "out of memory after %zu bytes", len);
				ret = -1;
				goto out;
			}
			buf = nb;
			cap = cap ? 2 * cap : 1 << 16;
		}
		size_t got = fread(buf + len, 1, cap - len, f);

		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		set_err(err, err_len, "read error: %s", strerror(errno));
		ret = -1;
		goto out;
	}
	ret = wav_parse(buf, len, w, err, err_len);
out:
	free(buf);
	fclose(f);
	return ret;
}

int wav_encode(const struct wav *w, uint8_t **buf, size_t *len)
{
	size_t bytes = w->bits / 8, n = w->frames * w->channels, data = n * bytes;
	uint8_t *p;

	*buf = NULL;
	if ((w->bits != 16 && w->bits != 24 && w->bits != 32) || w->channels < 1 ||
	    w->channels > WAV_MAX_CHANNELS || w->rate == 0 || data > 0xffffffffu - 36)
		return -1;
	p = malloc(CANON_HEADER + data);
	if (!p)
		return -1;
	memcpy(p, "RIFF", 4);
	put32(p + 4, (uint32_t)(36 + data));
	memcpy(p + 8, "WAVEfmt ", 8);
	put32(p + 16, FMT_MIN);
	put16(p + 20, WAV_FORMAT_PCM);
	put16(p + 22, w->channels);
	put32(p + 24, w->rate);
	put32(p + 28, w->rate * (uint32_t)(w->channels * bytes));
	put16(p + 32, (uint32_t)(w->channels * bytes));
	put16(p + 34, w->bits);
	memcpy(p + 36, "data", 4);
	put32(p + 40, (uint32_t)data);
	for (size_t i = 0; i < n; i++) {
		uint32_t v = (uint32_t)w->samples[i];

		for (size_t b = 0; b < bytes; b++)
			p[CANON_HEADER + i * bytes + b] = (uint8_t)(v >> (8 * b));
	}
	*buf = p;
	*len = CANON_HEADER + data;
	return 0;
}

int wav_write(const char *path, const struct wav *w, char *err, size_t err_len)
{
	uint8_t *buf;
	size_t len;
	FILE *f;
	int ret = 0;

	if (wav_encode(w, &buf, &len)) {
		set_err(err, err_len, "cannot encode %u channels of %u bits at %u Hz", w->channels,
			w->bits, w->rate);
		return -1;
	}
	f = fopen(path, "wb");
	if (!f) {
		set_err(err, err_len, "cannot create: %s", strerror(errno));
		free(buf);
		return -1;
	}
	if (fwrite(buf, 1, len, f) != len) {
		set_err(err, err_len, "write error: %s", strerror(errno));
		ret = -1;
	}
	if (fclose(f) && !ret) {
		set_err(err, err_len, "write error: %s", strerror(errno));
		ret = -1;
	}
	free(buf);
	return ret;
}

int wav_write16(const char *path, uint32_t rate, unsigned int channels, const int16_t *samples,
		size_t frames, char *err, size_t err_len)
{
	struct wav w = {.rate = rate, .channels = channels, .bits = 16};
	int ret;

	if (channels < 1 || channels > WAV_MAX_CHANNELS || wav_alloc(&w, frames)) {
		set_err(err, err_len, "cannot hold %zu frames of %u channels", frames, channels);
		return -1;
	}
	for (size_t i = 0; i < frames * channels; i++)
		w.samples[i] = samples[i];
	ret = wav_write(path, &w, err, err_len);
	wav_free(&w);
	return ret;
}

int wav_alloc(struct wav *w, size_t frames)
{
	size_t n = frames * w->channels;

	w->samples = calloc(n ? n : 1, sizeof(*w->samples));
	w->frames = w->samples ? frames : 0;
	return w->samples ? 0 : -1;
}

void wav_free(struct wav *w)
{
	free(w->samples);
	w->samples = NULL;
	w->frames = 0;
}

double wav_sample(const struct wav *w, size_t frame, unsigned int ch)
{
	return ldexp(w->samples[frame * w->channels + ch], 1 - (int)w->bits);
}
