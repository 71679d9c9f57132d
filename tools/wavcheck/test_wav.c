/* SPDX-License-Identifier: MIT */
/* wavcheck tests: WAV reading and writing, header variants, malformed files. */
#include <stdlib.h>
#include <string.h>

#include "tools/wavcheck/test_wavcheck.h"
#include "tools/wavcheck/wav.h"

/* A small encoded stereo file: 5 frames of known samples. */
static void encode_small(struct wav *w, unsigned int bits, uint8_t **buf, size_t *len)
{
	static const int32_t s16[10] = {0, 1, -1, 32767, -32768, 1234, -4321, 7, 100, -100};

	*w = (struct wav){.rate = 44100, .channels = 2, .bits = bits};
	CHECK(wav_alloc(w, 5) == 0);
	for (int i = 0; i < 10; i++)
		w->samples[i] = bits == 16 ? s16[i] : s16[i] * (1 << (bits - 16));
	if (bits == 32) {
		w->samples[3] = INT32_MAX;
		w->samples[5] = -123456789;
	}
	CHECK(wav_encode(w, buf, len) == 0);
}

/* Parse @len bytes at @buf and require @w's samples, rate and channels back. */
static void parse_same(const uint8_t *buf, size_t len, const struct wav *w, struct wav *got)
{
	char err[200] = "";

	if (wav_parse(buf, len, got, err, sizeof(err)))
		tw_fail(__FILE__, __LINE__, "parse failed: %s", err);
	CHECK_EQ(got->rate, w->rate);
	CHECK_EQ(got->channels, w->channels);
	CHECK_EQ(got->bits, w->bits);
	CHECK_EQ(got->frames, w->frames);
	CHECK(!memcmp(got->samples, w->samples, w->frames * w->channels * 4));
}

static void test_wav_round_trip_16(void)
{
	struct wav w, got;
	uint8_t *buf;
	size_t len;

	encode_small(&w, 16, &buf, &len);
	CHECK_EQ(len, 44 + 20);
	parse_same(buf, len, &w, &got);
	CHECK_EQ(got.note[0], 0);
	CHECK_NEAR(wav_sample(&got, 2, 0), -1.0, 0);
	CHECK_NEAR(wav_sample(&got, 1, 1), 32767.0 / 32768, 0);
	wav_free(&got);
	tw_round_trip(&w, "rt16.wav", &got);
	free(buf);
	wav_free(&w);
	wav_free(&got);
}

static void test_wav_24_and_32_bit(void)
{
	struct wav w, got;
	uint8_t *buf;
	size_t len;

	encode_small(&w, 24, &buf, &len);
	CHECK_EQ(len, 44 + 30);
	CHECK_EQ(buf[34], 24);
	parse_same(buf, len, &w, &got);
	CHECK_EQ(got.samples[4], -8388608);
	CHECK_NEAR(wav_sample(&got, 2, 0), -1.0, 0);
	free(buf);
	wav_free(&w);
	wav_free(&got);
	encode_small(&w, 32, &buf, &len);
	CHECK_EQ(len, 44 + 40);
	parse_same(buf, len, &w, &got);
	CHECK_EQ(got.samples[3], INT32_MAX);
	CHECK_EQ(got.samples[4], INT32_MIN);
	CHECK_EQ(got.samples[5], -123456789);
	wav_free(&got);
	tw_round_trip(&w, "rt32.wav", &got);
	free(buf);
	wav_free(&w);
	wav_free(&got);
}

/* @buf's header rebuilt with a WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk of subformat @sub. */
static uint8_t *make_extensible(const uint8_t *buf, size_t len, unsigned int sub, size_t *out_len)
{
	static const uint8_t guid_tail[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
					      0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71};
	uint8_t *p = malloc(len + 24);

	CHECK(p);
	memcpy(p, buf, 36);
	p[16] = 40;   /* fmt size */
	p[20] = 0xfe; /* WAVE_FORMAT_EXTENSIBLE */
	p[21] = 0xff;
	memset(p + 36, 0, 24);
	p[36] = 22;	      /* cbSize */
	p[38] = buf[34];      /* valid bits */
	p[40] = 3;	      /* channel mask: FL | FR */
	p[44] = (uint8_t)sub; /* subformat GUID */
	memcpy(p + 46, guid_tail, sizeof(guid_tail));
	memcpy(p + 60, buf + 36, len - 36);
	p[4] += 24;
	*out_len = len + 24;
	return p;
}

static void test_wav_extensible(void)
{
	struct wav w, got;
	uint8_t *buf, *ext;
	size_t len, ext_len;
	char err[200];

	encode_small(&w, 24, &buf, &len);
	ext = make_extensible(buf, len, 1, &ext_len);
	parse_same(ext, ext_len, &w, &got);
	CHECK_EQ(got.note[0], 0);
	wav_free(&got);
	free(ext);
	ext = make_extensible(buf, len, 3, &ext_len);
	CHECK(wav_parse(ext, ext_len, &got, err, sizeof(err)) == -1);
	CHECK_STR(err, "subformat 0x0003 (IEEE float)");
	free(ext);
	free(buf);
	wav_free(&w);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* QEMU's unfinished header: RIFF and data sizes 0 or 0xffffffff, or too large. */
static void test_wav_unfinished_sizes(void)
{
	static const uint32_t sizes[][2] = {{0, 0}, {0xffffffff, 0xffffffff}, {36, 0}, {0, 1000}};
	static const char *notes[] = {"data size 0x0: data taken to the end",
				      "data size 0xffffffff", "data size 0x0",
				      "data size 1000 is 980 bytes past the end"};
	struct wav w, got;
	uint8_t *buf;
	size_t len;

	encode_small(&w, 16, &buf, &len);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		put32(buf + 4, sizes[i][0]);
		put32(buf + 40, sizes[i][1]);
		parse_same(buf, len, &w, &got);
		CHECK_STR(got.note, notes[i]);
		wav_free(&got);
	}
	free(buf);
	wav_free(&w);
}

/* @buf with the chunk @chunk (@clen bytes, header included) inserted at @at. */
static uint8_t *insert_chunk(const uint8_t *buf, size_t len, size_t at, const uint8_t *chunk,
			     size_t clen)
{
	uint8_t *p = malloc(len + clen);

	CHECK(p);
	memcpy(p, buf, at);
	memcpy(p + at, chunk, clen);
	memcpy(p + at + clen, buf + at, len - at);
	put32(p + 4, (uint32_t)(len + clen - 8));
	return p;
}

static void test_wav_junk_chunks(void)
{
	uint8_t junk[8 + 28] = "JUNK";
	uint8_t list[8 + 6] = "LIST";
	struct wav w, got;
	uint8_t *buf, *p1, *p2;
	size_t len;

	junk[4] = 28;
	list[4] = 6;
	memcpy(list + 8, "INFOab", 6);
	encode_small(&w, 16, &buf, &len);
	p1 = insert_chunk(buf, len, 12, junk, sizeof(junk));		   /* before 'fmt ' */
	p2 = insert_chunk(p1, len + sizeof(junk), 36 + sizeof(junk), list, /* before 'data' */
			  sizeof(list));
	parse_same(p2, len + sizeof(junk) + sizeof(list), &w, &got);
	CHECK_EQ(got.note[0], 0);
	wav_free(&got);
	free(p1);
	free(p2);
	free(buf);
	wav_free(&w);
}

/* An odd-sized chunk is followed by a pad byte that is not part of the next chunk. */
static void test_wav_odd_chunk(void)
{
	uint8_t odd[8 + 3 + 1] = "abcd";
	struct wav w, got;
	uint8_t *buf, *p;
	size_t len;

	odd[4] = 3;
	memcpy(odd + 8, "xyz", 3);
	odd[11] = 0xee; /* the pad */
	encode_small(&w, 16, &buf, &len);
	p = insert_chunk(buf, len, 36, odd, sizeof(odd));
	parse_same(p, len + sizeof(odd), &w, &got);
	wav_free(&got);
	free(p);
	free(buf);
	wav_free(&w);
}

/* 'fmt ' after 'data' (sizes valid): still found. */
static void test_wav_fmt_after_data(void)
{
	struct wav w, got;
	uint8_t *buf, *p;
	size_t len;

	encode_small(&w, 16, &buf, &len);
	p = malloc(len);
	CHECK(p);
	memcpy(p, buf, 12);
	memcpy(p + 12, buf + 36, len - 36);	 /* data chunk */
	memcpy(p + 12 + len - 36, buf + 12, 24); /* fmt chunk */
	parse_same(p, len, &w, &got);
	wav_free(&got);
	free(p);
	free(buf);
	wav_free(&w);
}

static void test_wav_truncated_last_frame(void)
{
	struct wav w, got;
	uint8_t *buf;
	size_t len;

	encode_small(&w, 24, &buf, &len);
	w.frames = 4;
	parse_same(buf, len - 1, &w, &got); /* data size now 1 byte past the end */
	CHECK_STR(got.note, "dropped a partial last frame (5 of 6 bytes)");
	wav_free(&got);
	put32(buf + 40, 29);
	parse_same(buf, len, &w, &got); /* data size itself cuts the last frame */
	CHECK_STR(got.note, "dropped a partial last frame (5 of 6 bytes)");
	wav_free(&got);
	free(buf);
	w.frames = 5;
	wav_free(&w);
}

/* @buf (@len bytes) must fail to parse with a message containing @why. */
static void parse_fails(const uint8_t *buf, size_t len, const char *why)
{
	struct wav got;
	char err[200] = "";

	CHECK(wav_parse(buf, len, &got, err, sizeof(err)) == -1);
	CHECK_STR(err, why);
	CHECK(got.samples == NULL);
}

static void test_wav_rejects_garbage(void)
{
	uint8_t junk[256], *buf;
	uint64_t s = 42;
	struct wav w;
	size_t len;

	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)(tw_gauss(&s) * 100);
	junk[0] = 0x8f;
	parse_fails(junk, sizeof(junk), "not a RIFF/WAVE file: starts with \"\\x8f");
	parse_fails((const uint8_t *)"RIFF", 4, "file is 4 bytes, too short");
	encode_small(&w, 16, &buf, &len);
	parse_fails(buf, 30, "chunk 'fmt ' at offset 12 is 16 bytes but only 10 follow");
	parse_fails(buf, 36, "no 'data' chunk in 36 bytes");
	buf[34] = 8;
	parse_fails(buf, len, "unsupported sample size: 8 bits");
	buf[34] = 16;
	buf[22] = 9;
	parse_fails(buf, len, "unsupported channel count 9");
	buf[22] = 2;
	buf[20] = 3;
	parse_fails(buf, len, "unsupported format tag 0x0003 (IEEE float)");
	buf[20] = 1;
	buf[32] = 3;
	parse_fails(buf, len, "block align 3 does not match 2 channels of 16 bits");
	free(buf);
	wav_free(&w);
}

const struct tw_test tw_wav_tests[] = {
	{test_wav_round_trip_16, "wav_round_trip_16"},
	{test_wav_24_and_32_bit, "wav_24_and_32_bit"},
	{test_wav_extensible, "wav_extensible"},
	{test_wav_unfinished_sizes, "wav_unfinished_sizes"},
	{test_wav_junk_chunks, "wav_junk_chunks"},
	{test_wav_odd_chunk, "wav_odd_chunk"},
	{test_wav_fmt_after_data, "wav_fmt_after_data"},
	{test_wav_truncated_last_frame, "wav_truncated_last_frame"},
	{test_wav_rejects_garbage, "wav_rejects_garbage"},
};
const size_t tw_wav_tests_count = sizeof(tw_wav_tests) / sizeof(tw_wav_tests[0]);
