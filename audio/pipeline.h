/* SPDX-License-Identifier: MIT */
/*
 * Pipelines: module instances connected by audio buffers, scheduled as one
 * unit. States and the commands that move between them:
 *
 *   CREATED --prepare--> PREPARED --start--> RUNNING --pause--> PAUSED
 *      ^                    |  ^                |                 |
 *      +------reset---------+  +-----stop-------+------stop-------+
 *                                               <-----start--------
 *
 * Anything else is refused with -EBUSY (the pipeline is in a state where
 * the command makes no sense) and changes nothing.
 */
#ifndef AUDIO_PIPELINE_H
#define AUDIO_PIPELINE_H

#include <stdint.h>

#include "audio/module_adapter.h"

#define PIPE_MAX_MODULES 16
#define PIPE_MAX_LINKS	 16
#define PIPE_BUF_PERIODS 2 /* buffers hold two periods */

enum pipe_state {
	PIPE_CREATED,
	PIPE_PREPARED,
	PIPE_RUNNING,
	PIPE_PAUSED,
};

enum pipe_cmd {
	PIPE_CMD_START,
	PIPE_CMD_PAUSE,
	PIPE_CMD_STOP,
};

struct pipe_link {
	struct mod_instance *src, *dst;
	unsigned int src_port, dst_port;
	struct abuf *buf;
	uint32_t frames, frame_bytes; /* its geometry as allocated (the kernel's copy) */
};

struct pipeline {
	uint32_t id;
	int prio;	    /* lower runs first within a tick */
	uint32_t period_us; /* 1000: the LL tick */
	enum pipe_state state;
	struct mod_instance *mods[PIPE_MAX_MODULES]; /* in processing order */
	unsigned int n_mods;
	struct pipe_link links[PIPE_MAX_LINKS];
	unsigned int n_links;
	uint32_t ticks;	       /* LL ticks it ran */
	uint32_t errors;       /* process() errors, LL and DP modules */
	uint32_t buf_repairs;  /* buffer headers found corrupt (by a module) and reset */
	struct pipeline *next; /* in the LL scheduler's list */
};

/* A new pipeline @id; 0, -EINVAL (period), -ENOMEM. */
int pipe_create(uint32_t id, int prio, uint32_t period_us, struct pipeline **out);

/*
 * Create an instance of module @name as @instance_id, give it the whole
 * configuration @cfg (@size bytes; none when NULL) and append it to @p.
 * The instance, or NULL with nothing left behind when a step fails.
 */
struct mod_instance *pipe_add_new(struct pipeline *p, const char *name, uint32_t instance_id,
				  const void *cfg, size_t size);

/* Delete @p and every instance and buffer in it; -EBUSY unless CREATED or PREPARED. */
int pipe_delete(struct pipeline *p);

/* From any state: stop, reset and delete @p (teardown of a pipeline one owns). */
void pipe_destroy(struct pipeline *p);

/* Append instance @m (processing order is the order of adding). -EBUSY, -ENOSPC. */
int pipe_add(struct pipeline *p, struct mod_instance *m);

/*
 * Connect output @src_port of @src to input @dst_port of @dst (both in @p,
 * @src added before @dst). The buffer is allocated at prepare, sized from
 * the negotiated stream. -EINVAL (order, self, ports), -EBUSY, -ENOSPC.
 */
int pipe_connect(struct pipeline *p, struct mod_instance *src, unsigned int src_port,
		 struct mod_instance *dst, unsigned int dst_port);

/*
 * Undo pipe_connect(): the link from output @src_port of @src to input
 * @dst_port of @dst goes. Ports are taken in order, so only the last
 * connected port of each side can go. -ENOENT (no such link), -EINVAL (not
 * the last port), -EBUSY (not CREATED).
 */
int pipe_disconnect(struct pipeline *p, struct mod_instance *src, unsigned int src_port,
		    struct mod_instance *dst, unsigned int dst_port);

/*
 * Take instance @m out of @p (the caller destroys it). -ENOENT (not in @p),
 * -EBUSY (@p not CREATED, or @m still connected).
 */
int pipe_remove(struct pipeline *p, struct mod_instance *m);

/*
 * Negotiate formats front to back and allocate the buffers (PIPE_BUF_PERIODS
 * periods each, from the shared buffer heap). An endpoint module with no
 * sources states its own output in prepare(). On error nothing stays
 * allocated and the pipeline stays CREATED.
 */
int pipe_prepare(struct pipeline *p);

/* START / PAUSE / STOP; -EBUSY for an illegal transition. */
int pipe_trigger(struct pipeline *p, enum pipe_cmd cmd);

/* Back to CREATED: modules reset, buffers freed. -EBUSY while RUNNING. */
int pipe_reset(struct pipeline *p);

/*
 * Before kernel code reads the rings of @m (a kernel module's process(),
 * a bypass, the DP scheduler's check): every buffer header of @m is checked
 * against the geometry the kernel gave it; one a module damaged (magic,
 * size, frame size, offset, positions) is reset empty. 0, or how many were.
 */
unsigned int pipe_ports_check(struct pipeline *p, struct mod_instance *m);

/*
 * One process() call of @m (in a pipeline): an error is counted in the
 * pipeline, and the first of a run of failing calls is reported to the
 * host (AUDIO_EV_PROCESS_ERROR with the error). The LL and DP schedulers
 * both call it.
 */
void pipe_run_module(struct mod_instance *m);

/*
 * One LL period: every LL module in order (the LL scheduler calls it); the
 * instances of the LL user domain in batches, one upcall each.
 */
void pipe_run_ll(struct pipeline *p);

#endif /* AUDIO_PIPELINE_H */
