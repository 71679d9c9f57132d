/* SPDX-License-Identifier: MIT */
/*
 * Module images: the module types built from modules/<name>/ (modules.mk),
 * each linked alone where user code sees it, run through upcalls
 * (kernel/upcall.h) in a domain that holds only what they need:
 *
 *   LL user domain   every trusted LL type: their text (RX), rodata (R),
 *                    data (RW) and private heaps, the LL user heap (call
 *                    blocks, configuration scratch, the tick's batch), an
 *                    LL stack and a control stack, and the buffers between
 *                    its instances;
 *   a type's domain  a DP type, or an LL type marked SOT_MOD_UNTRUSTED: the
 *                    same for that type alone, plus a stack per DP instance.
 *
 * A type runs unprivileged unless its descriptor says SOT_MOD_KERNEL (then
 * the same code runs privileged with the same address space). The module
 * adapter (audio/module_adapter.c) is the only caller.
 */
#ifndef AUDIO_MODULE_IMAGE_H
#define AUDIO_MODULE_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sotto/entry.h>

#include "kernel/mem.h"

struct mod_instance;
struct pipeline;
struct abuf;

/* Check and register every image, build the domains. 0 or an error (boot). */
int mod_images_init(void);

/* The image type with host id @id / @name (its checked descriptor copy), or NULL. */
const struct sot_module_desc *mod_image_find(uint32_t id);
const struct sot_module_desc *mod_image_find_name(const char *name);

/* True if @desc is an image type's (its code runs through upcalls). */
bool mod_image_is(const struct sot_module_desc *desc);

/* True if the image type of @desc has operation @op (init, prepare, process always). */
bool mod_image_has_op(const struct sot_module_desc *desc, enum sot_op op);

/* Give @m (an image type's instance) its call block and state; then init(). */
int mod_image_create(struct mod_instance *m);

/* For a restart: the instance's state zeroed (and its type's data as built), init() again. */
int mod_image_renew(struct mod_instance *m);

/* free(), then release the call block, state and stacks. */
void mod_image_destroy(struct mod_instance *m);

/* Arguments of one operation beyond the ports (which come from @m). */
struct mod_op_args {
	uint32_t param, flags, offset, total, cmd;
	void *data;		/* SET_CONFIG: the bytes; GET_CONFIG: where they go */
	size_t size;		/* SET_CONFIG: bytes at data; GET_CONFIG: room in, bytes out */
	struct sot_stream *out; /* PREPARE: the output streams the module chose */
};

/*
 * Run @op on @m: ports, streams and @a are copied into the call block first
 * and results out after (never trusted beyond their sizes). The module's
 * return value, or -EFAULT (it faulted), -ETIMEDOUT (over its budget),
 * -ECANCELED (its domain was stopped); after those the instance is marked
 * failed (m->failed) and every later operation returns the same error.
 */
int mod_image_op(struct mod_instance *m, enum sot_op op, struct mod_op_args *a);

/* A DP instance gets a stack of its own (at prepare) and gives it back. */
int mod_image_dp_attach(struct mod_instance *m);
void mod_image_dp_detach(struct mod_instance *m);

/* Map buffer @b (@bytes, from the buffer heap) into @m's domain / unmap it. */
int mod_image_map(struct mod_instance *m, struct abuf *b, size_t bytes);
void mod_image_unmap(struct mod_instance *m, struct abuf *b);

/*
 * The LL tick, in the LL thread: consecutive instances of the LL user
 * domain are collected (mod_image_ll_add() with their index in @p; true if
 * it fits) and run with one upcall of the batch runner by
 * mod_image_ll_flush(), which also stores each one's result in @rc[index].
 * The tick flushes before any other module, so the order stays @p's.
 */
bool mod_image_ll_batched(const struct mod_instance *m);
bool mod_image_ll_add(struct mod_instance *m, unsigned int index);
void mod_image_ll_flush(struct pipeline *p, int *rc);

/*
 * Run image type @name unprivileged (@user) or privileged from now on (the
 * same code; its pieces are mapped again accordingly). Tests and
 * benchmarks compare the two. 0, -ENOENT, -EBUSY (it has instances).
 */
int mod_image_set_user(const char *name, bool user);

/* True if image type @name runs unprivileged. */
bool mod_image_user(const char *name);

/* The user address of the private heap of image type @name (tests), or 0. */
vaddr_t mod_image_heap_va(const char *name);

/*
 * The module system calls (audio/mod_syscalls.c) on an instance's behalf.
 *
 * mod_image_caller(): the instance whose code made the current system
 * call, from its upcall's owner (kernel/upcall.h): the instance an
 * operation runs for; in the LL batch, the item the runner says it is at
 * (b->cur), bounded by the kernel's count of items: a trusted LL module
 * that lies about it passes for another instance of its domain at worst.
 * NULL if it names none.
 *
 * Heap blocks come from the type's private heap, the one its instances'
 * state is in, in whole 32-byte granules, zeroed; each instance keeps up
 * to MOD_HEAP_BLOCKS and gets them all back when it is destroyed or
 * restarted. mod_image_heap_alloc(): the block's user address, -ENOMEM
 * (no room), -ENOSPC (MOD_HEAP_BLOCKS live), -EINVAL (@size 0); @align a
 * power of two up to a page. mod_image_heap_free(): 0 or -EINVAL (not the
 * start of a live block of @m).
 */
#define MOD_HEAP_BLOCKS 32 /* MOD_POOL_BLOCKS */
struct mod_msg_bound;
struct domain;
struct mod_instance *mod_image_caller(void *owner);
long mod_image_heap_alloc(struct mod_instance *m, uint32_t size, uint32_t align);
int mod_image_heap_free(struct mod_instance *m, vaddr_t va);
struct mod_msg_bound *mod_image_msg_bound(struct mod_instance *m);

/* The private heap of image type @name: bytes it holds and has in use. 0 or -ENOENT. */
struct mod_heap_stats {
	uint32_t capacity, used; /* used: the instances' state and the blocks below */
	uint32_t mod_blocks;	 /* live blocks its instances allocated */
	uint32_t mod_bytes;	 /* bytes (whole granules) in them */
};
int mod_image_heap_stats(const char *name, struct mod_heap_stats *st);

/*
 * Tests: run LL image type @name (one marked SOT_MOD_UNTRUSTED) in the LL
 * user domain (@trusted) or back in its own. 0, -ENOENT, -EINVAL (not
 * such a type, or MODULES_USER=0), -EBUSY (it has instances).
 */
int mod_image_set_trusted(const char *name, bool trusted);

/* Tests: the domain image type @name runs in (NULL: none, MODULES_USER=0). */
struct domain *mod_image_domain(const char *name);

/* Tests: where the LL batch (struct sot_batch) is in the LL user domain. */
vaddr_t mod_image_ll_batch_va(void);

/* Statistics: upcalls made, LL batches run (faults: mod_recovery_get_stats()). */
struct mod_image_stats {
	uint32_t upcalls;
	uint32_t ll_batches;
};
void mod_image_get_stats(struct mod_image_stats *st);

#endif /* AUDIO_MODULE_IMAGE_H */
