/* SPDX-License-Identifier: MIT */
/*
 * Fault status decoding. The 5-bit FS field is FSR[10] << 4 | FSR[3:0];
 * FSR[11] (DFSR only) is WnR. ARM DDI 0406C tables B3-23 (VMSA short
 * descriptor) and B5-1 (PMSA).
 */
#include "arch/arm/fsr.h"

#define FSR_FS_LO_MASK 0xfu
#define FSR_FS_HI_BIT  10
#define FSR_WNR_BIT    11

/* Unlisted encodings are reserved: they decode to FAULT_UNKNOWN (0). */
struct fs_entry {
	enum fault_class cls;
	uint8_t level;
};

static const struct fs_entry vmsa_short[32] = {
	[0x01] = {FAULT_ALIGNMENT, 0},	   [0x02] = {FAULT_DEBUG, 0},
	[0x03] = {FAULT_ACCESS_FLAG, 1},   [0x04] = {FAULT_CACHE_MAINT, 0},
	[0x05] = {FAULT_TRANSLATION, 1},   [0x06] = {FAULT_ACCESS_FLAG, 2},
	[0x07] = {FAULT_TRANSLATION, 2},   [0x08] = {FAULT_EXTERNAL, 0},
	[0x09] = {FAULT_DOMAIN, 1},	   [0x0b] = {FAULT_DOMAIN, 2},
	[0x0c] = {FAULT_EXTERNAL_WALK, 1}, [0x0d] = {FAULT_PERMISSION, 1},
	[0x0e] = {FAULT_EXTERNAL_WALK, 2}, [0x0f] = {FAULT_PERMISSION, 2},
	[0x10] = {FAULT_TLB_CONFLICT, 0},  [0x16] = {FAULT_ASYNC_EXTERNAL, 0},
	[0x18] = {FAULT_PARITY, 0},	   [0x19] = {FAULT_PARITY, 0},
	[0x1c] = {FAULT_PARITY, 1},	   [0x1e] = {FAULT_PARITY, 2},
};

static const struct fs_entry pmsa[32] = {
	[0x00] = {FAULT_BACKGROUND, 0}, [0x01] = {FAULT_ALIGNMENT, 0},
	[0x02] = {FAULT_DEBUG, 0},	[0x08] = {FAULT_EXTERNAL, 0},
	[0x0d] = {FAULT_PERMISSION, 0}, [0x16] = {FAULT_ASYNC_EXTERNAL, 0},
	[0x18] = {FAULT_PARITY, 0},	[0x19] = {FAULT_PARITY, 0},
};

void fsr_decode(uint32_t fsr, enum fsr_format fmt, bool is_dfsr, struct fault_info *fi)
{
	unsigned int fs = (fsr & FSR_FS_LO_MASK) | (((fsr >> FSR_FS_HI_BIT) & 1u) << 4);
	const struct fs_entry *e = fmt == FSR_PMSA ? &pmsa[fs] : &vmsa_short[fs];

	fi->status = fsr;
	fi->cls = e->cls;
	fi->level = e->level;
	fi->is_write = is_dfsr && ((fsr >> FSR_WNR_BIT) & 1u);
}
