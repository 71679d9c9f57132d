/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "audio/module_adapter.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/mm.h"

extern const struct sot_module_desc *const __sot_modules_start[], *const __sot_modules_end[];

const struct sot_module_desc *mod_find(uint32_t id)
{
	for (const struct sot_module_desc *const *d = __sot_modules_start; d < __sot_modules_end;
	     d++)
		if ((*d)->id == id)
			return *d;
	return NULL;
}

const struct sot_module_desc *mod_find_name(const char *name)
{
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
	if (m->mod.desc->ops->free)
		m->mod.desc->ops->free(&m->mod);
	kfree(m->cfg);
	kfree(m->pending);
	kfree(m->mod.priv);
	kfree(m);
}

int mod_config(struct mod_instance *m, uint32_t param, uint32_t flags, uint32_t offset,
	       const void *data, size_t size, size_t total)
{
	const struct sot_module_ops *ops = m->mod.desc->ops;
	uint8_t *blob;
	int rc;

	if (!ops->set_config)
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
	rc = ops->set_config(&m->mod, param, SOT_CFG_FIRST | SOT_CFG_LAST, 0, blob, total, total);
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
	const struct sot_module_ops *ops = m->mod.desc->ops;

	if (ops->get_config)
		return ops->get_config(&m->mod, param, data, size);
	if (!ops->set_config)
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
	rc = d->ops->prepare(&m->mod, in, m->n_src, out, m->n_snk);
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

int mod_process(struct mod_instance *m)
{
	uint32_t t = arch_cycles();
	int rc = m->mod.desc->ops->process(&m->mod, m->src, m->n_src, m->snk, m->n_snk);

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
	return m->mod.desc->ops->trigger ? m->mod.desc->ops->trigger(&m->mod, cmd) : 0;
}

int mod_reset(struct mod_instance *m)
{
	int rc = 0;

	if (m->mod.desc->ops->reset)
		rc = m->mod.desc->ops->reset(&m->mod);
	m->state = MOD_STATE_INIT;
	return rc;
}
