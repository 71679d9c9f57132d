/* SPDX-License-Identifier: MIT */
/*
 * Layout of the host shared-memory window (ivshmem BAR2 on QEMU virt), layout
 * version 1. docs/host-shm.md describes it byte by byte; tools/shmring.py is
 * the host side. Plain C with fixed-width types only, so a host program can
 * include it as is. Every field is a 32-bit little-endian word, naturally
 * aligned; each word has one writer (marked fw or host below).
 *
 *   0x000000  struct shm_header (64 bytes)
 *   0x000040  struct shm_ring[SHM_RINGS] (64 bytes each)
 *   0x010000  the host IPC mailbox, 64 KiB (drivers/ipc/ipc_layout.h)
 *   0x100000  ring 0 data (playback, 1 MiB)
 *   0x200000  ring 1 data (capture, 1 MiB)
 *   0x300000  ring 2 data (playback, 512 KiB)
 *   0x380000  ring 3 data (capture, 512 KiB)
 */
#ifndef DRIVERS_IVSHMEM_SHM_LAYOUT_H
#define DRIVERS_IVSHMEM_SHM_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#define SHM_MAGIC      0x4f544f53u /* the bytes "SOTO" */
#define SHM_VERSION    1u
#define SHM_WINDOW_MIN 0x400000u /* the layout below needs 4 MiB */

/* fw_state */
#define SHM_FW_NOT_READY 0u
#define SHM_FW_READY	 1u
/* host_state (the firmware does not act on it in version 1) */
#define SHM_HOST_ABSENT	  0u
#define SHM_HOST_ATTACHED 1u

#define SHM_RING_TABLE_OFF 0x40u
#define SHM_RINGS	   4u
#define SHM_RING_DESC_SIZE 0x40u
#define SHM_HEADER_SIZE	   (SHM_RING_TABLE_OFF + SHM_RINGS * SHM_RING_DESC_SIZE) /* 0x140 */
#define SHM_MAILBOX_OFF	   0x10000u
#define SHM_MAILBOX_SIZE   0x10000u
#define SHM_DATA_MIN_OFF   0x20000u /* ring data never starts below this */
#define SHM_DATA_ALIGN	   64u	    /* data_off is a multiple of this */

/* shm_ring.dir */
#define SHM_DIR_PLAYBACK 0u /* host -> firmware: host writes `write`, firmware writes `read` */
#define SHM_DIR_CAPTURE	 1u /* firmware -> host: firmware writes `write`, host writes `read` */

/* shm_ring.format: the values of enum sot_pcm_format (sotto/pcm.h) */
#define SHM_FMT_S16_LE	0u
#define SHM_FMT_S24_4LE 1u
#define SHM_FMT_S32_LE	2u

/* shm_ring.fw_flags (firmware writes) */
#define SHM_FW_RUNNING (1u << 0) /* the ring's DMA channel is running */
#define SHM_FW_XRUN    (1u << 1) /* an xrun happened since the channel last started */
#define SHM_FW_BADPOS  (1u << 2) /* the host's position was invalid at the last look */

/* shm_ring.host_flags (host writes) */
#define SHM_HOST_EOS (1u << 0) /* playback: the host has written its last byte */

struct shm_header {
	uint32_t magic;		 /* 0x00 fw: SHM_MAGIC */
	uint32_t version;	 /* 0x04 fw: SHM_VERSION */
	uint32_t header_size;	 /* 0x08 fw: SHM_HEADER_SIZE (header + ring table) */
	uint32_t window_size;	 /* 0x0c fw: bytes of the whole window */
	uint32_t fw_state;	 /* 0x10 fw: SHM_FW_NOT_READY / SHM_FW_READY */
	uint32_t host_state;	 /* 0x14 host: SHM_HOST_ABSENT / SHM_HOST_ATTACHED */
	uint32_t boot_count;	 /* 0x18 fw: +1 at every firmware (re)initialisation */
	uint32_t mailbox_off;	 /* 0x1c fw: SHM_MAILBOX_OFF */
	uint32_t mailbox_size;	 /* 0x20 fw: SHM_MAILBOX_SIZE */
	uint32_t ring_table_off; /* 0x24 fw: SHM_RING_TABLE_OFF */
	uint32_t ring_count;	 /* 0x28 fw: SHM_RINGS */
	uint32_t ring_desc_size; /* 0x2c fw: SHM_RING_DESC_SIZE */
	uint32_t reserved[4];	 /* 0x30 fw: 0 */
};

struct shm_ring {
	uint32_t dir;	      /* 0x00 fw: SHM_DIR_* */
	uint32_t format;      /* 0x04 fw: SHM_FMT_* */
	uint32_t channels;    /* 0x08 fw: 1, 2, 4 or 8 (interleaved) */
	uint32_t rate;	      /* 0x0c fw: frames per second */
	uint32_t frame_bytes; /* 0x10 fw: channels * container bytes */
	uint32_t data_off;    /* 0x14 fw: offset of the data in the window */
	uint32_t data_size;   /* 0x18 fw: bytes, a power of two (so whole frames) */
	uint32_t fw_flags;    /* 0x1c fw: SHM_FW_* */
	uint32_t write;	      /* 0x20 producer: bytes written since reset, mod 2^32 */
	uint32_t read;	      /* 0x24 consumer: bytes read since reset, mod 2^32 */
	uint32_t host_flags;  /* 0x28 host: SHM_HOST_* */
	uint32_t xruns;	      /* 0x2c fw: xruns since boot */
	uint32_t errors;      /* 0x30 fw: invalid host positions seen since boot */
	uint32_t reserved[3]; /* 0x34 fw: 0 */
};

/* Default plan: where each ring's data lives (data_size for a power-of-two frame). */
#define SHM_RING0_OFF  0x100000u
#define SHM_RING1_OFF  0x200000u
#define SHM_RING2_OFF  0x300000u
#define SHM_RING3_OFF  0x380000u
#define SHM_RING_BIG   0x100000u /* rings 0 and 1 */
#define SHM_RING_SMALL 0x80000u	 /* rings 2 and 3 */

_Static_assert(sizeof(struct shm_header) == SHM_RING_TABLE_OFF, "shm_header size");
_Static_assert(offsetof(struct shm_header, fw_state) == 0x10, "fw_state");
_Static_assert(offsetof(struct shm_header, host_state) == 0x14, "host_state");
_Static_assert(offsetof(struct shm_header, boot_count) == 0x18, "boot_count");
_Static_assert(offsetof(struct shm_header, ring_desc_size) == 0x2c, "ring_desc_size");
_Static_assert(sizeof(struct shm_ring) == SHM_RING_DESC_SIZE, "shm_ring size");
_Static_assert(offsetof(struct shm_ring, frame_bytes) == 0x10, "frame_bytes");
_Static_assert(offsetof(struct shm_ring, data_off) == 0x14, "data_off");
_Static_assert(offsetof(struct shm_ring, fw_flags) == 0x1c, "fw_flags");
_Static_assert(offsetof(struct shm_ring, write) == 0x20, "write");
_Static_assert(offsetof(struct shm_ring, read) == 0x24, "read");
_Static_assert(offsetof(struct shm_ring, host_flags) == 0x28, "host_flags");
_Static_assert(offsetof(struct shm_ring, xruns) == 0x2c, "xruns");
_Static_assert(offsetof(struct shm_ring, errors) == 0x30, "errors");
_Static_assert(SHM_HEADER_SIZE <= SHM_MAILBOX_OFF, "ring table runs into the mailbox");
_Static_assert(SHM_MAILBOX_OFF + SHM_MAILBOX_SIZE <= SHM_DATA_MIN_OFF, "mailbox runs into data");
_Static_assert(SHM_RING3_OFF + SHM_RING_SMALL <= SHM_WINDOW_MIN, "rings outside the window");

#endif /* DRIVERS_IVSHMEM_SHM_LAYOUT_H */
