/* SPDX-License-Identifier: MIT */
#include <stddef.h>

#include "drivers/dai/dai.h"
#include "kernel/arch.h"
#include "kernel/errno.h"

static struct dai *dais[DAI_MAX];

int dai_register(struct dai *dai)
{
	unsigned long key = arch_irq_lock();
	int rc = -ENOSPC;

	for (int i = 0; i < DAI_MAX; i++) {
		if (dais[i] && dais[i]->id == dai->id) {
			rc = -EEXIST;
			break;
		}
	}
	for (int i = 0; i < DAI_MAX && rc == -ENOSPC; i++) {
		if (!dais[i]) {
			dais[i] = dai;
			rc = 0;
		}
	}
	arch_irq_unlock(key);
	return rc;
}

void dai_unregister(struct dai *dai)
{
	unsigned long key = arch_irq_lock();

	for (int i = 0; i < DAI_MAX; i++)
		if (dais[i] == dai)
			dais[i] = NULL;
	arch_irq_unlock(key);
}

struct dai *dai_get(uint32_t id)
{
	for (int i = 0; i < DAI_MAX; i++)
		if (dais[i] && dais[i]->id == id)
			return dais[i];
	return NULL;
}
