/* SPDX-License-Identifier: MIT */
/* What the security suites share: the pipeline they put a module under test in. */
#ifndef TEST_SECURITY_SEC_PIPE_H
#define TEST_SECURITY_SEC_PIPE_H

#include <stddef.h>
#include <stdint.h>

struct pipeline;
struct mod_instance;

/*
 * Pipeline @id, prepared: tone (997 Hz, -6 dB, S16 stereo 48 kHz) -> module
 * @mid configured with @cfg (@size bytes) -> dai_out on memory DAI @dai.
 * Instance ids @id * 10 + 0..2; *@middle gets the module (if not NULL).
 * KT_ASSERTs every step.
 */
struct pipeline *sec_tone_pipe(uint32_t id, uint32_t dai, const char *mid, const void *cfg,
			       size_t size, struct mod_instance **middle);

#endif /* TEST_SECURITY_SEC_PIPE_H */
