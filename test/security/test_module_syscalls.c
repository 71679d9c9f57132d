/* SPDX-License-Identifier: MIT */
/*
 * The module system calls (kernel/sys_module.h, audio/mod_syscalls.h,
 * sotto/module_sys.h), made by t_hostile (test/modules/hostile/) as any
 * module would: standalone instances whose get_config() runs the action
 * on this thread (as the IPC thread would), and pipelines where process()
 * makes the calls from the LL batch and from a DP thread. Every refusal
 * is checked for its exact error or fault, every bound for its exact
 * count, and the heaps for what they hold afterwards.
 *
 * On boards that call module images directly (MODULES_USER=0) the calls
 * are not system calls at all: the SDK returns -ENOSYS without trapping
 * and the kernel serves none (checked there); the rest skips.
 */
#include <stddef.h>
#include <string.h>

#include <sotto/entry.h>
#include <sotto/module_cfg.h>
#include <sotto/module_sys.h>

#include "audio/ipc4.h"
#include "audio/ipc4_handler.h"
#include "audio/ll_sched.h"
#include "audio/mod_recovery.h"
#include "audio/mod_syscalls.h"
#include "audio/module_adapter.h"
#include "audio/module_image.h"
#include "audio/notify.h"
#include "audio/pipeline.h"
#include "drivers/dai/dai_mem.h"
#include "kernel/domain.h"
#include "kernel/errno.h"
#include "kernel/heap.h"
#include "kernel/mm.h"
#include "kernel/sys_module.h"
#include "kernel/thread.h"
#include "kernel/upcall.h"
#include "test/audio/notify_capture.h"
#include "test/harness/ktest.h"
#include "test/kernel/leak_check.h"
#include "test/modules/hostile/hostile.h"
#include "test/security/sec_pipe.h"

#define HOSTILE	     "t_hostile"
#define NOT_A_MODULE (CONFIG_MODULES_USER ? -EPERM : -ENOSYS)
#define FRAMES	     4800
#define PPL	     5	/* pipeline id */
#define DAI	     12 /* memory DAI id */

static int16_t ring[FRAMES * 2];
static struct dai_mem dai;
static struct pipeline *pipe;
static struct mod_instance *inst[2];
static audio_notify_sink_t saved_sink;
static bool sink_off, moved;

static void teardown(void)
{
	struct domain *d = mod_image_domain(HOSTILE);
	struct audio_notification n;

	notify_capture_stop();
	if (sink_off) {
		while (audio_notify_pop(&n))
			;
		audio_notify_set_sink(saved_sink);
		sink_off = false;
	}
	if (pipe) {
		pipe_destroy(pipe);
		pipe = NULL;
	}
	dai_unregister(&dai.dai);
	for (unsigned int i = 0; i < 2; i++) {
		if (inst[i])
			mod_destroy(inst[i]);
		inst[i] = NULL;
	}
	if (moved)
		mod_image_set_trusted(HOSTILE, false);
	moved = false;
	if (d)
		d->fault_on_bad_pointer = true;
}
KTEST_SUITE(mod_sys, NULL, teardown);

static void need_user_modules(void)
{
	if (!mod_image_user(HOSTILE))
		ktest_skip("module images are called directly here (MODULES_USER=0): no module "
			   "system calls");
}

/* Instance @k of t_hostile with id @id, in no pipeline. */
static struct mod_instance *standalone(unsigned int k, uint32_t id)
{
	KT_ASSERT_EQ(mod_create(mod_find_name(HOSTILE), id, &inst[k]), 0);
	return inst[k];
}

static void configure(struct mod_instance *m, struct t_hostile_cfg cfg)
{
	cfg.where = T_IN_GET_CONFIG;
	KT_ASSERT_EQ(
		mod_config(m, 0, SOT_CFG_FIRST | SOT_CFG_LAST, 0, &cfg, sizeof(cfg), sizeof(cfg)),
		0);
}

/* get_config(): @m makes its configured calls, then reports. Its result. */
static int act(struct mod_instance *m, struct t_hostile_state *st)
{
	size_t size = sizeof(*st);

	memset(st, 0, sizeof(*st));
	return mod_get_config(m, 0, st, &size);
}

/* Configure and act; the instance must not fail. */
static void run(struct mod_instance *m, struct t_hostile_cfg cfg, struct t_hostile_state *st)
{
	configure(m, cfg);
	KT_ASSERT_EQ(act(m, st), 0);
	KT_ASSERT_EQ(m->failed, 0);
}

/* The raw system call @nr with @a0..@a2 from @m: what it returned. */
static int32_t syscall_from(struct mod_instance *m, uint32_t nr, uint32_t a0, uint32_t a1,
			    uint32_t a2)
{
	struct t_hostile_cfg cfg = {.attack = T_ATK_SYSCALL, .target = nr, .arg = {a0, a1, a2}};
	struct t_hostile_state st;

	run(m, cfg, &st);
	return st.last_rc;
}

static struct mod_heap_stats heap_now(void)
{
	struct mod_heap_stats h;

	KT_ASSERT_EQ(mod_image_heap_stats(HOSTILE, &h), 0);
	return h;
}

static void wait_restarted(struct mod_instance *m, uint32_t restarts0)
{
	struct mod_recovery_stats r;

	for (int i = 0; i < 500; i++) {
		mod_recovery_get_stats(&r);
		if (r.restarts > restarts0 && !m->recovering && !m->failed)
			return;
		thread_sleep_us(1000);
	}
	KT_FAIL("%s.%lu was not restarted", m->mod.desc->name, (unsigned long)m->mod.instance_id);
}

/* From a thread that is no module instance: refused after the arguments are checked. */
KTEST(mod_sys, calls_from_no_module_are_refused)
{
	KT_ASSERT(upcall_owner() == NULL);
	KT_ASSERT_EQ(sys_mod_heap_alloc(64, 8, 0, 0, 0, 0), NOT_A_MODULE);
	KT_ASSERT_EQ(sys_mod_heap_alloc(0, 8, 0, 0, 0, 0), -EINVAL);
	KT_ASSERT_EQ(sys_mod_heap_alloc(64, 3, 0, 0, 0, 0), -EINVAL);
	KT_ASSERT_EQ(sys_mod_heap_free((uint32_t)(uintptr_t)&kheap, 0, 0, 0, 0, 0), NOT_A_MODULE);
	KT_ASSERT_EQ(sys_ipc_msg_send(1, 0, 0, 0, 0, 0), NOT_A_MODULE);
	KT_ASSERT_EQ(sys_ipc_msg_send(1, 0, SOT_MSG_MAX + 1, 0, 0, 0), -EMSGSIZE);
	KT_ASSERT_EQ(sys_send_resource_notif(SOT_RES_EV_PROCESS_DATA_ERROR, 0, 0, 0, 0, 0),
		     NOT_A_MODULE);
}

/* MODULES_USER=0: module code runs privileged in SVC mode; the SDK makes no system call. */
KTEST(mod_sys, directly_called_images_get_enosys)
{
	struct t_hostile_state st;
	struct mod_instance *m;

	if (mod_image_user(HOSTILE))
		ktest_skip("module images run through upcalls here: they make the calls");
	m = standalone(0, 1);
	run(m, (struct t_hostile_cfg){.attack = T_ACT_NOTIFY, .target = 1}, &st);
	KT_ASSERT_EQ(st.last_rc, -ENOSYS);
	run(m, (struct t_hostile_cfg){.attack = T_ACT_RES_EVENT, .target = 3}, &st);
	KT_ASSERT_EQ(st.last_rc, -ENOSYS);
	run(m, (struct t_hostile_cfg){.attack = T_ACT_HEAP_FREE, .target = 64}, &st);
	KT_ASSERT_EQ(st.last_rc, -ENOSYS);
	run(m, (struct t_hostile_cfg){.attack = T_ACT_HEAP_USE, .arg = {64, 8}}, &st);
	KT_ASSERT_EQ(st.ptr, 0);
	KT_ASSERT_EQ(heap_now().mod_blocks, 0);
}

/*
 * Allocate, use, free: the block is in the type's heap, aligned, zeroed
 * (also when a freed one comes back), counted against the type, and what
 * the instance still holds is freed when it is deleted.
 */
KTEST(mod_sys, heap_alloc_use_free)
{
	struct mod_heap_stats h0, h1, h;
	struct t_hostile_state st;
	struct mod_instance *m;
	vaddr_t heap_va = mod_image_heap_va(HOSTILE);
	uint32_t ptr;
	const uint8_t *k;

	need_user_modules();
	h0 = heap_now();
	m = standalone(0, 1);
	h1 = heap_now();
	KT_ASSERT_GT(h1.used, h0.used); /* its state */
	KT_ASSERT_EQ(h1.mod_blocks, h0.mod_blocks);

	run(m, (struct t_hostile_cfg){.attack = T_ACT_HEAP_USE, .arg = {1000, 256}}, &st);
	KT_ASSERT_EQ(st.last_rc, 0);
	KT_ASSERT_EQ(st.read, 1); /* zeroed */
	ptr = st.ptr;
	KT_ASSERT_EQ(ptr % 256, 0);
	KT_ASSERT_GE(ptr, heap_va);
	KT_ASSERT_LE(ptr + 1000, heap_va + h1.capacity);
	h = heap_now();
	KT_ASSERT_EQ(h.mod_blocks, h1.mod_blocks + 1);
	KT_ASSERT_EQ(h.mod_bytes, 1024); /* whole granules */
	KT_ASSERT_EQ(h.used, h1.used + 1024);
	/* What the module wrote is where the kernel keeps the type's heap. */
	k = (const uint8_t *)(uintptr_t)(ptr + CONFIG_USER_VA_OFFSET);
	for (unsigned int i = 0; i < 1000; i++)
		KT_ASSERT_EQ(k[i], 0xa5);

	run(m, (struct t_hostile_cfg){.attack = T_ACT_HEAP_FREE}, &st);
	KT_ASSERT_EQ(st.last_rc, 0);
	h = heap_now();
	KT_ASSERT_EQ(h.used, h1.used);
	KT_ASSERT_EQ(h.mod_blocks, h1.mod_blocks);
	run(m, (struct t_hostile_cfg){.attack = T_ACT_HEAP_FREE, .target = ptr}, &st);
	KT_ASSERT_EQ(st.last_rc, -EINVAL); /* twice */

	/* First fit: the same block again, zeroed again. */
	run(m, (struct t_hostile_cfg){.attack = T_ACT_HEAP_USE, .arg = {1000, 256}}, &st);
	KT_ASSERT_EQ(st.ptr, ptr);
	KT_ASSERT_EQ(st.read, 1);

	mod_destroy(m);
	inst[0] = NULL;
	h = heap_now();
	KT_ASSERT_EQ(h.used, h0.used);
	KT_ASSERT_EQ(h.mod_blocks, h0.mod_blocks);
	KT_ASSERT_EQ(h.mod_bytes, h0.mod_bytes);
}

/*
 * Allocate until refused, then ever smaller: the instance gets exactly what
 * the type heap had left, -ENOMEM past it, and nothing else moves — the
 * kernel heap, the page pool, the buffer heap, another type's heap.
 */
KTEST(mod_sys, heap_exhaustion_stops_exactly_at_the_quota)
{
	struct t_hostile_cfg cfg = {.attack = T_ATK_HEAP_EXHAUST, .arg = {4096, 8, 32}};
	struct mod_heap_stats h0, h1, h, vol0, vol1;
	struct heap_stats buf0, buf1;
	struct t_hostile_state st;
	struct leak_snap before;
	struct mod_instance *m;

	need_user_modules();
	h0 = heap_now();
	m = standalone(0, 1);
	configure(m, cfg);
	h1 = heap_now();
	KT_ASSERT_EQ(mod_image_heap_stats("volume", &vol0), 0);
	heap_stats(&buf_heap, &buf0);
	leak_snap(&before);

	KT_ASSERT_EQ(act(m, &st), 0);
	KT_ASSERT_EQ(st.bytes, h1.capacity - h1.used);
	KT_ASSERT_EQ(st.last_rc, -ENOMEM);
	KT_ASSERT_LE(st.ok, MOD_HEAP_BLOCKS);
	h = heap_now();
	KT_ASSERT_EQ(h.used, h.capacity);
	KT_ASSERT_EQ(h.mod_bytes, st.bytes);
	KT_ASSERT_EQ(h.mod_blocks, st.ok);
	leak_assert_same(&before);
	heap_stats(&buf_heap, &buf1);
	KT_ASSERT_EQ(buf1.used, buf0.used);
	KT_ASSERT_EQ(mod_image_heap_stats("volume", &vol1), 0);
	KT_ASSERT_EQ(vol1.used, vol0.used);

	/* Nothing more, however small. */
	run(m, (struct t_hostile_cfg){.attack = T_ACT_HEAP_USE, .arg = {1, 8}}, &st);
	KT_ASSERT_EQ(st.ptr, 0);

	/* Deleted: the heap is as before it was created. */
	mod_destroy(m);
	inst[0] = NULL;
	h = heap_now();
	KT_ASSERT_EQ(h.used, h0.used);
	KT_ASSERT_EQ(h.mod_blocks, 0);

	/* Small blocks: the instance's table of blocks runs out first (-ENOSPC). */
	m = standalone(0, 1);
	run(m, (struct t_hostile_cfg){.attack = T_ATK_HEAP_EXHAUST, .arg = {32, 8, 32}}, &st);
	KT_ASSERT_EQ(st.ok, MOD_HEAP_BLOCKS);
	KT_ASSERT_EQ(st.last_rc, -ENOSPC);
	mod_destroy(m);
	inst[0] = NULL;
	KT_ASSERT_EQ(heap_now().used, h0.used);
}

/* Every bad heap argument gets its exact error, and none is a fault. */
KTEST(mod_sys, heap_bad_arguments_get_exact_errors)
{
	uint32_t alloc = SOT_SYS_NR(mod_heap_alloc), free = SOT_SYS_NR(mod_heap_free);
	uint32_t faults = fault_contained_count();
	struct mod_heap_stats h1;
	struct t_hostile_state st;
	struct mod_instance *m;
	uint32_t priv, ptr;

	need_user_modules();
	m = standalone(0, 1);
	h1 = heap_now();
	priv = (uint32_t)domain_va((paddr_t)(uintptr_t)m->mod.priv);
	KT_ASSERT_EQ(syscall_from(m, alloc, 0, 8, 0), -EINVAL);
	KT_ASSERT_EQ(syscall_from(m, alloc, 64, 24, 0), -EINVAL);
	KT_ASSERT_EQ(syscall_from(m, alloc, 64, 2 * PAGE_SIZE, 0), -EINVAL);
	KT_ASSERT_EQ(syscall_from(m, alloc, 0x7fffffff, 8, 0), -ENOMEM);
	KT_ASSERT_EQ(syscall_from(m, alloc, 0xffffffff, 8, 0), -ENOMEM);
	KT_ASSERT_EQ(syscall_from(m, alloc, h1.capacity + 1, 8, 0), -ENOMEM);
	KT_ASSERT_EQ(syscall_from(m, free, (uint32_t)(uintptr_t)&kheap, 0, 0), -EINVAL);
	KT_ASSERT_EQ(syscall_from(m, free, (uint32_t)mod_image_heap_va("volume"), 0, 0), -EINVAL);
	KT_ASSERT_EQ(syscall_from(m, free, 0, 0, 0), -EINVAL);
	KT_ASSERT_EQ(syscall_from(m, free, 0xffffffe0u, 0, 0), -EINVAL);
	KT_ASSERT_EQ(syscall_from(m, free, priv, 0, 0), -EINVAL); /* its state stays */

	run(m, (struct t_hostile_cfg){.attack = T_ACT_HEAP_USE, .arg = {100, 8}}, &st);
	ptr = st.ptr;
	KT_ASSERT_NE(ptr, 0);
	KT_ASSERT_EQ(syscall_from(m, free, ptr + 32, 0, 0), -EINVAL); /* inside it */
	KT_ASSERT_EQ(syscall_from(m, free, ptr + 1, 0, 0), -EINVAL);

	/* Another instance of the same type cannot free it either. */
	KT_ASSERT_EQ(syscall_from(standalone(1, 2), free, ptr, 0, 0), -EINVAL);
	KT_ASSERT_EQ(syscall_from(m, free, ptr, 0, 0), 0);
	KT_ASSERT_EQ(heap_now().mod_blocks, 0);
	KT_ASSERT_EQ(fault_contained_count(), faults);
	KT_ASSERT_EQ(m->failed, 0);
}

/* A fault of the instance: it restarts with none of the blocks it held. */
KTEST(mod_sys, heap_blocks_are_freed_on_restart)
{
	struct mod_recovery_stats r0;
	struct mod_heap_stats h1, h;
	struct t_hostile_state st;
	struct mod_instance *m;

	need_user_modules();
	m = standalone(0, 1);
	h1 = heap_now();
	run(m, (struct t_hostile_cfg){.attack = T_ACT_HEAP_USE, .arg = {2000, 8}}, &st);
	run(m, (struct t_hostile_cfg){.attack = T_ACT_HEAP_USE, .arg = {300, 64}}, &st);
	h = heap_now();
	KT_ASSERT_EQ(h.mod_blocks, 2);
	KT_ASSERT_EQ(h.used, h1.used + 2016 + 320);

	mod_recovery_get_stats(&r0);
	configure(m, (struct t_hostile_cfg){.attack = T_ATK_READ,
					    .target = (uint32_t)(uintptr_t)&kheap});
	KT_ASSERT_EQ(act(m, &st), -EFAULT);
	wait_restarted(m, r0.restarts);
	h = heap_now();
	KT_ASSERT_EQ(h.mod_blocks, 0);
	KT_ASSERT_EQ(h.used, h1.used);
	/* And it works again. */
	run(m, (struct t_hostile_cfg){.attack = T_ACT_HEAP_USE, .arg = {64, 8}}, &st);
	KT_ASSERT_NE(st.ptr, 0);
}

/*
 * A notification and a resource event as the host gets them: the queue
 * entry the host link forwards, and the IPC4 words it makes of it.
 */
KTEST(mod_sys, notifications_reach_the_host)
{
	const struct audio_notification *n;
	struct mod_msg_bound b;
	struct t_hostile_state st;
	struct mod_instance *m;
	uint32_t pri, ext, data[2];

	need_user_modules();
	m = standalone(0, 3);
	notify_capture_start();
	run(m,
	    (struct t_hostile_cfg){
		    .attack = T_ACT_NOTIFY, .target = 0x1234, .arg = {0x11223344, 0x55667788, 6}},
	    &st);
	KT_ASSERT_EQ(st.last_rc, 0);
	run(m,
	    (struct t_hostile_cfg){.attack = T_ACT_RES_EVENT,
				   .target = SOT_RES_EV_PROCESS_DATA_ERROR,
				   .arg = {(uint32_t)-EIO, 7}},
	    &st);
	KT_ASSERT_EQ(st.last_rc, 0);
	run(m, (struct t_hostile_cfg){.attack = T_ACT_NOTIFY, .target = 0xffff}, &st);
	KT_ASSERT_EQ(st.last_rc, 0);
	KT_ASSERT_EQ(notify_captured(), 3);

	n = notify_captured_at(0);
	KT_ASSERT_EQ(n->ev, AUDIO_EV_MODULE_MESSAGE);
	KT_ASSERT_EQ(n->module, T_HOSTILE_ID);
	KT_ASSERT_EQ(n->instance, 3);
	KT_ASSERT_EQ(n->code, 0x1234);
	KT_ASSERT_EQ(n->size, 6);
	KT_ASSERT_EQ(n->value, 0x11223344);
	KT_ASSERT_EQ(n->value2, 0x7788); /* nothing past its size */
	KT_ASSERT(ipc4_event_notification(n, &pri, &ext, data));
	KT_ASSERT_EQ(pri, 0x1b0c1234u); /* NOTIFICATION, MODULE_NOTIFICATION (12), event */
	KT_ASSERT_EQ(ext, 0x0603f0f0u); /* size 6, instance 3, module 0xf0f0 */
	KT_ASSERT_EQ(data[0], 0x11223344);
	KT_ASSERT_EQ(data[1], 0x7788);

	n = notify_captured_at(1);
	KT_ASSERT_EQ(n->ev, AUDIO_EV_MODULE_EVENT);
	KT_ASSERT_EQ(n->code, IPC4_RES_EV_PROCESS_DATA_ERROR);
	KT_ASSERT(ipc4_event_notification(n, &pri, &ext, data));
	KT_ASSERT_EQ(pri, 0x1b050003u); /* RESOURCE_EVENT, PROCESS_DATA_ERROR */
	KT_ASSERT_EQ(ext, 0x0003f0f0u); /* MODULE_INSTANCE, the instance */
	KT_ASSERT_EQ((int32_t)data[0], -EIO);
	KT_ASSERT_EQ(data[1], 7);

	n = notify_captured_at(2);
	KT_ASSERT(ipc4_event_notification(n, &pri, &ext, data));
	KT_ASSERT_EQ(pri, 0x1b0cffffu);
	KT_ASSERT_EQ(ext, 0x0003f0f0u); /* no data */
	KT_ASSERT_EQ(data[0] | data[1], 0);
	mod_syscalls_get_stats(m, &b);
	KT_ASSERT_EQ(b.sent, 3);
	KT_ASSERT_EQ(b.dropped, 0);
}

/*
 * Refused: a type past 16 bits, more than 8 bytes (before the pointer is
 * looked at), the resource events a module may not raise. Nothing queued.
 */
KTEST(mod_sys, notification_bad_arguments_get_exact_errors)
{
	static const uint32_t refused[] = {0, 4, 6, 7, 8, 9, 0x8000, 0x8001, 0x8002, 0x10003};
	static const uint32_t allowed[] = {
		SOT_RES_EV_MIXER_UNDERRUN, SOT_RES_EV_STREAM_DATA_SEGMENT,
		SOT_RES_EV_PROCESS_DATA_ERROR, SOT_RES_EV_BUFFERING_MODE_CHANGED};
	uint32_t faults = fault_contained_count();
	struct t_hostile_state st;
	struct mod_instance *m;

	need_user_modules();
	m = standalone(0, 3);
	notify_capture_start();
	run(m, (struct t_hostile_cfg){.attack = T_ACT_NOTIFY, .target = 0x10000}, &st);
	KT_ASSERT_EQ(st.last_rc, -EINVAL);
	KT_ASSERT_EQ(syscall_from(m, SOT_SYS_NR(ipc_msg_send), 1, (uint32_t)(uintptr_t)&kheap,
				  SOT_MSG_MAX + 1),
		     -EMSGSIZE);
	KT_ASSERT_EQ(syscall_from(m, SOT_SYS_NR(ipc_msg_send), 1, 0, 0xffffffff), -EMSGSIZE);
	for (unsigned int i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		run(m, (struct t_hostile_cfg){.attack = T_ACT_RES_EVENT, .target = refused[i]},
		    &st);
		KT_ASSERT_EQ(st.last_rc, -EINVAL);
	}
	KT_ASSERT_EQ(notify_captured(), 0);
	for (unsigned int i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		run(m, (struct t_hostile_cfg){.attack = T_ACT_RES_EVENT, .target = allowed[i]},
		    &st);
		KT_ASSERT_EQ(st.last_rc, 0);
		KT_ASSERT_EQ(notify_captured_at(i)->code, allowed[i]);
	}
	KT_ASSERT_EQ(notify_captured(), 4);
	KT_ASSERT_EQ(fault_contained_count(), faults);
}

/*
 * A kernel or a foreign pointer as a notification's data: the module's
 * fault (FAULT_BAD_POINTER, contained, restarted) as its domain says, or
 * -EFAULT where the domain says so; nothing reaches the host either way.
 */
KTEST(mod_sys, bad_data_pointer_is_the_modules_fault)
{
	uint32_t nr = SOT_SYS_NR(ipc_msg_send), foreign = (uint32_t)mod_image_heap_va("volume");
	struct domain *d = mod_image_domain(HOSTILE);
	struct mod_recovery_stats r0, r1;
	struct t_hostile_state st;
	struct mod_instance *m;

	need_user_modules();
	KT_ASSERT(d && d->fault_on_bad_pointer);
	m = standalone(0, 3);
	notify_capture_start();
	mod_recovery_get_stats(&r0);
	configure(m, (struct t_hostile_cfg){.attack = T_ATK_SYSCALL,
					    .target = nr,
					    .arg = {1, (uint32_t)(uintptr_t)&kheap, 8}});
	KT_ASSERT_EQ(act(m, &st), -EFAULT);
	mod_recovery_get_stats(&r1);
	KT_ASSERT_EQ(r1.faults - r0.faults, 1);
	KT_ASSERT_EQ(r1.last.kind, FAULT_KIND_SYSCALL);
	KT_ASSERT_EQ(r1.last.cls, FAULT_BAD_POINTER);
	KT_ASSERT_EQ(r1.last.addr, (uintptr_t)&kheap);
	wait_restarted(m, r0.restarts);

	mod_recovery_get_stats(&r0);
	configure(m, (struct t_hostile_cfg){
			     .attack = T_ATK_SYSCALL, .target = nr, .arg = {1, foreign, 4}});
	KT_ASSERT_EQ(act(m, &st), -EFAULT);
	mod_recovery_get_stats(&r1);
	KT_ASSERT_EQ(r1.last.cls, FAULT_BAD_POINTER);
	KT_ASSERT_EQ(r1.last.addr, foreign);
	wait_restarted(m, r0.restarts);

	d->fault_on_bad_pointer = false;
	KT_ASSERT_EQ(syscall_from(m, nr, 1, foreign, 4), -EFAULT);
	KT_ASSERT_EQ(syscall_from(m, nr, 1, (uint32_t)(uintptr_t)&kheap, 8), -EFAULT);
	d->fault_on_bad_pointer = true;
	/* The module-only events: only the two faults. */
	KT_ASSERT_EQ(notify_captured_count(AUDIO_EV_MODULE_MESSAGE, T_HOSTILE_ID), 0);
	KT_ASSERT_EQ(notify_captured_count(AUDIO_EV_MODULE_FAULT, T_HOSTILE_ID), 2);
}

/*
 * Two instances flood the queue toward the host, which nobody drains: each
 * gets MOD_MSG_BURST per window at most, all modules together never the
 * last AUDIO_NOTIFY_RESERVE slots, the rest is -EAGAIN and counted. The
 * underrun another pipeline's copier reports then still gets in, nothing is
 * dropped, and a window later the flooder may send again.
 */
KTEST(mod_sys, flood_is_bounded_and_xruns_get_through)
{
	const uint32_t module_room = AUDIO_NOTIFY_QUEUE - AUDIO_NOTIFY_RESERVE;
	struct audio_notification n;
	struct t_hostile_state st;
	struct mod_msg_bound ba, bb;
	struct mod_instance *a, *b;
	uint32_t dropped0, k = 0;

	need_user_modules();
	a = standalone(0, 4);
	b = standalone(1, 5);
	saved_sink = audio_notify_set_sink(NULL);
	sink_off = true;
	while (audio_notify_pop(&n))
		;
	dropped0 = audio_notify_dropped();

	run(a, (struct t_hostile_cfg){.attack = T_ATK_IPC_FLOOD, .arg = {40, 7}}, &st);
	KT_ASSERT_EQ(st.ok, MOD_MSG_BURST);
	KT_ASSERT_EQ(st.fails, 40 - MOD_MSG_BURST);
	KT_ASSERT_EQ(st.last_rc, -EAGAIN);
	mod_syscalls_get_stats(a, &ba);
	KT_ASSERT_EQ(ba.sent, MOD_MSG_BURST);
	KT_ASSERT_EQ(ba.dropped, 40 - MOD_MSG_BURST);

	run(b,
	    (struct t_hostile_cfg){
		    .attack = T_ATK_IPC_FLOOD, .target = 1, .arg = {40, SOT_RES_EV_MIXER_UNDERRUN}},
	    &st);
	KT_ASSERT_EQ(st.ok, module_room - MOD_MSG_BURST);
	KT_ASSERT_EQ(st.last_rc, -EAGAIN);
	mod_syscalls_get_stats(b, &bb);
	KT_ASSERT_EQ(bb.dropped, 40 - (module_room - MOD_MSG_BURST));

	/* The xrun a dai_copier of pipeline 2 reports (audio/copier_dma.c does the same). */
	KT_ASSERT(audio_notify(AUDIO_EV_UNDERRUN, 0x0103, 2, 1));
	KT_ASSERT_EQ(audio_notify_dropped(), dropped0);

	for (; audio_notify_pop(&n); k++) {
		if (k < MOD_MSG_BURST) {
			KT_ASSERT_EQ(n.ev, AUDIO_EV_MODULE_MESSAGE);
			KT_ASSERT_EQ(n.instance, 4);
			KT_ASSERT_EQ(n.value, k);
		} else if (k < module_room) {
			KT_ASSERT_EQ(n.ev, AUDIO_EV_MODULE_EVENT);
			KT_ASSERT_EQ(n.instance, 5);
			KT_ASSERT_EQ(n.code, SOT_RES_EV_MIXER_UNDERRUN);
		} else {
			KT_ASSERT_EQ(n.ev, AUDIO_EV_UNDERRUN);
			KT_ASSERT_EQ(n.module, 0x0103);
		}
	}
	KT_ASSERT_EQ(k, module_room + 1);

	/* A new window: a may send again. */
	thread_sleep_us(MOD_MSG_WINDOW_US + 1000);
	run(a, (struct t_hostile_cfg){.attack = T_ATK_IPC_FLOOD, .arg = {1, 7}}, &st);
	KT_ASSERT_EQ(st.ok, 1);
}

/* Pipeline PPL: tone -> t_hostile (@cfg) -> dai_out, run for @ms with events captured. */
static struct mod_instance *play(const char *mid, const struct t_hostile_cfg *cfg, uint32_t ms)
{
	struct mod_instance *m;

	KT_ASSERT_EQ(dai_mem_init(&dai, DAI, DAI_PLAYBACK, ring, sizeof(ring)), 0);
	pipe = sec_tone_pipe(PPL, DAI, mid, cfg, sizeof(*cfg), &m);
	notify_capture_start();
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_START), 0);
	thread_sleep_us(ms * 1000);
	KT_ASSERT_EQ(pipe_trigger(pipe, PIPE_CMD_STOP), 0);
	notify_capture_stop();
	return m;
}

static void unplay(void)
{
	pipe_destroy(pipe);
	pipe = NULL;
	dai_unregister(&dai.dai);
}

static struct t_hostile_state state_of(struct mod_instance *m)
{
	struct t_hostile_state st;
	size_t size = sizeof(st);

	KT_ASSERT_EQ(mod_get_config(m, 0, &st, &size), 0);
	return st;
}

/*
 * t_hostile moved into the LL user domain runs in the tick's one batch
 * upcall after tone: its calls are its own (the runner's cur), a cur past
 * the items names nobody (-EPERM), and a cur that names tone passes for
 * tone — what trusted LL types sharing a domain accept (docs/security.md).
 */
KTEST(mod_sys, ll_batch_calls_are_the_running_items)
{
	struct t_hostile_cfg cfg = {.attack = T_ACT_NOTIFY, .after = 3, .target = 0x42};
	vaddr_t cur = mod_image_ll_batch_va() + offsetof(struct sot_batch, cur);
	const struct audio_notification *n;
	struct mod_image_stats s0, s1;
	struct mod_instance *h;

	need_user_modules();
	KT_ASSERT_EQ(mod_image_set_trusted(HOSTILE, true), 0);
	moved = true;

	mod_image_get_stats(&s0);
	h = play(HOSTILE, &cfg, 20);
	mod_image_get_stats(&s1);
	KT_ASSERT(mod_image_ll_batched(h));
	KT_ASSERT_GE(s1.ll_batches - s0.ll_batches, 15);
	KT_ASSERT_EQ(state_of(h).last_rc, 0);
	KT_ASSERT_EQ(notify_captured_count(AUDIO_EV_MODULE_MESSAGE, T_HOSTILE_ID), 1);
	n = notify_captured_at(0);
	KT_ASSERT_EQ(n->instance, PPL * 10 + 1);
	KT_ASSERT_EQ(n->code, 0x42);
	unplay();

	/* Heap blocks from the batch are the instance's, and go with it. */
	cfg = (struct t_hostile_cfg){.attack = T_ACT_HEAP_USE, .after = 3, .arg = {500, 8}};
	h = play(HOSTILE, &cfg, 20);
	KT_ASSERT_NE(state_of(h).ptr, 0);
	KT_ASSERT_EQ(heap_now().mod_blocks, 1);
	unplay();
	KT_ASSERT_EQ(heap_now().mod_blocks, 0);

	cfg = (struct t_hostile_cfg){.attack = T_ATK_BATCH_LIE,
				     .after = 3,
				     .target = (uint32_t)cur,
				     .arg = {1000, 0x43}};
	h = play(HOSTILE, &cfg, 20);
	KT_ASSERT_EQ(state_of(h).last_rc, -EPERM);
	KT_ASSERT_EQ(notify_captured(), 0);
	unplay();

	cfg.arg[0] = 0; /* tone's item */
	h = play(HOSTILE, &cfg, 20);
	KT_ASSERT_EQ(state_of(h).last_rc, 0);
	KT_ASSERT_EQ(notify_captured(), 1);
	n = notify_captured_at(0);
	KT_ASSERT_EQ(n->module, 0x0201);
	KT_ASSERT_EQ(n->instance, PPL * 10);
	KT_ASSERT_EQ(n->code, 0x43);
	unplay();
}

/* A DP instance calls from its own thread's upcall: the same, named right. */
KTEST(mod_sys, dp_instance_calls)
{
	struct t_hostile_cfg cfg = {.attack = T_ACT_NOTIFY, .after = 3, .target = 0x44};
	const struct audio_notification *n;
	struct mod_instance *h;

	if (!mod_image_user("t_hostile_dp"))
		ktest_skip("module images are called directly here (MODULES_USER=0)");
	h = play("t_hostile_dp", &cfg, 30);
	KT_ASSERT_EQ(state_of(h).last_rc, 0);
	KT_ASSERT_EQ(notify_captured(), 1);
	n = notify_captured_at(0);
	KT_ASSERT_EQ(n->ev, AUDIO_EV_MODULE_MESSAGE);
	KT_ASSERT_EQ(n->module, T_HOSTILE_DP_ID);
	KT_ASSERT_EQ(n->instance, PPL * 10 + 1);
	unplay();
}

/* The IPC4 words of a module notification (docs/ipc4.md), both boards. */
KTEST(mod_sys, module_notification_words)
{
	struct audio_notification n = {.ev = AUDIO_EV_MODULE_MESSAGE,
				       .module = 0x0202,
				       .instance = 1,
				       .value = 0xdeadbeef,
				       .code = 5,
				       .size = 4};
	struct ipc4_hdr h = ipc4_enc_module_notification(5, 0x0202, 1, 4);
	uint32_t pri, ext, data[2];

	KT_ASSERT_EQ(h.primary, 0x1b0c0005u);
	KT_ASSERT_EQ(h.ext, 0x04010202u);
	KT_ASSERT(ipc4_event_notification(&n, &pri, &ext, data));
	KT_ASSERT_EQ(pri, h.primary);
	KT_ASSERT_EQ(ext, h.ext);
	KT_ASSERT_EQ(data[0], 0xdeadbeef);
	n = (struct audio_notification){.ev = AUDIO_EV_MODULE_EVENT,
					.module = 0x0203,
					.instance = 2,
					.code = IPC4_RES_EV_MIXER_UNDERRUN,
					.value = 1};
	KT_ASSERT(ipc4_event_notification(&n, &pri, &ext, data));
	KT_ASSERT_EQ(pri, 0x1b050001u);
	KT_ASSERT_EQ(ext, 0x00020203u);
	KT_ASSERT_EQ(data[0], 1);
}
