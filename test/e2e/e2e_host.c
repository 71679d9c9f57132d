/* SPDX-License-Identifier: MIT */
/*
 * The host playback scenario: the host (tools/e2e.py through
 * tools/shmring.py) streams a WAV into ring 0 of the ivshmem window; the
 * firmware plays it host_copier -> volume -6 dB -> dai_copier -> HDA. The
 * pipeline starts once the host has queued its whole file (end of stream
 * set), so the comparison of the capture against input x gain is about the
 * data path, not about how fast a Python process runs next to QEMU; the
 * ring's wrap and back-pressure are covered by the hostdma suite.
 */
#include <stdio.h>

#include <sotto/module_cfg.h>

#include "audio/pipeline.h"
#include "drivers/hda/hda.h"
#include "drivers/hostdma/host_dma.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/thread.h"
#include "test/e2e/e2e.h"

#define HOST_WAIT_S 30 /* virtual seconds of busy waiting for the host */

/*
 * Spin (not sleep: under -icount an idle CPU lets virtual time jump, and the
 * host runs in real time) until the host has set end of stream on ring 0.
 */
static int wait_host(volatile struct shm_ring *r)
{
	uint64_t end = arch_counter() + (uint64_t)arch_counter_freq() * HOST_WAIT_S;

	while (!(r->host_flags & SHM_HOST_EOS))
		if (arch_counter() > end)
			return -ETIMEDOUT;
	return 0;
}

void e2e_host(void)
{
	static const struct sot_host_copier_cfg hc = {
		DMA_ID_HOST, 0, SOT_HOST_PLAYBACK, SOT_PCM_S16_LE, 2, 48000, SOT_FMT_SAME, 0};
	static const struct sot_volume_cfg vc = {.gain_mb = {E2E_VOLUME_MB, E2E_VOLUME_MB}};
	static const struct sot_dai_copier_cfg dc = {DAI_ID_HDA, SOT_PCM_S16_LE, 0};
	volatile struct shm_ring *ring = host_dma_shm_ring(0);
	struct sot_copier_dma_status hs, ds;
	struct mod_instance *h, *v, *d;
	struct pipeline *p;
	uint32_t total, fed_xruns = ~0u;
	int rc;

	e2e_check(ring != NULL, "host_window", 0, 1);
	if (!ring || pipe_create(2, 0, 1000, &p))
		return;
	h = e2e_add(p, "host_copier", &hc, sizeof(hc));
	v = e2e_add(p, "volume", &vc, sizeof(vc));
	d = e2e_add(p, "dai_copier", &dc, sizeof(dc));
	rc = h && v && d ? 0 : -ENOMEM;
	if (!rc)
		rc = pipe_connect(p, h, 0, v, 0);
	if (!rc)
		rc = pipe_connect(p, v, 0, d, 0);
	if (!rc)
		rc = pipe_prepare(p);
	e2e_check(rc == 0, "host_prepare", rc, 0);
	if (rc)
		return;
	rc = wait_host(ring);
	e2e_check(rc == 0, "host_queued_its_file", rc, 0);
	total = ring->write / 4; /* S16 stereo frames */
	printf("e2e: host_frames=%lu\n", (unsigned long)total);
	rc = rc ? rc : pipe_trigger(p, PIPE_CMD_START);
	e2e_check(rc == 0, "host_start", rc, 0);
	/*
	 * Until every frame has gone through and the link has played it out:
	 * the host copier has taken the whole file, then the link runs dry
	 * (the end-of-stream underrun: the last byte has left the DMA buffer),
	 * then 60 ms for the codec's FIFO (about 20 ms) to reach the WAV.
	 */
	for (unsigned int ms = 0; !rc && ms < 5000; ms += 10) {
		thread_sleep_us(10000);
		if (e2e_dma_stats(h).frames != total)
			continue;
		/* The host's data is all in: what ran dry before this is a real underrun. */
		if (fed_xruns == ~0u)
			fed_xruns = e2e_dma_stats(d).xruns;
		if (e2e_dma_stats(d).xruns > fed_xruns) {
			thread_sleep_us(60000);
			break;
		}
	}
	hs = e2e_dma_stats(h);
	ds = e2e_dma_stats(d);
	pipe_trigger(p, PIPE_CMD_STOP);
	printf("e2e: host_copier_frames=%lu host_xruns=%lu dai_frames=%lu dai_xruns=%lu\n",
	       (unsigned long)hs.frames, (unsigned long)hs.xruns, (unsigned long)ds.frames,
	       (unsigned long)ds.xruns);
	e2e_check(hs.frames == total, "host_all_frames_taken", hs.frames, total);
	e2e_check(hs.xruns == 0, "host_no_underrun", hs.xruns, 0);
	e2e_check(fed_xruns == 0, "dai_no_underrun_while_fed", fed_xruns, 0);
	/* After the last frame the link ran dry once: reported, exactly once. */
	e2e_check(ds.xruns == 1, "dai_one_underrun_at_end_of_stream", ds.xruns, 1);
	rc = pipe_reset(p);
	if (!rc)
		rc = pipe_delete(p);
	e2e_check(rc == 0, "host_teardown", rc, 0);
}
