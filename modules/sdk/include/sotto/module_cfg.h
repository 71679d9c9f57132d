/* SPDX-License-Identifier: MIT */
/*
 * Configuration blobs of the built-in modules: the ABI the host (IPC
 * LARGE_CONFIG_SET, sotto-ctl), firmware apps and the modules share. Every
 * field is a little-endian 32-bit word unless noted. docs/modules.md
 * describes each module's rules.
 */
#ifndef SOTTO_MODULE_CFG_H
#define SOTTO_MODULE_CFG_H

#include <stdint.h>

#include <sotto/pcm.h>

/* dai_out 0x0101, dai_in 0x0102 (memory DAI endpoints). */
struct sot_endpoint_cfg {
	uint32_t dai_id;
	uint32_t format, channels, rate; /* dai_in: the captured stream */
};

/* dai_copier 0x0103: a pipeline into a DMA-fed DAI (HDA codec). */
#define SOT_FMT_SAME 0xffffffffu /* a format field: take the other side's */
struct sot_dai_copier_cfg {
	uint32_t dai_id;
	uint32_t format;  /* link format (enum sot_pcm_format) or SOT_FMT_SAME */
	uint32_t periods; /* DMA buffer in DMA periods (2..32); 0: 32 */
};

/* host_copier 0x0104: host <-> pipeline through a host DMA channel. */
#define SOT_HOST_PLAYBACK 0 /* host -> pipeline (one output) */
#define SOT_HOST_CAPTURE  1 /* pipeline -> host (one input) */
struct sot_host_copier_cfg {
	uint32_t dma_id;
	int32_t index;			 /* channel (host ring) */
	uint32_t dir;			 /* SOT_HOST_PLAYBACK or SOT_HOST_CAPTURE */
	uint32_t format, channels, rate; /* the stream in the host ring */
	uint32_t pipe_format;		 /* pipeline side's format, or SOT_FMT_SAME */
	uint32_t periods;		 /* DMA buffer in periods (2..32); 0: 4 */
};

/*
 * What dai_copier and host_copier return from get_config. xruns is the
 * engine's own count: the HDA link's since it last started (a release
 * restarts it), the host DMA's since configuration.
 */
struct sot_copier_dma_status {
	uint32_t frames;  /* moved since start */
	uint32_t xruns;	  /* the engine's xruns (above) */
	uint32_t periods; /* DMA periods completed */
	uint32_t pending; /* bytes committed the engine has not taken */
	uint32_t dma_period_bytes;
	uint32_t dma_bytes;
};

/* tone 0x0201. */
struct sot_tone_cfg {
	uint32_t freq_mhz; /* millihertz, below rate / 2 */
	int32_t amp_mb;	   /* peak amplitude, millibels re full scale, <= 0 */
	uint32_t ch_mask;  /* bit c: channel c gets the tone */
	uint32_t format;   /* enum sot_pcm_format */
	uint32_t channels; /* 1..8 */
	uint32_t rate;	   /* Hz */
};

/* volume 0x0202. */
#define SOT_VOLUME_RAMP_DEFAULT 0xffffffffu /* 10 ms */
struct sot_volume_cfg {
	int32_t gain_mb[SOT_PCM_MAX_CHANNELS];
	uint32_t mute_mask;   /* bit c: channel c muted */
	uint32_t ramp_frames; /* 0: at once; or SOT_VOLUME_RAMP_DEFAULT */
};

/* copier 0x0205. */
struct sot_copier_cfg {
	uint32_t format;		   /* output enum sot_pcm_format */
	uint32_t channels;		   /* output channels; 0: the input's, identity map */
	uint8_t map[SOT_PCM_MAX_CHANNELS]; /* out channel i <- input map[i], 0xff silent */
};

/* src 0x0206. */
struct sot_src_cfg {
	uint32_t out_rate;
};

#endif /* SOTTO_MODULE_CFG_H */
