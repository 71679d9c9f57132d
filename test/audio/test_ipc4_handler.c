/* SPDX-License-Identifier: MIT */
/*
 * The IPC4 handler on target: a host's whole session (pipeline, instances,
 * binds, states, fragmented configuration both ways, teardown) into a
 * memory DAI, every malformed-message class with its exact status, and a
 * stream of random messages; afterwards the heaps and the page pool are as
 * before. Runs on both boards (no HDA needed).
 *
 * The shell image links this suite too, next to a host that may have built
 * pipelines of its own: with any host pipeline present the suite skips
 * rather than touch them (its teardown deletes every host pipeline).
 */
#include <string.h>

#include <sotto/module_cfg.h>

#include "audio/ipc4.h"
#include "audio/ipc4_decode.h"
#include "audio/ipc4_handler.h"
#include "audio/notify.h"
#include "drivers/dai/dai_mem.h"
#include "kernel/mm.h"
#include "kernel/thread.h"
#include "test/harness/ktest.h"
#include "test/kernel/leak_check.h"

#define TONE   0x0201
#define VOLUME 0x0202
#define DAIOUT 0x0101
#define EQIIR  0x0204
#define SRC    0x0206
#define DAI_ID 7
#define PPL    3
#define FRAMES 4800

static int16_t ring[FRAMES * 2], got[FRAMES * 2];
static struct dai_mem play;
static uint8_t reply_buf[4080];
static struct ipc4_reply r;

static bool owner; /* no host pipeline existed at setup: every one is ours */

static void setup(void)
{
	owner = false;
	if (ipc4_pipeline_count())
		KT_SKIP("host pipelines exist (a host is connected): not touching them");
	owner = true;
}

static void teardown(void)
{
	if (owner)
		ipc4_reset_all();
	owner = false;
	dai_unregister(&play.dai);
}
KTEST_SUITE(ipc4_handler, setup, teardown);

/* Send one request through the handler; check the reply's words; return its status. */
static uint32_t send(struct ipc4_hdr h, const void *payload, size_t size)
{
	uint32_t status;

	r = (struct ipc4_reply){.payload = reply_buf, .max = sizeof(reply_buf)};
	status = ipc4_handle(h.primary, h.ext, payload, size, &r);
	KT_ASSERT_EQ(r.primary, ipc4_reply_primary(h.primary, status));
	KT_ASSERT_EQ(ipc4_get(r.primary, IPC4_F_STATUS), status);
	KT_ASSERT(r.primary & IPC4_RSP_BIT);
	if (status)
		KT_ASSERT_EQ(r.size, 0);
	return status;
}

static uint32_t state_of(uint32_t ppl)
{
	KT_ASSERT_EQ(send(ipc4_enc_get_pipeline_state(ppl), NULL, 0), IPC4_SUCCESS);
	return ipc4_get(r.ext, IPC4_F_GPS_RPL_STATE);
}

static uint32_t init(uint32_t module, uint32_t inst, uint32_t ppl, const void *cfg, size_t size)
{
	return send(ipc4_enc_init_instance(module, inst, ppl, 0, false, (uint32_t)size / 4), cfg,
		    size);
}

static uint32_t bind(uint32_t type, uint32_t sm, uint32_t si, uint32_t dm, uint32_t di)
{
	return send(ipc4_enc_bind(type, sm, si, 0, dm, di, 0), NULL, 0);
}

/* tone.0 -> volume.0 -> dai_out.0 (memory DAI) in pipeline PPL, not started. */
static void build_graph(void)
{
	struct sot_tone_cfg tone = {1000000, -600, 3, SOT_PCM_S16_LE, 2, 48000};
	struct sot_volume_cfg vol = {.ramp_frames = 0};
	struct sot_endpoint_cfg out = {DAI_ID, SOT_PCM_S16_LE, 2, 48000};

	KT_ASSERT_EQ(dai_mem_init(&play, DAI_ID, DAI_PLAYBACK, ring, sizeof(ring)), 0);
	KT_ASSERT_EQ(send(ipc4_enc_create_pipeline(PPL, 0, 0, 0, false), NULL, 0), IPC4_SUCCESS);
	KT_ASSERT_EQ(init(TONE, 0, PPL, &tone, sizeof(tone)), IPC4_SUCCESS);
	KT_ASSERT_EQ(init(VOLUME, 0, PPL, &vol, sizeof(vol)), IPC4_SUCCESS);
	KT_ASSERT_EQ(init(DAIOUT, 0, PPL, &out, sizeof(out)), IPC4_SUCCESS);
	KT_ASSERT_EQ(bind(IPC4_MOD_BIND, TONE, 0, VOLUME, 0), IPC4_SUCCESS);
	KT_ASSERT_EQ(bind(IPC4_MOD_BIND, VOLUME, 0, DAIOUT, 0), IPC4_SUCCESS);
	KT_ASSERT_EQ(ipc4_pipeline_count(), 1);
	KT_ASSERT_EQ(ipc4_instance_count(), 3);
}

/* Largest |sample| of what the DAI played since the last call. */
static int32_t played_peak(uint32_t *frames)
{
	uint32_t n = dai_mem_drain(&play, got, FRAMES);
	int32_t peak = 0;

	for (uint32_t i = 0; i < n * 2; i++) {
		int32_t v = got[i] < 0 ? -got[i] : got[i];

		if (v > peak)
			peak = v;
	}
	*frames = n;
	return peak;
}

/* Set volume.0's gain to @mb in fragments of @frag bytes. */
static void set_gain(int32_t mb, uint32_t frag)
{
	struct sot_volume_cfg vol = {.ramp_frames = 0};
	const uint8_t *b = (const uint8_t *)&vol;
	uint32_t total = sizeof(vol);

	for (int c = 0; c < SOT_PCM_MAX_CHANNELS; c++)
		vol.gain_mb[c] = mb;
	for (uint32_t off = 0; off < total; off += frag) {
		uint32_t n = total - off < frag ? total - off : frag;
		bool first = off == 0, last = off + n == total;

		KT_ASSERT_EQ(send(ipc4_enc_large_config_set(VOLUME, 0, 0, first ? total : off,
							    first, last),
				  b + off, n),
			     IPC4_SUCCESS);
	}
}

KTEST(ipc4_handler, host_session_builds_plays_reconfigures_and_tears_down)
{
	struct leak_snap before;
	struct heap_stats buf_before, buf_after;
	struct sot_volume_cfg vol;
	uint32_t frames, n, status;
	int32_t peak_0db, peak_20db;

	leak_snap(&before);
	heap_stats(&buf_heap, &buf_before);
	build_graph();
	KT_ASSERT_EQ(state_of(PPL), IPC4_PPL_RESET);
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_RUNNING), NULL, 0),
		     IPC4_SUCCESS);
	KT_ASSERT_EQ(state_of(PPL), IPC4_PPL_RUNNING);
	thread_sleep_us(30000);
	played_peak(&frames); /* the start */
	thread_sleep_us(30000);
	peak_0db = played_peak(&frames);
	KT_ASSERT_GE(frames, 29 * 48);
	/* -6 dB of full scale: 16422 */
	KT_ASSERT_GE(peak_0db, 16300);
	KT_ASSERT_LE(peak_0db, 16500);

	/* -20 dB in three fragments while it plays. */
	set_gain(-2000, 16);
	thread_sleep_us(20000);
	played_peak(&frames);
	thread_sleep_us(30000);
	peak_20db = played_peak(&frames);
	KT_ASSERT_GE(peak_20db * 10, peak_0db - 200);
	KT_ASSERT_LE(peak_20db * 10, peak_0db + 200);

	/* Read it back: whole, then 8 bytes and the rest. */
	KT_ASSERT_EQ(send(ipc4_enc_large_config_get(VOLUME, 0, 0, 4096, true), NULL, 0),
		     IPC4_SUCCESS);
	KT_ASSERT_EQ(r.size, sizeof(vol));
	KT_ASSERT_EQ(ipc4_get(r.ext, IPC4_F_LC_OFF_SIZE), sizeof(vol));
	KT_ASSERT_EQ(ipc4_get(r.ext, IPC4_F_LC_FINAL), 1);
	memcpy(&vol, reply_buf, sizeof(vol));
	KT_ASSERT_EQ(vol.gain_mb[0], -2000);
	KT_ASSERT_EQ(vol.gain_mb[7], -2000);
	KT_ASSERT_EQ(send(ipc4_enc_large_config_get(VOLUME, 0, 0, 8, true), NULL, 0), IPC4_SUCCESS);
	KT_ASSERT_EQ(r.size, 8);
	KT_ASSERT_EQ(ipc4_get(r.ext, IPC4_F_LC_FINAL), 0);
	KT_ASSERT_EQ(send(ipc4_enc_large_config_get(VOLUME, 0, 0, 8, false), NULL, 0),
		     IPC4_SUCCESS);
	n = r.size;
	KT_ASSERT_EQ(n, sizeof(vol) - 8);
	KT_ASSERT_EQ(ipc4_get(r.ext, IPC4_F_LC_FINAL), 1);
	KT_ASSERT_EQ(memcmp(reply_buf, (const uint8_t *)&vol + 8, n), 0);

	/* Pause, release, EOS; what a running pipeline refuses. */
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_PAUSED), NULL, 0),
		     IPC4_SUCCESS);
	KT_ASSERT_EQ(state_of(PPL), IPC4_PPL_PAUSED);
	thread_sleep_us(5000);
	played_peak(&frames);
	thread_sleep_us(10000);
	played_peak(&frames);
	KT_ASSERT_EQ(frames, 0); /* paused: nothing played */
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_RUNNING), NULL, 0),
		     IPC4_SUCCESS);
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_EOS), NULL, 0), IPC4_SUCCESS);
	KT_ASSERT_EQ(state_of(PPL), IPC4_PPL_EOS);
	KT_ASSERT_EQ(send(ipc4_enc_delete_pipeline(PPL), NULL, 0), IPC4_INVALID_RESOURCE_STATE);
	status = init(SRC, 0, PPL, NULL, 0);
	KT_ASSERT_EQ(status, IPC4_ERROR_INVALID_PARAM); /* src is a DP module: domain bit 0 */
	KT_ASSERT_EQ(send(ipc4_enc_init_instance(SRC, 0, PPL, 0, true, 0), NULL, 0),
		     IPC4_INVALID_RESOURCE_STATE);

	/* Teardown the way a host does it, with the refusals on the way. */
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_RESET), NULL, 0), IPC4_SUCCESS);
	KT_ASSERT_EQ(state_of(PPL), IPC4_PPL_RESET);
	KT_ASSERT_EQ(send(ipc4_enc_delete_instance(VOLUME, 0), NULL, 0),
		     IPC4_INVALID_RESOURCE_STATE); /* still bound */
	KT_ASSERT_EQ(bind(IPC4_MOD_UNBIND, VOLUME, 0, DAIOUT, 0), IPC4_SUCCESS);
	KT_ASSERT_EQ(bind(IPC4_MOD_UNBIND, VOLUME, 0, DAIOUT, 0), IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(bind(IPC4_MOD_UNBIND, TONE, 0, VOLUME, 0), IPC4_SUCCESS);
	KT_ASSERT_EQ(send(ipc4_enc_delete_instance(VOLUME, 0), NULL, 0), IPC4_SUCCESS);
	KT_ASSERT_EQ(send(ipc4_enc_delete_instance(VOLUME, 0), NULL, 0), IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(send(ipc4_enc_delete_pipeline(PPL), NULL, 0), IPC4_SUCCESS);
	KT_ASSERT_EQ(send(ipc4_enc_delete_pipeline(PPL), NULL, 0), IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(ipc4_pipeline_count(), 0);
	KT_ASSERT_EQ(ipc4_instance_count(), 0);
	heap_stats(&buf_heap, &buf_after);
	KT_ASSERT_EQ(buf_after.allocs, buf_before.allocs);
	KT_ASSERT_EQ(buf_after.used, buf_before.used);
	KT_ASSERT_EQ(buf_after.largest_free, buf_before.largest_free);
	leak_assert_same(&before);
}

KTEST(ipc4_handler, every_malformed_class_gets_its_status)
{
	/* eq_iir blob headers {magic, version, n_stages, size}: 9 stages; version 2. */
	static const uint32_t eq_nine[4] = {0x52495145, 1, 9, 16},
			      eq_v2[4] = {0x52495145, 2, 0, 16};
	static const struct sot_endpoint_cfg no_dai = {77, SOT_PCM_S16_LE, 2, 48000};
	struct sot_volume_cfg vol = {.ramp_frames = 0};
	uint32_t words[3] = {0x11111111, 0x22222222, 0x33333333};
	uint32_t list[3] = {2, PPL, 9};
	struct ipc4_hdr h;

	build_graph();

	/* Bad sizes. */
	KT_ASSERT_EQ(send(ipc4_enc_init_instance(VOLUME, 1, PPL, 0, false, 4), &vol, 12),
		     IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(init(VOLUME, 1, PPL, words, 8), IPC4_ERROR_INVALID_PARAM); /* short blob */
	KT_ASSERT_EQ(send(ipc4_enc_create_pipeline(4, 0, 0, 0, false), words, 4),
		     IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(send(ipc4_enc_large_config_set(VOLUME, 0, 0, 8192, true, false), words, 4),
		     IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(send(ipc4_enc_large_config_get(VOLUME, 0, 0, 999, false), NULL, 0),
		     IPC4_INVALID_CONFIG_DATA_LEN); /* offset past the blob */
	KT_ASSERT_EQ(send(ipc4_enc_get_pipeline_state(PPL), ring, 5000),
		     IPC4_INVALID_CONFIG_DATA_LEN);

	/* Unknown ids. */
	KT_ASSERT_EQ(init(0x7777, 0, PPL, NULL, 0), IPC4_MOD_INVALID_ID);
	KT_ASSERT_EQ(init(0, 0, PPL, NULL, 0), IPC4_MOD_INVALID_ID);
	KT_ASSERT_EQ(init(VOLUME, 16, PPL, NULL, 0), IPC4_MOD_INST_INVALID_ID);
	KT_ASSERT_EQ(init(VOLUME, 1, 9, &vol, sizeof(vol)), IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(init(VOLUME, 1, 40, &vol, sizeof(vol)), IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(send(ipc4_enc_get_pipeline_state(9), NULL, 0), IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(9, IPC4_PPL_RUNNING), NULL, 0),
		     IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(r.ext, 9);
	KT_ASSERT_EQ(bind(IPC4_MOD_BIND, VOLUME, 5, DAIOUT, 0), IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(bind(IPC4_MOD_BIND, VOLUME, 0, DAIOUT, 5), IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(send(ipc4_enc_large_config_set(VOLUME, 5, 0, 4, true, true), words, 4),
		     IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(send(ipc4_enc_large_config_get(TONE, 3, 0, 64, true), NULL, 0),
		     IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(send(ipc4_enc_delete_instance(TONE, 3), NULL, 0), IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(send(ipc4_enc_load_library(0, 1, 0), NULL, 0), IPC4_UNAVAILABLE);

	/* Existing ids. */
	KT_ASSERT_EQ(send(ipc4_enc_create_pipeline(PPL, 0, 0, 0, false), NULL, 0),
		     IPC4_RESOURCE_ID_EXISTS);
	KT_ASSERT_EQ(init(VOLUME, 0, PPL, &vol, sizeof(vol)), IPC4_MOD_INSTANCE_EXISTS);

	/* A multi-pipeline change with one unknown id changes none of them. */
	h = ipc4_enc_set_pipelines_state(IPC4_PPL_PAUSED, false);
	KT_ASSERT_EQ(send(h, list, sizeof(list)), IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(r.ext, 9);
	KT_ASSERT_EQ(state_of(PPL), IPC4_PPL_RESET);

	/* Wrong states. */
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_EOS), NULL, 0),
		     IPC4_INVALID_RESOURCE_STATE);
	KT_ASSERT_EQ(r.ext, PPL);
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_SAVED), NULL, 0),
		     IPC4_INVALID_REQUEST);
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_RUNNING), NULL, 0),
		     IPC4_SUCCESS);
	KT_ASSERT_EQ(init(VOLUME, 1, PPL, &vol, sizeof(vol)), IPC4_INVALID_RESOURCE_STATE);
	KT_ASSERT_EQ(bind(IPC4_MOD_UNBIND, TONE, 0, VOLUME, 0), IPC4_INVALID_RESOURCE_STATE);
	KT_ASSERT_EQ(send(ipc4_enc_delete_pipeline(PPL), NULL, 0), IPC4_INVALID_RESOURCE_STATE);
	KT_ASSERT_EQ(send(ipc4_enc_delete_instance(TONE, 0), NULL, 0), IPC4_INVALID_RESOURCE_STATE);
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_RESET), NULL, 0), IPC4_SUCCESS);

	/* Fragments out of order, for another instance, past the end. */
	KT_ASSERT_EQ(send(ipc4_enc_large_config_set(VOLUME, 0, 0, 16, false, false), words, 4),
		     IPC4_INVALID_REQUEST); /* no first block */
	KT_ASSERT_EQ(
		send(ipc4_enc_large_config_set(VOLUME, 0, 0, sizeof(vol), true, false), &vol, 16),
		IPC4_SUCCESS);
	KT_ASSERT_EQ(send(ipc4_enc_large_config_set(TONE, 0, 0, 16, false, false), words, 4),
		     IPC4_BUSY); /* another instance's while one is in transfer */
	KT_ASSERT_EQ(send(ipc4_enc_large_config_set(VOLUME, 0, 0, 20, false, false), words, 4),
		     IPC4_INVALID_REQUEST); /* a block missing */
	KT_ASSERT_EQ(send(ipc4_enc_large_config_set(VOLUME, 0, 0, 16, false, true), words, 4),
		     IPC4_INVALID_REQUEST); /* the transfer was ended */
	KT_ASSERT_EQ(send(ipc4_enc_large_config_set(VOLUME, 0, 0, 8, true, true), words, 12),
		     IPC4_INVALID_CONFIG_DATA_LEN);
	/* A blob the module refuses (gain above its range) ends the transfer. */
	vol.gain_mb[0] = 100000;
	KT_ASSERT_EQ(send(ipc4_enc_large_config_set(VOLUME, 0, 0, sizeof(vol), true, true), &vol,
			  sizeof(vol)),
		     IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(send(ipc4_enc_large_config_set(TONE, 0, 0, 4, true, true), words, 4),
		     IPC4_ERROR_INVALID_PARAM); /* a short tone blob */

	/* The modules' own errors: eq_iir's -E2BIG and -ENOTSUP, an endpoint's -ENODEV. */
	KT_ASSERT_EQ(init(EQIIR, 1, PPL, eq_nine, sizeof(eq_nine)), IPC4_INVALID_CONFIG_DATA_LEN);
	KT_ASSERT_EQ(init(EQIIR, 1, PPL, eq_v2, sizeof(eq_v2)), IPC4_INVALID_REQUEST);
	KT_ASSERT_EQ(init(DAIOUT, 1, PPL, &no_dai, sizeof(no_dai)), IPC4_INVALID_RESOURCE_ID);

	/* Bind to self, across cores, across pipelines, ports out of order. */
	KT_ASSERT_EQ(bind(IPC4_MOD_BIND, VOLUME, 0, VOLUME, 0), IPC4_ERROR_INVALID_PARAM);
	KT_ASSERT_EQ(send(ipc4_enc_init_instance(VOLUME, 2, PPL, 1, false, 0), NULL, 0),
		     IPC4_INVALID_CORE_ID); /* an instance on core 1 cannot be made ... */
	KT_ASSERT_EQ(bind(IPC4_MOD_BIND, VOLUME, 0, VOLUME, 2),
		     IPC4_INVALID_RESOURCE_ID); /* ... so nothing binds to it */
	KT_ASSERT_EQ(send(ipc4_enc_create_pipeline(4, 0, 0, 1, false), NULL, 0),
		     IPC4_INVALID_CORE_ID);
	KT_ASSERT_EQ(send(ipc4_enc_create_pipeline(4, 0, 0, 0, false), NULL, 0), IPC4_SUCCESS);
	vol.gain_mb[0] = 0;
	KT_ASSERT_EQ(init(VOLUME, 1, 4, &vol, sizeof(vol)), IPC4_SUCCESS);
	KT_ASSERT_EQ(bind(IPC4_MOD_BIND, VOLUME, 0, VOLUME, 1), IPC4_INVALID_REQUEST);
	KT_ASSERT_EQ(send(ipc4_enc_bind(IPC4_MOD_BIND, TONE, 0, 1, VOLUME, 0, 0), NULL, 0),
		     IPC4_ERROR_INVALID_PARAM); /* output 1 before output 0... tone has one */
	KT_ASSERT_EQ(bind(IPC4_MOD_BIND, DAIOUT, 0, TONE, 0),
		     IPC4_ERROR_INVALID_PARAM); /* backwards */

	/* Double delete. */
	KT_ASSERT_EQ(send(ipc4_enc_delete_instance(VOLUME, 1), NULL, 0), IPC4_SUCCESS);
	KT_ASSERT_EQ(send(ipc4_enc_delete_instance(VOLUME, 1), NULL, 0), IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(send(ipc4_enc_delete_pipeline(4), NULL, 0), IPC4_SUCCESS);
	KT_ASSERT_EQ(send(ipc4_enc_delete_pipeline(4), NULL, 0), IPC4_INVALID_RESOURCE_ID);

	/* Not requests at all. */
	KT_ASSERT_EQ(
		send((struct ipc4_hdr){ipc4_reply_primary(ipc4_glb_primary(19), 0), 0}, NULL, 0),
		IPC4_INVALID_REQUEST);
	KT_ASSERT_EQ(send((struct ipc4_hdr){ipc4_glb_primary(5), 0}, NULL, 0),
		     IPC4_UNKNOWN_MESSAGE_TYPE);
	KT_ASSERT_EQ(send((struct ipc4_hdr){ipc4_glb_primary(IPC4_GLB_NOTIFICATION), 0}, NULL, 0),
		     IPC4_UNAVAILABLE);
}

/*
 * Regression: deleting an endpoint whose prepare found its DAI busy stopped
 * that DAI, i.e. the codec another pipeline plays through.
 */
KTEST(ipc4_handler, endpoint_on_a_busy_dai_leaves_its_player_alone)
{
	struct sot_tone_cfg tone = {440000, -600, 3, SOT_PCM_S16_LE, 2, 48000};
	struct sot_endpoint_cfg out = {DAI_ID, SOT_PCM_S16_LE, 2, 48000};
	uint32_t frames;

	build_graph();
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_RUNNING), NULL, 0),
		     IPC4_SUCCESS);
	KT_ASSERT(play.dai.running);

	/* A second pipeline into the same DAI: its prepare is refused, in both forms. */
	KT_ASSERT_EQ(send(ipc4_enc_create_pipeline(PPL + 1, 0, 0, 0, false), NULL, 0),
		     IPC4_SUCCESS);
	KT_ASSERT_EQ(init(TONE, 1, PPL + 1, &tone, sizeof(tone)), IPC4_SUCCESS);
	KT_ASSERT_EQ(init(DAIOUT, 1, PPL + 1, &out, sizeof(out)), IPC4_SUCCESS);
	KT_ASSERT_EQ(init(DAIOUT, 2, PPL + 1, &out, sizeof(out)), IPC4_SUCCESS);
	KT_ASSERT_EQ(bind(IPC4_MOD_BIND, TONE, 1, DAIOUT, 1), IPC4_SUCCESS);
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL + 1, IPC4_PPL_PAUSED), NULL, 0),
		     IPC4_INVALID_RESOURCE_STATE); /* -EBUSY: the DAI is in use */
	KT_ASSERT_EQ(r.ext, PPL + 1);
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL + 1, IPC4_PPL_RUNNING), NULL, 0),
		     IPC4_INVALID_RESOURCE_STATE);
	KT_ASSERT_EQ(state_of(PPL + 1), IPC4_PPL_RESET);
	KT_ASSERT(play.dai.running);

	/* Deleting an unprepared endpoint, then the whole pipeline, stops nothing. */
	KT_ASSERT_EQ(send(ipc4_enc_delete_instance(DAIOUT, 2), NULL, 0), IPC4_SUCCESS);
	KT_ASSERT(play.dai.running);
	KT_ASSERT_EQ(send(ipc4_enc_delete_pipeline(PPL + 1), NULL, 0), IPC4_SUCCESS);
	KT_ASSERT(play.dai.running);

	/* The first pipeline still plays. */
	thread_sleep_us(5000);
	played_peak(&frames);
	thread_sleep_us(20000);
	KT_ASSERT_GE(played_peak(&frames), 16300);
	KT_ASSERT_GE(frames, 19 * 48);
	KT_ASSERT_EQ(state_of(PPL), IPC4_PPL_RUNNING);

	/* Its own reset does stop the DAI: it started it. */
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_RESET), NULL, 0), IPC4_SUCCESS);
	KT_ASSERT(!play.dai.running);
}

/*
 * Regression: an endpoint had no reset, so its DAI stayed started after
 * RESET and the next prepare found it busy (-EINVAL).
 */
KTEST(ipc4_handler, memory_dai_pipeline_runs_after_reset_twice)
{
	uint32_t frames;

	build_graph();
	for (int round = 0; round < 3; round++) {
		KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_RUNNING), NULL, 0),
			     IPC4_SUCCESS);
		KT_ASSERT_EQ(state_of(PPL), IPC4_PPL_RUNNING);
		KT_ASSERT(play.dai.running);
		thread_sleep_us(5000);
		played_peak(&frames);
		thread_sleep_us(20000);
		KT_ASSERT_GE(played_peak(&frames), 16300);
		KT_ASSERT_GE(frames, 19 * 48);
		KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_RESET), NULL, 0),
			     IPC4_SUCCESS);
		KT_ASSERT_EQ(state_of(PPL), IPC4_PPL_RESET);
		KT_ASSERT(!play.dai.running);
	}
	/* Prepared only (PAUSED), reset, prepared again. */
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_PAUSED), NULL, 0),
		     IPC4_SUCCESS);
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_RESET), NULL, 0), IPC4_SUCCESS);
	KT_ASSERT_EQ(send(ipc4_enc_set_pipeline_state(PPL, IPC4_PPL_PAUSED), NULL, 0),
		     IPC4_SUCCESS);
	KT_ASSERT_EQ(send(ipc4_enc_delete_pipeline(PPL), NULL, 0), IPC4_SUCCESS);
	KT_ASSERT(!play.dai.running);
}

/* dai_out.0's configuration as LARGE_CONFIG_GET reads it (the adapter keeps it). */
static struct sot_endpoint_cfg dai_out_config(void)
{
	struct sot_endpoint_cfg c;

	KT_ASSERT_EQ(send(ipc4_enc_large_config_get(DAIOUT, 0, 0, 4096, true), NULL, 0),
		     IPC4_SUCCESS);
	KT_ASSERT_EQ(r.size, sizeof(c));
	memcpy(&c, reply_buf, sizeof(c));
	return c;
}

/*
 * Regression: the adapter stored a blob before the module had taken it, so
 * a refused blob (or the first fragment of a new one) replaced the
 * configuration in use, and LARGE_CONFIG_GET returned what the module never
 * took.
 */
KTEST(ipc4_handler, refused_or_unfinished_blob_keeps_the_configuration_in_use)
{
	struct sot_endpoint_cfg good = {DAI_ID, SOT_PCM_S32_LE, 2, 44100};
	struct sot_endpoint_cfg bad = {77, SOT_PCM_S16_LE, 2, 48000}; /* no DAI 77 */

	build_graph();
	KT_ASSERT_EQ(dai_out_config().format, SOT_PCM_S16_LE); /* the INIT_INSTANCE blob */

	/* Refused whole: -ENODEV, the configuration in use stays. */
	KT_ASSERT_EQ(send(ipc4_enc_large_config_set(DAIOUT, 0, 0, sizeof(bad), true, true), &bad,
			  sizeof(bad)),
		     IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(dai_out_config().dai_id, DAI_ID);
	KT_ASSERT_EQ(dai_out_config().format, SOT_PCM_S16_LE);

	/* Taken: it is the configuration now. */
	KT_ASSERT_EQ(send(ipc4_enc_large_config_set(DAIOUT, 0, 0, sizeof(good), true, true), &good,
			  sizeof(good)),
		     IPC4_SUCCESS);
	KT_ASSERT_EQ(dai_out_config().format, SOT_PCM_S32_LE);
	KT_ASSERT_EQ(dai_out_config().rate, 44100);

	/* Refused in fragments: the same. */
	KT_ASSERT_EQ(
		send(ipc4_enc_large_config_set(DAIOUT, 0, 0, sizeof(bad), true, false), &bad, 8),
		IPC4_SUCCESS);
	KT_ASSERT_EQ(dai_out_config().rate, 44100); /* a blob in transfer is not in use */
	KT_ASSERT_EQ(send(ipc4_enc_large_config_set(DAIOUT, 0, 0, 8, false, true),
			  (const uint8_t *)&bad + 8, sizeof(bad) - 8),
		     IPC4_INVALID_RESOURCE_ID);
	KT_ASSERT_EQ(dai_out_config().dai_id, DAI_ID);
	KT_ASSERT_EQ(dai_out_config().rate, 44100);

	/* A new first fragment drops only the blob in transfer. */
	KT_ASSERT_EQ(
		send(ipc4_enc_large_config_set(DAIOUT, 0, 0, sizeof(good), true, false), &good, 4),
		IPC4_SUCCESS);
	KT_ASSERT_EQ(
		send(ipc4_enc_large_config_set(DAIOUT, 0, 0, sizeof(bad), true, false), &bad, 4),
		IPC4_SUCCESS);
	KT_ASSERT_EQ(dai_out_config().rate, 44100);
	KT_ASSERT_EQ(dai_out_config().format, SOT_PCM_S32_LE);
}

/* xorshift32: the same messages every run. */
static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

KTEST(ipc4_handler, random_messages_change_nothing_they_should_not)
{
	static const uint32_t modules[] = {TONE, VOLUME, DAIOUT, EQIIR, SRC, 0x0205, 0x0203, 1};
	static uint32_t payload[64];
	struct leak_snap before;
	struct heap_stats buf_before, buf_after;
	uint32_t seed = 0x5eed1234, ok = 0;

	KT_ASSERT_EQ(dai_mem_init(&play, DAI_ID, DAI_PLAYBACK, ring, sizeof(ring)), 0);
	leak_snap(&before);
	heap_stats(&buf_heap, &buf_before);
	for (int i = 0; i < 20000; i++) {
		uint32_t pick = rnd(&seed), primary, ext, size;
		struct ipc4_hdr h;

		/* Mostly plausible messages (small ids) so that deep paths run too. */
		uint32_t mod = modules[pick % 8], inst = (pick >> 3) % 3, ppl = (pick >> 5) % 3;

		switch ((pick >> 8) % 9) {
		case 0:
			h = ipc4_enc_create_pipeline(ppl, (pick >> 12) % 8, 0, 0, false);
			break;
		case 1:
			h = ipc4_enc_delete_pipeline(ppl);
			break;
		case 2:
			h = ipc4_enc_set_pipeline_state(ppl, 2 + (pick >> 12) % 4);
			break;
		case 3:
			h = ipc4_enc_init_instance(mod, inst, ppl, 0, mod == SRC,
						   (pick >> 12) % 12);
			break;
		case 4:
			h = ipc4_enc_bind((pick >> 12) & 1 ? IPC4_MOD_UNBIND : IPC4_MOD_BIND, mod,
					  inst, 0, modules[(pick >> 13) % 8], (pick >> 16) % 3, 0);
			break;
		case 5:
			h = ipc4_enc_large_config_set(mod, inst, 0, (pick >> 12) % 80,
						      (pick >> 19) & 1, (pick >> 20) & 1);
			break;
		case 6:
			h = ipc4_enc_large_config_get(mod, inst, 0, (pick >> 12) % 80,
						      (pick >> 19) & 1);
			break;
		case 7:
			h = ipc4_enc_delete_instance(mod, inst);
			break;
		default: /* anything at all */
			h = (struct ipc4_hdr){rnd(&seed), rnd(&seed)};
			break;
		}
		primary = h.primary;
		ext = h.ext;
		size = rnd(&seed) % 5 ? ipc4_get(ext, IPC4_F_II_PARAM_SIZE) * 4 % sizeof(payload)
				      : rnd(&seed) % sizeof(payload);
		for (uint32_t w = 0; w < size / 4 + 1 && w < 64; w++)
			payload[w] = rnd(&seed) % 4 ? rnd(&seed) % 64 : rnd(&seed);
		ok += send((struct ipc4_hdr){primary, ext}, payload, size) == IPC4_SUCCESS;
		if (i % 500 == 499)
			thread_sleep_us(2000); /* whatever runs, runs */
	}
	KT_ASSERT_GT(ok, 1000); /* the stream did build things */
	ipc4_reset_all();
	heap_stats(&buf_heap, &buf_after);
	KT_ASSERT_EQ(buf_after.allocs, buf_before.allocs);
	KT_ASSERT_EQ(buf_after.used, buf_before.used);
	leak_assert_same(&before);
}
