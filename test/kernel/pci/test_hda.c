/* SPDX-License-Identifier: MIT */
/*
 * The Intel HDA driver against QEMU's intel-hda + hda-output (the test
 * image's codec plays into the "none" audio backend, which still consumes
 * at the stream's rate on the virtual clock): probe results, codec commands
 * and their failure (a codec address with nothing behind it never answers),
 * the converter format word, the codec DAI's checks, and the link DMA:
 * periods, positions, the one-underrun-per-starvation rule, stop.
 */
#include <string.h>

#include "drivers/dai/dai.h"
#include "drivers/dma/dma.h"
#include "drivers/hda/hda.h"
#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/thread.h"
#include "test/harness/ktest.h"

#define VERB_GET_PARAM 0xf0000u

KTEST(hda, probe_found_codec_path)
{
	const struct hda_info *h = hda_info();

	KT_ASSERT_EQ(h->probe_rc, 0);
	KT_ASSERT(h->ready);
	KT_ASSERT_EQ(h->vendor, 0x1af40012);
	KT_ASSERT_EQ(h->codec, 0);
	KT_ASSERT_EQ(h->dac, 2);
	KT_ASSERT_EQ(h->pin, 3);
	KT_ASSERT_EQ(h->iss, 4);
	KT_ASSERT_EQ(h->oss, 4);
	KT_ASSERT(dma_get(DMA_ID_HDA) != NULL);
	KT_ASSERT(dai_get(DAI_ID_HDA) != NULL);
	KT_ASSERT_EQ(dai_get(DAI_ID_HDA)->dma_id, DMA_ID_HDA);
}

KTEST(hda, codec_command_answers)
{
	uint32_t r = 0;

	KT_ASSERT_EQ(hda_codec_cmd(0, 0, VERB_GET_PARAM | 0x00, &r), 0);
	KT_ASSERT_EQ(r, 0x1af40012);
}

KTEST(hda, absent_codec_times_out_and_link_recovers)
{
	uint32_t before = hda_info()->cmd_timeouts, r = 0;

	KT_ASSERT_EQ(hda_codec_cmd(5, 0, VERB_GET_PARAM | 0x00, &r), -ETIMEDOUT);
	KT_ASSERT_EQ(hda_info()->cmd_timeouts, before + 1);
	/* The command slot is free again: the real codec still answers. */
	KT_ASSERT_EQ(hda_codec_cmd(0, 0, VERB_GET_PARAM | 0x00, &r), 0);
	KT_ASSERT_EQ(r, 0x1af40012);
}

KTEST(hda, codec_command_rejects_bad_arguments)
{
	KT_ASSERT_EQ(hda_codec_cmd(15, 0, 0, NULL), -EINVAL);
	KT_ASSERT_EQ(hda_codec_cmd(0, 128, 0, NULL), -EINVAL);
	KT_ASSERT_EQ(hda_codec_cmd(0, 0, 0x100000, NULL), -EINVAL);
}

KTEST(hda, stream_format_words)
{
	/* HDA 1.0a 3.7.1: base, multiplier, divisor, bits, channels - 1. */
	KT_ASSERT_EQ(hda_stream_format(48000, 16, 2), 0x0011);
	KT_ASSERT_EQ(hda_stream_format(44100, 16, 2), 0x4011);
	KT_ASSERT_EQ(hda_stream_format(96000, 24, 2), 0x0831);
	KT_ASSERT_EQ(hda_stream_format(8000, 16, 1), 0x0510);
	KT_ASSERT_EQ(hda_stream_format(192000, 32, 8), 0x1847);
	KT_ASSERT_EQ(hda_stream_format(12345, 16, 2), -EINVAL);
	KT_ASSERT_EQ(hda_stream_format(48000, 12, 2), -EINVAL);
	KT_ASSERT_EQ(hda_stream_format(48000, 16, 0), -EINVAL);
	KT_ASSERT_EQ(hda_stream_format(48000, 16, 17), -EINVAL);
}

KTEST(hda, codec_dai_checks_stream)
{
	struct dai *dai = dai_get(DAI_ID_HDA);
	struct sot_stream ok = {SOT_PCM_S16_LE, 2, 48000};
	struct sot_stream bad_rate = {SOT_PCM_S16_LE, 2, 12345};
	struct sot_stream s32 = {SOT_PCM_S32_LE, 2, 48000};

	KT_ASSERT(dai != NULL);
	KT_ASSERT_EQ(dai->ops->config(dai, &bad_rate), -EINVAL);
	/* QEMU's converter takes 16-bit samples only (parameter 0x0a). */
	KT_ASSERT_EQ(hda_info()->pcm_caps & (1u << 20), 0);
	KT_ASSERT_EQ(dai->ops->config(dai, &s32), -EINVAL);
	KT_ASSERT_EQ(dai->ops->config(dai, &ok), 0);
	KT_ASSERT_EQ(dai->frame_bytes, 4);
	KT_ASSERT(dai->ops->write == NULL); /* data goes through its DMA */
}

KTEST(hda, link_dma_periods_positions_underrun)
{
	struct dai *dai = dai_get(DAI_ID_HDA);
	struct sot_stream s = {SOT_PCM_S16_LE, 2, 48000};
	struct dma_chan *ch = dma_request(DMA_ID_HDA, 0);
	struct dma_config cfg;
	struct dma_status st;
	uint8_t *buf = mm_buffer_alloc(4 * 384);
	uint32_t irqs0 = hda_info()->irqs;

	KT_ASSERT(ch != NULL && buf != NULL);
	KT_ASSERT(dma_request(DMA_ID_HDA, 0) == NULL); /* one output stream: busy */
	KT_ASSERT_EQ(dai->ops->config(dai, &s), 0);
	cfg = (struct dma_config){DMA_MEM_TO_DEV, buf, 4 * 192, 192, 4, NULL, NULL};
	KT_ASSERT_EQ(dma_config(ch, &cfg), -EINVAL); /* BDL entries: 128-byte multiples */
	cfg = (struct dma_config){DMA_DEV_TO_MEM, buf, 4 * 384, 384, 4, NULL, NULL};
	KT_ASSERT_EQ(dma_config(ch, &cfg), -EINVAL); /* output only */
	cfg = (struct dma_config){DMA_MEM_TO_DEV, buf, 4 * 384, 384, 4, NULL, NULL};
	KT_ASSERT_EQ(dma_config(ch, &cfg), 0);
	KT_ASSERT_EQ(dma_start(ch), 0);
	KT_ASSERT_EQ(dma_commit(ch, 2 * 384), -EINVAL); /* all but a period is silence */
	KT_ASSERT_EQ(dma_status(ch, &st), 0);
	KT_ASSERT_EQ(st.state, DMA_RUNNING);
	KT_ASSERT_LE(st.pending, 3 * 384);
	/* Nothing more committed: the link runs dry once and stays dry. */
	thread_sleep_us(40000);
	KT_ASSERT_EQ(dma_status(ch, &st), 0);
	KT_ASSERT_GE(st.periods, 15);
	KT_ASSERT_LE(st.periods, 21);
	KT_ASSERT_EQ(st.xruns, 1);
	KT_ASSERT_GE(hda_info()->irqs - irqs0, 15);
	KT_ASSERT_EQ(st.hw_pos % 4, 0);
	KT_ASSERT_LT(st.hw_pos, 4 * 384);
	/* Feeding again ends the starvation; the next one counts again. */
	KT_ASSERT_EQ(dma_commit(ch, st.avail - st.avail % 4), 0);
	KT_ASSERT_EQ(dma_commit(ch, 0x10000), -EINVAL);
	thread_sleep_us(40000);
	KT_ASSERT_EQ(dma_status(ch, &st), 0);
	KT_ASSERT_EQ(st.xruns, 2);
	KT_ASSERT_EQ(dma_stop(ch), 0);
	KT_ASSERT_EQ(dma_status(ch, &st), 0);
	KT_ASSERT_EQ(st.state, DMA_CONFIGURED);
	{
		uint32_t p = st.periods;

		thread_sleep_us(10000);
		KT_ASSERT_EQ(dma_status(ch, &st), 0);
		KT_ASSERT_EQ(st.periods, p); /* stopped: no more periods */
	}
	dma_release(ch);
	KT_ASSERT(dma_request(DMA_ID_HDA, 0) == ch); /* free again */
	dma_release(ch);
	mm_buffer_free(buf);
}
