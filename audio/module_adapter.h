/* SPDX-License-Identifier: MIT */
/*
 * The module adapter: the only code that calls module operations. It owns
 * each instance's state, ports and last configuration, measures every
 * process() call, and is where user-mode modules will be entered later —
 * module code cannot tell.
 */
#ifndef AUDIO_MODULE_ADAPTER_H
#define AUDIO_MODULE_ADAPTER_H

#include <stdbool.h>
#include <stdint.h>

#include <sotto/module.h>

#define MOD_CFG_MAX 4096 /* bytes of configuration an instance keeps */

enum mod_state {
	MOD_STATE_INIT,	    /* created, configured */
	MOD_STATE_PREPARED, /* streams negotiated, buffers sized */
	MOD_STATE_ACTIVE,   /* processing */
};

struct pipeline;
struct mod_img_inst;

struct mod_instance {
	struct sot_module mod; /* what the module's code sees */
	enum mod_state state;
	struct pipeline *pipe;
	struct sot_port src[SOT_MODULE_MAX_PORTS], snk[SOT_MODULE_MAX_PORTS];
	unsigned int n_src, n_snk; /* connected ports */
	uint8_t *cfg;		   /* the configuration in use: the last blob set_config() took */
	uint32_t cfg_param;
	size_t cfg_size;
	uint8_t *pending; /* a blob being assembled from fragments, not given to the module yet */
	uint32_t pending_param;
	size_t pending_size;
	size_t pending_filled; /* bytes of it received so far */
	uint32_t calls;	       /* process() statistics, in cycles (instructions under -icount) */
	uint32_t cost_last, cost_max;
	uint64_t cost_total;
	struct mod_img_inst *img; /* an image type's instance (audio/module_image.c), else NULL */
	int failed;		  /* an image instance that faulted/overran: its error, else 0 */
	volatile bool recovering; /* being restarted: bypassed meanwhile */
	bool bypassed;		  /* past its restart limit: bypassed for good */
	uint32_t restarts;	  /* in the current window */
	uint64_t restart_window_start;
	uint32_t bypass_periods; /* periods the adapter ran it as a bypass */
	uint32_t fault_cycles;	 /* arch_cycles() at its last fault */
	bool restarted;		 /* restarted, its first period not processed yet */
	bool dying;		 /* being destroyed: never queued for a restart again */
	uint32_t errors;	 /* process() calls that returned an error */
	bool failing;		 /* the last process() call failed (reported once per run) */
	void *dp;		 /* the DP scheduler's task, for SOT_SCHED_DP instances */
};

/* Boot: the adapter's lock. */
void mod_adapter_init(void);

/* The registered module type with @id / @name, or NULL. */
const struct sot_module_desc *mod_find(uint32_t id);
const struct sot_module_desc *mod_find_name(const char *name);

/* A new instance of @desc: state allocated and init() run. 0, -ENOMEM, or init's error. */
int mod_create(const struct sot_module_desc *desc, uint32_t instance_id, struct mod_instance **out);

/* free() the module and release everything of the instance. */
void mod_destroy(struct mod_instance *m);

/*
 * Deliver a configuration fragment (SOT_CFG_FIRST/LAST in @flags, @offset
 * into a blob of @total bytes). Fragments must arrive in order and are
 * assembled apart from the configuration in use (a new first fragment drops
 * only a blob still in transfer); the complete blob is passed whole to
 * set_config() and becomes the instance's configuration only if the module
 * takes it. 0, -EINVAL (order, sizes; a LAST short of @total ends the
 * transfer), -ENOMEM, -ENOTSUP (module takes no config), or the module's
 * error (the blob is dropped, the configuration in use stays).
 */
int mod_config(struct mod_instance *m, uint32_t param, uint32_t flags, uint32_t offset,
	       const void *data, size_t size, size_t total);

/*
 * Read configuration @param into @data (*@size bytes of room; the bytes
 * written on return): the module's get_config() if it has one, else the last
 * blob it took under @param (none: 0 bytes). 0, -ENOTSUP (the
 * module takes no configuration), -E2BIG (no room), or the module's error.
 */
int mod_get_config(struct mod_instance *m, uint32_t param, void *data, size_t *size);

/* Negotiate: input streams from the source ports, outputs into the sink ports. */
int mod_prepare(struct mod_instance *m);

/* One process() call, measured. */
int mod_process(struct mod_instance *m);

/* The module's trigger() if it has one (else 0). */
int mod_trigger(struct mod_instance *m, enum sot_trigger cmd);

/*
 * Start a failed image instance again: state zeroed, init(), its last
 * complete configuration, prepare() (the same streams as before), and
 * start if its pipeline runs. 0 or the error (it stays failed).
 */
int mod_restart(struct mod_instance *m);

/* reset() and back to MOD_STATE_INIT. */
int mod_reset(struct mod_instance *m);

#endif /* AUDIO_MODULE_ADAPTER_H */
