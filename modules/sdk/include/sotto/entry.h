/* SPDX-License-Identifier: MIT */
/*
 * How the module adapter enters a module image (the ABI between the audio
 * layer and modules/sdk/lib/entry.c; module code never uses it). Every
 * operation on an instance is one call of the image's entry with the
 * instance's call block, which lives in memory the module's domain holds:
 * the adapter fills the arguments in, the entry calls the module's
 * operation with them and leaves the results there. The LL scheduler runs a
 * whole tick of instances with one call of the image's batch runner.
 */
#ifndef SOTTO_ENTRY_H
#define SOTTO_ENTRY_H

#include <stdint.h>

#include <sotto/module.h>

enum sot_op {
	SOT_OP_INIT,
	SOT_OP_PREPARE, /* in[] -> out[] */
	SOT_OP_PROCESS, /* src[], snk[] */
	SOT_OP_RESET,
	SOT_OP_TRIGGER, /* cmd */
	SOT_OP_FREE,
	SOT_OP_SET_CONFIG, /* param, flags, offset, size, total; the bytes at cfg */
	SOT_OP_GET_CONFIG, /* param; size in: room at cfg, out: bytes written */
	SOT_OP_COUNT
};

/* One instance's block. */
struct sot_call {
	struct sot_module mod;
	struct sot_port src[SOT_MODULE_MAX_PORTS], snk[SOT_MODULE_MAX_PORTS];
	uint32_t n_src, n_snk;
	struct sot_stream in[SOT_MODULE_MAX_PORTS], out[SOT_MODULE_MAX_PORTS];
	uint32_t param, flags, offset, size, total, cmd;
	void *cfg; /* configuration bytes (the adapter's copy, in the module's domain) */
};

/* The image's entry: run operation @op on @c. 0 or a negative error code. */
typedef int (*sot_entry_fn)(struct sot_call *c, uint32_t op);

/*
 * One LL tick: process() of every listed instance, in order. The runner
 * stores in cur the index of the item it is about to run: the kernel names
 * the caller of a system call made during the batch by it (bounded by its
 * own count of items; a module lying about it can only pass for another
 * instance of the trusted LL domain, docs/security.md).
 */
#define SOT_BATCH_MAX 16
struct sot_batch {
	uint32_t n;
	uint32_t cur;
	struct {
		sot_entry_fn entry;
		struct sot_call *call;
		int32_t rc; /* written by the runner */
	} item[SOT_BATCH_MAX];
};

typedef int (*sot_batch_fn)(struct sot_batch *b);

/*
 * What an image exports: its rodata starts with the SOT_MODULE() pointer to
 * its descriptor, then this.
 */
struct sot_image_head {
	sot_entry_fn entry;
	sot_batch_fn batch;
};

#endif /* SOTTO_ENTRY_H */
