/* SPDX-License-Identifier: MIT */
/*
 * IPC4 request decoding and the LARGE_CONFIG_SET fragment assembler. Each
 * request is checked in one order, so a message with several faults always
 * gets the same status: the response bit, the reserved hardware bits, the
 * type, the payload bound; then per type its reserved fields, its
 * enumerated values, its ids, and last the payload size it needs.
 */
#include <string.h>

#include "audio/ipc4_decode.h"
#include "kernel/errno.h"

const struct ipc4_limits ipc4_limits_default = {
	.n_cores = 1,
	.max_payload = 4080, /* the mailbox's payload_max (docs/host-shm.md) */
	.max_pipelines = IPC4_MAX_PIPELINES,
	.max_instances = 16,
	.max_queues = 8,
	.max_blob = 4096,
};

/* Pipeline ids are below this: the caller's bound, never past the id list's size. */
static uint32_t ppl_bound(const struct ipc4_limits *lim)
{
	return lim->max_pipelines < IPC4_MAX_PIPELINES ? lim->max_pipelines : IPC4_MAX_PIPELINES;
}

/* Little-endian word @i of @p, at any alignment. */
static uint32_t le32_at(const void *p, uint32_t i)
{
	const uint8_t *b = (const uint8_t *)p + 4 * i;

	return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* 0 when the message carries no payload, as every message but a few must. */
static int no_payload(const struct ipc4_msg *m)
{
	return m->payload_size ? IPC4_INVALID_CONFIG_DATA_LEN : 0;
}

static int dec_create_pipeline(struct ipc4_msg *m, const struct ipc4_limits *lim)
{
	uint32_t prio = ipc4_get(m->primary, IPC4_F_CP_PRIO);

	if (m->ext & IPC4_CP_EXT_RSVD)
		return IPC4_ERROR_INVALID_PARAM;
	if (prio > IPC4_PPL_PRIO_MAX)
		return IPC4_ERROR_INVALID_PARAM;
	m->create_pipeline.ppl_id = ipc4_get(m->primary, IPC4_F_PPL_ID);
	m->create_pipeline.prio = prio;
	m->create_pipeline.mem_pages = ipc4_get(m->primary, IPC4_F_CP_MEM_PAGES);
	m->create_pipeline.core = ipc4_get(m->ext, IPC4_F_CP_CORE);
	m->create_pipeline.attributes = ipc4_get(m->ext, IPC4_F_CP_ATTR);
	m->create_pipeline.lp = ipc4_get(m->ext, IPC4_F_CP_LP);
	if (m->create_pipeline.ppl_id >= ppl_bound(lim))
		return IPC4_INVALID_RESOURCE_ID;
	if (m->create_pipeline.core >= lim->n_cores)
		return IPC4_INVALID_CORE_ID;
	return no_payload(m);
}

/* DELETE_PIPELINE and GET_PIPELINE_STATE: an id and nothing else. */
static int dec_pipeline_id(struct ipc4_msg *m, const struct ipc4_limits *lim, uint32_t pri_rsvd,
			   uint32_t ext_rsvd, uint32_t id, uint32_t *out_id)
{
	if ((m->primary & pri_rsvd) || (m->ext & ext_rsvd))
		return IPC4_ERROR_INVALID_PARAM;
	*out_id = id;
	if (id >= ppl_bound(lim))
		return IPC4_INVALID_RESOURCE_ID;
	return no_payload(m);
}

/* The id list of a multi-pipeline SET_PIPELINE_STATE: {count, id[count]}, distinct ids. */
static int dec_ppl_list(struct ipc4_msg *m, const struct ipc4_limits *lim)
{
	uint32_t seen = 0, count;

	if (m->payload_size < 4)
		return IPC4_INVALID_CONFIG_DATA_LEN;
	count = le32_at(m->payload, 0);
	if (count == 0 || count > ppl_bound(lim))
		return IPC4_ERROR_INVALID_PARAM;
	if (m->payload_size != 4 + 4 * count)
		return IPC4_INVALID_CONFIG_DATA_LEN;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t id = le32_at(m->payload, 1 + i);

		if (id >= ppl_bound(lim))
			return IPC4_INVALID_RESOURCE_ID;
		if (seen & (1u << id))
			return IPC4_ERROR_INVALID_PARAM;
		seen |= 1u << id;
		m->set_pipeline_state.ids[i] = (uint8_t)id;
	}
	m->set_pipeline_state.n_ids = count;
	return 0;
}

static int dec_set_pipeline_state(struct ipc4_msg *m, const struct ipc4_limits *lim)
{
	uint32_t state = ipc4_get(m->primary, IPC4_F_SPS_STATE);

	if (m->ext & IPC4_SPS_EXT_RSVD)
		return IPC4_ERROR_INVALID_PARAM;
	if (state != IPC4_PPL_RESET && state != IPC4_PPL_PAUSED && state != IPC4_PPL_RUNNING &&
	    state != IPC4_PPL_EOS)
		return IPC4_INVALID_REQUEST;
	m->set_pipeline_state.state = state;
	m->set_pipeline_state.multi = ipc4_get(m->ext, IPC4_F_SPS_MULTI);
	m->set_pipeline_state.sync = ipc4_get(m->ext, IPC4_F_SPS_SYNC);
	m->set_pipeline_state.ppl_id = ipc4_get(m->primary, IPC4_F_PPL_ID);
	if (m->set_pipeline_state.multi)
		return dec_ppl_list(m, lim);
	if (m->set_pipeline_state.ppl_id >= ppl_bound(lim))
		return IPC4_INVALID_RESOURCE_ID;
	m->set_pipeline_state.ids[0] = (uint8_t)m->set_pipeline_state.ppl_id;
	m->set_pipeline_state.n_ids = 1;
	return no_payload(m);
}

static int dec_load_library(struct ipc4_msg *m)
{
	if (m->primary & IPC4_LL_PRI_RSVD)
		return IPC4_ERROR_INVALID_PARAM;
	m->load_library.dma_id = ipc4_get(m->primary, IPC4_F_LL_DMA);
	m->load_library.lib_id = ipc4_get(m->primary, IPC4_F_LL_LIB);
	m->load_library.offset = ipc4_get(m->ext, IPC4_F_LL_OFFSET);
	if (m->load_library.lib_id == 0) /* library 0 is the firmware itself */
		return IPC4_ERROR_INVALID_PARAM;
	return no_payload(m);
}

static int dec_glb(struct ipc4_msg *m, uint32_t type, const struct ipc4_limits *lim)
{
	switch (type) {
	case IPC4_GLB_CREATE_PIPELINE:
		m->kind = IPC4_MSG_CREATE_PIPELINE;
		return dec_create_pipeline(m, lim);
	case IPC4_GLB_DELETE_PIPELINE:
		m->kind = IPC4_MSG_DELETE_PIPELINE;
		return dec_pipeline_id(m, lim, IPC4_DP_PRI_RSVD, IPC4_DP_EXT_RSVD,
				       ipc4_get(m->primary, IPC4_F_PPL_ID),
				       &m->delete_pipeline.ppl_id);
	case IPC4_GLB_SET_PIPELINE_STATE:
		m->kind = IPC4_MSG_SET_PIPELINE_STATE;
		return dec_set_pipeline_state(m, lim);
	case IPC4_GLB_GET_PIPELINE_STATE:
		m->kind = IPC4_MSG_GET_PIPELINE_STATE;
		return dec_pipeline_id(m, lim, IPC4_GPS_PRI_RSVD, IPC4_GPS_EXT_RSVD,
				       ipc4_get(m->primary, IPC4_F_GPS_ID),
				       &m->get_pipeline_state.ppl_id);
	case IPC4_GLB_LOAD_LIBRARY:
		m->kind = IPC4_MSG_LOAD_LIBRARY;
		return dec_load_library(m);
	default:
		return IPC4_FAILURE; /* ipc4_decode() let through a type it does not take */
	}
}

static int dec_init_instance(struct ipc4_msg *m, const struct ipc4_limits *lim)
{
	uint32_t dwords = ipc4_get(m->ext, IPC4_F_II_PARAM_SIZE);

	m->init_instance.ppl_id = ipc4_get(m->ext, IPC4_F_II_PPL);
	m->init_instance.core = ipc4_get(m->ext, IPC4_F_II_CORE);
	m->init_instance.dp = ipc4_get(m->ext, IPC4_F_II_DOMAIN);
	if (m->init_instance.ppl_id >= ppl_bound(lim))
		return IPC4_INVALID_RESOURCE_ID;
	if (m->init_instance.core >= lim->n_cores)
		return IPC4_INVALID_CORE_ID;
	if (m->payload_size != 4 * dwords)
		return IPC4_INVALID_CONFIG_DATA_LEN;
	return 0;
}

/*
 * LARGE_CONFIG_SET: a first block gives the blob's size (at most
 * max_blob) and carries at most that much, all of it when it is also the
 * final one; a later block's offset plus size stays within max_blob.
 * LARGE_CONFIG_GET carries no payload.
 */
static int dec_large_config(struct ipc4_msg *m, const struct ipc4_limits *lim, bool set)
{
	uint32_t off_size = ipc4_get(m->ext, IPC4_F_LC_OFF_SIZE);

	m->large_config.off_size = off_size;
	m->large_config.param_id = ipc4_get(m->ext, IPC4_F_LC_PARAM);
	m->large_config.init = ipc4_get(m->ext, IPC4_F_LC_INIT);
	m->large_config.final = ipc4_get(m->ext, IPC4_F_LC_FINAL);
	if (!set)
		return no_payload(m);
	if (m->large_config.init) {
		if (off_size > lim->max_blob || m->payload_size > off_size)
			return IPC4_INVALID_CONFIG_DATA_LEN;
		if (m->large_config.final && m->payload_size != off_size)
			return IPC4_INVALID_CONFIG_DATA_LEN;
		return 0;
	}
	if (off_size > lim->max_blob || m->payload_size > lim->max_blob - off_size)
		return IPC4_INVALID_CONFIG_DATA_LEN;
	return 0;
}

static int dec_bind(struct ipc4_msg *m, const struct ipc4_limits *lim)
{
	m->bind.src_queue = ipc4_get(m->ext, IPC4_F_BIND_SRC_QUEUE);
	m->bind.dst_module_id = ipc4_get(m->ext, IPC4_F_BIND_DST_MOD);
	m->bind.dst_instance_id = ipc4_get(m->ext, IPC4_F_BIND_DST_INST);
	m->bind.dst_queue = ipc4_get(m->ext, IPC4_F_BIND_DST_QUEUE);
	if (m->bind.dst_module_id == 0)
		return IPC4_MOD_INVALID_ID;
	if (m->bind.dst_instance_id >= lim->max_instances)
		return IPC4_MOD_INST_INVALID_ID;
	if (m->bind.src_queue >= lim->max_queues)
		return IPC4_QUEUE_INVALID_ID;
	if (m->bind.dst_queue >= lim->max_queues)
		return IPC4_QUEUE_DST_INVALID_ID;
	if (m->bind.dst_module_id == m->module_id && m->bind.dst_instance_id == m->instance_id)
		return IPC4_ERROR_INVALID_PARAM; /* an instance into itself */
	return no_payload(m);
}

static int dec_mod(struct ipc4_msg *m, uint32_t type, const struct ipc4_limits *lim)
{
	static const enum ipc4_msg_kind kinds[] = {
		[IPC4_MOD_INIT_INSTANCE] = IPC4_MSG_INIT_INSTANCE,
		[IPC4_MOD_LARGE_CONFIG_GET] = IPC4_MSG_LARGE_CONFIG_GET,
		[IPC4_MOD_LARGE_CONFIG_SET] = IPC4_MSG_LARGE_CONFIG_SET,
		[IPC4_MOD_BIND] = IPC4_MSG_BIND,
		[IPC4_MOD_UNBIND] = IPC4_MSG_UNBIND,
		[IPC4_MOD_DELETE_INSTANCE] = IPC4_MSG_DELETE_INSTANCE,
	};

	if (type >= sizeof(kinds) / sizeof(kinds[0]) || kinds[type] == IPC4_MSG_NONE)
		return IPC4_FAILURE; /* ipc4_decode() let through a type it does not take */
	m->kind = kinds[type];
	if (type == IPC4_MOD_DELETE_INSTANCE && (m->ext & IPC4_DI_EXT_RSVD))
		return IPC4_ERROR_INVALID_PARAM;
	if (type == IPC4_MOD_INIT_INSTANCE && ipc4_get(m->ext, IPC4_F_II_EXT_INIT))
		return IPC4_UNAVAILABLE; /* no extended-init block here */
	m->module_id = ipc4_get(m->primary, IPC4_F_MOD_ID);
	m->instance_id = ipc4_get(m->primary, IPC4_F_MOD_INST);
	if (m->module_id == 0) /* the base firmware's id in SOF; no module here */
		return IPC4_MOD_INVALID_ID;
	if (m->instance_id >= lim->max_instances)
		return IPC4_MOD_INST_INVALID_ID;
	switch (type) {
	case IPC4_MOD_INIT_INSTANCE:
		return dec_init_instance(m, lim);
	case IPC4_MOD_LARGE_CONFIG_GET:
	case IPC4_MOD_LARGE_CONFIG_SET:
		return dec_large_config(m, lim, type == IPC4_MOD_LARGE_CONFIG_SET);
	case IPC4_MOD_BIND:
	case IPC4_MOD_UNBIND:
		return dec_bind(m, lim);
	default:
		return no_payload(m);
	}
}

/* 0 if Sotto takes global type @t; else UNAVAILABLE (IPC4 defines it) or UNKNOWN_MESSAGE_TYPE. */
static int glb_type_status(uint32_t t)
{
	switch (t) {
	case IPC4_GLB_CREATE_PIPELINE:
	case IPC4_GLB_DELETE_PIPELINE:
	case IPC4_GLB_SET_PIPELINE_STATE:
	case IPC4_GLB_GET_PIPELINE_STATE:
	case IPC4_GLB_LOAD_LIBRARY:
		return 0;
	case IPC4_GLB_BOOT_CONFIG ... IPC4_GLB_IPCGATEWAY_CMD:
	case IPC4_GLB_PERF_MEASUREMENTS_CMD ... IPC4_GLB_UNLOAD_MULTIPLE_MODULES:
	case IPC4_GLB_GET_PIPELINE_CONTEXT_SIZE ... IPC4_GLB_RESTORE_PIPELINE:
	case IPC4_GLB_LOAD_LIBRARY_PREPARE ... IPC4_GLB_NOTIFICATION:
	case IPC4_GLB_ENTER_GDB:
		return IPC4_UNAVAILABLE;
	default:
		return IPC4_UNKNOWN_MESSAGE_TYPE;
	}
}

/* The same for module type @t. */
static int mod_type_status(uint32_t t)
{
	switch (t) {
	case IPC4_MOD_INIT_INSTANCE:
	case IPC4_MOD_LARGE_CONFIG_GET:
	case IPC4_MOD_LARGE_CONFIG_SET:
	case IPC4_MOD_BIND:
	case IPC4_MOD_UNBIND:
	case IPC4_MOD_DELETE_INSTANCE:
		return 0;
	case IPC4_MOD_CONFIG_GET:
	case IPC4_MOD_CONFIG_SET:
	case IPC4_MOD_SET_DX ... IPC4_MOD_EXIT_MODULE_RESTORE:
		return IPC4_UNAVAILABLE;
	default:
		return IPC4_UNKNOWN_MESSAGE_TYPE;
	}
}

int ipc4_decode(uint32_t primary, uint32_t ext, const void *payload, size_t payload_size,
		const struct ipc4_limits *lim, struct ipc4_msg *out)
{
	uint32_t type = ipc4_get(primary, IPC4_F_TYPE);
	bool module = primary & IPC4_TGT_BIT;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!lim)
		lim = &ipc4_limits_default;
	if (primary & IPC4_RSP_BIT)
		return IPC4_INVALID_REQUEST; /* a reply is no request */
	if ((primary & IPC4_PRI_HW_RSVD) || (ext & IPC4_EXT_HW_RSVD))
		return IPC4_ERROR_INVALID_PARAM;
	ret = module ? mod_type_status(type) : glb_type_status(type);
	if (ret)
		return ret;
	if (payload_size && !payload)
		return IPC4_ERROR_INVALID_PARAM;
	if (payload_size > lim->max_payload)
		return IPC4_INVALID_CONFIG_DATA_LEN;
	out->primary = primary;
	out->ext = ext;
	out->payload = payload_size ? payload : NULL;
	out->payload_size = (uint32_t)payload_size;
	ret = module ? dec_mod(out, type, lim) : dec_glb(out, type, lim);
	if (ret) {
		memset(out, 0, sizeof(*out));
		out->kind = IPC4_MSG_NONE;
	}
	return ret;
}

void ipc4_frag_init(struct ipc4_frag *f)
{
	memset(f, 0, sizeof(*f));
}

/* A first block: a new blob, complete at once when it is also the final block. */
static int frag_start(struct ipc4_frag *f, const struct ipc4_msg *m, struct ipc4_frag_step *step)
{
	uint32_t total = m->large_config.off_size, size = m->payload_size;
	bool dropped = f->active;

	ipc4_frag_init(f);
	if (size > total || (m->large_config.final && size != total))
		return IPC4_INVALID_CONFIG_DATA_LEN;
	step->dropped = dropped;
	step->size = size;
	step->total = total;
	step->first = true;
	step->done = m->large_config.final;
	if (!step->done) {
		f->active = true;
		f->module_id = m->module_id;
		f->instance_id = m->instance_id;
		f->param_id = m->large_config.param_id;
		f->total = total;
		f->received = size;
	}
	return 0;
}

int ipc4_frag_accept(struct ipc4_frag *f, const struct ipc4_msg *m, struct ipc4_frag_step *step)
{
	uint32_t off = m->large_config.off_size, size = m->payload_size;

	memset(step, 0, sizeof(*step));
	if (m->kind != IPC4_MSG_LARGE_CONFIG_SET)
		return IPC4_FAILURE;
	if (m->large_config.init)
		return frag_start(f, m, step);
	if (!f->active)
		return IPC4_INVALID_REQUEST; /* no first block */
	if (m->module_id != f->module_id || m->instance_id != f->instance_id ||
	    m->large_config.param_id != f->param_id)
		return IPC4_BUSY;
	if (off != f->received) {
		ipc4_frag_init(f);
		return IPC4_INVALID_REQUEST;
	}
	if (size > f->total - f->received || (m->large_config.final && size != f->total - off)) {
		ipc4_frag_init(f);
		return IPC4_INVALID_CONFIG_DATA_LEN;
	}
	step->offset = off;
	step->size = size;
	step->total = f->total;
	step->done = m->large_config.final;
	f->received += size;
	if (step->done)
		ipc4_frag_init(f);
	return 0;
}

/* Firmware error codes and their status; unlisted ones are IPC4_FAILURE. */
static const struct {
	int err;
	uint32_t status;
} errno_status[] = {
	{0, IPC4_SUCCESS},
	{-EINVAL, IPC4_ERROR_INVALID_PARAM},
	{-ERANGE, IPC4_ERROR_INVALID_PARAM},
	{-ENOMEM, IPC4_OUT_OF_MEMORY},
	{-ENOSPC, IPC4_OUT_OF_MEMORY},
	{-EAGAIN, IPC4_BUSY},
	{-EBUSY,
	 IPC4_INVALID_RESOURCE_STATE}, /* pipe_*(): a state where the command makes no sense */
	{-ENOENT, IPC4_INVALID_RESOURCE_ID},
	{-ENODEV, IPC4_INVALID_RESOURCE_ID},
	{-EEXIST, IPC4_RESOURCE_ID_EXISTS},
	{-ENOTSUP, IPC4_INVALID_REQUEST},
	{-EOPNOTSUPP, IPC4_INVALID_REQUEST},
	{-EPERM, IPC4_INVALID_REQUEST},
	{-EACCES, IPC4_INVALID_REQUEST},
	{-ENOSYS, IPC4_UNAVAILABLE},
	{-E2BIG, IPC4_INVALID_CONFIG_DATA_LEN},
	{-EMSGSIZE, IPC4_INVALID_CONFIG_DATA_LEN},
	{-ENOEXEC, IPC4_INVALID_MANIFEST},
	{-EBADMSG, IPC4_MOD_LOAD_INVALID_HASH},
};

uint32_t ipc4_status_from_errno(int err)
{
	for (size_t i = 0; i < sizeof(errno_status) / sizeof(errno_status[0]); i++)
		if (errno_status[i].err == err)
			return errno_status[i].status;
	return IPC4_FAILURE;
}

static const char *const status_names[] = {
	[IPC4_SUCCESS] = "SUCCESS",
	[IPC4_ERROR_INVALID_PARAM] = "ERROR_INVALID_PARAM",
	[IPC4_UNKNOWN_MESSAGE_TYPE] = "UNKNOWN_MESSAGE_TYPE",
	[IPC4_OUT_OF_MEMORY] = "OUT_OF_MEMORY",
	[IPC4_BUSY] = "BUSY",
	[IPC4_BAD_STATE] = "BAD_STATE",
	[IPC4_FAILURE] = "FAILURE",
	[IPC4_INVALID_REQUEST] = "INVALID_REQUEST",
	[IPC4_INVALID_RESOURCE_ID] = "INVALID_RESOURCE_ID",
	[IPC4_RESOURCE_ID_EXISTS] = "RESOURCE_ID_EXISTS",
	[IPC4_INVALID_RESOURCE_STATE] = "INVALID_RESOURCE_STATE",
	[IPC4_POWER_TRANSITION_FAILED] = "POWER_TRANSITION_FAILED",
	[IPC4_INVALID_MANIFEST] = "INVALID_MANIFEST",
	[IPC4_UNAVAILABLE] = "UNAVAILABLE",
	[IPC4_LOAD_ADDRESS_OUT_OF_RANGE] = "LOAD_ADDRESS_OUT_OF_RANGE",
	[IPC4_CSE_VALIDATION_FAILED] = "CSE_VALIDATION_FAILED",
	[IPC4_MOD_MGMT_ERROR] = "MOD_MGMT_ERROR",
	[IPC4_MOD_LOAD_CL_FAILED] = "MOD_LOAD_CL_FAILED",
	[IPC4_MOD_LOAD_INVALID_HASH] = "MOD_LOAD_INVALID_HASH",
	[IPC4_MOD_INSTANCE_EXISTS] = "MOD_INSTANCE_EXISTS",
	[IPC4_MOD_NOT_INITIALIZED] = "MOD_NOT_INITIALIZED",
	[IPC4_MOD_INVALID_ID] = "MOD_INVALID_ID",
	[IPC4_MOD_INST_INVALID_ID] = "MOD_INST_INVALID_ID",
	[IPC4_QUEUE_INVALID_ID] = "QUEUE_INVALID_ID",
	[IPC4_QUEUE_DST_INVALID_ID] = "QUEUE_DST_INVALID_ID",
	[IPC4_INVALID_CORE_ID] = "INVALID_CORE_ID",
	[IPC4_INVALID_CONFIG_PARAM_ID] = "INVALID_CONFIG_PARAM_ID",
	[IPC4_INVALID_CONFIG_DATA_LEN] = "INVALID_CONFIG_DATA_LEN",
	[IPC4_INVALID_CONFIG_DATA_STRUCT] = "INVALID_CONFIG_DATA_STRUCT",
	[IPC4_PIPELINE_STATE_NOT_SET] = "PIPELINE_STATE_NOT_SET",
};

const char *ipc4_status_name(uint32_t status)
{
	if (status >= sizeof(status_names) / sizeof(status_names[0]) || !status_names[status])
		return "?";
	return status_names[status];
}
