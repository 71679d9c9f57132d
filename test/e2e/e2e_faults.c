/* SPDX-License-Identifier: MIT */
/*
 * The fault-recovery scenario. Two pipelines run side by side:
 *
 *   B  tone 1 kHz -> volume -6 dB -> dai_copier -> HDA (the tone scenario's)
 *   A  tone 440 Hz -6 dBFS (S16) -> t_hostile -> host_copier -> host ring 1
 *
 * t_hostile (an untrusted LL module image) reads kernel memory 500 periods
 * after each (re)start: A faults at about 0.5, 1.0, 1.5 and 2.0 s, is
 * bypassed at once, restarted three times by the recovery thread, then
 * bypassed for good. The host (tools/e2e.py) records ring 1 and the codec's
 * WAV and takes the notifications through ipclink; faults_ref runs the same
 * with t_hostile harmless, for the reference captures.
 *
 * What only the firmware sees is measured here: a monitor thread just below
 * the LL thread samples, between LL ticks, how far A's delivery into the
 * host ring is behind its schedule (one period per tick), and when each
 * fault, restart and the final bypass happened.
 */
#include <stdio.h>

#include <sotto/module_cfg.h>

#include "audio/audio.h"
#include "audio/ll_sched.h"
#include "audio/mod_recovery.h"
#include "audio/notify.h"
#include "audio/pipeline.h"
#include "drivers/hda/hda.h"
#include "drivers/hostdma/host_dma.h"
#include "drivers/ipc/ipc_link.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/fault.h"
#include "kernel/mm.h"
#include "kernel/thread.h"
#include "test/e2e/e2e.h"
#include "test/modules/hostile/hostile.h"

#define RUN_US	      2600000u
#define A_PIPE_ID     2
#define A_RING	      1
#define A_FREQ_MHZ    440000u
#define A_AMP_MB      (-600)
#define A_FAULT_AFTER 500u /* periods after each (re)start: 0.5 s */
#define FRAME_BYTES   4u   /* S16 stereo, in A's pipeline and in ring 1 */
#define MON_US	      250u /* four looks per LL period: none is missed */
#define MON_PRIO      2	   /* just below the LL thread (1): runs between ticks */
#define MON_EVENTS    8
#define HOST_WAIT_S   30u /* virtual seconds for the host to take the notifications */

/* What the monitor saw of one fault: when, where in A's stream, periods bypassed. */
struct mon_fault {
	uint32_t ms, frame, bypass_periods;
};

static struct {
	struct pipeline *pa;
	struct mod_instance *hostile;
	volatile struct shm_ring *ring;
	uint32_t period_frames;
	uint64_t t0; /* arch_counter() at A's start */
	volatile bool stop;
	struct mod_recovery_stats base; /* the recovery counters before A started */
	uint32_t faults, restarts, bypassed;
	struct mon_fault fault[MON_EVENTS];
	uint32_t bypassed_ms;
	uint32_t late_min, late_max; /* frames A's delivery was behind its schedule */
	uint32_t samples;
} mon;

static uint32_t ms_since(uint64_t t0)
{
	return (uint32_t)((arch_counter() - t0) * 1000u / arch_counter_freq());
}

/* One look, between two LL ticks: lateness, and any new fault, restart or bypass. */
static void mon_sample(void)
{
	struct mod_recovery_stats st;
	unsigned long key = arch_irq_lock();
	uint32_t sched = mon.pa->ticks * mon.period_frames;
	uint32_t got = mon.ring->write / FRAME_BYTES;
	uint32_t bp = mon.hostile->bypass_periods;
	uint32_t late = sched > got ? sched - got : 0;

	arch_irq_unlock(key);
	mod_recovery_get_stats(&st);
	if (mon.pa->ticks) {
		if (!mon.samples++ || late < mon.late_min)
			mon.late_min = late;
		if (late > mon.late_max)
			mon.late_max = late;
	}
	while (mon.faults < st.faults - mon.base.faults && mon.faults < MON_EVENTS) {
		mon.fault[mon.faults].ms = ms_since(mon.t0);
		mon.fault[mon.faults].frame = got;
		mon.fault[mon.faults].bypass_periods = bp;
		mon.faults++;
	}
	/* A restart ends the bypass of the fault before it. */
	while (mon.restarts < st.restarts - mon.base.restarts && mon.restarts < mon.faults) {
		mon.fault[mon.restarts].bypass_periods =
			bp - mon.fault[mon.restarts].bypass_periods;
		mon.restarts++;
	}
	if (!mon.bypassed && st.bypassed != mon.base.bypassed) {
		mon.bypassed = 1;
		mon.bypassed_ms = ms_since(mon.t0);
	}
}

static void monitor(void *arg)
{
	(void)arg;
	while (!mon.stop) {
		mon_sample();
		thread_sleep_us(MON_US);
	}
	mon_sample();
}

/*
 * Pipeline A: tone -> t_hostile (@cfg) -> host_copier capture into ring
 * A_RING, prepared. 0 or the first error.
 */
static int a_pipeline(const struct t_hostile_cfg *cfg, struct mod_instance **hostile,
		      struct mod_instance **host)
{
	static const struct sot_tone_cfg tone = {A_FREQ_MHZ,	 A_AMP_MB, 0x3,
						 SOT_PCM_S16_LE, 2,	   48000};
	static const struct sot_host_copier_cfg hc = {
		DMA_ID_HOST, A_RING, SOT_HOST_CAPTURE, SOT_PCM_S16_LE, 2, 48000, SOT_FMT_SAME, 0};
	struct mod_instance *t;
	int rc = pipe_create(A_PIPE_ID, 0, LL_PERIOD_US, &mon.pa);

	if (rc)
		return rc;
	t = e2e_add(mon.pa, "tone", &tone, sizeof(tone));
	*hostile = e2e_add(mon.pa, "t_hostile", cfg, sizeof(*cfg));
	*host = e2e_add(mon.pa, "host_copier", &hc, sizeof(hc));
	if (!t || !*hostile || !*host)
		return -ENOMEM;
	rc = pipe_connect(mon.pa, t, 0, *hostile, 0);
	if (!rc)
		rc = pipe_connect(mon.pa, *hostile, 0, *host, 0);
	return rc ? rc : pipe_prepare(mon.pa);
}

/*
 * Wait (spinning: an idle CPU lets virtual time jump past a host that runs
 * in real time) until the host has taken every notification from the
 * mailbox's ring. 0 or -ETIMEDOUT.
 */
static int wait_host_took_notifications(void)
{
	volatile struct ipc_mbox_ctrl *c = (volatile struct ipc_mbox_ctrl *)ipc_link_mailbox();
	uint64_t end = arch_counter() + (uint64_t)arch_counter_freq() * HOST_WAIT_S;

	if (!c)
		return -ENODEV;
	while (c->notify_tail != c->notify_head)
		if (arch_counter() > end)
			return -ETIMEDOUT;
	return 0;
}

static void teardown(struct pipeline *p, const char *what)
{
	int rc = pipe_reset(p);

	if (!rc)
		rc = pipe_delete(p);
	e2e_check(rc == 0, what, rc, 0);
}

/*
 * The firmware's own view, once both pipelines have stopped: counters,
 * per-fault figures, and what must hold. @b and @a: B's and A's copier
 * counters taken while they ran.
 */
static void report(bool attack, const struct pipeline *pb, const struct sot_copier_dma_status *b,
		   const struct sot_copier_dma_status *a, const struct mod_recovery_stats *rs,
		   const uint32_t ev[AUDIO_EV_COUNT])
{
	uint32_t a_frames = mon.ring->write / FRAME_BYTES;
	uint32_t faults = rs->faults - mon.base.faults, restarts = rs->restarts - mon.base.restarts;
	uint32_t bypassed = rs->bypassed - mon.base.bypassed;
	struct ll_stats ll;

	ll_get_stats(&ll);
	printf("e2e: faults=%lu restarts=%lu bypassed=%lu last_class=%d last_addr=%lu "
	       "a_bypass_periods=%lu a_is_bypassed=%d restart_cycles=%lu restart_work_cycles=%lu\n",
	       (unsigned long)faults, (unsigned long)restarts, (unsigned long)bypassed,
	       faults ? (int)rs->last.cls : -1, faults ? (unsigned long)rs->last.addr : 0ul,
	       (unsigned long)mon.hostile->bypass_periods, mon.hostile->bypassed,
	       (unsigned long)rs->restart_cycles, (unsigned long)rs->restart_work_cycles);
	printf("e2e: b_frames=%lu b_xruns=%lu b_errors=%lu b_repairs=%lu ll_overruns=%lu\n",
	       (unsigned long)b->frames, (unsigned long)b->xruns, (unsigned long)pb->errors,
	       (unsigned long)pb->buf_repairs, (unsigned long)ll.overruns);
	printf("e2e: a_frames=%lu a_ticks=%lu a_copier_frames=%lu a_xruns=%lu a_late_min=%lu "
	       "a_late_max=%lu a_samples=%lu\n",
	       (unsigned long)a_frames, (unsigned long)mon.pa->ticks, (unsigned long)a->frames,
	       (unsigned long)a->xruns, (unsigned long)mon.late_min, (unsigned long)mon.late_max,
	       (unsigned long)mon.samples);
	for (uint32_t i = 0; i < mon.faults; i++)
		printf("e2e: fault%lu_ms=%lu fault%lu_frame=%lu fault%lu_bypass_periods=%lu\n",
		       (unsigned long)i, (unsigned long)mon.fault[i].ms, (unsigned long)i,
		       (unsigned long)mon.fault[i].frame, (unsigned long)i,
		       (unsigned long)(i < mon.restarts ? mon.fault[i].bypass_periods : 0));
	printf("e2e: bypassed_ms=%lu ev_fault=%lu ev_bypassed=%lu ev_underrun=%lu ev_overrun=%lu "
	       "ev_dropped=%lu ipc_overflows=%lu\n",
	       (unsigned long)mon.bypassed_ms, (unsigned long)ev[AUDIO_EV_MODULE_FAULT],
	       (unsigned long)ev[AUDIO_EV_MODULE_BYPASSED], (unsigned long)ev[AUDIO_EV_UNDERRUN],
	       (unsigned long)ev[AUDIO_EV_OVERRUN], (unsigned long)audio_notify_dropped(),
	       (unsigned long)ipc_link_overflows());

	/* B: untouched. */
	e2e_check(b->xruns == 0, "b_no_underrun", b->xruns, 0);
	e2e_check(pb->errors == 0 && pb->buf_repairs == 0, "b_no_error", pb->errors, 0);
	e2e_check(b->frames >= RUN_US / 1000u * 48u - 1000u &&
			  b->frames <= RUN_US / 1000u * 48u + 1000u,
		  "b_frames_2_6s", b->frames, RUN_US / 1000u * 48u);
	/* Containing, bypassing and restarting A fit in the ticks: none was missed. */
	e2e_check(ll.overruns == 0, "no_ll_tick_missed", ll.overruns, 0);
	/* A: every period reached the host, none lost, late by at most 2 periods. */
	e2e_check(a->xruns == 0, "a_no_overrun", a->xruns, 0);
	e2e_check(a_frames == mon.pa->ticks * mon.period_frames, "a_every_period_delivered",
		  a_frames, mon.pa->ticks * mon.period_frames);
	e2e_check(mon.late_max - mon.late_min <= 2 * mon.period_frames, "a_late_at_most_2_periods",
		  mon.late_max - mon.late_min, 2 * mon.period_frames);
	e2e_check(ev[AUDIO_EV_UNDERRUN] == 0 && ev[AUDIO_EV_OVERRUN] == 0, "no_xrun_notified",
		  ev[AUDIO_EV_UNDERRUN] + ev[AUDIO_EV_OVERRUN], 0);
	e2e_check(audio_notify_dropped() == 0 && ipc_link_overflows() == 0, "no_event_dropped",
		  audio_notify_dropped() + ipc_link_overflows(), 0);
	if (!attack) {
		e2e_check(faults == 0 && !mon.hostile->bypass_periods, "ref_no_fault", faults, 0);
		return;
	}
	/* The policy: RESTART_MAX restarts, the next fault bypasses for good. */
	e2e_check(faults == RESTART_MAX + 1, "faults", faults, RESTART_MAX + 1);
	e2e_check(restarts == RESTART_MAX, "restarts", restarts, RESTART_MAX);
	e2e_check(bypassed == 1 && mon.hostile->bypassed, "bypassed_for_good", bypassed, 1);
	e2e_check(rs->last_module == T_HOSTILE_ID, "fault_module", rs->last_module, T_HOSTILE_ID);
	e2e_check(rs->last.cls == FAULT_PERMISSION, "fault_class_permission", rs->last.cls,
		  FAULT_PERMISSION);
	e2e_check(rs->last.addr == (uintptr_t)&kheap, "fault_address", (long)rs->last.addr,
		  (long)(uintptr_t)&kheap);
	e2e_check(ev[AUDIO_EV_MODULE_FAULT] == faults, "faults_notified", ev[AUDIO_EV_MODULE_FAULT],
		  faults);
	e2e_check(ev[AUDIO_EV_MODULE_BYPASSED] == 1, "bypass_notified",
		  ev[AUDIO_EV_MODULE_BYPASSED], 1);
	e2e_check(mon.faults == faults && mon.restarts == restarts, "monitor_saw_every_fault",
		  mon.faults, faults);
}

void e2e_faults(bool attack)
{
	struct t_hostile_cfg cfg = {.attack = attack ? T_ATK_READ : T_ATK_NONE,
				    .where = T_IN_PROCESS,
				    .after = A_FAULT_AFTER,
				    .target = (uint32_t)(uintptr_t)&kheap};
	uint32_t ev0[AUDIO_EV_COUNT], ev[AUDIO_EV_COUNT];
	struct mod_instance *dai = NULL, *host = NULL;
	struct sot_copier_dma_status a = {0}, b = {0};
	struct mod_recovery_stats rs;
	struct pipeline *pb = NULL;
	struct thread *t = NULL;
	int rc = audio_host_link_init();

	e2e_check(rc == 0, "host_link", rc, 0);
	mon.ring = host_dma_shm_ring(A_RING);
	e2e_check(mon.ring != NULL, "host_window", 0, 1);
	if (rc || !mon.ring)
		return;
	rc = e2e_tone_pipeline(&pb, &dai);
	e2e_check(rc == 0, "b_prepare", rc, 0);
	if (!rc) {
		rc = a_pipeline(&cfg, &mon.hostile, &host);
		e2e_check(rc == 0, "a_prepare", rc, 0);
	}
	if (rc)
		return;
	mon.period_frames = host->mod.period_frames;
	printf("e2e: tone_amp_mb=%d volume_mb=%d attack=%lu hostile_instance=%lu "
	       "hostile_target=%lu b_dai_instance=%lu a_host_instance=%lu period_frames=%lu "
	       "fault_class_expected=%d efault=%d\n",
	       E2E_TONE_AMP_MB, E2E_VOLUME_MB, (unsigned long)cfg.attack,
	       (unsigned long)mon.hostile->mod.instance_id, (unsigned long)cfg.target,
	       (unsigned long)dai->mod.instance_id, (unsigned long)host->mod.instance_id,
	       (unsigned long)mon.period_frames, FAULT_PERMISSION, EFAULT);
	for (unsigned int i = 0; i < AUDIO_EV_COUNT; i++)
		ev0[i] = audio_notify_count((enum audio_event)i);
	mod_recovery_get_stats(&mon.base);
	rc = pipe_trigger(pb, PIPE_CMD_START);
	e2e_check(rc == 0, "b_start", rc, 0);
	mon.t0 = arch_counter();
	rc = rc ? rc : pipe_trigger(mon.pa, PIPE_CMD_START);
	e2e_check(rc == 0, "a_start", rc, 0);
	rc = rc ? rc : thread_create(&t, "e2e-mon", monitor, NULL, MON_PRIO);
	e2e_check(rc == 0, "monitor", rc, 0);
	if (rc)
		t = NULL;
	thread_sleep_us(RUN_US);
	mon.stop = true;
	if (t)
		thread_join(t, NULL, 1000000);
	b = e2e_dma_stats(dai);
	a = e2e_dma_stats(host);
	rc = pipe_trigger(pb, PIPE_CMD_STOP);
	e2e_check(rc == 0, "b_stop", rc, 0);
	rc = pipe_trigger(mon.pa, PIPE_CMD_STOP);
	e2e_check(rc == 0, "a_stop", rc, 0);
	mod_recovery_get_stats(&rs);
	for (unsigned int i = 0; i < AUDIO_EV_COUNT; i++)
		ev[i] = audio_notify_count((enum audio_event)i) - ev0[i];
	if (t)
		report(attack, pb, &b, &a, &rs, ev);
	teardown(pb, "b_teardown");
	teardown(mon.pa, "a_teardown");
	rc = wait_host_took_notifications();
	e2e_check(rc == 0, "host_took_every_notification", rc, 0);
}
