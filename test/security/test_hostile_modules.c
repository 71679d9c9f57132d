/* SPDX-License-Identifier: MIT */
/*
 * The hostile module suite: t_hostile (test/modules/hostile/), built with
 * the public SDK and run like any module image, attacks from its pipeline A
 * (tone -> t_hostile -> memory DAI 7) while pipeline B (tone -> volume ->
 * memory DAI 8) plays beside it. Each case asserts the exact fault or error,
 * that B played every frame bit-exact (against a run of B alone) with no
 * xrun, that A was bypassed and restarted, and that nothing leaked.
 */
#include <string.h>

#include <sotto/module_cfg.h>

#include "audio/ll_sched.h"
#include "audio/mod_recovery.h"
#include "audio/module_image.h"
#include "audio/pipeline.h"
#include "drivers/dai/dai_mem.h"
#include "kernel/domain.h"
#include "kernel/errno.h"
#include "kernel/fault.h"
#include "kernel/heap.h"
#include "kernel/mm.h"
#include "kernel/thread.h"
#include "test/harness/ktest.h"
#include "test/kernel/leak_check.h"
#include "test/modules/hostile/hostile.h"
#include "test/security/sec_pipe.h"

#define FRAMES 9600 /* 200 ms at 48 kHz */
#define RUN_US 40000

static int16_t ring_a[FRAMES * 2], ring_b[FRAMES * 2], got_b[FRAMES * 2], ref_b[FRAMES * 2];
static uint32_t ref_frames;
static struct dai_mem dai_a, dai_b;
static struct pipeline *pa, *pb;
static struct mod_instance *hostile;
static struct leak_snap before;
static struct heap_stats buf_before;

static void drop(struct pipeline **p)
{
	if (*p)
		pipe_destroy(*p);
	*p = NULL;
}

static void teardown(void)
{
	drop(&pa);
	drop(&pb);
	hostile = NULL;
	dai_unregister(&dai_a.dai);
	dai_unregister(&dai_b.dai);
}
KTEST_SUITE(hostile_mod, NULL, teardown);

static void bystander(void)
{
	struct sot_volume_cfg vol = {.ramp_frames = 0};

	pb = sec_tone_pipe(2, 8, "volume", &vol, sizeof(vol), NULL);
}

/* Once: what B plays alone, the reference every case compares with. */
static void reference(void)
{
	/* Containment is what is tested: boards that call modules directly skip. */
	if (!mod_image_user("t_hostile"))
		ktest_skip("module images run privileged on this board (MODULES_USER=0)");
	if (ref_frames)
		return;
	KT_ASSERT_EQ(dai_mem_init(&dai_b, 8, DAI_PLAYBACK, ring_b, sizeof(ring_b)), 0);
	bystander();
	KT_ASSERT_EQ(pipe_trigger(pb, PIPE_CMD_START), 0);
	thread_sleep_us(RUN_US);
	KT_ASSERT_EQ(pipe_trigger(pb, PIPE_CMD_STOP), 0);
	ref_frames = dai_mem_drain(&dai_b, ref_b, FRAMES);
	KT_ASSERT_GE(ref_frames, 30 * 48);
	drop(&pb);
	dai_unregister(&dai_b.dai);
}

/* A with @cfg beside B, both started in the same tick, for RUN_US. */
/* A target a case cannot know before B exists: B's first buffer (see b_buffer_va). */
#define AT_B_BUFFER 1u
static uint32_t b_buffer_va; /* where every domain that holds it sees it */

/* Attacker @type with @attack beside B, both started in the same tick, for @run_us. */
static void run_pair(const char *type, const struct t_hostile_cfg *attack, uint32_t run_us)
{
	struct t_hostile_cfg cfg = *attack;

	reference();
	leak_snap(&before);
	heap_stats(&buf_heap, &buf_before);
	KT_ASSERT_EQ(dai_mem_init(&dai_a, 7, DAI_PLAYBACK, ring_a, sizeof(ring_a)), 0);
	KT_ASSERT_EQ(dai_mem_init(&dai_b, 8, DAI_PLAYBACK, ring_b, sizeof(ring_b)), 0);
	bystander();
	b_buffer_va = (uint32_t)domain_va((paddr_t)(uintptr_t)pb->links[0].buf);
	if (cfg.target == AT_B_BUFFER)
		cfg.target = b_buffer_va;
	pa = sec_tone_pipe(1, 7, type, &cfg, sizeof(cfg), &hostile);
	KT_ASSERT_EQ(pipe_trigger(pb, PIPE_CMD_START), 0);
	KT_ASSERT_EQ(pipe_trigger(pa, PIPE_CMD_START), 0);
	thread_sleep_us(run_us);
	KT_ASSERT_EQ(pipe_trigger(pb, PIPE_CMD_STOP), 0);
	KT_ASSERT_EQ(pipe_trigger(pa, PIPE_CMD_STOP), 0);
}

static void run_attack(const struct t_hostile_cfg *cfg)
{
	run_pair("t_hostile", cfg, RUN_US);
}

/*
 * B was not touched: every frame as when it played alone, no xrun, no
 * repair, at least @min_ms of it (ticks an attacker's budget took are late,
 * not lost from the sequence).
 */
static void assert_bystander_intact_ms(uint32_t min_ms)
{
	uint32_t n = dai_mem_drain(&dai_b, got_b, FRAMES);
	uint32_t cmp = n < ref_frames ? n : ref_frames;

	KT_ASSERT_GE(n, min_ms * 48);
	KT_ASSERT_EQ(memcmp(got_b, ref_b, cmp * 4), 0);
	KT_ASSERT_EQ(dai_b.dai.xruns, 0);
	KT_ASSERT_EQ(pb->errors, 0);
	KT_ASSERT_EQ(pb->buf_repairs, 0);
}

static void assert_bystander_intact(void)
{
	assert_bystander_intact_ms(30);
}

/* A kept playing (bypassed while it recovered): frames arrived all along. */
static void assert_a_kept_pace(void)
{
	KT_ASSERT_GE(dai_mem_level(&dai_a), 30 * 48);
	KT_ASSERT_EQ(dai_a.dai.xruns, 0);
}

static void finish_and_check_leaks(void)
{
	struct heap_stats buf_after;

	teardown();
	heap_stats(&buf_heap, &buf_after);
	KT_ASSERT_EQ(buf_after.allocs, buf_before.allocs);
	KT_ASSERT_EQ(buf_after.used, buf_before.used);
	leak_assert_same(&before);
}

/*
 * The attack in process() faults with @kind/@cls. Each restart starts the
 * module's period count again, so it attacks again 5 periods later: the
 * whole policy runs, RESTART_MAX restarts, then bypassed for good; A plays
 * on all along (bypassed while it recovers), B is untouched.
 */
static void fault_case(uint32_t attack, uint32_t target, enum fault_kind kind, enum fault_class cls)
{
	struct t_hostile_cfg cfg = {
		.attack = attack, .where = T_IN_PROCESS, .after = 5, .target = target};
	struct mod_recovery_stats r0, r1;

	mod_recovery_get_stats(&r0);
	run_attack(&cfg);
	mod_recovery_get_stats(&r1);
	KT_ASSERT_EQ(r1.faults - r0.faults, RESTART_MAX + 1);
	KT_ASSERT_EQ(r1.restarts - r0.restarts, RESTART_MAX);
	KT_ASSERT_EQ(r1.bypassed - r0.bypassed, 1);
	KT_ASSERT_EQ(r1.last.kind, kind);
	KT_ASSERT_EQ(r1.last.cls, cls);
	KT_ASSERT_EQ(r1.last_module, T_HOSTILE_ID);
	KT_ASSERT(hostile->bypassed);
	KT_ASSERT_GT(hostile->bypass_periods, 0);
	assert_a_kept_pace();
	assert_bystander_intact();
	finish_and_check_leaks();
}

KTEST(hostile_mod, read_kernel_memory)
{
	fault_case(T_ATK_READ, (uint32_t)(uintptr_t)&kheap, FAULT_KIND_DATA_ABORT,
		   FAULT_PERMISSION);
	KT_ASSERT_EQ(mod_recovery_last()->addr, (uintptr_t)&kheap);
}

KTEST(hostile_mod, write_kernel_memory)
{
	fault_case(T_ATK_WRITE, (uint32_t)(uintptr_t)&kheap, FAULT_KIND_DATA_ABORT,
		   FAULT_PERMISSION);
	KT_ASSERT(mod_recovery_last()->is_write);
}

KTEST(hostile_mod, read_another_module_types_heap)
{
	uint32_t heap = (uint32_t)mod_image_heap_va("volume");

	KT_ASSERT_NE(heap, 0);
	fault_case(T_ATK_READ, heap, FAULT_KIND_DATA_ABORT, FAULT_TRANSLATION);
}

KTEST(hostile_mod, write_another_module_types_heap)
{
	uint32_t heap = (uint32_t)mod_image_heap_va("volume");

	fault_case(T_ATK_WRITE, heap, FAULT_KIND_DATA_ABORT, FAULT_TRANSLATION);
}

KTEST(hostile_mod, read_another_pipelines_buffer)
{
	fault_case(T_ATK_READ, AT_B_BUFFER, FAULT_KIND_DATA_ABORT, FAULT_TRANSLATION);
	KT_ASSERT_EQ(mod_recovery_last()->addr, b_buffer_va);
}

KTEST(hostile_mod, write_own_code)
{
	fault_case(T_ATK_WRITE_CODE, 0, FAULT_KIND_DATA_ABORT, FAULT_PERMISSION);
}

KTEST(hostile_mod, execute_its_data)
{
	fault_case(T_ATK_EXEC_DATA, 0, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION);
}

KTEST(hostile_mod, execute_its_stack)
{
	fault_case(T_ATK_EXEC_STACK, 0, FAULT_KIND_PREFETCH_ABORT, FAULT_PERMISSION);
}

KTEST(hostile_mod, overflow_its_stack)
{
	fault_case(T_ATK_STACK_OVERFLOW, 0, FAULT_KIND_DATA_ABORT, FAULT_STACK_GUARD);
}

KTEST(hostile_mod, privileged_instruction)
{
	fault_case(T_ATK_PRIV_INSTR, 0, FAULT_KIND_UNDEFINED, FAULT_PRIVILEGED_INSTR);
}

KTEST(hostile_mod, spin_forever_in_ll_process)
{
	struct t_hostile_cfg cfg = {.attack = T_ATK_SPIN, .after = 5};
	struct mod_recovery_stats r0, r1;

	mod_recovery_get_stats(&r0);
	run_attack(&cfg);
	mod_recovery_get_stats(&r1);
	KT_ASSERT_EQ(r1.faults - r0.faults, RESTART_MAX + 1);
	KT_ASSERT_EQ(r1.last_err, -ETIMEDOUT);
	KT_ASSERT_EQ(r1.restarts - r0.restarts, RESTART_MAX);
	KT_ASSERT(hostile->bypassed);
	/* B lost ticks to each spin (5 ms budgets), not a frame of its sequence. */
	assert_bystander_intact_ms(15);
	finish_and_check_leaks();
}

KTEST(hostile_mod, garbage_buffer_positions_are_repaired)
{
	struct t_hostile_cfg cfg = {.attack = T_ATK_GARBAGE_POS, .after = 5, .every = 7};

	/* Out of range, then in range but fuller than the ring: both repaired. */
	struct t_hostile_state st;
	size_t size = sizeof(st);

	run_attack(&cfg);
	KT_ASSERT_EQ(mod_get_config(hostile, 0, &st, &size), 0);
	KT_ASSERT_GE(st.attacks, 5);
	KT_ASSERT_EQ(pa->buf_repairs, st.attacks); /* each one found and repaired */
	assert_bystander_intact();
	finish_and_check_leaks();
}

KTEST(hostile_mod, kernel_pointer_to_a_syscall)
{
	struct t_hostile_cfg cfg = {
		.attack = T_ATK_SYSCALL, .where = T_IN_PROCESS, .after = 5, .target = 4 /* log */};
	struct mod_recovery_stats r0, r1;

	cfg.arg[0] = (uint32_t)(uintptr_t)&kheap;
	cfg.arg[1] = 8;
	mod_recovery_get_stats(&r0);
	run_attack(&cfg);
	mod_recovery_get_stats(&r1);
	/* Module domains treat a bad pointer as the module's fault. */
	KT_ASSERT_EQ(r1.faults - r0.faults, RESTART_MAX + 1);
	KT_ASSERT_EQ(r1.last.kind, FAULT_KIND_SYSCALL);
	KT_ASSERT_EQ(r1.last.cls, FAULT_BAD_POINTER);
	assert_bystander_intact();
	finish_and_check_leaks();
}

KTEST(hostile_mod, restart_replays_config_and_plays_between_faults)
{
	struct t_hostile_cfg cfg = {
		.attack = T_ATK_READ, .after = 8, .target = (uint32_t)(uintptr_t)&kheap};
	struct mod_recovery_stats r0, r1;
	struct t_hostile_state st;
	size_t size = sizeof(st);

	mod_recovery_get_stats(&r0);
	run_attack(&cfg);
	mod_recovery_get_stats(&r1);
	/* 40 ticks: a fault after 8 periods of clean play each time, 3 restarts, then bypass. */
	KT_ASSERT_EQ(r1.restarts - r0.restarts, RESTART_MAX);
	KT_ASSERT_EQ(r1.bypassed - r0.bypassed, 1);
	/* Its configuration was replayed at each restart (else it would not attack again). */
	KT_ASSERT_EQ(mod_get_config(hostile, 0, &st, &size), -EFAULT); /* bypassed: failed */
	assert_a_kept_pace();
	assert_bystander_intact();
	finish_and_check_leaks();
}

/* A module of the LL tick cannot block it: a sleep comes back at once with -EAGAIN. */
KTEST(hostile_mod, ll_module_cannot_block_the_tick)
{
	struct t_hostile_cfg cfg = {.attack = T_ATK_SYSCALL,
				    .after = 5,
				    .every = 3,
				    .target = 3 /* sleep_us */,
				    .arg = {50000, 0, 0}};
	struct mod_recovery_stats r0, r1;
	struct t_hostile_state st;
	size_t size = sizeof(st);

	mod_recovery_get_stats(&r0);
	run_attack(&cfg);
	mod_recovery_get_stats(&r1);
	KT_ASSERT_EQ(r1.faults, r0.faults); /* no budget overrun: it never slept */
	KT_ASSERT_EQ(mod_get_config(hostile, 0, &st, &size), 0);
	KT_ASSERT_GE(st.attacks, 10);
	KT_ASSERT_EQ(st.last_rc, -EAGAIN);
	assert_a_kept_pace();
	assert_bystander_intact();
	finish_and_check_leaks();
}

/*
 * The DP twin (its own thread and domain) spins: stopped at each 20 ms
 * budget, three restarts, then bypassed for good; the LL pipeline beside it
 * runs every tick meanwhile.
 */
KTEST(hostile_mod, spin_forever_in_dp_process)
{
	struct t_hostile_cfg cfg = {.attack = T_ATK_SPIN, .after = 5};
	struct mod_recovery_stats r0, r1;

	mod_recovery_get_stats(&r0);
	run_pair("t_hostile_dp", &cfg, 160000);
	mod_recovery_get_stats(&r1);
	KT_ASSERT_EQ(r1.faults - r0.faults, RESTART_MAX + 1);
	KT_ASSERT_EQ(r1.restarts - r0.restarts, RESTART_MAX);
	KT_ASSERT_EQ(r1.bypassed - r0.bypassed, 1);
	KT_ASSERT_EQ(r1.last_err, -ETIMEDOUT);
	KT_ASSERT_EQ(r1.last_module, T_HOSTILE_DP_ID);
	KT_ASSERT(hostile->bypassed);
	/* The spin was a DP thread's: the LL tick never waited for it. */
	KT_ASSERT_GE(pb->ticks, 155);
	assert_bystander_intact_ms(155);
	/* A flowed through the bypass between and after the restarts. */
	KT_ASSERT_GE(dai_mem_level(&dai_a), 60 * 48);
	finish_and_check_leaks();
}
