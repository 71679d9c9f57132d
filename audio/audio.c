/* SPDX-License-Identifier: MIT */
#include "audio/audio.h"
#include "audio/ll_sched.h"
#include "kernel/fault.h"

int audio_init(void)
{
	int rc = ll_init();

	if (rc)
		panic("audio: no LL thread (%d)", rc);
	return 0;
}
