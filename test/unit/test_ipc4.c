/* SPDX-License-Identifier: MIT */
/*
 * IPC4 encoding, request decoding and the LARGE_CONFIG_SET fragment
 * assembler (audio/ipc4_decode.c): every request type decoded whole, every
 * malformed class with its exact status. Host and target. The golden words
 * are also in tools/test_ipc4.py, so the host tool builds the same bits.
 */
#include "audio/ipc4.h"
#include "audio/ipc4_decode.h"
#include "drivers/ipc/ipc_layout.h"
#include "kernel/errno.h"
#include "test/harness/ktest.h"

static const struct ipc4_limits *const lim = &ipc4_limits_default;
static struct ipc4_msg m;
static uint8_t blob[64];

static int dec(struct ipc4_hdr h, const void *payload, size_t size)
{
	return ipc4_decode(h.primary, h.ext, payload, size, lim, &m);
}

static int decw(uint32_t primary, uint32_t ext)
{
	return ipc4_decode(primary, ext, NULL, 0, lim, &m);
}

/* A LARGE_CONFIG_SET fragment of @size bytes of blob, decoded into m. */
static int dec_frag(uint32_t module, uint32_t inst, uint32_t param, uint32_t off_size, bool init,
		    bool final, uint32_t size)
{
	return dec(ipc4_enc_large_config_set(module, inst, param, off_size, init, final), blob,
		   size);
}

KTEST(ipc4, golden_words)
{
	struct ipc4_hdr h;

	h = ipc4_enc_create_pipeline(3, 2, 5, 0, false);
	KT_ASSERT_EQ(h.primary, 0x11031005u);
	KT_ASSERT_EQ(h.ext, 0);
	h = ipc4_enc_create_pipeline(31, 7, 0x7ff, 15, true);
	KT_ASSERT_EQ(h.primary, 0x111f3fffu);
	KT_ASSERT_EQ(h.ext, 0x00f00001u);
	KT_ASSERT_EQ(ipc4_enc_delete_pipeline(3).primary, 0x12030000u);
	KT_ASSERT_EQ(ipc4_enc_set_pipeline_state(3, IPC4_PPL_RUNNING).primary, 0x13030004u);
	h = ipc4_enc_set_pipelines_state(IPC4_PPL_PAUSED, true);
	KT_ASSERT_EQ(h.primary, 0x13000003u);
	KT_ASSERT_EQ(h.ext, 0x3u);
	KT_ASSERT_EQ(ipc4_enc_get_pipeline_state(3).primary, 0x14000003u);
	h = ipc4_enc_load_library(2, 1, 0x100);
	KT_ASSERT_EQ(h.primary, 0x18010002u);
	KT_ASSERT_EQ(h.ext, 0x100u);
	h = ipc4_enc_init_instance(0x0202, 1, 3, 0, true, 10);
	KT_ASSERT_EQ(h.primary, 0x40010202u);
	KT_ASSERT_EQ(h.ext, 0x1003000au);
	h = ipc4_enc_large_config_set(0x0204, 0, 0, 40, true, true);
	KT_ASSERT_EQ(h.primary, 0x44000204u);
	KT_ASSERT_EQ(h.ext, 0x30000028u);
	h = ipc4_enc_large_config_get(0x0202, 1, 0, 64, true);
	KT_ASSERT_EQ(h.primary, 0x43010202u);
	KT_ASSERT_EQ(h.ext, 0x20000040u);
	h = ipc4_enc_bind(IPC4_MOD_BIND, 0x0201, 0, 1, 0x0202, 0, 2);
	KT_ASSERT_EQ(h.primary, 0x45000201u);
	KT_ASSERT_EQ(h.ext, 0x0a000202u);
	KT_ASSERT_EQ(ipc4_enc_bind(IPC4_MOD_UNBIND, 0x0201, 0, 0, 0x0202, 0, 0).primary,
		     0x46000201u);
	KT_ASSERT_EQ(ipc4_enc_delete_instance(0x0202, 1).primary, 0x4b010202u);
	KT_ASSERT_EQ(ipc4_reply_primary(0x11031005u, IPC4_INVALID_RESOURCE_ID), 0x31000009u);
	KT_ASSERT_EQ(ipc4_reply_primary(0x40010202u, IPC4_SUCCESS), 0x60000000u);
	KT_ASSERT_EQ(ipc4_notif_primary(IPC4_NOTIF_FW_READY, 0), 0x1b080000u);
	KT_ASSERT_EQ(ipc4_notif_primary(IPC4_NOTIF_RESOURCE_EVENT, 0), 0x1b050000u);
	KT_ASSERT_EQ(ipc4_resource_id(0x0202, 3), 0x00030202u);
}

/* Encoders mask every value to its field: nothing spills into a neighbour. */
KTEST(ipc4, encoders_mask_fields)
{
	struct ipc4_hdr h = ipc4_enc_create_pipeline(0x1ff, 0xff, 0xfff, 0xff, true);

	KT_ASSERT_EQ(h.primary, 0x11ffffffu);
	KT_ASSERT_EQ(h.ext, 0x00f00001u);
	h = ipc4_enc_bind(IPC4_MOD_BIND, 0x1ffff, 0x1ff, 0xf, 0x1ffff, 0x1ff, 0xf);
	KT_ASSERT_EQ(h.primary, 0x45ffffffu);
	KT_ASSERT_EQ(h.ext, 0x3fffffffu);
	KT_ASSERT_EQ(ipc4_get(0xdeadbeefu, IPC4_F_TYPE), 0x1e);
	KT_ASSERT_EQ(ipc4_put(0x3f, IPC4_F_TYPE), 0x1f000000u);
}

KTEST(ipc4, create_pipeline)
{
	KT_ASSERT_EQ(dec(ipc4_enc_create_pipeline(31, 7, 0x7ff, 0, true), NULL, 0), 0);
	KT_ASSERT_EQ(m.kind, IPC4_MSG_CREATE_PIPELINE);
	KT_ASSERT_EQ(m.create_pipeline.ppl_id, 31);
	KT_ASSERT_EQ(m.create_pipeline.prio, 7);
	KT_ASSERT_EQ(m.create_pipeline.mem_pages, 0x7ff);
	KT_ASSERT_EQ(m.create_pipeline.core, 0);
	KT_ASSERT(m.create_pipeline.lp);
	KT_ASSERT_EQ(decw(0x11000000u, 0x000abcd0u), 0); /* attributes */
	KT_ASSERT_EQ(m.create_pipeline.attributes, 0xabcd);
	KT_ASSERT(!m.create_pipeline.lp);
	KT_ASSERT(m.payload == NULL);
	KT_ASSERT_EQ(m.payload_size, 0);
}

KTEST(ipc4, delete_and_get_pipeline)
{
	KT_ASSERT_EQ(dec(ipc4_enc_delete_pipeline(4), NULL, 0), 0);
	KT_ASSERT_EQ(m.kind, IPC4_MSG_DELETE_PIPELINE);
	KT_ASSERT_EQ(m.delete_pipeline.ppl_id, 4);
	KT_ASSERT_EQ(dec(ipc4_enc_get_pipeline_state(5), NULL, 0), 0);
	KT_ASSERT_EQ(m.kind, IPC4_MSG_GET_PIPELINE_STATE);
	KT_ASSERT_EQ(m.get_pipeline_state.ppl_id, 5);
}

KTEST(ipc4, set_pipeline_state_each_state)
{
	static const uint32_t ok[] = {IPC4_PPL_RESET, IPC4_PPL_PAUSED, IPC4_PPL_RUNNING,
				      IPC4_PPL_EOS};

	for (unsigned int i = 0; i < 4; i++) {
		KT_ASSERT_EQ(dec(ipc4_enc_set_pipeline_state(9, ok[i]), NULL, 0), 0);
		KT_ASSERT_EQ(m.kind, IPC4_MSG_SET_PIPELINE_STATE);
		KT_ASSERT_EQ(m.set_pipeline_state.state, ok[i]);
		KT_ASSERT(!m.set_pipeline_state.multi);
		KT_ASSERT_EQ(m.set_pipeline_state.n_ids, 1);
		KT_ASSERT_EQ(m.set_pipeline_state.ids[0], 9);
	}
}

/* Only RESET, PAUSED, RUNNING and EOS can be asked for. */
KTEST(ipc4, set_pipeline_state_bad_states)
{
	static const uint32_t bad[] = {IPC4_PPL_INVALID,
				       IPC4_PPL_UNINITIALIZED,
				       IPC4_PPL_ERROR_STOP,
				       IPC4_PPL_SAVED,
				       8,
				       0x100,
				       0xffff};

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		KT_ASSERT_EQ(dec(ipc4_enc_set_pipeline_state(0, bad[i]), NULL, 0),
			     IPC4_INVALID_REQUEST);
		KT_ASSERT_EQ(m.kind, IPC4_MSG_NONE);
	}
}

KTEST(ipc4, set_pipelines_state_multi)
{
	uint32_t list[4] = {3, 0, 31, 7};

	KT_ASSERT_EQ(dec(ipc4_enc_set_pipelines_state(IPC4_PPL_RUNNING, true), list, 16), 0);
	KT_ASSERT(m.set_pipeline_state.multi);
	KT_ASSERT(m.set_pipeline_state.sync);
	KT_ASSERT_EQ(m.set_pipeline_state.n_ids, 3);
	KT_ASSERT_EQ(m.set_pipeline_state.ids[0], 0);
	KT_ASSERT_EQ(m.set_pipeline_state.ids[1], 31);
	KT_ASSERT_EQ(m.set_pipeline_state.ids[2], 7);
	/* the list is read at any alignment */
	memcpy(blob + 1, list, sizeof(list));
	KT_ASSERT_EQ(dec(ipc4_enc_set_pipelines_state(IPC4_PPL_PAUSED, false), blob + 1, 16), 0);
	KT_ASSERT_EQ(m.set_pipeline_state.ids[2], 7);
}

KTEST(ipc4, set_pipelines_state_bad_lists)
{
	struct ipc4_hdr h = ipc4_enc_set_pipelines_state(IPC4_PPL_RUNNING, false);
	uint32_t list[IPC4_MAX_PIPELINES + 2] = {0};

	KT_ASSERT_EQ(dec(h, NULL, 0), IPC4_INVALID_CONFIG_DATA_LEN); /* no count */
	KT_ASSERT_EQ(dec(h, list, 3), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec(h, list, 4), IPC4_ERROR_INVALID_PARAM); /* count 0 */
	list[0] = IPC4_MAX_PIPELINES + 1;
	KT_ASSERT_EQ(dec(h, list, sizeof(list)), IPC4_ERROR_INVALID_PARAM);
	list[0] = 2;
	list[1] = 1;
	list[2] = 2;
	KT_ASSERT_EQ(dec(h, list, 8), IPC4_INVALID_CONFIG_DATA_LEN);  /* short */
	KT_ASSERT_EQ(dec(h, list, 16), IPC4_INVALID_CONFIG_DATA_LEN); /* long */
	KT_ASSERT_EQ(dec(h, list, 12), 0);
	list[2] = 1;
	KT_ASSERT_EQ(dec(h, list, 12), IPC4_ERROR_INVALID_PARAM); /* twice the same id */
	list[2] = IPC4_MAX_PIPELINES;
	KT_ASSERT_EQ(dec(h, list, 12), IPC4_INVALID_RESOURCE_ID);
	list[2] = 0x80000001u;
	KT_ASSERT_EQ(dec(h, list, 12), IPC4_INVALID_RESOURCE_ID);
}

KTEST(ipc4, load_library)
{
	KT_ASSERT_EQ(dec(ipc4_enc_load_library(31, 15, 0x3fffffff), NULL, 0), 0);
	KT_ASSERT_EQ(m.kind, IPC4_MSG_LOAD_LIBRARY);
	KT_ASSERT_EQ(m.load_library.dma_id, 31);
	KT_ASSERT_EQ(m.load_library.lib_id, 15);
	KT_ASSERT_EQ(m.load_library.offset, 0x3fffffff);
	KT_ASSERT_EQ(dec(ipc4_enc_load_library(0, 0, 0), NULL, 0), IPC4_ERROR_INVALID_PARAM);
}

KTEST(ipc4, init_instance)
{
	KT_ASSERT_EQ(dec(ipc4_enc_init_instance(0x0202, 15, 31, 0, false, 10), blob, 40), 0);
	KT_ASSERT_EQ(m.kind, IPC4_MSG_INIT_INSTANCE);
	KT_ASSERT_EQ(m.module_id, 0x0202);
	KT_ASSERT_EQ(m.instance_id, 15);
	KT_ASSERT_EQ(m.init_instance.ppl_id, 31);
	KT_ASSERT_EQ(m.init_instance.core, 0);
	KT_ASSERT(!m.init_instance.dp);
	KT_ASSERT(m.payload == blob);
	KT_ASSERT_EQ(m.payload_size, 40);
	KT_ASSERT_EQ(dec(ipc4_enc_init_instance(0x0206, 0, 1, 0, true, 0), NULL, 0), 0);
	KT_ASSERT(m.init_instance.dp);
	KT_ASSERT(m.payload == NULL);
}

/* The parameter block is exactly param_block_size dwords. */
KTEST(ipc4, init_instance_bad_sizes)
{
	struct ipc4_hdr h = ipc4_enc_init_instance(0x0202, 0, 0, 0, false, 2);

	KT_ASSERT_EQ(dec(h, blob, 8), 0);
	KT_ASSERT_EQ(dec(h, blob, 7), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec(h, blob, 9), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec(h, NULL, 0), IPC4_INVALID_CONFIG_DATA_LEN);
	h = ipc4_enc_init_instance(0x0202, 0, 0, 0, false, 0xffff);
	KT_ASSERT_EQ(dec(h, blob, sizeof(blob)), IPC4_INVALID_CONFIG_DATA_LEN);
	h.ext |= 1u << 29; /* extended init */
	KT_ASSERT_EQ(dec(h, blob, 8), IPC4_UNAVAILABLE);
}

KTEST(ipc4, large_config_get)
{
	KT_ASSERT_EQ(dec(ipc4_enc_large_config_get(0x0201, 2, 7, 4096, true), NULL, 0), 0);
	KT_ASSERT_EQ(m.kind, IPC4_MSG_LARGE_CONFIG_GET);
	KT_ASSERT_EQ(m.module_id, 0x0201);
	KT_ASSERT_EQ(m.instance_id, 2);
	KT_ASSERT_EQ(m.large_config.param_id, 7);
	KT_ASSERT_EQ(m.large_config.off_size, 4096);
	KT_ASSERT(m.large_config.init);
	KT_ASSERT_EQ(dec(ipc4_enc_large_config_get(0x0201, 2, 7, 100, false), NULL, 0), 0);
	KT_ASSERT(!m.large_config.init);
	KT_ASSERT_EQ(dec(ipc4_enc_large_config_get(0x0201, 2, 7, 4096, true), blob, 4),
		     IPC4_INVALID_CONFIG_DATA_LEN);
}

KTEST(ipc4, large_config_set)
{
	KT_ASSERT_EQ(dec_frag(0x0204, 0, 0, 40, true, true, 40), 0); /* one block */
	KT_ASSERT_EQ(m.kind, IPC4_MSG_LARGE_CONFIG_SET);
	KT_ASSERT_EQ(m.large_config.off_size, 40);
	KT_ASSERT(m.large_config.init && m.large_config.final);
	KT_ASSERT_EQ(dec_frag(0x0204, 0, 0, 4096, true, false, 64), 0); /* first of many */
	KT_ASSERT_EQ(dec_frag(0x0204, 0, 0, 4032, false, true, 64), 0); /* the last */
	KT_ASSERT_EQ(m.large_config.off_size, 4032);
	KT_ASSERT_EQ(dec_frag(0x0204, 0, 0, 0, true, true, 0), 0); /* an empty blob */
}

KTEST(ipc4, large_config_set_bad_sizes)
{
	KT_ASSERT_EQ(dec_frag(0x0204, 0, 0, 4097, true, false, 4), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec_frag(0x0204, 0, 0, 0xfffff, true, false, 4), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec_frag(0x0204, 0, 0, 8, true, false, 12), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec_frag(0x0204, 0, 0, 40, true, true, 36), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec_frag(0x0204, 0, 0, 4090, false, false, 8), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec_frag(0x0204, 0, 0, 4097, false, false, 0), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec_frag(0x0204, 0, 0, 4088, false, true, 8), 0);
}

KTEST(ipc4, bind_and_unbind)
{
	KT_ASSERT_EQ(dec(ipc4_enc_bind(IPC4_MOD_BIND, 0x0201, 0, 0, 0x0202, 1, 7), NULL, 0), 0);
	KT_ASSERT_EQ(m.kind, IPC4_MSG_BIND);
	KT_ASSERT_EQ(m.module_id, 0x0201);
	KT_ASSERT_EQ(m.instance_id, 0);
	KT_ASSERT_EQ(m.bind.src_queue, 0);
	KT_ASSERT_EQ(m.bind.dst_module_id, 0x0202);
	KT_ASSERT_EQ(m.bind.dst_instance_id, 1);
	KT_ASSERT_EQ(m.bind.dst_queue, 7);
	KT_ASSERT_EQ(dec(ipc4_enc_bind(IPC4_MOD_UNBIND, 0x0203, 3, 7, 0x0101, 0, 0), NULL, 0), 0);
	KT_ASSERT_EQ(m.kind, IPC4_MSG_UNBIND);
	KT_ASSERT_EQ(m.bind.src_queue, 7);
	/* two instances of one type may be connected */
	KT_ASSERT_EQ(dec(ipc4_enc_bind(IPC4_MOD_BIND, 0x0202, 0, 0, 0x0202, 1, 0), NULL, 0), 0);
}

KTEST(ipc4, bind_to_self)
{
	KT_ASSERT_EQ(dec(ipc4_enc_bind(IPC4_MOD_BIND, 0x0202, 1, 0, 0x0202, 1, 0), NULL, 0),
		     IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(dec(ipc4_enc_bind(IPC4_MOD_UNBIND, 0x0202, 1, 2, 0x0202, 1, 3), NULL, 0),
		     IPC4_ERROR_INVALID_PARAM);
}

KTEST(ipc4, bind_bad_ids_and_queues)
{
	struct ipc4_limits four = *lim;

	KT_ASSERT_EQ(dec(ipc4_enc_bind(IPC4_MOD_BIND, 0x0201, 0, 0, 0, 0, 0), NULL, 0),
		     IPC4_MOD_INVALID_ID);
	KT_ASSERT_EQ(dec(ipc4_enc_bind(IPC4_MOD_BIND, 0x0201, 0, 0, 0x0202, 16, 0), NULL, 0),
		     IPC4_MOD_INST_INVALID_ID);
	four.max_queues = 4;
	struct ipc4_hdr h = ipc4_enc_bind(IPC4_MOD_BIND, 0x0201, 0, 4, 0x0202, 0, 0);
	KT_ASSERT_EQ(ipc4_decode(h.primary, h.ext, NULL, 0, &four, &m), IPC4_QUEUE_INVALID_ID);
	h = ipc4_enc_bind(IPC4_MOD_BIND, 0x0201, 0, 3, 0x0202, 0, 4);
	KT_ASSERT_EQ(ipc4_decode(h.primary, h.ext, NULL, 0, &four, &m), IPC4_QUEUE_DST_INVALID_ID);
	h = ipc4_enc_bind(IPC4_MOD_BIND, 0x0201, 0, 3, 0x0202, 0, 3);
	KT_ASSERT_EQ(ipc4_decode(h.primary, h.ext, NULL, 0, &four, &m), 0);
}

KTEST(ipc4, delete_instance)
{
	KT_ASSERT_EQ(dec(ipc4_enc_delete_instance(0xffff, 15), NULL, 0), 0);
	KT_ASSERT_EQ(m.kind, IPC4_MSG_DELETE_INSTANCE);
	KT_ASSERT_EQ(m.module_id, 0xffff);
	KT_ASSERT_EQ(m.instance_id, 15);
	KT_ASSERT_EQ(decw(ipc4_enc_delete_instance(0x0202, 0).primary, 1),
		     IPC4_ERROR_INVALID_PARAM);
}

/* Module 0 is no module; instance ids stop at max_instances. */
KTEST(ipc4, module_ids)
{
	static const enum ipc4_mod_type types[] = {
		IPC4_MOD_INIT_INSTANCE, IPC4_MOD_LARGE_CONFIG_GET, IPC4_MOD_LARGE_CONFIG_SET,
		IPC4_MOD_BIND,		IPC4_MOD_UNBIND,	   IPC4_MOD_DELETE_INSTANCE};

	for (unsigned int i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		KT_ASSERT_EQ(decw(ipc4_mod_primary(types[i], 0, 0), 0), IPC4_MOD_INVALID_ID);
		KT_ASSERT_EQ(decw(ipc4_mod_primary(types[i], 0x0202, 16), 0),
			     IPC4_MOD_INST_INVALID_ID);
		KT_ASSERT_EQ(decw(ipc4_mod_primary(types[i], 0x0202, 255), 0),
			     IPC4_MOD_INST_INVALID_ID);
	}
}

/* Pipeline ids stop at max_pipelines, wherever they appear. */
KTEST(ipc4, pipeline_ids)
{
	KT_ASSERT_EQ(dec(ipc4_enc_create_pipeline(32, 0, 0, 0, false), NULL, 0),
		     IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(dec(ipc4_enc_create_pipeline(255, 0, 0, 0, false), NULL, 0),
		     IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(dec(ipc4_enc_delete_pipeline(32), NULL, 0), IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(dec(ipc4_enc_set_pipeline_state(32, IPC4_PPL_RESET), NULL, 0),
		     IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(dec(ipc4_enc_get_pipeline_state(32), NULL, 0), IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(dec(ipc4_enc_init_instance(0x0202, 0, 32, 0, false, 0), NULL, 0),
		     IPC4_INVALID_RESOURCE_ID);

	struct ipc4_limits two = *lim;

	two.max_pipelines = 2;
	struct ipc4_hdr h = ipc4_enc_create_pipeline(2, 0, 0, 0, false);
	KT_ASSERT_EQ(ipc4_decode(h.primary, h.ext, NULL, 0, &two, &m), IPC4_INVALID_RESOURCE_ID);
	h = ipc4_enc_create_pipeline(1, 0, 0, 0, false);
	KT_ASSERT_EQ(ipc4_decode(h.primary, h.ext, NULL, 0, &two, &m), 0);
	/* a bound past the id list's size is held to it */
	two.max_pipelines = 200;
	h = ipc4_enc_create_pipeline(IPC4_MAX_PIPELINES, 0, 0, 0, false);
	KT_ASSERT_EQ(ipc4_decode(h.primary, h.ext, NULL, 0, &two, &m), IPC4_INVALID_RESOURCE_ID);
}

KTEST(ipc4, priorities)
{
	for (uint32_t p = 0; p <= IPC4_PPL_PRIO_MAX; p++)
		KT_ASSERT_EQ(dec(ipc4_enc_create_pipeline(0, p, 0, 0, false), NULL, 0), 0);
	KT_ASSERT_EQ(dec(ipc4_enc_create_pipeline(0, 8, 0, 0, false), NULL, 0),
		     IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(dec(ipc4_enc_create_pipeline(0, 31, 0, 0, false), NULL, 0),
		     IPC4_ERROR_INVALID_PARAM);
}

/*
 * One core here: a pipeline or an instance on core 1 is refused, so no
 * BIND (which names no core) can join two cores.
 */
KTEST(ipc4, core_ids)
{
	struct ipc4_limits two = *lim;
	struct ipc4_hdr cp = ipc4_enc_create_pipeline(0, 0, 0, 1, false);
	struct ipc4_hdr ii = ipc4_enc_init_instance(0x0202, 0, 0, 1, false, 0);

	KT_ASSERT_EQ(dec(cp, NULL, 0), IPC4_INVALID_CORE_ID);
	KT_ASSERT_EQ(dec(ii, NULL, 0), IPC4_INVALID_CORE_ID);
	KT_ASSERT_EQ(dec(ipc4_enc_create_pipeline(0, 0, 0, 15, false), NULL, 0),
		     IPC4_INVALID_CORE_ID);
	two.n_cores = 2;
	KT_ASSERT_EQ(ipc4_decode(cp.primary, cp.ext, NULL, 0, &two, &m), 0);
	KT_ASSERT_EQ(m.create_pipeline.core, 1);
	KT_ASSERT_EQ(ipc4_decode(ii.primary, ii.ext, NULL, 0, &two, &m), 0);
	KT_ASSERT_EQ(m.init_instance.core, 1);
}

/* A reply (response bit set) is never taken as a request. */
KTEST(ipc4, response_bit)
{
	struct ipc4_hdr h = ipc4_enc_create_pipeline(0, 0, 0, 0, false);

	KT_ASSERT_EQ(decw(h.primary | IPC4_RSP_BIT, h.ext), IPC4_INVALID_REQUEST);
	h = ipc4_enc_delete_instance(0x0202, 0);
	KT_ASSERT_EQ(decw(h.primary | IPC4_RSP_BIT, h.ext), IPC4_INVALID_REQUEST);
	KT_ASSERT_EQ(decw(ipc4_reply_primary(h.primary, 0), 0), IPC4_INVALID_REQUEST);
	/* before anything else: even on an unknown type */
	KT_ASSERT_EQ(decw(ipc4_glb_primary(5) | IPC4_RSP_BIT, 0), IPC4_INVALID_REQUEST);
}

KTEST(ipc4, reserved_bits)
{
	struct ipc4_hdr cp = ipc4_enc_create_pipeline(1, 0, 0, 0, false);

	KT_ASSERT_EQ(decw(cp.primary | IPC4_PRI_HW_RSVD, cp.ext), IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(decw(cp.primary, 1u << 30), IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(decw(cp.primary, 1u << 31), IPC4_ERROR_INVALID_PARAM);
	for (unsigned int b = 0; b < 30; b++) {
		int want = (IPC4_CP_EXT_RSVD >> b) & 1 ? IPC4_ERROR_INVALID_PARAM : 0;

		if (b >= 20 && b < 24) /* the core id: only core 0 here */
			want = IPC4_INVALID_CORE_ID;

		KT_ASSERT_EQ(decw(cp.primary, 1u << b), want);
	}
	for (unsigned int b = 0; b < 16; b++)
		KT_ASSERT_EQ(decw(ipc4_enc_delete_pipeline(1).primary | 1u << b, 0),
			     IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(decw(ipc4_enc_delete_pipeline(1).primary, 1u << 29), IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(decw(ipc4_enc_set_pipeline_state(1, IPC4_PPL_RESET).primary, 1u << 2),
		     IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(decw(ipc4_enc_get_pipeline_state(1).primary | 1u << 8, 0),
		     IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(decw(ipc4_enc_get_pipeline_state(1).primary | 1u << 23, 0),
		     IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(decw(ipc4_enc_get_pipeline_state(1).primary, 1), IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(decw(ipc4_enc_load_library(0, 1, 0).primary | 1u << 5, 0),
		     IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(decw(ipc4_enc_load_library(0, 1, 0).primary | 1u << 20, 0),
		     IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(decw(ipc4_enc_delete_instance(0x0202, 0).primary, 1u << 29),
		     IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(decw(ipc4_enc_delete_instance(0x0202, 0).primary | IPC4_PRI_HW_RSVD, 0),
		     IPC4_ERROR_INVALID_PARAM);
}

/* Types IPC4 does not define: UNKNOWN_MESSAGE_TYPE; ones it defines that Sotto does not take: UNAVAILABLE. */
KTEST(ipc4, message_types)
{
	for (uint32_t t = 0; t < 32; t++) {
		bool taken = t == IPC4_GLB_CREATE_PIPELINE || t == IPC4_GLB_DELETE_PIPELINE ||
			     t == IPC4_GLB_SET_PIPELINE_STATE || t == IPC4_GLB_GET_PIPELINE_STATE ||
			     t == IPC4_GLB_LOAD_LIBRARY;
		bool unassigned = (t >= 3 && t <= 12) || (t >= 28 && t <= 30);
		int got = decw(ipc4_glb_primary((enum ipc4_glb_type)t), 0);

		if (unassigned)
			KT_ASSERT_EQ(got, IPC4_UNKNOWN_MESSAGE_TYPE);
		else if (!taken)
			KT_ASSERT_EQ(got, IPC4_UNAVAILABLE);
		else
			KT_ASSERT_NE(got, IPC4_UNKNOWN_MESSAGE_TYPE);
	}
	for (uint32_t t = 0; t < 32; t++) {
		int got = decw(ipc4_mod_primary((enum ipc4_mod_type)t, 0x0202, 0), 0);

		if (t > IPC4_MOD_DELETE_INSTANCE)
			KT_ASSERT_EQ(got, IPC4_UNKNOWN_MESSAGE_TYPE);
		else if (t == IPC4_MOD_CONFIG_GET || t == IPC4_MOD_CONFIG_SET ||
			 (t >= IPC4_MOD_SET_DX && t <= IPC4_MOD_EXIT_MODULE_RESTORE))
			KT_ASSERT_EQ(got, IPC4_UNAVAILABLE);
	}
	/* the host never sends a notification */
	KT_ASSERT_EQ(decw(ipc4_notif_primary(IPC4_NOTIF_FW_READY, 0), 0), IPC4_UNAVAILABLE);
}

/* Messages without a payload refuse one; nothing exceeds max_payload. */
KTEST(ipc4, payload_sizes)
{
	struct ipc4_limits small = *lim;

	KT_ASSERT_EQ(dec(ipc4_enc_create_pipeline(0, 0, 0, 0, false), blob, 4),
		     IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec(ipc4_enc_delete_pipeline(0), blob, 1), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec(ipc4_enc_set_pipeline_state(0, IPC4_PPL_RESET), blob, 4),
		     IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec(ipc4_enc_get_pipeline_state(0), blob, 4), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec(ipc4_enc_load_library(0, 1, 0), blob, 4), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec(ipc4_enc_bind(IPC4_MOD_BIND, 0x0201, 0, 0, 0x0202, 0, 0), blob, 4),
		     IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec(ipc4_enc_delete_instance(0x0202, 0), blob, 4),
		     IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec(ipc4_enc_delete_instance(0x0202, 0), NULL, 4), IPC4_ERROR_INVALID_PARAM);
	small.max_payload = 16;
	struct ipc4_hdr h = ipc4_enc_large_config_set(0x0204, 0, 0, 20, true, true);
	KT_ASSERT_EQ(ipc4_decode(h.primary, h.ext, blob, 20, &small, &m),
		     IPC4_INVALID_CONFIG_DATA_LEN);
	h = ipc4_enc_large_config_set(0x0204, 0, 0, 16, true, true);
	KT_ASSERT_EQ(ipc4_decode(h.primary, h.ext, blob, 16, &small, &m), 0);
	KT_ASSERT_EQ(ipc4_decode(h.primary, h.ext, blob, (size_t)1 << 20, &small, &m),
		     IPC4_INVALID_CONFIG_DATA_LEN);
}

/* A multi-pipeline list: its count word, the count, the size, then each id. */
static void list_order_checks(void)
{
	struct ipc4_hdr h = ipc4_enc_set_pipelines_state(IPC4_PPL_SAVED, false);
	uint32_t list[3] = {0, 99, 99};

	KT_ASSERT_EQ(dec(h, list, 2), IPC4_INVALID_REQUEST); /* the state first */
	h = ipc4_enc_set_pipelines_state(IPC4_PPL_RESET, false);
	KT_ASSERT_EQ(dec(h, list, 2), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec(h, list, 12), IPC4_ERROR_INVALID_PARAM);
	list[0] = 2;
	KT_ASSERT_EQ(dec(h, list, 8), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(dec(h, list, 12), IPC4_INVALID_RESOURCE_ID);
}

/*
 * Several faults at once: the first check in the documented order decides
 * (response, hardware bits, type, payload bound, reserved fields, values,
 * ids, payload size).
 */
KTEST(ipc4, check_order)
{
	struct ipc4_hdr h = ipc4_enc_create_pipeline(40, 9, 0, 3, false);

	KT_ASSERT_EQ(dec(h, blob, 4), IPC4_ERROR_INVALID_PARAM); /* priority */
	h = ipc4_enc_create_pipeline(40, 0, 0, 3, false);
	KT_ASSERT_EQ(dec(h, blob, 4), IPC4_INVALID_RESOURCE_ID);
	h = ipc4_enc_create_pipeline(0, 0, 0, 3, false);
	KT_ASSERT_EQ(dec(h, blob, 4), IPC4_INVALID_CORE_ID);
	KT_ASSERT_EQ(decw(ipc4_glb_primary(IPC4_GLB_CHAIN_DMA) | IPC4_PRI_HW_RSVD, 0),
		     IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(dec(ipc4_enc_init_instance(0, 99, 99, 9, false, 1), blob, 3),
		     IPC4_MOD_INVALID_ID);
	KT_ASSERT_EQ(dec(ipc4_enc_init_instance(0x0202, 99, 99, 9, false, 1), blob, 3),
		     IPC4_MOD_INST_INVALID_ID);
	KT_ASSERT_EQ(dec(ipc4_enc_init_instance(0x0202, 0, 99, 9, false, 1), blob, 3),
		     IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(dec(ipc4_enc_init_instance(0x0202, 0, 0, 9, false, 1), blob, 3),
		     IPC4_INVALID_CORE_ID);
	h = ipc4_enc_init_instance(0, 99, 99, 9, false, 1);
	h.ext |= 1u << 29; /* extended init: a value, before the ids */
	KT_ASSERT_EQ(dec(h, blob, 3), IPC4_UNAVAILABLE);
	h = ipc4_enc_delete_instance(0, 99);
	h.ext = 1; /* reserved, before the ids */
	KT_ASSERT_EQ(dec(h, NULL, 0), IPC4_ERROR_INVALID_PARAM);
	list_order_checks();
}

/* ipc4_decode() writes only *out, and the same input always gives the same result. */
KTEST(ipc4, decode_is_pure)
{
	static struct {
		uint32_t before[4];
		struct ipc4_msg msg;
		uint32_t after[4];
	} g;
	static struct ipc4_msg first;
	uint32_t list[3] = {2, 5, 6};
	struct ipc4_hdr h = ipc4_enc_set_pipelines_state(IPC4_PPL_RUNNING, true);

	memset(&g, 0xa5, sizeof(g));
	KT_ASSERT_EQ(ipc4_decode(h.primary, h.ext, list, sizeof(list), lim, &g.msg), 0);
	first = g.msg;
	KT_ASSERT_EQ(ipc4_decode(h.primary, h.ext, list, sizeof(list), lim, &g.msg), 0);
	KT_ASSERT_EQ(memcmp(&first, &g.msg, sizeof(first)), 0);
	for (unsigned int i = 0; i < 4; i++) {
		KT_ASSERT_EQ(g.before[i], 0xa5a5a5a5u);
		KT_ASSERT_EQ(g.after[i], 0xa5a5a5a5u);
	}
	KT_ASSERT_EQ(list[0], 2);
	/* a refused message leaves *out empty */
	KT_ASSERT_EQ(ipc4_decode(h.primary, h.ext, list, 4, lim, &g.msg),
		     IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(g.msg.kind, IPC4_MSG_NONE);
	KT_ASSERT(g.msg.payload == NULL);
	/* NULL limits are the defaults */
	KT_ASSERT_EQ(ipc4_decode(h.primary, h.ext, list, sizeof(list), NULL, &g.msg), 0);
	KT_ASSERT_EQ(memcmp(&first, &g.msg, sizeof(first)), 0);
}

KTEST(ipc4, errno_to_status)
{
	KT_ASSERT_EQ(ipc4_status_from_errno(0), IPC4_SUCCESS);
	KT_ASSERT_EQ(ipc4_status_from_errno(-EINVAL), IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(ipc4_status_from_errno(-ERANGE), IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(ipc4_status_from_errno(-ENOMEM), IPC4_OUT_OF_MEMORY);
	KT_ASSERT_EQ(ipc4_status_from_errno(-ENOSPC), IPC4_OUT_OF_MEMORY);
	KT_ASSERT_EQ(ipc4_status_from_errno(-EAGAIN), IPC4_BUSY);
	KT_ASSERT_EQ(ipc4_status_from_errno(-EBUSY), IPC4_INVALID_RESOURCE_STATE);
	KT_ASSERT_EQ(ipc4_status_from_errno(-ENOENT), IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(ipc4_status_from_errno(-ENODEV), IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(ipc4_status_from_errno(-EEXIST), IPC4_RESOURCE_ID_EXISTS);
	KT_ASSERT_EQ(ipc4_status_from_errno(-ENOTSUP), IPC4_INVALID_REQUEST);
	KT_ASSERT_EQ(ipc4_status_from_errno(-EOPNOTSUPP), IPC4_INVALID_REQUEST);
	KT_ASSERT_EQ(ipc4_status_from_errno(-EPERM), IPC4_INVALID_REQUEST);
	KT_ASSERT_EQ(ipc4_status_from_errno(-EACCES), IPC4_INVALID_REQUEST);
	KT_ASSERT_EQ(ipc4_status_from_errno(-ENOSYS), IPC4_UNAVAILABLE);
	KT_ASSERT_EQ(ipc4_status_from_errno(-E2BIG), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(ipc4_status_from_errno(-EMSGSIZE), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(ipc4_status_from_errno(-ENOEXEC), IPC4_INVALID_MANIFEST);
	KT_ASSERT_EQ(ipc4_status_from_errno(-EBADMSG), IPC4_MOD_LOAD_INVALID_HASH);
	KT_ASSERT_EQ(ipc4_status_from_errno(-EFAULT), IPC4_FAILURE);
	KT_ASSERT_EQ(ipc4_status_from_errno(-ETIMEDOUT), IPC4_FAILURE);
	KT_ASSERT_EQ(ipc4_status_from_errno(5), IPC4_FAILURE);
	KT_ASSERT_EQ(ipc4_status_from_errno(-100000), IPC4_FAILURE);
}

KTEST(ipc4, status_names)
{
	KT_ASSERT_STR_EQ(ipc4_status_name(IPC4_SUCCESS), "SUCCESS");
	KT_ASSERT_STR_EQ(ipc4_status_name(IPC4_INVALID_CONFIG_DATA_LEN), "INVALID_CONFIG_DATA_LEN");
	KT_ASSERT_STR_EQ(ipc4_status_name(IPC4_PIPELINE_STATE_NOT_SET), "PIPELINE_STATE_NOT_SET");
	KT_ASSERT_STR_EQ(ipc4_status_name(8), "?");
	KT_ASSERT_STR_EQ(ipc4_status_name(165), "?");
	KT_ASSERT_STR_EQ(ipc4_status_name(0xffffff), "?");
}

/* Resource events fit a notification's two words (data words travel beside them). */
KTEST(ipc4, resource_events)
{
	struct ipc4_hdr h =
		ipc4_enc_resource_event(IPC4_RES_EV_GATEWAY_UNDERRUN, IPC4_RES_MODULE_INSTANCE,
					ipc4_resource_id(0x0103, 2));

	KT_ASSERT_EQ(h.primary, 0x1b050006u);
	KT_ASSERT_EQ(h.ext, 0x00020103u);
	h = ipc4_enc_resource_event(IPC4_RES_EV_MODULE_FAULT, IPC4_RES_MODULE_INSTANCE, 0x0202);
	KT_ASSERT_EQ(h.primary, 0x1b058000u);
	h = ipc4_enc_resource_event(IPC4_RES_EV_EVENTS_DROPPED, IPC4_RES_PIPELINE, 3);
	KT_ASSERT_EQ(h.primary, 0x1b058001u);
	KT_ASSERT_EQ(h.ext, 0x01000003u);
	KT_ASSERT_EQ(ipc4_get(h.primary, IPC4_F_NOTIF_TYPE), IPC4_NOTIF_RESOURCE_EVENT);
	KT_ASSERT_EQ(h.ext & IPC4_EXT_HW_RSVD, 0);
}

/* The defaults and the encodings fit the transport (drivers/ipc/ipc_layout.h). */
KTEST(ipc4, fits_the_mailbox)
{
	KT_ASSERT_EQ(ipc4_limits_default.max_payload, IPC_MBOX_PAYLOAD_MAX);
	KT_ASSERT_EQ(4 * IPC4_RE_DATA_WORDS, IPC_MBOX_NOTIFY_DATA);
	/* no reply is the transport's error word: bit 31 is never set */
	KT_ASSERT_NE(ipc4_reply_primary(0xffffffffu, 0xffffffu), IPC_REPLY_ERROR);
	KT_ASSERT_EQ(ipc4_reply_primary(0xffffffffu, 0xffffffu) & IPC4_PRI_HW_RSVD, 0);
}

/* ---- the fragment assembler ---------------------------------------------- */

static struct ipc4_frag fr;
static struct ipc4_frag_step st;

/* Decode a fragment (it must decode) and hand it to the assembler. */
static int frag(uint32_t module, uint32_t inst, uint32_t param, uint32_t off_size, bool init,
		bool final, uint32_t size)
{
	KT_ASSERT_EQ(dec_frag(module, inst, param, off_size, init, final, size), 0);
	return ipc4_frag_accept(&fr, &m, &st);
}

KTEST(ipc4_frag, single_block)
{
	ipc4_frag_init(&fr);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 40, true, true, 40), 0);
	KT_ASSERT(st.first && st.done && !st.dropped);
	KT_ASSERT_EQ(st.offset, 0);
	KT_ASSERT_EQ(st.size, 40);
	KT_ASSERT_EQ(st.total, 40);
	KT_ASSERT(!fr.active);
}

KTEST(ipc4_frag, three_fragments)
{
	ipc4_frag_init(&fr);
	KT_ASSERT_EQ(frag(0x0204, 1, 9, 100, true, false, 40), 0);
	KT_ASSERT(st.first && !st.done);
	KT_ASSERT(fr.active);
	KT_ASSERT_EQ(fr.received, 40);
	KT_ASSERT_EQ(frag(0x0204, 1, 9, 40, false, false, 40), 0);
	KT_ASSERT(!st.first && !st.done);
	KT_ASSERT_EQ(st.offset, 40);
	KT_ASSERT_EQ(st.total, 100);
	KT_ASSERT_EQ(frag(0x0204, 1, 9, 80, false, true, 20), 0);
	KT_ASSERT(st.done);
	KT_ASSERT_EQ(st.offset, 80);
	KT_ASSERT_EQ(st.size, 20);
	KT_ASSERT(!fr.active);
	/* the next blob starts afresh */
	KT_ASSERT_EQ(frag(0x0204, 1, 9, 40, false, true, 20), IPC4_INVALID_REQUEST);
}

/* An empty final fragment completes a blob whose bytes are all in. */
KTEST(ipc4_frag, empty_final)
{
	ipc4_frag_init(&fr);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 8, true, false, 8), 0);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 8, false, true, 0), 0);
	KT_ASSERT(st.done);
	KT_ASSERT_EQ(st.size, 0);
}

KTEST(ipc4_frag, missing_init)
{
	ipc4_frag_init(&fr);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 0, false, false, 8), IPC4_INVALID_REQUEST);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 0, false, true, 8), IPC4_INVALID_REQUEST);
	KT_ASSERT(!fr.active);
}

KTEST(ipc4_frag, out_of_order)
{
	ipc4_frag_init(&fr);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 64, true, false, 16), 0);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 32, false, false, 16), IPC4_INVALID_REQUEST); /* ahead */
	KT_ASSERT(!fr.active); /* the transfer is over */
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 16, false, false, 16), IPC4_INVALID_REQUEST);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 64, true, false, 16), 0);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 16, false, false, 16), 0);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 16, false, false, 16), IPC4_INVALID_REQUEST); /* again */
	KT_ASSERT(!fr.active);
}

KTEST(ipc4_frag, overflow_and_short_final)
{
	ipc4_frag_init(&fr);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 24, true, false, 16), 0);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 16, false, false, 12), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT(!fr.active);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 24, true, false, 16), 0);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 16, false, true, 4), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT(!fr.active);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 24, true, false, 16), 0);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 16, false, false, 8), 0); /* exactly full, not final */
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 24, false, false, 1), IPC4_INVALID_CONFIG_DATA_LEN);
}

/* Another target mid-transfer is told BUSY; the transfer in progress goes on. */
KTEST(ipc4_frag, other_target_busy)
{
	ipc4_frag_init(&fr);
	KT_ASSERT_EQ(frag(0x0204, 1, 2, 48, true, false, 16), 0);
	KT_ASSERT_EQ(frag(0x0202, 1, 2, 16, false, false, 16), IPC4_BUSY); /* module */
	KT_ASSERT_EQ(frag(0x0204, 0, 2, 16, false, false, 16), IPC4_BUSY); /* instance */
	KT_ASSERT_EQ(frag(0x0204, 1, 3, 16, false, false, 16), IPC4_BUSY); /* parameter */
	KT_ASSERT(fr.active);
	KT_ASSERT_EQ(frag(0x0204, 1, 2, 16, false, false, 16), 0);
	KT_ASSERT_EQ(frag(0x0204, 1, 2, 32, false, true, 16), 0);
	KT_ASSERT(st.done);
}

/* A first block always starts a new blob and says it dropped the unfinished one. */
KTEST(ipc4_frag, new_init_restarts)
{
	ipc4_frag_init(&fr);
	KT_ASSERT_EQ(frag(0x0204, 0, 0, 48, true, false, 16), 0);
	KT_ASSERT(!st.dropped);
	KT_ASSERT_EQ(frag(0x0202, 3, 0, 40, true, false, 8), 0);
	KT_ASSERT(st.dropped && st.first);
	KT_ASSERT_EQ(fr.module_id, 0x0202);
	KT_ASSERT_EQ(fr.instance_id, 3);
	KT_ASSERT_EQ(fr.total, 40);
	KT_ASSERT_EQ(fr.received, 8);
	KT_ASSERT_EQ(frag(0x0202, 3, 0, 8, false, true, 32), 0);
	KT_ASSERT(st.done);
}

/* The assembler re-checks a first block it did not get from ipc4_decode(). */
KTEST(ipc4_frag, rejects_foreign_messages)
{
	struct ipc4_msg hand;

	ipc4_frag_init(&fr);
	KT_ASSERT_EQ(dec(ipc4_enc_delete_instance(0x0204, 0), NULL, 0), 0);
	KT_ASSERT_EQ(ipc4_frag_accept(&fr, &m, &st), IPC4_FAILURE);
	memset(&hand, 0, sizeof(hand));
	hand.kind = IPC4_MSG_LARGE_CONFIG_SET;
	hand.payload = blob;
	hand.payload_size = 16;
	hand.large_config.init = true;
	hand.large_config.off_size = 8;
	KT_ASSERT_EQ(ipc4_frag_accept(&fr, &hand, &st), IPC4_INVALID_CONFIG_DATA_LEN);
	hand.large_config.final = true;
	hand.large_config.off_size = 20;
	KT_ASSERT_EQ(ipc4_frag_accept(&fr, &hand, &st), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT(!fr.active);
}
