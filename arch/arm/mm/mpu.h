/* SPDX-License-Identifier: MIT */
/*
 * What the PMSAv7 MPU driver (mpu.c) offers beyond kernel/arch.h: for its
 * self-tests and the `mpu` shell command.
 */
#ifndef ARCH_ARM_MM_MPU_H
#define ARCH_ARM_MM_MPU_H

/* Region slots the MPU has (MPUIR.DREGION, at most 16 used). */
unsigned int mpu_regions(void);

/* Slots left for user partitions: the most one address space can map. */
unsigned int mpu_user_regions(void);

/* Print every enabled slot: range, subregion mask, permissions. */
void mpu_print(void);

#endif /* ARCH_ARM_MM_MPU_H */
