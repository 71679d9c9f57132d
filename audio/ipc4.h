/* SPDX-License-Identifier: MIT */
/*
 * IPC4 message layout: the public host <-> DSP ABI of Sound Open Firmware
 * (its src/include/ipc4/{header,pipeline,module,error_status,notification}.h
 * and Linux's include/sound/sof/ipc4/header.h), written here from shift and
 * width constants, never C bitfields. docs/ipc4.md is the reference for what
 * Sotto accepts; tools/ipc4.py mirrors every constant and encoder for the
 * host side.
 *
 * A message is two little-endian 32-bit words plus an optional payload in
 * the mailbox:
 *
 *   primary   bits 0..23   type specific (a reply: the status)
 *             bits 24..28  type: enum ipc4_glb_type or enum ipc4_mod_type
 *             bit 29       response (0 request or notification, 1 reply)
 *             bit 30       target (0 global firmware message, 1 module message)
 *             bit 31       reserved (a doorbell bit on Intel hardware): 0
 *   extension bits 0..29   type specific
 *             bits 30..31  reserved: 0
 *
 * A field is named by a (shift, width) pair, e.g. IPC4_F_TYPE is "24, 5",
 * so ipc4_get(primary, IPC4_F_TYPE) reads it and ipc4_put(v, IPC4_F_TYPE)
 * places a value in it.
 */
#ifndef AUDIO_IPC4_H
#define AUDIO_IPC4_H

#include <stdbool.h>
#include <stdint.h>

/* Bits [shift, shift + width) of @word (width < 32). */
static inline uint32_t ipc4_get(uint32_t word, unsigned int shift, unsigned int width)
{
	return (word >> shift) & ((1u << width) - 1u);
}

/* @value masked to @width bits and moved to @shift. */
static inline uint32_t ipc4_put(uint32_t value, unsigned int shift, unsigned int width)
{
	return (value & ((1u << width) - 1u)) << shift;
}

/* ---- every message ------------------------------------------------------- */

#define IPC4_F_TYPE	   24, 5
#define IPC4_F_STATUS	   0, 24 /* replies */
#define IPC4_RSP_BIT	   (1u << 29)
#define IPC4_TGT_BIT	   (1u << 30) /* set: module message */
#define IPC4_PRI_HW_RSVD   (1u << 31)
#define IPC4_EXT_HW_RSVD   (3u << 30)
#define IPC4_PRI_TYPE_MASK (0x1fu << 24)

/* Global (firmware) message types, primary bits 24..28 with target 0. */
enum ipc4_glb_type {
	IPC4_GLB_BOOT_CONFIG = 0,
	IPC4_GLB_ROM_CONTROL = 1,
	IPC4_GLB_IPCGATEWAY_CMD = 2,
	/* 3..12 are not assigned */
	IPC4_GLB_PERF_MEASUREMENTS_CMD = 13,
	IPC4_GLB_CHAIN_DMA = 14,
	IPC4_GLB_LOAD_MULTIPLE_MODULES = 15,
	IPC4_GLB_UNLOAD_MULTIPLE_MODULES = 16,
	IPC4_GLB_CREATE_PIPELINE = 17,
	IPC4_GLB_DELETE_PIPELINE = 18,
	IPC4_GLB_SET_PIPELINE_STATE = 19,
	IPC4_GLB_GET_PIPELINE_STATE = 20,
	IPC4_GLB_GET_PIPELINE_CONTEXT_SIZE = 21,
	IPC4_GLB_SAVE_PIPELINE = 22,
	IPC4_GLB_RESTORE_PIPELINE = 23,
	IPC4_GLB_LOAD_LIBRARY = 24,
	IPC4_GLB_LOAD_LIBRARY_PREPARE = 25,
	IPC4_GLB_INTERNAL_MESSAGE = 26,
	IPC4_GLB_NOTIFICATION = 27, /* firmware -> host only */
	/* 28..30 are not assigned */
	IPC4_GLB_ENTER_GDB = 31,
};

/* Module message types, primary bits 24..28 with target 1. */
enum ipc4_mod_type {
	IPC4_MOD_INIT_INSTANCE = 0,
	IPC4_MOD_CONFIG_GET = 1,
	IPC4_MOD_CONFIG_SET = 2,
	IPC4_MOD_LARGE_CONFIG_GET = 3,
	IPC4_MOD_LARGE_CONFIG_SET = 4,
	IPC4_MOD_BIND = 5,
	IPC4_MOD_UNBIND = 6,
	IPC4_MOD_SET_DX = 7,
	IPC4_MOD_SET_D0IX = 8,
	IPC4_MOD_ENTER_MODULE_RESTORE = 9,
	IPC4_MOD_EXIT_MODULE_RESTORE = 10,
	IPC4_MOD_DELETE_INSTANCE = 11,
	/* 12..31 are not assigned */
};

/*
 * Reply status, primary bits 0..23 of a reply (SOF's enum ipc4_status;
 * the numbers SOF marks reserved are left out). docs/ipc4.md says which
 * request gets which.
 */
enum ipc4_status {
	IPC4_SUCCESS = 0,
	IPC4_ERROR_INVALID_PARAM = 1,
	IPC4_UNKNOWN_MESSAGE_TYPE = 2,
	IPC4_OUT_OF_MEMORY = 3,
	IPC4_BUSY = 4,
	IPC4_BAD_STATE = 5,
	IPC4_FAILURE = 6,
	IPC4_INVALID_REQUEST = 7,
	IPC4_INVALID_RESOURCE_ID = 9,
	IPC4_RESOURCE_ID_EXISTS = 10,
	IPC4_INVALID_RESOURCE_STATE = 12,
	IPC4_POWER_TRANSITION_FAILED = 13,
	IPC4_INVALID_MANIFEST = 14,
	IPC4_UNAVAILABLE = 15,
	IPC4_LOAD_ADDRESS_OUT_OF_RANGE = 42,
	IPC4_CSE_VALIDATION_FAILED = 44,
	IPC4_MOD_MGMT_ERROR = 100,
	IPC4_MOD_LOAD_CL_FAILED = 101,
	IPC4_MOD_LOAD_INVALID_HASH = 102,
	IPC4_MOD_INSTANCE_EXISTS = 103,
	IPC4_MOD_NOT_INITIALIZED = 104,
	IPC4_MOD_INVALID_ID = 110,
	IPC4_MOD_INST_INVALID_ID = 111,
	IPC4_QUEUE_INVALID_ID = 112,
	IPC4_QUEUE_DST_INVALID_ID = 113,
	IPC4_INVALID_CORE_ID = 116,
	IPC4_INVALID_CONFIG_PARAM_ID = 120,
	IPC4_INVALID_CONFIG_DATA_LEN = 121,
	IPC4_INVALID_CONFIG_DATA_STRUCT = 122,
	IPC4_PIPELINE_STATE_NOT_SET = 164,
};

/* ---- pipelines ----------------------------------------------------------- */

/* Pipeline states (SET_PIPELINE_STATE primary bits 0..15, GET reply ext bits 0..4). */
enum ipc4_ppl_state {
	IPC4_PPL_INVALID = 0,
	IPC4_PPL_UNINITIALIZED = 1,
	IPC4_PPL_RESET = 2,
	IPC4_PPL_PAUSED = 3,
	IPC4_PPL_RUNNING = 4,
	IPC4_PPL_EOS = 5,
	IPC4_PPL_ERROR_STOP = 6,
	IPC4_PPL_SAVED = 7,
};

#define IPC4_PPL_PRIO_MAX 7 /* 0 runs first */

/* Pipeline id of CREATE / DELETE / SET_PIPELINE_STATE. */
#define IPC4_F_PPL_ID 16, 8

/* CREATE_PIPELINE. */
#define IPC4_F_CP_MEM_PAGES 0, 11
#define IPC4_F_CP_PRIO	    11, 5
#define IPC4_F_CP_LP	    0, 1 /* ext: keep running in low power */
#define IPC4_F_CP_ATTR	    4, 16
#define IPC4_F_CP_CORE	    20, 4
#define IPC4_CP_EXT_RSVD    0x3f00000eu /* ext bits 1..3, 24..29 */

/* DELETE_PIPELINE. */
#define IPC4_DP_PRI_RSVD 0x0000ffffu
#define IPC4_DP_EXT_RSVD 0x3fffffffu

/* SET_PIPELINE_STATE; with MULTI the payload is {count, id[count]} (u32 each). */
#define IPC4_F_SPS_STATE  0, 16
#define IPC4_F_SPS_MULTI  0, 1 /* ext */
#define IPC4_F_SPS_SYNC	  1, 1 /* ext: change every listed pipeline together */
#define IPC4_SPS_EXT_RSVD 0x3ffffffcu

/* GET_PIPELINE_STATE: the id sits in bits 0..7 here (SOF's layout). */
#define IPC4_F_GPS_ID	     0, 8
#define IPC4_GPS_PRI_RSVD    0x00ffff00u
#define IPC4_GPS_EXT_RSVD    0x3fffffffu
#define IPC4_F_GPS_RPL_STATE 0, 5 /* reply ext */

/* LOAD_LIBRARY. */
#define IPC4_F_LL_DMA	 0, 5
#define IPC4_F_LL_LIB	 16, 4
#define IPC4_LL_PRI_RSVD 0x00f0ffe0u /* bits 5..15, 20..23 */
#define IPC4_F_LL_OFFSET 0, 30	     /* ext */

/* ---- modules ------------------------------------------------------------- */

/* Every module message: its target instance. */
#define IPC4_F_MOD_ID	0, 16
#define IPC4_F_MOD_INST 16, 8

/* INIT_INSTANCE ext; the payload is param_block_size dwords. */
#define IPC4_F_II_PARAM_SIZE 0, 16 /* dwords */
#define IPC4_F_II_PPL	     16, 8
#define IPC4_F_II_CORE	     24, 4
#define IPC4_F_II_DOMAIN     28, 1 /* 0 LL, 1 DP */
#define IPC4_F_II_EXT_INIT   29, 1 /* an extended-init block precedes the params */

/* LARGE_CONFIG_GET / _SET ext. */
#define IPC4_F_LC_OFF_SIZE 0, 20 /* first block: total size; others: offset */
#define IPC4_F_LC_PARAM	   20, 8
#define IPC4_F_LC_FINAL	   28, 1
#define IPC4_F_LC_INIT	   29, 1

/* BIND / UNBIND ext: from the target's src_queue output to dst's dst_queue input. */
#define IPC4_F_BIND_DST_MOD   0, 16
#define IPC4_F_BIND_DST_INST  16, 8
#define IPC4_F_BIND_DST_QUEUE 24, 3
#define IPC4_F_BIND_SRC_QUEUE 27, 3

/* DELETE_INSTANCE. */
#define IPC4_DI_EXT_RSVD 0x3fffffffu

/* ---- notifications (firmware -> host) -------------------------------------- */

/*
 * A notification is a global NOTIFICATION request from the firmware:
 * primary bits 16..23 the notification type, bits 0..15 type specific.
 */
#define IPC4_F_NOTIF_TYPE 16, 8
#define IPC4_F_NOTIF_LOW  0, 16

enum ipc4_notif_type {
	IPC4_NOTIF_PHRASE_DETECTED = 4,
	IPC4_NOTIF_RESOURCE_EVENT = 5, /* ipc4_enc_resource_event() */
	IPC4_NOTIF_LOG_BUFFER_STATUS = 6,
	IPC4_NOTIF_TIMESTAMP_CAPTURED = 7,
	IPC4_NOTIF_FW_READY = 8, /* the firmware takes requests */
	IPC4_NOTIF_FW_AUD_CLASS_RESULT = 9,
	IPC4_NOTIF_EXCEPTION_CAUGHT = 10,
	IPC4_NOTIF_MODULE_NOTIFICATION = 12,
	IPC4_NOTIF_UAOL_EVENT = 13,
	IPC4_NOTIF_PROBE_DATA_AVAILABLE = 14,
	IPC4_NOTIF_WATCHDOG_TIMEOUT = 15,
	IPC4_NOTIF_MANAGEMENT_SERVICE = 16,
};

/* What raised a resource event. */
enum ipc4_resource_type {
	IPC4_RES_MODULE_INSTANCE = 0, /* id: ipc4_resource_id(module, instance) */
	IPC4_RES_PIPELINE = 1,	      /* id: the pipeline id */
	IPC4_RES_GATEWAY = 2,
	IPC4_RES_EDF_TASK = 3,
};

/*
 * Resource event types: SOF's numbers, then Sotto's own from
 * IPC4_RES_EV_VENDOR up (SOF's list ends below 32; Sotto sends 16 bits).
 */
enum ipc4_res_event {
	IPC4_RES_EV_BUDGET_VIOLATION = 0,
	IPC4_RES_EV_MIXER_UNDERRUN = 1,
	IPC4_RES_EV_STREAM_DATA_SEGMENT = 2,
	IPC4_RES_EV_PROCESS_DATA_ERROR = 3, /* data[0]: the error (negative errno) */
	IPC4_RES_EV_STACK_OVERFLOW = 4,
	IPC4_RES_EV_BUFFERING_MODE_CHANGED = 5,
	IPC4_RES_EV_GATEWAY_UNDERRUN = 6, /* data[0]: xruns so far */
	IPC4_RES_EV_GATEWAY_OVERRUN = 7,  /* data[0]: xruns so far */
	IPC4_RES_EV_EDF_DOMAIN_UNSTABLE = 8,
	IPC4_RES_EV_WATCHDOG = 9,
	IPC4_RES_EV_VENDOR = 0x8000,
	/*
	 * A module instance faulted (or overran its budget) and was contained;
	 * data[0] the fault class (enum fault_class), or the negative error
	 * (-ETIMEDOUT ...) as a positive number when there was no CPU fault;
	 * data[1] the fault address.
	 */
	IPC4_RES_EV_MODULE_FAULT = IPC4_RES_EV_VENDOR,
	/* Events were lost (queue full); data[0]: events dropped so far. Resource 0. */
	IPC4_RES_EV_EVENTS_DROPPED = IPC4_RES_EV_VENDOR + 1,
	/* A module instance faulted past its restart limit: it stays bypassed; data[0] the error. */
	IPC4_RES_EV_MODULE_BYPASSED = IPC4_RES_EV_VENDOR + 2,
};

/*
 * IPC4_NOTIF_RESOURCE_EVENT as Sotto sends it. SOF's is a 40-byte payload
 * {resource_type, resource_id, event_type, reserved, data[6]}; a Sotto
 * notification is two words and 8 bytes of data (drivers/ipc/ipc_layout.h),
 * so the same fields travel as
 *
 *   primary bits 0..15   event_type (enum ipc4_res_event)
 *   ext     bits 0..23   resource_id
 *           bits 24..27  resource_type (enum ipc4_resource_type)
 *   data    data[0], data[1]: two little-endian words (0 when unused)
 */
#define IPC4_F_RE_EVENT	   0, 16
#define IPC4_F_RE_RES_ID   0, 24
#define IPC4_F_RE_RES_TYPE 24, 4
#define IPC4_RE_DATA_WORDS 2

/*
 * IPC4_NOTIF_MODULE_NOTIFICATION as Sotto sends it: a module instance's
 * own notification (its ipc_msg_send system call). SOF's is a payload
 * {instance_id, module_id, event_id, event_data_size, event_data[]}; the
 * same fields travel in Sotto's words:
 *
 *   primary bits 0..15   event_id: the module's notification type
 *   ext     bits 0..23   resource_id of the instance (ipc4_resource_id())
 *           bits 24..27  event_data_size: 0..IPC4_MN_DATA_MAX bytes
 *   data    the event data, zero past its size
 */
#define IPC4_F_MN_EVENT	 0, 16
#define IPC4_F_MN_RES_ID 0, 24
#define IPC4_F_MN_SIZE	 24, 4
#define IPC4_MN_DATA_MAX 8

/* The resource id of a module instance: the low 24 bits of its module messages. */
static inline uint32_t ipc4_resource_id(uint32_t module_id, uint32_t instance_id)
{
	return ipc4_put(module_id, IPC4_F_MOD_ID) | ipc4_put(instance_id, IPC4_F_MOD_INST);
}

/* ---- encoders -------------------------------------------------------------- */

/*
 * Builders for the two header words. Every value is masked to its field;
 * ranges are the decoder's business (so tests can build any message).
 */
struct ipc4_hdr {
	uint32_t primary;
	uint32_t ext;
};

static inline uint32_t ipc4_glb_primary(enum ipc4_glb_type type)
{
	return ipc4_put(type, IPC4_F_TYPE);
}

static inline uint32_t ipc4_mod_primary(enum ipc4_mod_type type, uint32_t module_id,
					uint32_t instance_id)
{
	return IPC4_TGT_BIT | ipc4_put(type, IPC4_F_TYPE) |
	       ipc4_resource_id(module_id, instance_id);
}

static inline struct ipc4_hdr ipc4_enc_create_pipeline(uint32_t ppl_id, uint32_t prio,
						       uint32_t mem_pages, uint32_t core, bool lp)
{
	struct ipc4_hdr h = {
		ipc4_glb_primary(IPC4_GLB_CREATE_PIPELINE) | ipc4_put(ppl_id, IPC4_F_PPL_ID) |
			ipc4_put(prio, IPC4_F_CP_PRIO) | ipc4_put(mem_pages, IPC4_F_CP_MEM_PAGES),
		ipc4_put(core, IPC4_F_CP_CORE) | ipc4_put(lp, IPC4_F_CP_LP)};
	return h;
}

static inline struct ipc4_hdr ipc4_enc_delete_pipeline(uint32_t ppl_id)
{
	struct ipc4_hdr h = {
		ipc4_glb_primary(IPC4_GLB_DELETE_PIPELINE) | ipc4_put(ppl_id, IPC4_F_PPL_ID), 0};
	return h;
}

/* One pipeline to @state (enum ipc4_ppl_state). */
static inline struct ipc4_hdr ipc4_enc_set_pipeline_state(uint32_t ppl_id, uint32_t state)
{
	struct ipc4_hdr h = {ipc4_glb_primary(IPC4_GLB_SET_PIPELINE_STATE) |
				     ipc4_put(ppl_id, IPC4_F_PPL_ID) |
				     ipc4_put(state, IPC4_F_SPS_STATE),
			     0};
	return h;
}

/* The pipelines listed in the payload ({count, id[count]}) to @state. */
static inline struct ipc4_hdr ipc4_enc_set_pipelines_state(uint32_t state, bool sync)
{
	struct ipc4_hdr h = {ipc4_glb_primary(IPC4_GLB_SET_PIPELINE_STATE) |
				     ipc4_put(state, IPC4_F_SPS_STATE),
			     ipc4_put(1, IPC4_F_SPS_MULTI) | ipc4_put(sync, IPC4_F_SPS_SYNC)};
	return h;
}

static inline struct ipc4_hdr ipc4_enc_get_pipeline_state(uint32_t ppl_id)
{
	struct ipc4_hdr h = {
		ipc4_glb_primary(IPC4_GLB_GET_PIPELINE_STATE) | ipc4_put(ppl_id, IPC4_F_GPS_ID), 0};
	return h;
}

static inline struct ipc4_hdr ipc4_enc_load_library(uint32_t dma_id, uint32_t lib_id,
						    uint32_t offset)
{
	struct ipc4_hdr h = {ipc4_glb_primary(IPC4_GLB_LOAD_LIBRARY) |
				     ipc4_put(dma_id, IPC4_F_LL_DMA) |
				     ipc4_put(lib_id, IPC4_F_LL_LIB),
			     ipc4_put(offset, IPC4_F_LL_OFFSET)};
	return h;
}

/* @dp: run in the DP domain (else LL); @param_dwords: the payload's size in dwords. */
static inline struct ipc4_hdr ipc4_enc_init_instance(uint32_t module_id, uint32_t instance_id,
						     uint32_t ppl_id, uint32_t core, bool dp,
						     uint32_t param_dwords)
{
	struct ipc4_hdr h = {
		ipc4_mod_primary(IPC4_MOD_INIT_INSTANCE, module_id, instance_id),
		ipc4_put(param_dwords, IPC4_F_II_PARAM_SIZE) | ipc4_put(ppl_id, IPC4_F_II_PPL) |
			ipc4_put(core, IPC4_F_II_CORE) | ipc4_put(dp, IPC4_F_II_DOMAIN)};
	return h;
}

/* The extension word of LARGE_CONFIG_GET / _SET (and of their replies). */
static inline uint32_t ipc4_large_config_ext(uint32_t off_size, uint32_t param_id, bool init,
					     bool final)
{
	return ipc4_put(off_size, IPC4_F_LC_OFF_SIZE) | ipc4_put(param_id, IPC4_F_LC_PARAM) |
	       ipc4_put(init, IPC4_F_LC_INIT) | ipc4_put(final, IPC4_F_LC_FINAL);
}

/* A fragment of a blob: @off_size is the blob's size when @init, else this fragment's offset. */
static inline struct ipc4_hdr ipc4_enc_large_config_set(uint32_t module_id, uint32_t instance_id,
							uint32_t param_id, uint32_t off_size,
							bool init, bool final)
{
	struct ipc4_hdr h = {ipc4_mod_primary(IPC4_MOD_LARGE_CONFIG_SET, module_id, instance_id),
			     ipc4_large_config_ext(off_size, param_id, init, final)};
	return h;
}

/* @off_size: when @init the most bytes wanted, else the offset to read on from. */
static inline struct ipc4_hdr ipc4_enc_large_config_get(uint32_t module_id, uint32_t instance_id,
							uint32_t param_id, uint32_t off_size,
							bool init)
{
	struct ipc4_hdr h = {ipc4_mod_primary(IPC4_MOD_LARGE_CONFIG_GET, module_id, instance_id),
			     ipc4_large_config_ext(off_size, param_id, init, false)};
	return h;
}

/* Connect output @src_queue of (module, instance) to input @dst_queue of (dst_module, dst_instance). */
static inline struct ipc4_hdr ipc4_enc_bind(enum ipc4_mod_type type, uint32_t module_id,
					    uint32_t instance_id, uint32_t src_queue,
					    uint32_t dst_module_id, uint32_t dst_instance_id,
					    uint32_t dst_queue)
{
	struct ipc4_hdr h = {ipc4_mod_primary(type, module_id, instance_id),
			     ipc4_put(dst_module_id, IPC4_F_BIND_DST_MOD) |
				     ipc4_put(dst_instance_id, IPC4_F_BIND_DST_INST) |
				     ipc4_put(dst_queue, IPC4_F_BIND_DST_QUEUE) |
				     ipc4_put(src_queue, IPC4_F_BIND_SRC_QUEUE)};
	return h;
}

static inline struct ipc4_hdr ipc4_enc_delete_instance(uint32_t module_id, uint32_t instance_id)
{
	struct ipc4_hdr h = {ipc4_mod_primary(IPC4_MOD_DELETE_INSTANCE, module_id, instance_id), 0};
	return h;
}

/* The primary word of the reply to @request: same target and type, response bit, @status. */
static inline uint32_t ipc4_reply_primary(uint32_t request, uint32_t status)
{
	return (request & (IPC4_TGT_BIT | IPC4_PRI_TYPE_MASK)) | IPC4_RSP_BIT |
	       ipc4_put(status, IPC4_F_STATUS);
}

/* The primary word of a notification of @type with @low in bits 0..15. */
static inline uint32_t ipc4_notif_primary(enum ipc4_notif_type type, uint32_t low)
{
	return ipc4_glb_primary(IPC4_GLB_NOTIFICATION) | ipc4_put(type, IPC4_F_NOTIF_TYPE) |
	       ipc4_put(low, IPC4_F_NOTIF_LOW);
}

/* The two words of a resource event; its data words go in the notification's data. */
static inline struct ipc4_hdr ipc4_enc_resource_event(enum ipc4_res_event event,
						      enum ipc4_resource_type res_type,
						      uint32_t res_id)
{
	struct ipc4_hdr h = {ipc4_notif_primary(IPC4_NOTIF_RESOURCE_EVENT, event),
			     ipc4_put(res_id, IPC4_F_RE_RES_ID) |
				     ipc4_put(res_type, IPC4_F_RE_RES_TYPE)};
	return h;
}

/* The two words of a module notification; its data goes in the notification's data. */
static inline struct ipc4_hdr ipc4_enc_module_notification(uint32_t event_id, uint32_t module_id,
							   uint32_t instance_id, uint32_t size)
{
	struct ipc4_hdr h = {ipc4_notif_primary(IPC4_NOTIF_MODULE_NOTIFICATION, event_id),
			     ipc4_put(ipc4_resource_id(module_id, instance_id), IPC4_F_MN_RES_ID) |
				     ipc4_put(size, IPC4_F_MN_SIZE)};
	return h;
}

#endif /* AUDIO_IPC4_H */
