/* SPDX-License-Identifier: MIT */
/* The hostile test module (hostile.h): only the SDK, like every module. */
#include <errno.h>
#include <string.h>

#include <sotto/module.h>
#include <sotto/module_sys.h>
#include <sotto/sotto.h>

#include "test/modules/hostile/hostile.h"

struct hostile {
	struct t_hostile_cfg cfg;
	struct t_hostile_state st;
	uint32_t fb;
	uint32_t code[2]; /* "executable" data: mov r0, #0; bx lr */
};

static __attribute__((noinline)) uint32_t recurse(volatile uint32_t depth)
{
	volatile uint8_t pad[256];

	pad[0] = (uint8_t)depth;
	if (depth > 0x100000u) /* never: the guard page stops it long before */
		return 0;
	return recurse(depth + 1) + pad[0];
}

/* Allocate chunks until refused, then ever smaller ones: all the heap there is. */
static void heap_exhaust(struct hostile *h)
{
	h->st.ok = h->st.bytes = 0;
	for (uint32_t chunk = h->cfg.arg[0]; chunk && chunk >= h->cfg.arg[2];) {
		long rc = sot_sys_mod_heap_alloc(chunk, h->cfg.arg[1]);

		if (sot_is_err(rc)) {
			h->st.last_rc = (int32_t)rc;
			chunk /= 2;
			continue;
		}
		h->st.ok++;
		h->st.bytes += chunk;
	}
}

static void ipc_flood(struct hostile *h)
{
	h->st.ok = h->st.fails = 0;
	for (uint32_t i = 0; i < h->cfg.arg[0]; i++) {
		int rc = h->cfg.target ? sot_resource_notif(h->cfg.arg[1], i, 0)
				       : sot_ipc_msg_send(h->cfg.arg[1], &i, sizeof(i));

		if (!rc) {
			h->st.ok++;
		} else {
			if (!h->st.fails)
				h->st.last_rc = rc;
			h->st.fails++;
		}
	}
}

static void heap_use(struct hostile *h)
{
	uint8_t *p = sot_mod_alloc(h->cfg.arg[0], h->cfg.arg[1]);

	h->st.ptr = (uint32_t)(uintptr_t)p;
	h->st.last_rc = p ? 0 : -ENOMEM;
	h->st.read = 1;
	for (uint32_t i = 0; p && i < h->cfg.arg[0]; i++) {
		h->st.read &= p[i] == 0;
		p[i] = 0xa5;
	}
}

static void attack(struct sot_module *mod, struct hostile *h)
{
	volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)h->cfg.target;
	volatile uint32_t stack_code[2] = {0xe3a00000u, 0xe12fff1eu};
	int (*fn)(void);

	switch (h->cfg.attack) {
	case T_ATK_READ:
		h->st.read = *p;
		break;
	case T_ATK_WRITE:
		*p = 0xdeadbeefu;
		break;
	case T_ATK_WRITE_CODE:
		*(volatile uint32_t *)(uintptr_t)mod->desc->ops->process = 0;
		break;
	case T_ATK_EXEC_DATA:
		h->code[0] = 0xe3a00000u;
		h->code[1] = 0xe12fff1eu;
		fn = (int (*)(void))(uintptr_t)h->code;
		fn();
		break;
	case T_ATK_EXEC_STACK:
		fn = (int (*)(void))(uintptr_t)stack_code;
		fn();
		break;
	case T_ATK_STACK_OVERFLOW:
		h->st.read = recurse(0);
		break;
	case T_ATK_PRIV_INSTR:
		__asm__ volatile("mcr p15, 0, %0, c1, c0, 0" ::"r"(0) : "memory"); /* SCTLR */
		break;
	case T_ATK_SPIN:
		for (;;)
			__asm__ volatile("" ::: "memory");
	case T_ATK_SYSCALL:
		h->st.last_rc = (int32_t)sot_syscall6(h->cfg.target, h->cfg.arg[0], h->cfg.arg[1],
						      h->cfg.arg[2], 0, 0, 0);
		break;
	case T_ATK_HEAP_EXHAUST:
		heap_exhaust(h);
		break;
	case T_ATK_IPC_FLOOD:
		ipc_flood(h);
		break;
	case T_ACT_HEAP_USE:
		heap_use(h);
		break;
	case T_ACT_HEAP_FREE:
		h->st.last_rc = sot_mod_free(
			(void *)(uintptr_t)(h->cfg.target ? h->cfg.target : h->st.ptr));
		if (!h->st.last_rc && !h->cfg.target)
			h->st.ptr = 0;
		break;
	case T_ACT_NOTIFY:
		h->st.last_rc = sot_ipc_msg_send(h->cfg.target, &h->cfg.arg[0], h->cfg.arg[2]);
		break;
	case T_ACT_RES_EVENT:
		h->st.last_rc = sot_resource_notif(h->cfg.target, h->cfg.arg[0], h->cfg.arg[1]);
		break;
	case T_ATK_BATCH_LIE:
		*p = h->cfg.arg[0];
		h->st.last_rc = sot_ipc_msg_send(h->cfg.arg[1], NULL, 0);
		break;
	default:
		return;
	}
	h->st.attacks++;
}

static int hostile_init(struct sot_module *mod)
{
	struct hostile *h = mod->priv;

	if (h->cfg.where == T_IN_INIT)
		attack(mod, h);
	return 0;
}

static int hostile_set_config(struct sot_module *mod, uint32_t param, uint32_t flags,
			      uint32_t offset, const void *data, size_t size, size_t total)
{
	struct hostile *h = mod->priv;

	(void)param;
	(void)flags;
	(void)offset;
	(void)total;
	if (size != sizeof(h->cfg))
		return -EINVAL;
	memcpy(&h->cfg, data, sizeof(h->cfg));
	if (h->cfg.attack >= T_ATK_COUNT)
		return -EINVAL;
	if (h->cfg.where == T_IN_SET_CONFIG)
		attack(mod, h);
	return 0;
}

static int hostile_get_config(struct sot_module *mod, uint32_t param, void *data, size_t *size)
{
	struct hostile *h = mod->priv;

	(void)param;
	if (h->cfg.where == T_IN_GET_CONFIG)
		attack(mod, h);
	if (*size > sizeof(h->st))
		*size = sizeof(h->st);
	memcpy(data, &h->st, *size);
	return 0;
}

static int hostile_prepare(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
			   struct sot_stream *out, unsigned int n_out)
{
	struct hostile *h = mod->priv;

	if (n_in != 1 || n_out != 1)
		return -EINVAL;
	out[0] = in[0];
	h->fb = sot_pcm_bytes(in[0].format) * in[0].channels;
	return 0;
}

static int copy_run(void *ctx, const void *in, void *out, uint32_t frames)
{
	struct hostile *h = ctx;

	memcpy(out, in, (size_t)frames * h->fb);
	return 0;
}

static int hostile_process(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
			   struct sot_port *snk, unsigned int n_snk)
{
	struct hostile *h = mod->priv;
	uint32_t n = h->st.periods++;

	(void)n_src;
	(void)n_snk;
	if (h->cfg.where == T_IN_PROCESS && h->cfg.attack != T_ATK_NONE && n >= h->cfg.after &&
	    (n == h->cfg.after || (h->cfg.every && (n - h->cfg.after) % h->cfg.every == 0))) {
		if (h->cfg.attack == T_ATK_GARBAGE_POS) {
			struct abuf *o = snk[0].buf;

			if (h->st.attacks & 1) {
				/* Each position in range, but more in it than it holds. */
				o->rpos = o->size - o->frame_bytes;
				o->wpos = o->size - 2 * o->frame_bytes;
			} else {
				o->wpos = 3;
				o->size = 0x7fffffffu;
			}
			h->st.attacks++;
			return 0;
		}
		attack(mod, h);
	}
	return sot_process_1to1(&src[0], &snk[0], copy_run, h);
}

static const struct sot_module_ops hostile_ops = {
	.init = hostile_init,
	.prepare = hostile_prepare,
	.process = hostile_process,
	.set_config = hostile_set_config,
	.get_config = hostile_get_config,
};

#ifndef HOSTILE_NAME /* test/modules/hostile_dp/ builds the DP twin */
#define HOSTILE_NAME  "t_hostile"
#define HOSTILE_ID    T_HOSTILE_ID
#define HOSTILE_SCHED SOT_SCHED_LL
#endif

static const struct sot_module_desc hostile_desc = {
	.name = HOSTILE_NAME,
	.id = HOSTILE_ID,
	.sched = HOSTILE_SCHED,
	.formats = 1u << SOT_PCM_S16_LE | 1u << SOT_PCM_S24_4LE | 1u << SOT_PCM_S32_LE,
	.min_sources = 1,
	.max_sources = 1,
	.min_sinks = 1,
	.max_sinks = 1,
	.priv_size = sizeof(struct hostile),
	.ops = &hostile_ops,
	.flags = SOT_MOD_UNTRUSTED,
};
SOT_MODULE(hostile_desc);
