/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "audio/mod_recovery.h"
#include "audio/module_adapter.h"
#include "audio/module_image.h"
#include "audio/pipeline.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/mutex.h"
#include "kernel/timer.h"

extern const struct sot_module_desc *const __sot_modules_start[], *const __sot_modules_end[];

/* Configuration changes and restarts (which replay the configuration), one at a time. */
static struct mutex cfg_lock;

void mod_adapter_init(void)
{
	mutex_init(&cfg_lock);
}

static int config_locked(struct mod_instance *m, uint32_t param, uint32_t flags, uint32_t offset,
			 const void *data, size_t size, size_t total);

const struct sot_module_desc *mod_find(uint32_t id)
{
	if (mod_image_find(id))
		return mod_image_find(id);
	for (const struct sot_module_desc *const *d = __sot_modules_start; d < __sot_modules_end;
	     d++)
		if ((*d)->id == id)
			return *d;
	return NULL;
}

const struct sot_module_desc *mod_find_name(const char *name)
{
	if (mod_image_find_name(name))
		return mod_image_find_name(name);
	for (const struct sot_module_desc *const *d = __sot_modules_start; d < __sot_modules_end;
	     d++)
		if (!strcmp((*d)->name, name))
			return *d;
	return NULL;
}

int mod_create(const struct sot_module_desc *desc, uint32_t instance_id, struct mod_instance **out)
{
	struct mod_instance *m = kzalloc(sizeof(*m));
	int rc;

	if (!m)
		return -ENOMEM;
	m->mod.desc = desc;
	m->mod.instance_id = instance_id;
	if (mod_image_is(desc)) {
		rc = mod_image_create(m);
		if (rc) {
			kfree(m);
			return rc;
		}
		*out = m;
		return 0;
	}
	if (desc->priv_size) {
		m->mod.priv = kzalloc(desc->priv_size);
		if (!m->mod.priv) {
			kfree(m);
			return -ENOMEM;
		}
	}
	rc = desc->ops->init(&m->mod);
	if (rc) {
		kfree(m->mod.priv);
		kfree(m);
		return rc;
	}
	*out = m;
	return 0;
}

void mod_destroy(struct mod_instance *m)
{
	if (m->img) {
		m->dying = true;
		mod_recovery_forget(m);
		mod_image_destroy(m);
	} else if (m->mod.desc->ops->free)
		m->mod.desc->ops->free(&m->mod);
	kfree(m->cfg);
	kfree(m->pending);
	if (!m->img)
		kfree(m->mod.priv);
	kfree(m);
}

/* The module's set_config() with the whole blob. */
static int set_config_whole(struct mod_instance *m, uint32_t param, const void *blob, size_t size)
{
	struct mod_op_args a = {.param = param,
				.flags = SOT_CFG_FIRST | SOT_CFG_LAST,
				.total = (uint32_t)size,
				.data = (void *)(uintptr_t)blob,
				.size = size};

	if (m->img)
		return mod_image_op(m, SOT_OP_SET_CONFIG, &a);
	return m->mod.desc->ops->set_config(&m->mod, param, SOT_CFG_FIRST | SOT_CFG_LAST, 0, blob,
					    size, size);
}

static bool takes_config(const struct mod_instance *m)
{
	return m->img ? mod_image_has_op(m->mod.desc, SOT_OP_SET_CONFIG)
		      : m->mod.desc->ops->set_config != NULL;
}

int mod_config(struct mod_instance *m, uint32_t param, uint32_t flags, uint32_t offset,
	       const void *data, size_t size, size_t total)
{
	int rc;

	mutex_lock(&cfg_lock, TIMEOUT_FOREVER);
	rc = config_locked(m, param, flags, offset, data, size, total);
	mutex_unlock(&cfg_lock);
	return rc;
}

static int config_locked(struct mod_instance *m, uint32_t param, uint32_t flags, uint32_t offset,
			 const void *data, size_t size, size_t total)
{
	uint8_t *blob;
	int rc;

	if (!takes_config(m))
		return -ENOTSUP;
	if (flags & SOT_CFG_FIRST) {
		if (offset || !total || total > MOD_CFG_MAX)
			return -EINVAL;
		blob = kmalloc(total);
		if (!blob)
			return -ENOMEM;
		kfree(m->pending); /* a blob still in transfer, never the one in use */
		m->pending = blob;
		m->pending_param = param;
		m->pending_size = total;
		m->pending_filled = 0;
	} else if (!m->pending || param != m->pending_param || offset != m->pending_filled ||
		   total != m->pending_size) {
		return -EINVAL; /* out of order, or no blob started */
	}
	if (size > m->pending_size - m->pending_filled)
		return -EINVAL;
	memcpy(m->pending + m->pending_filled, data, size);
	m->pending_filled += size;
	if (!(flags & SOT_CFG_LAST))
		return 0;
	blob = m->pending;
	m->pending = NULL; /* complete or not, the transfer is over */
	if (m->pending_filled != total) {
		kfree(blob);
		return -EINVAL;
	}
	rc = set_config_whole(m, param, blob, total);
	if (rc) {
		kfree(blob); /* refused: the configuration in use stays */
		return rc;
	}
	kfree(m->cfg);
	m->cfg = blob;
	m->cfg_param = param;
	m->cfg_size = total;
	return 0;
}

int mod_get_config(struct mod_instance *m, uint32_t param, void *data, size_t *size)
{
	if (m->img && mod_image_has_op(m->mod.desc, SOT_OP_GET_CONFIG)) {
		struct mod_op_args a = {.param = param, .data = data, .size = *size};
		int rc = mod_image_op(m, SOT_OP_GET_CONFIG, &a);

		*size = a.size;
		return rc;
	}
	if (!m->img && m->mod.desc->ops->get_config)
		return m->mod.desc->ops->get_config(&m->mod, param, data, size);
	if (!takes_config(m))
		return -ENOTSUP;
	if (!m->cfg || param != m->cfg_param) {
		*size = 0; /* nothing configured (yet) under @param */
		return 0;
	}
	if (m->cfg_size > *size)
		return -E2BIG;
	memcpy(data, m->cfg, m->cfg_size);
	*size = m->cfg_size;
	return 0;
}

int mod_prepare(struct mod_instance *m)
{
	const struct sot_module_desc *d = m->mod.desc;
	struct sot_stream in[SOT_MODULE_MAX_PORTS], out[SOT_MODULE_MAX_PORTS];
	int rc;

	if (m->n_src < d->min_sources || m->n_src > d->max_sources || m->n_snk < d->min_sinks ||
	    m->n_snk > d->max_sinks)
		return -EINVAL;
	for (unsigned int i = 0; i < m->n_src; i++) {
		in[i] = m->src[i].stream;
		if (!(d->formats & (1u << in[i].format)))
			return -EINVAL;
	}
	memset(out, 0, sizeof(out));
	if (m->img) {
		struct mod_op_args a = {.out = out};

		rc = mod_image_op(m, SOT_OP_PREPARE, &a);
	} else {
		rc = d->ops->prepare(&m->mod, in, m->n_src, out, m->n_snk);
	}
	if (rc)
		return rc;
	for (unsigned int i = 0; i < m->n_snk; i++) {
		if (!sot_pcm_channels_are_valid(out[i].channels) || !out[i].rate ||
		    out[i].rate > SOT_PCM_MAX_RATE || !sot_pcm_format_is_valid(out[i].format))
			return -EINVAL;
		m->snk[i].stream = out[i];
		m->snk[i].frame_bytes = sot_pcm_bytes(out[i].format) * out[i].channels;
	}
	m->state = MOD_STATE_PREPARED;
	return 0;
}

/* Frames a period of @port's stream holds. */
static uint32_t period_of(const struct pipeline *p, const struct sot_port *port)
{
	return (uint32_t)((uint64_t)port->stream.rate * p->period_us / 1000000u);
}

static int bypass_locked(struct mod_instance *m, struct pipeline *p);

/*
 * What a failed instance does meanwhile, in the kernel: one input into one
 * output of the same frame size passes through; otherwise its inputs are
 * consumed and its outputs get a period of silence, so the pipeline keeps
 * its pace.
 */
static int bypass(struct mod_instance *m)
{
	struct pipeline *p = m->pipe;
	unsigned long key;
	int rc;

	m->bypass_periods++;
	if (!p)
		return 0;
	/*
	 * Checked and used without a module running in between (a DP
	 * instance's bypass runs in its thread, which the LL tick preempts):
	 * at most two periods copied with interrupts masked.
	 */
	key = arch_irq_lock();
	rc = bypass_locked(m, p);
	arch_irq_unlock(key);
	return rc;
}

static int bypass_locked(struct mod_instance *m, struct pipeline *p)
{
	pipe_ports_check(p, m); /* the module had write access to them */
	if (m->n_src == 1 && m->n_snk == 1 && m->src[0].frame_bytes == m->snk[0].frame_bytes) {
		struct abuf *in = m->src[0].buf, *out = m->snk[0].buf;
		uint32_t n = abuf_avail(in), room = abuf_free(out), fb = m->src[0].frame_bytes;
		struct abuf_region r, w;

		if (n > room)
			n = room;
		abuf_read_region(in, n, &r);
		abuf_write_region(out, n, &w);
		for (uint32_t done = 0; done < n;) {
			uint32_t ri = done < r.frames[0] ? 0 : 1, wi = done < w.frames[0] ? 0 : 1;
			uint32_t ro = ri ? done - r.frames[0] : done,
				 wo = wi ? done - w.frames[0] : done;
			uint32_t k = r.frames[ri] - ro;

			if (k > w.frames[wi] - wo)
				k = w.frames[wi] - wo;
			memcpy(w.ptr[wi] + wo * fb, r.ptr[ri] + ro * fb, (size_t)k * fb);
			done += k;
		}
		abuf_read_commit(in, n);
		abuf_write_commit(out, n);
		return 0;
	}
	for (unsigned int i = 0; i < m->n_src; i++)
		abuf_read_commit(m->src[i].buf, abuf_avail(m->src[i].buf));
	for (unsigned int i = 0; i < m->n_snk; i++) {
		struct abuf *out = m->snk[i].buf;
		uint32_t n = period_of(p, &m->snk[i]);
		struct abuf_region w;

		if (n > abuf_free(out))
			n = abuf_free(out);
		abuf_write_region(out, n, &w);
		memset(w.ptr[0], 0, (size_t)w.frames[0] * m->snk[i].frame_bytes);
		memset(w.ptr[1], 0, (size_t)w.frames[1] * m->snk[i].frame_bytes);
		abuf_write_commit(out, n);
	}
	return 0;
}

int mod_restart(struct mod_instance *m)
{
	struct sot_stream out[SOT_MODULE_MAX_PORTS];
	struct pipeline *p = m->pipe;
	int rc;

	if (!m->img)
		return -EINVAL;
	mutex_lock(&cfg_lock, TIMEOUT_FOREVER); /* the configuration it replays stays */
	m->recovering = true;
	rc = mod_image_renew(m); /* zeroed state, init() */
	if (!rc && m->cfg)
		rc = set_config_whole(m, m->cfg_param, m->cfg, m->cfg_size);
	if (!rc && m->state != MOD_STATE_INIT) {
		struct mod_op_args a = {.out = out};

		memset(out, 0, sizeof(out));
		rc = mod_image_op(m, SOT_OP_PREPARE, &a);
		for (unsigned int i = 0; i < m->n_snk && !rc; i++)
			if (memcmp(&out[i], &m->snk[i].stream, sizeof(out[i])))
				rc = -EPROTO; /* it chose other streams than the buffers have */
	}
	if (!rc && p && p->state == PIPE_RUNNING)
		rc = mod_trigger(m, SOT_TRIGGER_START);
	if (!rc && m->failed)
		rc = m->failed;
	if (rc && !m->failed)
		m->failed = rc;
	m->recovering = false;
	mutex_unlock(&cfg_lock);
	return rc;
}

int mod_process(struct mod_instance *m)
{
	if (m->img && (m->failed || m->recovering || m->bypassed))
		return bypass(m);

	uint32_t t = arch_cycles();
	int rc = m->img ? mod_image_op(m, SOT_OP_PROCESS, NULL)
			: m->mod.desc->ops->process(&m->mod, m->src, m->n_src, m->snk, m->n_snk);

	m->cost_last = arch_cycles() - t;
	m->cost_total += m->cost_last;
	if (m->cost_last > m->cost_max)
		m->cost_max = m->cost_last;
	m->calls++;
	if (rc)
		m->errors++;
	return rc;
}

int mod_trigger(struct mod_instance *m, enum sot_trigger cmd)
{
	if (m->img) {
		struct mod_op_args a = {.cmd = (uint32_t)cmd};

		return mod_image_op(m, SOT_OP_TRIGGER, &a);
	}
	return m->mod.desc->ops->trigger ? m->mod.desc->ops->trigger(&m->mod, cmd) : 0;
}

int mod_reset(struct mod_instance *m)
{
	int rc = 0;

	if (m->img)
		rc = mod_image_op(m, SOT_OP_RESET, NULL);
	else if (m->mod.desc->ops->reset)
		rc = m->mod.desc->ops->reset(&m->mod);
	m->state = MOD_STATE_INIT;
	return rc;
}
