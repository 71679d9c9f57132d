/* SPDX-License-Identifier: MIT */
/*
 * The module interface: what an audio module implements and what it may
 * use. A module sees its connected buffers as ports (sotto/abuf.h) and its
 * own state; it never touches the scheduler, drivers or kernel objects. The
 * same source runs in kernel mode or as an unprivileged task: the audio
 * layer's module adapter hides the difference.
 *
 * Operations, in call order. "Cold" ones run at setup, "hot" ones every
 * period on the audio path:
 *
 *   init        required, cold  state (mod->priv, zeroed) and initial config
 *   set_config  optional, cold  a (possibly fragmented) configuration blob
 *   prepare     required, cold  check the input streams, choose the outputs
 *   process     required, HOT   consume sources, fill sinks; no blocking,
 *                               no allocation, bounded time
 *   reset       optional, cold  back to the state after init (keep config)
 *   get_config  optional, cold  read back a configuration blob
 *   free        optional, cold  release what init took (mod->priv is freed
 *                               by the adapter)
 *
 * Every operation returns 0 or a negative error code (kernel/errno.h).
 */
#ifndef SOTTO_MODULE_H
#define SOTTO_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sotto/abuf.h>
#include <sotto/pcm.h>

#define SOT_MODULE_MAX_PORTS 8

/* Where a module runs: in the low-latency tick or as its own deadline thread. */
enum sot_sched {
	SOT_SCHED_LL, /* every tick (1 ms), in tick order, one period at a time */
	SOT_SCHED_DP, /* released when a period of input and of output room is there */
};

/* A PCM stream's parameters. */
struct sot_stream {
	enum sot_pcm_format format;
	uint32_t channels; /* 1..8 */
	uint32_t rate;	   /* Hz, up to 192000 */
};

/* A connected buffer as the module sees it. */
struct sot_port {
	struct abuf *buf;
	struct sot_stream stream;
	uint32_t frame_bytes;
};

/* Fragment flags of set_config: a blob may arrive in pieces, in order. */
/* Pipeline state changes a module may act on (DMA endpoints start/stop their engine). */
enum sot_trigger {
	SOT_TRIGGER_START,   /* PREPARED -> RUNNING */
	SOT_TRIGGER_PAUSE,   /* RUNNING -> PAUSED */
	SOT_TRIGGER_RELEASE, /* PAUSED -> RUNNING */
	SOT_TRIGGER_STOP,    /* RUNNING or PAUSED -> PREPARED */
};

#define SOT_CFG_FIRST (1u << 0)
#define SOT_CFG_LAST  (1u << 1)

struct sot_module;

struct sot_module_ops {
	int (*init)(struct sot_module *mod);
	int (*prepare)(struct sot_module *mod, const struct sot_stream *in, unsigned int n_in,
		       struct sot_stream *out, unsigned int n_out);
	int (*process)(struct sot_module *mod, struct sot_port *src, unsigned int n_src,
		       struct sot_port *snk, unsigned int n_snk);
	int (*reset)(struct sot_module *mod);
	int (*trigger)(struct sot_module *mod, enum sot_trigger cmd);
	void (*free)(struct sot_module *mod);
	int (*set_config)(struct sot_module *mod, uint32_t param, uint32_t flags, uint32_t offset,
			  const void *data, size_t size, size_t total);
	int (*get_config)(struct sot_module *mod, uint32_t param, void *data, size_t *size);
};

/* A module type: one per module, registered with SOT_MODULE(). */
struct sot_module_desc {
	const char *name;
	uint32_t id; /* the module id the host uses (docs/modules.md) */
	uint8_t uuid[16];
	enum sot_sched sched;
	uint32_t formats; /* bit (1 << enum sot_pcm_format) per format it takes */
	uint8_t min_sources, max_sources, min_sinks, max_sinks;
	size_t priv_size; /* state the adapter allocates, zeroed, for each instance */
	const struct sot_module_ops *ops;
	uint32_t flags;	     /* SOT_MOD_*: how a module image runs */
	uint32_t heap_bytes; /* private heap of the type (instances' state); 0: 64 KiB */
};

/*
 * Module image flags (modules in modules/<name>/ built as images): by
 * default a type runs unprivileged in its domain; SOT_MOD_KERNEL runs the
 * same code privileged (trusted, no containment); SOT_MOD_UNTRUSTED gives an
 * LL type a domain of its own instead of the LL user domain.
 */
#define SOT_MOD_KERNEL	  (1u << 0)
#define SOT_MOD_UNTRUSTED (1u << 1)

/* One instance, as its code sees it. */
struct sot_module {
	const struct sot_module_desc *desc;
	void *priv;
	uint32_t period_frames; /* frames per period at the module's input rate */
	uint32_t instance_id;
};

/*
 * A configuration handed from set_config() (control side) to process()
 * (audio side) without a lock: the writer makes the sequence odd while it
 * copies; the reader takes a copy only if the sequence was even and did not
 * move meanwhile, and otherwise tries again next period.
 */
struct sot_cfg_seq {
	volatile uint32_t seq;
	uint32_t applied; /* the sequence process() last took */
};

/* Byte copy that never becomes a library call (module code calls nothing outside itself). */
static inline void sot_copy(void *dst, const volatile void *src, size_t size)
{
	volatile uint8_t *d = dst;
	const volatile uint8_t *s = src;

	while (size--)
		*d++ = *s++;
}

/* Control side: publish @size bytes of @src into @pending. */
static inline void sot_cfg_publish(struct sot_cfg_seq *q, void *pending, const void *src,
				   size_t size)
{
	__atomic_store_n(&q->seq, q->seq + 1, __ATOMIC_RELEASE);
	sot_copy(pending, src, size);
	__atomic_store_n(&q->seq, q->seq + 1, __ATOMIC_RELEASE);
}

/* Audio side: copy a new, complete @pending into @dst; true if there was one. */
static inline bool sot_cfg_take(struct sot_cfg_seq *q, void *dst, const void *pending, size_t size)
{
	uint32_t s = __atomic_load_n(&q->seq, __ATOMIC_ACQUIRE);

	if (s == q->applied || (s & 1))
		return false;
	sot_copy(dst, pending, size);
	if (__atomic_load_n(&q->seq, __ATOMIC_ACQUIRE) != s)
		return false;
	q->applied = s;
	return true;
}

/* Mark whatever is pending as taken (prepare applies it directly). */
static inline void sot_cfg_taken(struct sot_cfg_seq *q)
{
	q->applied = __atomic_load_n(&q->seq, __ATOMIC_ACQUIRE);
}

/* One contiguous run of a one-in, one-out module: @frames at @in into @out. */
typedef int (*sot_run_fn)(void *ctx, const void *in, void *out, uint32_t frames);

/*
 * The body of a one-in, one-out process(): as many frames as @src holds and
 * @snk has room for (a period in steady state), handed to @run piece by
 * contiguous piece of both rings, then committed. Returns @run's first error
 * (nothing is committed then).
 */
static inline int sot_process_1to1(struct sot_port *src, struct sot_port *snk, sot_run_fn run,
				   void *ctx)
{
	struct abuf_cursor in = {.fb = src->frame_bytes}, out = {.fb = snk->frame_bytes};
	uint32_t n = abuf_avail(src->buf), room = abuf_free(snk->buf), k;
	int rc = 0;

	if (n > room)
		n = room;
	abuf_read_region(src->buf, n, &in.r);
	abuf_write_region(snk->buf, n, &out.r);
	while (!rc && (k = abuf_cursor_run(&in)) != 0) {
		if (k > abuf_cursor_run(&out))
			k = abuf_cursor_run(&out);
		rc = run(ctx, abuf_cursor_ptr(&in), abuf_cursor_ptr(&out), k);
		in.off += k;
		out.off += k;
	}
	if (rc)
		return rc;
	abuf_read_commit(src->buf, n);
	abuf_write_commit(snk->buf, n);
	return 0;
}

#define SOT_MODULE(var)                                                 \
	static const struct sot_module_desc *const sot_module_ptr_##var \
		__attribute__((used, section(".sot_modules"), aligned(4))) = &var

#endif /* SOTTO_MODULE_H */
