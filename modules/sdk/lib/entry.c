/* SPDX-License-Identifier: MIT */
/*
 * The entry of a module image (sotto/entry.h): the adapter's operations on
 * an instance, and the LL batch runner. Linked into every image; runs in
 * the module's domain, in user mode or privileged as its type says.
 */
#include <errno.h>

#include <sotto/entry.h>

static int sot_entry(struct sot_call *c, uint32_t op)
{
	const struct sot_module_ops *ops = c->mod.desc->ops;

	switch (op) {
	case SOT_OP_INIT:
		return ops->init(&c->mod);
	case SOT_OP_PREPARE:
		return ops->prepare(&c->mod, c->in, c->n_src, c->out, c->n_snk);
	case SOT_OP_PROCESS:
		return ops->process(&c->mod, c->src, c->n_src, c->snk, c->n_snk);
	case SOT_OP_RESET:
		return ops->reset ? ops->reset(&c->mod) : 0;
	case SOT_OP_TRIGGER:
		return ops->trigger ? ops->trigger(&c->mod, (enum sot_trigger)c->cmd) : 0;
	case SOT_OP_FREE:
		if (ops->free)
			ops->free(&c->mod);
		return 0;
	case SOT_OP_SET_CONFIG:
		return ops->set_config ? ops->set_config(&c->mod, c->param, c->flags, c->offset,
							 c->cfg, c->size, c->total)
				       : -ENOTSUP;
	case SOT_OP_GET_CONFIG: {
		size_t size = c->size;
		int rc = ops->get_config ? ops->get_config(&c->mod, c->param, c->cfg, &size)
					 : -ENOTSUP;

		c->size = (uint32_t)size;
		return rc;
	}
	default:
		return -EINVAL;
	}
}

static int sot_batch(struct sot_batch *b)
{
	uint32_t n = b->n < SOT_BATCH_MAX ? b->n : SOT_BATCH_MAX;

	for (uint32_t i = 0; i < n; i++) {
		b->cur = i; /* whom the item's system calls are for */
		b->item[i].rc = b->item[i].entry(b->item[i].call, SOT_OP_PROCESS);
	}
	return 0;
}

/* In the image's rodata right after its descriptor pointer (modules/modules.mk). */
__attribute__((used, section(".sot_image")))
const struct sot_image_head sot_image_head = {sot_entry, sot_batch};
