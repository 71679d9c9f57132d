/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for IPC4 request decoding and the LARGE_CONFIG_SET
 * fragment assembler (audio/ipc4_decode.c), built for the host with
 * clang -fsanitize=fuzzer,address,undefined (test/fuzz/ipc4_fuzz.mk).
 *
 * The input is a sequence of up to MAX_RECORDS messages, each
 *
 *   primary (u32 LE) | extension (u32 LE) | payload length (u16 LE) | payload
 *
 * (a short tail is a message without payload; a length past the end is cut
 * to what is left). Every message is decoded under two sets of limits and,
 * when it is a LARGE_CONFIG_SET, fed to one assembler. Checked: a status is
 * 0 or one the code documents; a decoded message re-encodes to the same two
 * words and every field is in range; the decoder writes only its output;
 * the assembler hands out fragments that tile the blob [0, total) in order
 * (each copied into a blob of exactly that size, so ASan sees any overrun).
 * tools/ipc4_corpus.py writes the seed corpus.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/ipc4.h"
#include "audio/ipc4_decode.h"

#define MAX_RECORDS 64

#define CHECK(cond)                                                                           \
	do {                                                                                  \
		if (!(cond)) {                                                                \
			fprintf(stderr, "ipc4_fuzz: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                              \
		}                                                                             \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct ipc4_limits tight = {
	.n_cores = 2,
	.max_payload = 64,
	.max_pipelines = 4,
	.max_instances = 2,
	.max_queues = 4,
	.max_blob = 128,
};

/* Statuses ipc4_decode() may return (docs/ipc4.md). */
static int is_decode_status(int s)
{
	static const int ok[] = {IPC4_ERROR_INVALID_PARAM,
				 IPC4_UNKNOWN_MESSAGE_TYPE,
				 IPC4_INVALID_REQUEST,
				 IPC4_INVALID_RESOURCE_ID,
				 IPC4_UNAVAILABLE,
				 IPC4_MOD_INVALID_ID,
				 IPC4_MOD_INST_INVALID_ID,
				 IPC4_QUEUE_INVALID_ID,
				 IPC4_QUEUE_DST_INVALID_ID,
				 IPC4_INVALID_CORE_ID,
				 IPC4_INVALID_CONFIG_DATA_LEN};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (s == ok[i])
			return 1;
	return 0;
}

static uint32_t le(const uint8_t *p, unsigned int n)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static uint32_t ppl_bound(const struct ipc4_limits *lim)
{
	return lim->max_pipelines < IPC4_MAX_PIPELINES ? lim->max_pipelines : IPC4_MAX_PIPELINES;
}

/* The module messages' target and their extension's fields, re-encoded. */
static struct ipc4_hdr reencode_mod(const struct ipc4_msg *m, const struct ipc4_limits *lim)
{
	struct ipc4_hdr h = {0, 0};

	CHECK(m->module_id != 0 && m->module_id <= 0xffff);
	CHECK(m->instance_id < lim->max_instances);
	switch (m->kind) {
	case IPC4_MSG_INIT_INSTANCE:
		CHECK(m->init_instance.ppl_id < ppl_bound(lim));
		CHECK(m->init_instance.core < lim->n_cores);
		CHECK(m->payload_size == 4 * ipc4_get(m->ext, IPC4_F_II_PARAM_SIZE));
		return ipc4_enc_init_instance(m->module_id, m->instance_id, m->init_instance.ppl_id,
					      m->init_instance.core, m->init_instance.dp,
					      m->payload_size / 4);
	case IPC4_MSG_LARGE_CONFIG_GET:
		CHECK(m->payload_size == 0);
		h = ipc4_enc_large_config_get(m->module_id, m->instance_id,
					      m->large_config.param_id, m->large_config.off_size,
					      m->large_config.init);
		h.ext |= ipc4_put(m->large_config.final, IPC4_F_LC_FINAL);
		return h;
	case IPC4_MSG_LARGE_CONFIG_SET:
		CHECK(m->large_config.init
			      ? m->large_config.off_size <= lim->max_blob &&
					m->payload_size <= m->large_config.off_size
			      : m->large_config.off_size + m->payload_size <= lim->max_blob);
		CHECK(!(m->large_config.init && m->large_config.final) ||
		      m->payload_size == m->large_config.off_size);
		return ipc4_enc_large_config_set(m->module_id, m->instance_id,
						 m->large_config.param_id, m->large_config.off_size,
						 m->large_config.init, m->large_config.final);
	case IPC4_MSG_BIND:
	case IPC4_MSG_UNBIND:
		CHECK(m->bind.dst_module_id != 0);
		CHECK(m->bind.dst_instance_id < lim->max_instances);
		CHECK(m->bind.src_queue < lim->max_queues && m->bind.dst_queue < lim->max_queues);
		CHECK(m->bind.dst_module_id != m->module_id ||
		      m->bind.dst_instance_id != m->instance_id);
		CHECK(m->payload_size == 0);
		return ipc4_enc_bind(m->kind == IPC4_MSG_BIND ? IPC4_MOD_BIND : IPC4_MOD_UNBIND,
				     m->module_id, m->instance_id, m->bind.src_queue,
				     m->bind.dst_module_id, m->bind.dst_instance_id,
				     m->bind.dst_queue);
	default:
		CHECK(m->kind == IPC4_MSG_DELETE_INSTANCE);
		CHECK(m->payload_size == 0);
		return ipc4_enc_delete_instance(m->module_id, m->instance_id);
	}
}

static void check_ppl_list(const struct ipc4_msg *m, const struct ipc4_limits *lim)
{
	uint32_t seen = 0;

	CHECK(m->set_pipeline_state.n_ids >= 1 && m->set_pipeline_state.n_ids <= ppl_bound(lim));
	for (uint32_t i = 0; i < m->set_pipeline_state.n_ids; i++) {
		uint32_t id = m->set_pipeline_state.ids[i];

		CHECK(id < ppl_bound(lim) && !(seen & (1u << id)));
		seen |= 1u << id;
		if (m->set_pipeline_state.multi)
			CHECK(le((const uint8_t *)m->payload + 4 + 4 * i, 4) == id);
	}
	if (m->set_pipeline_state.multi)
		CHECK(m->payload_size == 4 + 4 * m->set_pipeline_state.n_ids);
	else
		CHECK(m->payload_size == 0 && m->set_pipeline_state.n_ids == 1);
}

/* The global messages, range checked and re-encoded. */
static struct ipc4_hdr reencode_glb(const struct ipc4_msg *m, const struct ipc4_limits *lim)
{
	struct ipc4_hdr h = {0, 0};
	uint32_t st;

	CHECK(m->module_id == 0 && m->instance_id == 0);
	switch (m->kind) {
	case IPC4_MSG_CREATE_PIPELINE:
		CHECK(m->create_pipeline.ppl_id < ppl_bound(lim));
		CHECK(m->create_pipeline.prio <= IPC4_PPL_PRIO_MAX);
		CHECK(m->create_pipeline.core < lim->n_cores && m->payload_size == 0);
		h = ipc4_enc_create_pipeline(m->create_pipeline.ppl_id, m->create_pipeline.prio,
					     m->create_pipeline.mem_pages, m->create_pipeline.core,
					     m->create_pipeline.lp);
		h.ext |= ipc4_put(m->create_pipeline.attributes, IPC4_F_CP_ATTR);
		return h;
	case IPC4_MSG_DELETE_PIPELINE:
		CHECK(m->delete_pipeline.ppl_id < ppl_bound(lim) && m->payload_size == 0);
		return ipc4_enc_delete_pipeline(m->delete_pipeline.ppl_id);
	case IPC4_MSG_GET_PIPELINE_STATE:
		CHECK(m->get_pipeline_state.ppl_id < ppl_bound(lim) && m->payload_size == 0);
		return ipc4_enc_get_pipeline_state(m->get_pipeline_state.ppl_id);
	case IPC4_MSG_SET_PIPELINE_STATE:
		st = m->set_pipeline_state.state;
		CHECK(st == IPC4_PPL_RESET || st == IPC4_PPL_PAUSED || st == IPC4_PPL_RUNNING ||
		      st == IPC4_PPL_EOS);
		check_ppl_list(m, lim);
		if (m->set_pipeline_state.multi) {
			h = ipc4_enc_set_pipelines_state(st, m->set_pipeline_state.sync);
			h.primary |= ipc4_put(m->set_pipeline_state.ppl_id, IPC4_F_PPL_ID);
			return h;
		}
		h = ipc4_enc_set_pipeline_state(m->set_pipeline_state.ppl_id, st);
		h.ext |=
			ipc4_put(m->set_pipeline_state.sync, IPC4_F_SPS_SYNC); /* no effect alone */
		return h;
	default:
		CHECK(m->kind == IPC4_MSG_LOAD_LIBRARY);
		CHECK(m->load_library.lib_id != 0 && m->payload_size == 0);
		return ipc4_enc_load_library(m->load_library.dma_id, m->load_library.lib_id,
					     m->load_library.offset);
	}
}

/* Decode one message under @lim (NULL: the defaults) into a guarded output and check it. */
static int decode_checked(uint32_t pri, uint32_t ext, const uint8_t *buf, size_t len,
			  const struct ipc4_limits *lim, struct ipc4_msg *out)
{
	static struct {
		uint8_t before[16];
		struct ipc4_msg msg;
		uint8_t after[16];
	} g;
	struct ipc4_hdr h;
	int s;

	memset(&g, 0x5a, sizeof(g));
	s = ipc4_decode(pri, ext, buf, len, lim, &g.msg);
	if (!lim) /* NULL asks for the defaults */
		lim = &ipc4_limits_default;
	for (size_t i = 0; i < sizeof(g.before); i++)
		CHECK(g.before[i] == 0x5a && g.after[i] == 0x5a);
	*out = g.msg;
	if (s) {
		CHECK(is_decode_status(s));
		CHECK(out->kind == IPC4_MSG_NONE);
		return s;
	}
	CHECK(out->kind > IPC4_MSG_NONE && out->kind < IPC4_MSG_KIND_COUNT);
	CHECK(out->primary == pri && out->ext == ext);
	CHECK(out->payload_size == len && len <= lim->max_payload);
	CHECK(len ? out->payload == buf : out->payload == NULL);
	CHECK(!(pri & IPC4_RSP_BIT) && !(pri & IPC4_PRI_HW_RSVD) && !(ext & IPC4_EXT_HW_RSVD));
	h = out->kind >= IPC4_MSG_INIT_INSTANCE ? reencode_mod(out, lim) : reencode_glb(out, lim);
	CHECK(h.primary == pri && h.ext == ext);
	return 0;
}

/* The assembler's state and an independent record of where the blob stands. */
static struct ipc4_frag frag;
static uint8_t *blob;
static uint32_t blob_total, blob_next;

static int same_frag(const struct ipc4_frag *a, const struct ipc4_frag *b)
{
	return a->active == b->active && a->module_id == b->module_id &&
	       a->instance_id == b->instance_id && a->param_id == b->param_id &&
	       a->total == b->total && a->received == b->received;
}

static void frag_checked(const struct ipc4_msg *m)
{
	struct ipc4_frag before = frag;
	struct ipc4_frag_step st;
	int s = ipc4_frag_accept(&frag, m, &st);

	if (s == IPC4_BUSY) { /* another target: the transfer goes on untouched */
		CHECK(before.active && same_frag(&before, &frag));
		return;
	}
	if (s) { /* refused: no transfer left */
		CHECK(s == IPC4_INVALID_REQUEST || s == IPC4_INVALID_CONFIG_DATA_LEN);
		CHECK(!frag.active);
		blob_next = 0;
		return;
	}
	if (st.first) {
		free(blob);
		blob = malloc(st.total ? st.total : 1);
		CHECK(blob != NULL);
		blob_total = st.total;
		blob_next = 0;
	}
	CHECK(st.total == blob_total && st.offset == blob_next);
	CHECK(st.size == m->payload_size && st.size <= st.total - st.offset);
	if (st.size)
		memcpy(blob + st.offset, m->payload, st.size);
	blob_next = st.offset + st.size;
	if (st.done) {
		CHECK(blob_next == blob_total && !frag.active);
		blob_next = 0;
	} else {
		CHECK(frag.active && frag.received == blob_next && frag.total == blob_total);
		CHECK(frag.module_id == m->module_id && frag.instance_id == m->instance_id);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ipc4_frag_init(&frag);
	blob_total = blob_next = 0;
	for (int r = 0; r < MAX_RECORDS && size >= 8; r++) {
		uint32_t pri = le(data, 4), ext = le(data + 4, 4);
		size_t len = size >= 10 ? le(data + 8, 2) : 0, head = size >= 10 ? 10 : 8;
		struct ipc4_msg m;
		uint8_t *buf;

		if (len > size - head)
			len = size - head;
		buf = malloc(len ? len : 1); /* exactly the payload: ASan sees over-reads */
		CHECK(buf != NULL);
		memcpy(buf, data + head, len);
		decode_checked(pri, ext, buf, len, &tight, &m);
		if (decode_checked(pri, ext, buf, len, NULL, &m) == 0 &&
		    m.kind == IPC4_MSG_LARGE_CONFIG_SET)
			frag_checked(&m);
		CHECK(ipc4_status_name(ipc4_status_from_errno(-(int)(pri & 0xff)))[0] != '?');
		free(buf);
		data += head + len;
		size -= head + len;
	}
	free(blob);
	blob = NULL;
	return 0;
}
