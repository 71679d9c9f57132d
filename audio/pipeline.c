/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "audio/dp_sched.h"
#include "audio/ll_sched.h"
#include "audio/mod_recovery.h"
#include "audio/module_image.h"
#include "audio/notify.h"
#include "audio/pipeline.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/mm.h"

int pipe_create(uint32_t id, int prio, uint32_t period_us, struct pipeline **out)
{
	struct pipeline *p;

	if (period_us != LL_PERIOD_US)
		return -EINVAL; /* one tick rate for now: every pipeline runs each LL tick */
	p = kzalloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->id = id;
	p->prio = prio;
	p->period_us = period_us;
	*out = p;
	return 0;
}

static void free_buffers(struct pipeline *p)
{
	for (unsigned int i = 0; i < p->n_links; i++) {
		struct pipe_link *l = &p->links[i];

		if (l->buf) {
			mod_image_unmap(l->src, l->buf);
			mod_image_unmap(l->dst, l->buf);
			mm_buffer_free(l->buf);
		}
		l->buf = NULL;
		l->src->snk[l->src_port].buf = NULL;
		l->dst->src[l->dst_port].buf = NULL;
	}
}

int pipe_delete(struct pipeline *p)
{
	if (p->state != PIPE_CREATED && p->state != PIPE_PREPARED)
		return -EBUSY;
	for (unsigned int i = 0; i < p->n_mods; i++)
		dp_detach(p->mods[i]);
	free_buffers(p);
	for (unsigned int i = 0; i < p->n_mods; i++)
		mod_destroy(p->mods[i]);
	kfree(p);
	return 0;
}

void pipe_destroy(struct pipeline *p)
{
	if (p->state == PIPE_RUNNING || p->state == PIPE_PAUSED)
		pipe_trigger(p, PIPE_CMD_STOP);
	pipe_reset(p);
	pipe_delete(p);
}

int pipe_add(struct pipeline *p, struct mod_instance *m)
{
	if (p->state != PIPE_CREATED || m->pipe)
		return -EBUSY;
	if (p->n_mods == PIPE_MAX_MODULES)
		return -ENOSPC;
	p->mods[p->n_mods++] = m;
	m->pipe = p;
	return 0;
}

static int index_of(const struct pipeline *p, const struct mod_instance *m)
{
	for (unsigned int i = 0; i < p->n_mods; i++)
		if (p->mods[i] == m)
			return (int)i;
	return -1;
}

struct mod_instance *pipe_add_new(struct pipeline *p, const char *name, uint32_t instance_id,
				  const void *cfg, size_t size)
{
	const struct sot_module_desc *desc = mod_find_name(name);
	struct mod_instance *m;

	if (!desc || mod_create(desc, instance_id, &m))
		return NULL;
	if ((cfg && mod_config(m, 0, SOT_CFG_FIRST | SOT_CFG_LAST, 0, cfg, size, size)) ||
	    pipe_add(p, m)) {
		mod_destroy(m);
		return NULL;
	}
	return m;
}

int pipe_connect(struct pipeline *p, struct mod_instance *src, unsigned int src_port,
		 struct mod_instance *dst, unsigned int dst_port)
{
	int si = index_of(p, src), di = index_of(p, dst);

	if (p->state != PIPE_CREATED)
		return -EBUSY;
	if (si < 0 || di < 0 || si >= di || src_port != src->n_snk || dst_port != dst->n_src ||
	    src_port >= src->mod.desc->max_sinks || dst_port >= dst->mod.desc->max_sources)
		return -EINVAL; /* forward only, ports in order, within the module's counts */
	if (p->n_links == PIPE_MAX_LINKS)
		return -ENOSPC;
	p->links[p->n_links++] = (struct pipe_link){src, dst, src_port, dst_port, NULL, 0, 0};
	src->n_snk++;
	dst->n_src++;
	return 0;
}

int pipe_disconnect(struct pipeline *p, struct mod_instance *src, unsigned int src_port,
		    struct mod_instance *dst, unsigned int dst_port)
{
	unsigned int i;

	if (p->state != PIPE_CREATED)
		return -EBUSY;
	for (i = 0; i < p->n_links; i++) {
		const struct pipe_link *l = &p->links[i];

		if (l->src == src && l->dst == dst && l->src_port == src_port &&
		    l->dst_port == dst_port)
			break;
	}
	if (i == p->n_links)
		return -ENOENT;
	if (src_port + 1 != src->n_snk || dst_port + 1 != dst->n_src)
		return -EINVAL; /* ports are taken in order: the last one goes first */
	p->links[i] = p->links[--p->n_links];
	src->n_snk--;
	dst->n_src--;
	return 0;
}

int pipe_remove(struct pipeline *p, struct mod_instance *m)
{
	int i = index_of(p, m);

	if (i < 0)
		return -ENOENT;
	if (p->state != PIPE_CREATED || m->n_src || m->n_snk)
		return -EBUSY;
	for (unsigned int j = (unsigned int)i; j + 1 < p->n_mods; j++)
		p->mods[j] = p->mods[j + 1];
	p->n_mods--;
	m->pipe = NULL;
	return 0;
}

/* The link that feeds input @port of @m. */
static struct pipe_link *link_into(struct pipeline *p, struct mod_instance *m, unsigned int port)
{
	for (unsigned int i = 0; i < p->n_links; i++)
		if (p->links[i].dst == m && p->links[i].dst_port == port)
			return &p->links[i];
	return NULL;
}

/* After @m is prepared: size and allocate the buffers behind its outputs. */
static int alloc_outputs(struct pipeline *p, struct mod_instance *m)
{
	int rc;

	for (unsigned int i = 0; i < p->n_links; i++) {
		struct pipe_link *l = &p->links[i];
		struct sot_port *out = &m->snk[l->src_port];
		uint32_t frames;

		if (l->src != m)
			continue;
		frames = PIPE_BUF_PERIODS *
			 (uint32_t)((uint64_t)out->stream.rate * p->period_us / 1000000u + 1);
		l->buf = mm_buffer_alloc(abuf_bytes(frames, out->frame_bytes));
		if (!l->buf)
			return -ENOMEM;
		abuf_init(l->buf, frames, out->frame_bytes);
		l->frames = frames;
		l->frame_bytes = out->frame_bytes;
		/* Into the domains of its producer and its consumer, no other. */
		rc = mod_image_map(l->src, l->buf, abuf_bytes(frames, out->frame_bytes));
		if (!rc) {
			rc = mod_image_map(l->dst, l->buf, abuf_bytes(frames, out->frame_bytes));
			if (rc)
				mod_image_unmap(l->src, l->buf);
		}
		if (rc) {
			mm_buffer_free(l->buf);
			l->buf = NULL;
			return rc;
		}
		out->buf = l->buf;
		l->dst->src[l->dst_port] = *out;
	}
	return 0;
}

int pipe_prepare(struct pipeline *p)
{
	int rc = 0;

	if (p->state != PIPE_CREATED)
		return -EBUSY;
	for (unsigned int i = 0; i < p->n_mods && !rc; i++) {
		struct mod_instance *m = p->mods[i];

		for (unsigned int port = 0; port < m->n_src && !rc; port++)
			if (!link_into(p, m, port) || !m->src[port].buf)
				rc = -EINVAL;
		if (!rc)
			m->mod.period_frames =
				m->n_src ? (uint32_t)((uint64_t)m->src[0].stream.rate *
						      p->period_us / 1000000u)
					 : 0;
		if (!rc)
			rc = mod_prepare(m);
		if (!rc && !m->n_src && m->n_snk) /* a source endpoint runs at its own rate */
			m->mod.period_frames = (uint32_t)((uint64_t)m->snk[0].stream.rate *
							  p->period_us / 1000000u);
		if (!rc)
			rc = alloc_outputs(p, m);
		if (!rc && m->mod.desc->sched == SOT_SCHED_DP)
			rc = dp_attach(m);
	}
	if (rc) {
		free_buffers(p);
		for (unsigned int i = 0; i < p->n_mods; i++) {
			dp_detach(p->mods[i]);
			/* What prepare() took (DMA channels, buffers) goes back. */
			if (p->mods[i]->state != MOD_STATE_INIT)
				mod_reset(p->mods[i]);
			p->mods[i]->state = MOD_STATE_INIT;
		}
		return rc;
	}
	p->state = PIPE_PREPARED;
	return 0;
}

/*
 * Tell every module, in order; on a failed START/RELEASE the modules already
 * told are stopped/paused again, so the pipeline stays as it was.
 */
static int trigger_modules(struct pipeline *p, enum sot_trigger cmd)
{
	enum sot_trigger undo = cmd == SOT_TRIGGER_START ? SOT_TRIGGER_STOP : SOT_TRIGGER_PAUSE;
	int rc;

	for (unsigned int i = 0; i < p->n_mods; i++) {
		rc = mod_trigger(p->mods[i], cmd);
		if (!rc)
			continue;
		if (cmd == SOT_TRIGGER_START || cmd == SOT_TRIGGER_RELEASE)
			while (i--)
				mod_trigger(p->mods[i], undo);
		return rc;
	}
	return 0;
}

int pipe_trigger(struct pipeline *p, enum pipe_cmd cmd)
{
	int rc;

	switch (cmd) {
	case PIPE_CMD_START:
		if (p->state != PIPE_PREPARED && p->state != PIPE_PAUSED)
			return -EBUSY;
		rc = trigger_modules(p, p->state == PIPE_PAUSED ? SOT_TRIGGER_RELEASE
								: SOT_TRIGGER_START);
		if (rc)
			return rc;
		p->state = PIPE_RUNNING;
		ll_add(p);
		return 0;
	case PIPE_CMD_PAUSE:
		if (p->state != PIPE_RUNNING)
			return -EBUSY;
		ll_remove(p);
		trigger_modules(p, SOT_TRIGGER_PAUSE);
		p->state = PIPE_PAUSED;
		return 0;
	case PIPE_CMD_STOP:
		if (p->state != PIPE_RUNNING && p->state != PIPE_PAUSED)
			return -EBUSY;
		ll_remove(p);
		trigger_modules(p, SOT_TRIGGER_STOP);
		for (unsigned int i = 0; i < p->n_links; i++)
			abuf_reset(p->links[i].buf);
		p->state = PIPE_PREPARED;
		return 0;
	}
	return -EINVAL;
}

int pipe_reset(struct pipeline *p)
{
	if (p->state == PIPE_RUNNING)
		return -EBUSY;
	if (p->state == PIPE_CREATED)
		return 0;
	ll_remove(p);
	for (unsigned int i = 0; i < p->n_mods; i++) {
		dp_detach(p->mods[i]);
		mod_reset(p->mods[i]);
	}
	free_buffers(p);
	p->state = PIPE_CREATED;
	return 0;
}

static bool header_sane(const struct pipe_link *l)
{
	const struct abuf *b = l->buf;
	uint32_t size = l->frames * l->frame_bytes;
	uint32_t w = b->wpos, r = b->rpos;

	if (b->magic != ABUF_MAGIC || b->size != size || b->frame_bytes != l->frame_bytes ||
	    b->data_offset != sizeof(struct abuf) || w >= 2 * size || r >= 2 * size ||
	    w % l->frame_bytes || r % l->frame_bytes)
		return false;
	/* Never more in it than it holds: else "free" wraps and a copy runs past it. */
	return (w >= r ? w - r : w + 2 * size - r) <= size;
}

unsigned int pipe_ports_check(struct pipeline *p, struct mod_instance *m)
{
	unsigned int bad = 0;

	for (unsigned int i = 0; i < p->n_links; i++) {
		struct pipe_link *l = &p->links[i];

		/* Only a module image's code can have written a header (kernel code keeps them). */
		if ((l->src != m && l->dst != m) || !l->buf || (!l->src->img && !l->dst->img) ||
		    header_sane(l))
			continue;
		abuf_init(l->buf, l->frames, l->frame_bytes);
		p->buf_repairs++;
		bad++;
	}
	return bad;
}

/* The result @rc of one process() call of @m: counted, the first of a run reported. */
static void account(struct mod_instance *m, int rc)
{
	if (rc) {
		unsigned long key = arch_irq_lock(); /* the LL and a DP thread may both count */

		m->pipe->errors++;
		arch_irq_unlock(key);
		/*
		 * The first error of a run is reported, not every period of it;
		 * a fault was reported as one (MODULE_FAULT) already.
		 */
		if (!m->failing && !m->failed)
			audio_notify(AUDIO_EV_PROCESS_ERROR, m->mod.desc->id, m->mod.instance_id,
				     (uint32_t)rc);
	}
	m->failing = rc != 0;
	if (!rc && m->restarted && !m->failed && !m->recovering)
		mod_recovery_period_done(m);
}

void pipe_run_module(struct mod_instance *m)
{
	if (!m->img)
		pipe_ports_check(m->pipe, m); /* kernel code is about to read them */
	account(m, mod_process(m));
}

void pipe_run_ll(struct pipeline *p)
{
	int rc[PIPE_MAX_MODULES] = {0};
	bool batched[PIPE_MAX_MODULES] = {0};

	/*
	 * Instances of the LL user domain run in batches (one upcall each);
	 * anything else flushes the batch first, so the order stays the
	 * pipeline's.
	 */
	for (unsigned int i = 0; i < p->n_mods; i++) {
		struct mod_instance *m = p->mods[i];

		if (m->mod.desc->sched != SOT_SCHED_LL)
			continue;
		if (mod_image_ll_batched(m) && mod_image_ll_add(m, i)) {
			batched[i] = true;
			continue;
		}
		mod_image_ll_flush(p, rc);
		pipe_run_module(m);
	}
	mod_image_ll_flush(p, rc);
	for (unsigned int i = 0; i < p->n_mods; i++) {
		struct mod_instance *m = p->mods[i];

		if (!batched[i])
			continue;
		m->calls++;
		m->errors += rc[i] != 0;
		account(m, rc[i]);
	}
	p->ticks++;
}
