/* SPDX-License-Identifier: MIT */
/*
 * Intel HDA controller + codec (see hda.h). Register offsets and bits are
 * from the HDA specification 1.0a, chapter 3 (controller) and chapter 7
 * (codec verbs and parameters).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "drivers/dai/dai.h"
#include "drivers/dma/dma.h"
#include "drivers/hda/hda.h"
#include "drivers/pci/pci.h"
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/irq.h"
#include "kernel/log.h"
#include "kernel/mm.h"

/* Controller registers (spec 3.3). */
#define GCAP	   0x00
#define GCTL	   0x08
#define GCTL_CRST  0x1u
#define STATESTS   0x0e
#define INTCTL	   0x20
#define INTCTL_GIE (1u << 31)
#define INTSTS	   0x24
#define ICOI	   0x60 /* immediate command output */
#define ICII	   0x64 /* immediate response input */
#define ICIS	   0x68 /* immediate command status */
#define ICIS_ICB   0x1u /* busy: command being sent */
#define ICIS_IRV   0x2u /* response valid (write 1 to clear) */

/* Stream descriptor n at 0x80 + 0x20 n (spec 3.3.35). */
#define SD(n, r)  (0x80u + 0x20u * (n) + (r))
#define SD_CTL0	  0x00 /* byte 0: SRST, RUN, IOCE, FEIE, DEIE */
#define SD_CTL2	  0x02 /* byte 2: stream number in bits 7:4 */
#define SD_STS	  0x03
#define SD_LPIB	  0x04
#define SD_CBL	  0x08
#define SD_LVI	  0x0c
#define SD_FMT	  0x12
#define SD_BDPL	  0x18
#define SD_BDPU	  0x1c
#define CTL_SRST  0x01u
#define CTL_RUN	  0x02u
#define CTL_IOCE  0x04u
#define CTL_FEIE  0x08u
#define CTL_DEIE  0x10u
#define STS_BCIS  0x04u /* buffer completion */
#define STS_FIFOE 0x08u
#define STS_DESE  0x10u

/* Codec verbs and parameters (spec 7.3). */
#define VERB_GET_PARAM	0xf0000u
#define VERB_SET_POWER	0x70500u
#define VERB_SET_STREAM 0x70600u
#define VERB_SET_PINCTL 0x70700u
#define VERB_SET_FORMAT 0x20000u /* 4-bit verb 0x2, 16-bit payload */
#define VERB_SET_AMP	0x30000u /* 4-bit verb 0x3 */
#define PARAM_VENDOR	0x00
#define PARAM_NODES	0x04
#define PARAM_FG_TYPE	0x05
#define PARAM_WCAPS	0x09
#define PARAM_PCM	0x0a
#define PARAM_PINCAPS	0x0c
#define PARAM_OUT_AMP	0x12
#define WCAP_TYPE(w)	(((w) >> 20) & 0xfu)
#define WCAP_OUT_AMP	(1u << 2)
#define WTYPE_OUT	0x0
#define WTYPE_PIN	0x4
#define PINCAP_OUT	(1u << 4)
#define PINCTL_OUT_EN	0x40u
#define AMP_SET_OUT_LR	0xb000u /* output amp, left + right */
#define AMP_MUTE	0x80u
#define FG_AUDIO	0x01

#define STREAM_TAG 1 /* the one output stream's tag on the link */
#define BDL_MAX	   32

struct bdl_entry {
	uint64_t addr;
	uint32_t len;
	uint32_t flags; /* bit 0: interrupt on completion */
};

static struct {
	volatile uint8_t *regs;
	const struct pci_dev *pci;
	struct hda_info info;
	unsigned int sd; /* our output stream descriptor */
	struct bdl_entry *bdl;
	struct dma_ring ring;
	uint32_t periods;
	uint32_t errors; /* FIFO / descriptor errors */
	uint32_t fmt;	 /* converter format word last set */
} hda;

static struct dma_chan hda_chan;
static struct dma hda_dma;
static struct dai hda_dai;

static inline uint8_t rd8(uint32_t r)
{
	return *(volatile uint8_t *)(hda.regs + r);
}
static inline uint16_t rd16(uint32_t r)
{
	return *(volatile uint16_t *)(hda.regs + r);
}
static inline uint32_t rd32(uint32_t r)
{
	return *(volatile uint32_t *)(hda.regs + r);
}
static inline void wr8(uint32_t r, uint8_t v)
{
	*(volatile uint8_t *)(hda.regs + r) = v;
}
static inline void wr16(uint32_t r, uint16_t v)
{
	*(volatile uint16_t *)(hda.regs + r) = v;
}
static inline void wr32(uint32_t r, uint32_t v)
{
	*(volatile uint32_t *)(hda.regs + r) = v;
}

/* Wait until (reg & mask) == want, at most HDA_TIMEOUT_US. */
static int wait8(uint32_t r, uint8_t mask, uint8_t want)
{
	uint64_t end = arch_counter() + (uint64_t)arch_counter_freq() * HDA_TIMEOUT_US / 1000000u;

	while ((rd8(r) & mask) != want)
		if (arch_counter() > end)
			return (rd8(r) & mask) == want ? 0 : -ETIMEDOUT;
	return 0;
}

static int wait32(uint32_t r, uint32_t mask, uint32_t want)
{
	uint64_t end = arch_counter() + (uint64_t)arch_counter_freq() * HDA_TIMEOUT_US / 1000000u;

	while ((rd32(r) & mask) != want)
		if (arch_counter() > end)
			return (rd32(r) & mask) == want ? 0 : -ETIMEDOUT;
	return 0;
}

int hda_codec_cmd(unsigned int cad, unsigned int nid, uint32_t verb, uint32_t *resp)
{
	uint64_t end;
	uint16_t st;

	if (!hda.regs)
		return -ENODEV;
	if (cad > 14 || nid > 127 || verb > 0xfffffu)
		return -EINVAL;
	if (rd16(ICIS) & ICIS_ICB) {
		/* A previous command never completed: take the slot back. */
		wr16(ICIS, 0);
	}
	wr16(ICIS, ICIS_IRV); /* drop a stale response */
	wr32(ICOI, (uint32_t)cad << 28 | (uint32_t)nid << 20 | verb);
	wr16(ICIS, ICIS_ICB);
	end = arch_counter() + (uint64_t)arch_counter_freq() * HDA_TIMEOUT_US / 1000000u;
	for (;;) {
		st = rd16(ICIS);
		if (!(st & ICIS_ICB) && (st & ICIS_IRV))
			break;
		if (arch_counter() > end) {
			wr16(ICIS, 0); /* free the slot for the next command */
			hda.info.cmd_timeouts++;
			LOG_ERR("hda: codec %u node %u verb 0x%05lx: no response in %u us", cad,
				nid, (unsigned long)verb, HDA_TIMEOUT_US);
			return -ETIMEDOUT;
		}
	}
	if (resp)
		*resp = rd32(ICII);
	wr16(ICIS, ICIS_IRV);
	return 0;
}

static int param(unsigned int nid, unsigned int p, uint32_t *v)
{
	return hda_codec_cmd(hda.info.codec, nid, VERB_GET_PARAM | p, v);
}

/* Rates by converter-format base/multiplier/divisor, and the PCM caps bit of each. */
static const struct {
	uint32_t rate;
	uint16_t fmt;	/* base (bit 14), mult (13:11), div (10:8) */
	uint8_t capbit; /* bit in parameter 0x0a */
} rates[] = {
	{8000, 0x0500, 0},  {11025, 0x4300, 1},	 {16000, 0x0200, 2},   {22050, 0x4100, 3},
	{32000, 0x0a00, 4}, {44100, 0x4000, 5},	 {48000, 0x0000, 6},   {88200, 0x4800, 7},
	{96000, 0x0800, 8}, {176400, 0x5800, 9}, {192000, 0x1800, 10},
};

int hda_stream_format(uint32_t rate, unsigned int bits, unsigned int channels)
{
	static const uint8_t bit_codes[][2] = {{8, 0}, {16, 1}, {20, 2}, {24, 3}, {32, 4}};
	int code = -1;

	if (channels < 1 || channels > 16)
		return -EINVAL;
	for (unsigned int i = 0; i < sizeof(bit_codes) / sizeof(bit_codes[0]); i++)
		if (bit_codes[i][0] == bits)
			code = bit_codes[i][1];
	if (code < 0)
		return -EINVAL;
	for (unsigned int i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
		if (rates[i].rate == rate)
			return rates[i].fmt | (unsigned int)code << 4 | (channels - 1);
	return -EINVAL;
}

/* Does the converter take @rate at @bits (parameter 0x0a)? */
static bool pcm_supported(uint32_t rate, unsigned int bits)
{
	static const uint8_t depth[] = {8, 16, 20, 24, 32}; /* bits 16..20 */
	bool r = false, b = false;

	for (unsigned int i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
		if (rates[i].rate == rate)
			r = hda.info.pcm_caps & (1u << rates[i].capbit);
	for (unsigned int i = 0; i < sizeof(depth); i++)
		if (depth[i] == bits)
			b = hda.info.pcm_caps & (1u << (16 + i));
	return r && b;
}

static int reset_controller(void)
{
	wr32(GCTL, rd32(GCTL) & ~GCTL_CRST);
	if (wait32(GCTL, GCTL_CRST, 0)) {
		LOG_ERR("hda: controller did not enter reset");
		return -ETIMEDOUT;
	}
	wr32(GCTL, rd32(GCTL) | GCTL_CRST);
	if (wait32(GCTL, GCTL_CRST, GCTL_CRST)) {
		LOG_ERR("hda: controller did not leave reset");
		return -ETIMEDOUT;
	}
	/* Codecs request their address within 521 us of the reset (spec 4.3). */
	uint64_t end = arch_counter() + (uint64_t)arch_counter_freq() * 1000u / 1000000u;
	while (!rd16(STATESTS) && arch_counter() < end)
		;
	return 0;
}

/* Walk the codec: the audio function group, an output converter and an output pin. */
static int find_output_path(void)
{
	uint32_t v, nodes, fg_nodes;
	int rc;

	rc = param(0, PARAM_VENDOR, &hda.info.vendor);
	if (!rc)
		rc = param(0, PARAM_NODES, &nodes);
	if (rc)
		return rc;
	for (unsigned int fg = (nodes >> 16) & 0xff; fg < ((nodes >> 16) & 0xff) + (nodes & 0xff);
	     fg++) {
		if (param(fg, PARAM_FG_TYPE, &v) || (v & 0xff) != FG_AUDIO)
			continue;
		hda.info.afg = fg;
		if ((rc = param(fg, PARAM_NODES, &fg_nodes)))
			return rc;
		for (unsigned int n = (fg_nodes >> 16) & 0xff;
		     n < ((fg_nodes >> 16) & 0xff) + (fg_nodes & 0xff); n++) {
			uint32_t caps, pincaps;

			if ((rc = param(n, PARAM_WCAPS, &caps)))
				return rc;
			if (WCAP_TYPE(caps) == WTYPE_OUT && !hda.info.dac)
				hda.info.dac = n;
			if (WCAP_TYPE(caps) == WTYPE_PIN && !hda.info.pin &&
			    !param(n, PARAM_PINCAPS, &pincaps) && (pincaps & PINCAP_OUT))
				hda.info.pin = n;
		}
		break;
	}
	if (!hda.info.afg || !hda.info.dac || !hda.info.pin) {
		LOG_ERR("hda: codec %08lx has no audio output path (afg %u dac %u pin %u)",
			(unsigned long)hda.info.vendor, hda.info.afg, hda.info.dac, hda.info.pin);
		return -ENODEV;
	}
	if ((rc = param(hda.info.dac, PARAM_PCM, &hda.info.pcm_caps)))
		return rc;
	if (!hda.info.pcm_caps) /* the converter defers to its function group */
		rc = param(hda.info.afg, PARAM_PCM, &hda.info.pcm_caps);
	return rc;
}

/* Power up, unmute and route: converter -> pin, amplifiers at 0 dB. */
static int codec_setup(void)
{
	unsigned int cad = hda.info.codec;
	uint32_t caps, amp;
	int rc;

	rc = hda_codec_cmd(cad, hda.info.afg, VERB_SET_POWER | 0, NULL); /* D0 */
	if (!rc)
		rc = hda_codec_cmd(cad, hda.info.pin, VERB_SET_PINCTL | PINCTL_OUT_EN, NULL);
	for (unsigned int i = 0; !rc && i < 2; i++) {
		unsigned int nid = i ? hda.info.pin : hda.info.dac;

		rc = param(nid, PARAM_WCAPS, &caps);
		if (rc || !(caps & WCAP_OUT_AMP))
			continue;
		/* Amplifier caps: 0 dB is the "offset" step (bits 6:0). */
		rc = param(nid, PARAM_OUT_AMP, &amp);
		if (!rc && !amp)
			rc = param(hda.info.afg, PARAM_OUT_AMP, &amp);
		if (!rc)
			rc = hda_codec_cmd(cad, nid, VERB_SET_AMP | AMP_SET_OUT_LR | (amp & 0x7f),
					   NULL);
	}
	return rc;
}

/* ---- the link DMA -------------------------------------------------------- */

static void stream_reset(void)
{
	unsigned int sd = hda.sd;

	wr8(SD(sd, SD_CTL0), 0);
	wait8(SD(sd, SD_CTL0), CTL_RUN, 0);
	wr8(SD(sd, SD_CTL0), CTL_SRST);
	if (wait8(SD(sd, SD_CTL0), CTL_SRST, CTL_SRST))
		LOG_WRN("hda: stream %u did not enter reset", sd);
	wr8(SD(sd, SD_CTL0), 0);
	if (wait8(SD(sd, SD_CTL0), CTL_SRST, 0))
		LOG_WRN("hda: stream %u did not leave reset", sd);
	wr8(SD(sd, SD_STS), STS_BCIS | STS_FIFOE | STS_DESE);
}

/* Zero @n bytes of the cyclic buffer from @off on. */
static void silence(uint32_t off, uint32_t n)
{
	uint8_t *buf = hda_chan.cfg.buf;
	uint32_t bytes = hda.ring.bytes;

	while (n) {
		uint32_t chunk = bytes - off < n ? bytes - off : n;

		memset(buf + off, 0, chunk);
		arch_dcache_clean(buf + off, chunk);
		n -= chunk;
		off = (off + chunk) % bytes;
	}
}

/*
 * The position moved: account for it. What the link has played is zeroed
 * behind it, so a link that runs dry plays silence, never stale audio; an
 * underrun also gets two periods of silence committed ahead of the link.
 */
static void link_update(void)
{
	struct dma_ring *r = &hda.ring;
	uint32_t lpib = rd32(SD(hda.sd, SD_LPIB)), old = r->hw_off;
	uint32_t margin = 2 * hda_chan.cfg.period_bytes;

	if (lpib >= r->bytes)
		return; /* not a position in our buffer: ignore */
	lpib -= lpib % r->frame;
	if (lpib == old)
		return;
	if (dma_ring_update(r, lpib, margin))
		silence(lpib, margin);
	silence(old, (lpib + r->bytes - old) % r->bytes);
}

static void hda_isr(void *arg)
{
	uint32_t t0 = arch_cycles(), sts = rd32(INTSTS), dt;
	uint8_t ssts;

	(void)arg;
	if (!(sts & (1u << hda.sd)))
		return;
	ssts = rd8(SD(hda.sd, SD_STS));
	wr8(SD(hda.sd, SD_STS), ssts & (STS_BCIS | STS_FIFOE | STS_DESE)); /* un-stalls the link */
	if (ssts & (STS_FIFOE | STS_DESE))
		hda.errors++;
	if (ssts & STS_BCIS) {
		link_update();
		hda.periods++;
		hda.info.irqs++;
		if (hda_chan.cfg.period_cb)
			hda_chan.cfg.period_cb(hda_chan.cfg.cb_arg, &hda_chan);
	}
	dt = arch_cycles() - t0;
	hda.info.irq_instr_last = dt;
	hda.info.irq_instr_total += dt;
	if (!hda.info.irq_instr_min || dt < hda.info.irq_instr_min)
		hda.info.irq_instr_min = dt;
}

static int link_request(struct dma_chan *chans, int index)
{
	if (index > 0 || chans[0].busy)
		return -EBUSY;
	return 0;
}

static int link_config(struct dma_chan *chan, const struct dma_config *cfg)
{
	uint32_t n = cfg->bytes / cfg->period_bytes;
	paddr_t pa = (paddr_t)(uintptr_t)cfg->buf; /* kernel RAM is mapped at its PA */

	(void)chan;
	if (cfg->dir != DMA_MEM_TO_DEV || n > BDL_MAX || cfg->period_bytes % 128)
		return -EINVAL; /* output only; BDL entries must be 128-byte multiples */
	for (uint32_t i = 0; i < n; i++)
		hda.bdl[i] = (struct bdl_entry){pa + i * cfg->period_bytes, cfg->period_bytes, 1};
	arch_dcache_clean(hda.bdl, n * sizeof(struct bdl_entry));
	stream_reset();
	wr32(SD(hda.sd, SD_BDPL), (uint32_t)(uintptr_t)hda.bdl);
	wr32(SD(hda.sd, SD_BDPU), 0);
	wr32(SD(hda.sd, SD_CBL), cfg->bytes);
	wr16(SD(hda.sd, SD_LVI), (uint16_t)(n - 1));
	wr16(SD(hda.sd, SD_FMT), (uint16_t)hda.fmt);
	wr8(SD(hda.sd, SD_CTL2), STREAM_TAG << 4);
	return 0;
}

static int link_start(struct dma_chan *chan)
{
	const struct dma_config *c = &chan->cfg;
	unsigned long key;

	/*
	 * The buffer starts full of silence but for one period: a codec fills
	 * its own FIFO first (QEMU's keeps about 20 ms), which the link then
	 * takes faster than real time; the firmware fills behind from the next
	 * LL tick on, and the level settles a few periods ahead of the link.
	 */
	memset(c->buf, 0, c->bytes);
	arch_dcache_clean(c->buf, c->bytes);
	key = arch_irq_lock();
	dma_ring_reset(&hda.ring, DMA_MEM_TO_DEV, c->bytes, c->frame_bytes,
		       c->bytes - c->period_bytes);
	hda.periods = 0;
	arch_irq_unlock(key);
	wr32(INTCTL, rd32(INTCTL) | INTCTL_GIE | 1u << hda.sd);
	wr8(SD(hda.sd, SD_CTL0), CTL_RUN | CTL_IOCE | CTL_FEIE | CTL_DEIE);
	return 0;
}

static int link_stop(struct dma_chan *chan)
{
	(void)chan;
	wr8(SD(hda.sd, SD_CTL0), 0);
	wait8(SD(hda.sd, SD_CTL0), CTL_RUN, 0);
	wr32(INTCTL, rd32(INTCTL) & ~(1u << hda.sd));
	wr8(SD(hda.sd, SD_STS), STS_BCIS | STS_FIFOE | STS_DESE);
	return 0;
}

static int link_pause(struct dma_chan *chan)
{
	(void)chan;
	wr8(SD(hda.sd, SD_CTL0), CTL_IOCE | CTL_FEIE | CTL_DEIE);
	return wait8(SD(hda.sd, SD_CTL0), CTL_RUN, 0);
}

static int link_resume(struct dma_chan *chan)
{
	(void)chan;
	wr8(SD(hda.sd, SD_CTL0), CTL_RUN | CTL_IOCE | CTL_FEIE | CTL_DEIE);
	return 0;
}

static int link_status(struct dma_chan *chan, struct dma_status *st)
{
	unsigned long key = arch_irq_lock();

	if (chan->state == DMA_RUNNING)
		link_update();
	st->state = chan->state;
	st->hw_pos = hda.ring.hw_off;
	st->sw_pos = hda.ring.sw % hda.ring.bytes;
	st->avail = dma_ring_avail(&hda.ring);
	st->pending = dma_ring_pending(&hda.ring);
	st->periods = hda.periods;
	st->xruns = hda.ring.xruns;
	arch_irq_unlock(key);
	return 0;
}

static int link_commit(struct dma_chan *chan, uint32_t bytes)
{
	unsigned long key = arch_irq_lock();
	uint32_t off = hda.ring.sw % hda.ring.bytes;
	int rc = dma_ring_commit(&hda.ring, bytes);

	arch_irq_unlock(key);
	if (!rc) {
		uint32_t first = hda.ring.bytes - off < bytes ? hda.ring.bytes - off : bytes;
		uint8_t *buf = chan->cfg.buf;

		arch_dcache_clean(buf + off, first);
		if (first < bytes)
			arch_dcache_clean(buf, bytes - first);
	}
	return rc;
}

static const struct dma_ops link_ops = {
	.request = link_request,
	.config = link_config,
	.start = link_start,
	.stop = link_stop,
	.pause = link_pause,
	.resume = link_resume,
	.status = link_status,
	.commit = link_commit,
};

/* ---- the codec DAI ------------------------------------------------------- */

static int codec_dai_config(struct dai *dai, const struct sot_stream *s)
{
	unsigned int bits = sot_pcm_bits(s->format);
	int fmt;
	int rc;

	if (dai->running)
		return -EBUSY;
	/* The link carries samples in 16-bit or 32-bit containers. */
	if (s->format == SOT_PCM_S24_4LE && !pcm_supported(s->rate, 24))
		return -EINVAL;
	if (!bits || !pcm_supported(s->rate, bits))
		return -EINVAL;
	fmt = hda_stream_format(s->rate, bits, s->channels);
	if (fmt < 0)
		return fmt;
	rc = hda_codec_cmd(hda.info.codec, hda.info.dac, VERB_SET_FORMAT | (uint32_t)fmt, NULL);
	if (!rc)
		rc = hda_codec_cmd(hda.info.codec, hda.info.dac, VERB_SET_STREAM | STREAM_TAG << 4,
				   NULL);
	if (rc)
		return rc;
	hda.fmt = (uint32_t)fmt;
	dai->stream = *s;
	dai->frame_bytes = sot_pcm_bytes(s->format) * s->channels;
	return 0;
}

static int codec_dai_trigger(struct dai *dai, enum dai_cmd cmd)
{
	if (!dai->frame_bytes)
		return -EINVAL;
	dai->running = cmd == DAI_START;
	return 0;
}

static const struct dai_ops codec_dai_ops = {.config = codec_dai_config,
					     .trigger = codec_dai_trigger};

/* ---- probe --------------------------------------------------------------- */

int hda_init(void)
{
	const struct pci_dev *d = NULL;
	uint16_t codecs;
	int rc;

	for (unsigned int i = 0; i < pci_count() && !d; i++)
		if ((pci_get(i)->class_rev >> 8) == 0x040300) /* multimedia, HD audio */
			d = pci_get(i);
	memset(&hda, 0, sizeof(hda));
	hda.info.probe_rc = -ENODEV;
	if (!d) {
		LOG_INF("hda: no controller");
		return -ENODEV;
	}
	hda.pci = d;
	hda.regs = (volatile uint8_t *)pci_bar_map(d, 0);
	if (!hda.regs) {
		LOG_ERR("hda: BAR0 not mapped");
		return -ENODEV;
	}
	rc = reset_controller();
	if (rc)
		goto fail;
	hda.info.gcap = rd16(GCAP);
	hda.info.iss = (hda.info.gcap >> 8) & 0xf;
	hda.info.oss = (hda.info.gcap >> 12) & 0xf;
	codecs = rd16(STATESTS);
	wr16(STATESTS, codecs);
	if (!hda.info.oss) {
		LOG_ERR("hda: controller has no output stream (GCAP %04x)", hda.info.gcap);
		rc = -ENODEV;
		goto fail;
	}
	if (!codecs) {
		LOG_ERR("hda: no codec on the link (STATESTS 0)");
		rc = -ENODEV;
		goto fail;
	}
	hda.info.codec = (unsigned int)__builtin_ctz(codecs);
	hda.sd = hda.info.iss; /* output descriptors follow the input ones */
	rc = find_output_path();
	if (!rc)
		rc = codec_setup();
	/* The link's buffer descriptor list: the driver's for good, taken at boot. */
	if (!rc && !hda.bdl) {
		hda.bdl = mm_buffer_alloc(BDL_MAX * sizeof(struct bdl_entry));
		if (!hda.bdl)
			rc = -ENOMEM;
	}
	if (rc)
		goto fail;

	hda_chan = (struct dma_chan){0};
	hda_dma = (struct dma){"hda-link", DMA_ID_HDA, &link_ops, &hda_chan, 1};
	hda_dai = (struct dai){.name = "hda-codec",
			       .id = DAI_ID_HDA,
			       .dir = DAI_PLAYBACK,
			       .ops = &codec_dai_ops,
			       .dma_id = DMA_ID_HDA,
			       .dma_index = 0};
	if ((rc = dma_register(&hda_dma)) || (rc = dai_register(&hda_dai)))
		goto fail;
	if (d->irq && !irq_connect(d->irq, hda_isr, NULL))
		arch_irq_enable(d->irq);
	hda.info.ready = 1;
	hda.info.probe_rc = 0;
	LOG_INF("hda: codec %u %08lx, dac %u pin %u, stream %u of %u in/%u out, irq %u",
		hda.info.codec, (unsigned long)hda.info.vendor, hda.info.dac, hda.info.pin, hda.sd,
		hda.info.iss, hda.info.oss, d->irq);
	return 0;
fail:
	LOG_ERR("hda: disabled (%d)", rc);
	hda.info.probe_rc = rc;
	return rc;
}

const struct hda_info *hda_info(void)
{
	return &hda.info;
}
