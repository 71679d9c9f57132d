/* SPDX-License-Identifier: MIT */
#include <stddef.h>

#include "drivers/dma/dma.h"
#include "kernel/arch.h"
#include "kernel/errno.h"

static struct dma *dmas[DMA_MAX];

int dma_register(struct dma *dma)
{
	unsigned long key = arch_irq_lock();
	int rc = -ENOSPC;

	for (int i = 0; i < DMA_MAX; i++) {
		if (dmas[i] && dmas[i]->id == dma->id) {
			rc = -EEXIST;
			break;
		}
	}
	for (int i = 0; i < DMA_MAX && rc == -ENOSPC; i++) {
		if (!dmas[i]) {
			dmas[i] = dma;
			rc = 0;
		}
	}
	for (unsigned int c = 0; rc == 0 && c < dma->n_chans; c++) {
		dma->chans[c].dma = dma;
		dma->chans[c].index = c;
	}
	arch_irq_unlock(key);
	return rc;
}

void dma_unregister(struct dma *dma)
{
	unsigned long key = arch_irq_lock();

	for (int i = 0; i < DMA_MAX; i++)
		if (dmas[i] == dma)
			dmas[i] = NULL;
	arch_irq_unlock(key);
}

struct dma *dma_get(uint32_t id)
{
	for (int i = 0; i < DMA_MAX; i++)
		if (dmas[i] && dmas[i]->id == id)
			return dmas[i];
	return NULL;
}

struct dma_chan *dma_request(uint32_t id, int index)
{
	struct dma *dma = dma_get(id);
	unsigned long key;
	int c;

	if (!dma || index >= (int)dma->n_chans)
		return NULL;
	key = arch_irq_lock();
	c = dma->ops->request(dma->chans, index);
	if (c >= 0) {
		dma->chans[c].busy = 1;
		dma->chans[c].state = DMA_IDLE;
	}
	arch_irq_unlock(key);
	return c >= 0 ? &dma->chans[c] : NULL;
}

void dma_release(struct dma_chan *chan)
{
	if (!chan || !chan->busy)
		return;
	if (chan->state == DMA_RUNNING || chan->state == DMA_PAUSED)
		chan->dma->ops->stop(chan);
	if (chan->dma->ops->release)
		chan->dma->ops->release(chan);
	chan->state = DMA_IDLE;
	chan->busy = 0;
}

int dma_config_check(const struct dma_config *cfg)
{
	if (!cfg || !cfg->buf || (cfg->dir != DMA_MEM_TO_DEV && cfg->dir != DMA_DEV_TO_MEM))
		return -EINVAL;
	if (!cfg->frame_bytes || !cfg->period_bytes || cfg->period_bytes % cfg->frame_bytes)
		return -EINVAL;
	if (cfg->bytes < 2 * cfg->period_bytes || cfg->bytes % cfg->period_bytes)
		return -EINVAL;
	return 0;
}

int dma_config(struct dma_chan *chan, const struct dma_config *cfg)
{
	int rc;

	if (!chan || !chan->busy)
		return -EINVAL;
	if (chan->state == DMA_RUNNING || chan->state == DMA_PAUSED)
		return -EBUSY;
	rc = dma_config_check(cfg);
	if (rc)
		return rc;
	rc = chan->dma->ops->config(chan, cfg);
	if (rc)
		return rc;
	chan->cfg = *cfg;
	chan->state = DMA_CONFIGURED;
	return 0;
}

int dma_start(struct dma_chan *chan)
{
	int rc;

	if (!chan || !chan->busy || chan->state != DMA_CONFIGURED)
		return chan && chan->state == DMA_RUNNING ? -EBUSY : -EINVAL;
	rc = chan->dma->ops->start(chan);
	if (!rc)
		chan->state = DMA_RUNNING;
	return rc;
}

int dma_stop(struct dma_chan *chan)
{
	int rc;

	if (!chan || !chan->busy)
		return -EINVAL;
	if (chan->state != DMA_RUNNING && chan->state != DMA_PAUSED)
		return 0;
	rc = chan->dma->ops->stop(chan);
	if (!rc)
		chan->state = DMA_CONFIGURED;
	return rc;
}

int dma_pause(struct dma_chan *chan)
{
	int rc;

	if (!chan || !chan->busy || chan->state != DMA_RUNNING)
		return -EINVAL;
	rc = chan->dma->ops->pause(chan);
	if (!rc)
		chan->state = DMA_PAUSED;
	return rc;
}

int dma_resume(struct dma_chan *chan)
{
	int rc;

	if (!chan || !chan->busy || chan->state != DMA_PAUSED)
		return -EINVAL;
	rc = chan->dma->ops->resume(chan);
	if (!rc)
		chan->state = DMA_RUNNING;
	return rc;
}

int dma_status(struct dma_chan *chan, struct dma_status *st)
{
	if (!chan || !chan->busy || !st || chan->state == DMA_IDLE)
		return -EINVAL;
	return chan->dma->ops->status(chan, st);
}

int dma_commit(struct dma_chan *chan, uint32_t bytes)
{
	if (!chan || !chan->busy || chan->state == DMA_IDLE)
		return -EINVAL;
	return chan->dma->ops->commit(chan, bytes);
}
