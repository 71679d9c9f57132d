/* SPDX-License-Identifier: MIT */
/* ARM fault status decoding (ARM DDI 0406C tables B3-23, B5-1). */
#include "arch/arm/fsr.h"
#include "test/harness/ktest.h"

static struct fault_info decode(uint32_t fsr, enum fsr_format f, bool dfsr)
{
	struct fault_info fi = {0};

	fsr_decode(fsr, f, dfsr, &fi);
	return fi;
}

KTEST(fsr, vmsa_classes)
{
	struct fault_info fi;

	fi = decode(0x005, FSR_VMSA_SHORT, true);
	KT_ASSERT_EQ(fi.cls, FAULT_TRANSLATION);
	KT_ASSERT_EQ(fi.level, 1);
	KT_ASSERT(!fi.is_write);
	fi = decode(0x807, FSR_VMSA_SHORT, true); /* WnR + page translation */
	KT_ASSERT_EQ(fi.cls, FAULT_TRANSLATION);
	KT_ASSERT_EQ(fi.level, 2);
	KT_ASSERT(fi.is_write);
	KT_ASSERT_EQ(decode(0x00f, FSR_VMSA_SHORT, true).cls, FAULT_PERMISSION);
	KT_ASSERT_EQ(decode(0x001, FSR_VMSA_SHORT, true).cls, FAULT_ALIGNMENT);
	KT_ASSERT_EQ(decode(0x008, FSR_VMSA_SHORT, true).cls, FAULT_EXTERNAL);
	KT_ASSERT_EQ(decode(0x1008, FSR_VMSA_SHORT, true).cls, FAULT_EXTERNAL); /* ExT bit */
	KT_ASSERT_EQ(decode(0x406, FSR_VMSA_SHORT, true).cls, FAULT_ASYNC_EXTERNAL);
	KT_ASSERT_EQ(decode(0x400, FSR_VMSA_SHORT, true).cls, FAULT_TLB_CONFLICT);
	KT_ASSERT_EQ(decode(0x000, FSR_VMSA_SHORT, true).cls, FAULT_UNKNOWN);
}

KTEST(fsr, ifsr_has_no_wnr)
{
	struct fault_info fi = decode(0x80d, FSR_VMSA_SHORT, false);

	KT_ASSERT_EQ(fi.cls, FAULT_PERMISSION);
	KT_ASSERT(!fi.is_write);
	KT_ASSERT_EQ(fi.status, 0x80d);
}

KTEST(fsr, pmsa_classes)
{
	KT_ASSERT_EQ(decode(0x000, FSR_PMSA, true).cls, FAULT_BACKGROUND);
	KT_ASSERT_EQ(decode(0x80d, FSR_PMSA, true).cls, FAULT_PERMISSION);
	KT_ASSERT_EQ(decode(0x80d, FSR_PMSA, true).level, 0);
	KT_ASSERT_EQ(decode(0x001, FSR_PMSA, true).cls, FAULT_ALIGNMENT);
	KT_ASSERT_EQ(decode(0x005, FSR_PMSA, true).cls, FAULT_UNKNOWN);
}
