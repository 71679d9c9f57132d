/* SPDX-License-Identifier: MIT */
/* Decoding ARMv7 fault status registers (pure: also built for host tests). */
#ifndef ARCH_ARM_FSR_H
#define ARCH_ARM_FSR_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/fault.h"

/* Which translation scheme produced the FSR value. */
enum fsr_format {
	FSR_VMSA_SHORT, /* MMU, short-descriptor format (B4.1.52, table B3-23) */
	FSR_PMSA,	/* MPU (B5.6.3, table B5-1) */
};

/* The format this CPU's aborts report (exception.c; the MPU port sets FSR_PMSA). */
extern enum fsr_format arm_fsr_format;

/* Fill fi->cls, fi->level and (for a DFSR) fi->is_write from @fsr. */
void fsr_decode(uint32_t fsr, enum fsr_format fmt, bool is_dfsr, struct fault_info *fi);

#endif /* ARCH_ARM_FSR_H */
