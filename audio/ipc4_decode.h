/* SPDX-License-Identifier: MIT */
/*
 * Decoding and checking of IPC4 requests from the host, the "decode" half
 * of decode-then-perform: everything that can be checked without firmware
 * state is checked here, so the code that acts (pipelines, instances) only
 * has to look things up. Pure C over the caller's data: no kernel state, no
 * allocation, builds on the host (test/unit/test_ipc4.c, test/fuzz/).
 *
 * Both steps return 0 or a positive enum ipc4_status, ready for the reply;
 * docs/ipc4.md lists which check gives which status.
 */
#ifndef AUDIO_IPC4_DECODE_H
#define AUDIO_IPC4_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audio/ipc4.h"

/* The longest id list of a multi-pipeline SET_PIPELINE_STATE, and the pipeline ids' bound. */
#define IPC4_MAX_PIPELINES 32

/* What the firmware accepts; ipc4_decode() checks ids and sizes against it. */
struct ipc4_limits {
	uint32_t n_cores;	/* core ids 0 .. n_cores - 1 */
	uint32_t max_payload;	/* bytes of payload in one message (the mailbox) */
	uint32_t max_pipelines; /* pipeline ids 0 .. max_pipelines - 1 (<= IPC4_MAX_PIPELINES) */
	uint32_t max_instances; /* instance ids 0 .. max_instances - 1, per module type */
	uint32_t max_queues;	/* queue (port) ids 0 .. max_queues - 1 */
	uint32_t max_blob;	/* bytes of a LARGE_CONFIG_SET blob, all fragments */
};

/* Sotto's: one core, the mailbox's 4080-byte payload, the adapter's 4 KiB blob (docs/ipc4.md). */
extern const struct ipc4_limits ipc4_limits_default;

/* What a request asks for: ipc4_msg.kind. */
enum ipc4_msg_kind {
	IPC4_MSG_NONE, /* nothing decoded */
	IPC4_MSG_CREATE_PIPELINE,
	IPC4_MSG_DELETE_PIPELINE,
	IPC4_MSG_SET_PIPELINE_STATE,
	IPC4_MSG_GET_PIPELINE_STATE,
	IPC4_MSG_LOAD_LIBRARY,
	IPC4_MSG_INIT_INSTANCE,
	IPC4_MSG_LARGE_CONFIG_GET,
	IPC4_MSG_LARGE_CONFIG_SET,
	IPC4_MSG_BIND,
	IPC4_MSG_UNBIND,
	IPC4_MSG_DELETE_INSTANCE,
	IPC4_MSG_KIND_COUNT
};

/* A checked request. Fields hold the values as sent, already range checked. */
struct ipc4_msg {
	enum ipc4_msg_kind kind;
	uint32_t primary, ext; /* as received */
	const void *payload;   /* the caller's buffer (not copied) */
	uint32_t payload_size; /* bytes */
	/* Module messages (INIT_INSTANCE .. DELETE_INSTANCE): the target instance. */
	uint32_t module_id, instance_id;
	union {
		struct {
			uint32_t ppl_id, prio, mem_pages, core, attributes;
			bool lp;
		} create_pipeline;
		struct {
			uint32_t ppl_id;
		} delete_pipeline, get_pipeline_state;
		struct {
			uint32_t state; /* RESET, PAUSED, RUNNING or EOS */
			bool multi;	/* ids from the payload (else the primary word's) */
			bool sync;	/* change them together */
			uint32_t n_ids; /* 1 .. IPC4_MAX_PIPELINES, distinct */
			uint8_t ids[IPC4_MAX_PIPELINES];
			uint32_t ppl_id; /* the primary word's id field (not checked when multi) */
		} set_pipeline_state;
		struct {
			uint32_t dma_id, lib_id, offset;
		} load_library;
		struct {
			uint32_t ppl_id, core;
			bool dp; /* DP domain, else LL; the parameters are the payload */
		} init_instance;
		struct {
			uint32_t param_id;
			uint32_t
				off_size; /* init: blob size (SET) or most bytes wanted (GET); else offset */
			bool init, final;
		} large_config; /* LARGE_CONFIG_GET and _SET */
		struct {
			uint32_t src_queue;
			uint32_t dst_module_id, dst_instance_id, dst_queue;
		} bind; /* BIND and UNBIND; the source is (module_id, instance_id) */
	};
};

/*
 * Decode the request (@primary, @ext) with @payload_size bytes at @payload
 * into *@out, checking it against @lim (NULL: ipc4_limits_default). Writes
 * nothing but *@out (zeroed first, kind IPC4_MSG_NONE on failure). Returns 0
 * or the status to reply with.
 */
int ipc4_decode(uint32_t primary, uint32_t ext, const void *payload, size_t payload_size,
		const struct ipc4_limits *lim, struct ipc4_msg *out);

/*
 * The LARGE_CONFIG_SET fragment assembler: one blob in transfer at a time,
 * fragments in order. Initialise with ipc4_frag_init() (also drops a
 * transfer, e.g. when its instance is deleted).
 */
struct ipc4_frag {
	bool active; /* a blob is in transfer */
	uint32_t module_id, instance_id, param_id;
	uint32_t total;	   /* the blob's size */
	uint32_t received; /* bytes so far: the next fragment's offset */
};

/* Where an accepted fragment goes. */
struct ipc4_frag_step {
	uint32_t offset, size; /* its bytes are the blob's [offset, offset + size) */
	uint32_t total;	       /* the blob's size */
	bool first;	       /* it starts the blob */
	bool done;	       /* the blob is complete: apply it */
	bool dropped;	       /* it started a new blob while one was unfinished (dropped) */
};

void ipc4_frag_init(struct ipc4_frag *f);

/*
 * Take the decoded LARGE_CONFIG_SET @m into @f and say where its payload
 * goes in *@step. A first (init) block always starts a new blob. Returns 0,
 * IPC4_INVALID_REQUEST (no blob started, or an offset other than the bytes
 * received), IPC4_BUSY (a fragment for another instance or parameter while a
 * blob is in transfer: that transfer goes on), IPC4_INVALID_CONFIG_DATA_LEN
 * (past the blob's size, or a final block short of it) or IPC4_FAILURE (@m is
 * not a LARGE_CONFIG_SET). Except for IPC4_BUSY and IPC4_FAILURE a refused
 * fragment ends the transfer.
 */
int ipc4_frag_accept(struct ipc4_frag *f, const struct ipc4_msg *m, struct ipc4_frag_step *step);

/*
 * The status for a firmware error (0 or a negative code of kernel/errno.h):
 * 0 -> SUCCESS, -EINVAL -> ERROR_INVALID_PARAM, -ENOMEM -> OUT_OF_MEMORY,
 * -EBUSY -> INVALID_RESOURCE_STATE ... (docs/ipc4.md); anything unlisted,
 * positive values included, -> IPC4_FAILURE.
 */
uint32_t ipc4_status_from_errno(int err);

/* The status's name without the IPC4_ prefix ("INVALID_RESOURCE_ID"), "?" when unknown. */
const char *ipc4_status_name(uint32_t status);

#endif /* AUDIO_IPC4_DECODE_H */
