/* SPDX-License-Identifier: MIT */
#include <sotto/module_cfg.h>

#include "audio/ll_sched.h"
#include "audio/pipeline.h"
#include "test/harness/ktest.h"
#include "test/security/sec_pipe.h"

struct pipeline *sec_tone_pipe(uint32_t id, uint32_t dai, const char *mid, const void *cfg,
			       size_t size, struct mod_instance **middle)
{
	struct sot_tone_cfg tone = {997000, -600, 3, SOT_PCM_S16_LE, 2, 48000};
	struct sot_endpoint_cfg out = {dai, SOT_PCM_S16_LE, 2, 48000};
	struct mod_instance *t, *m, *o;
	struct pipeline *p;

	KT_ASSERT_EQ(pipe_create(id, 0, LL_PERIOD_US, &p), 0);
	t = pipe_add_new(p, "tone", id * 10, &tone, sizeof(tone));
	m = pipe_add_new(p, mid, id * 10 + 1, cfg, size);
	o = pipe_add_new(p, "dai_out", id * 10 + 2, &out, sizeof(out));
	KT_ASSERT(t && m && o);
	KT_ASSERT_EQ(pipe_connect(p, t, 0, m, 0), 0);
	KT_ASSERT_EQ(pipe_connect(p, m, 0, o, 0), 0);
	KT_ASSERT_EQ(pipe_prepare(p), 0);
	if (middle)
		*middle = m;
	return p;
}
