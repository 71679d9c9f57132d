/* SPDX-License-Identifier: MIT */
#include "audio/audio.h"
#include "audio/ipc4_handler.h"
#include "audio/ll_sched.h"
#include "audio/mod_recovery.h"
#include "audio/mod_syscalls.h"
#include "audio/module_adapter.h"
#include "audio/module_image.h"
#include "kernel/errno.h"
#include "kernel/fault.h"

/* Boards with a host link build audio/hostlink/ipc4_link.c, which replaces this. */
__attribute__((weak)) int audio_host_link_init(void)
{
	return -ENODEV;
}

int audio_init(void)
{
	int rc;

	ipc4_init();
	mod_adapter_init();
	rc = mod_images_init();
	if (rc)
		panic("audio: no module images (%d)", rc);
	mod_syscalls_init();
	rc = mod_recovery_init();
	if (!rc)
		rc = ll_init();
	if (rc)
		panic("audio: no LL thread (%d)", rc);
	return 0;
}
