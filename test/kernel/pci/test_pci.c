/* SPDX-License-Identifier: MIT */
/*
 * PCI on QEMU virt (the board's QEMU line adds intel-hda at 00:02.0): the
 * host bridge and the HD Audio controller are found, BARs are sized and
 * assigned inside the MMIO window, INTA of slot 2 routes to GIC ID 37, and
 * the controller's registers answer through the mapped BAR.
 */
#include "drivers/pci/pci.h"
#include "kernel/board.h"
#include "test/harness/ktest.h"

#define HDA_GCAP 0x00 /* global capabilities (Intel HDA 1.0a, 3.3.2) */
#define HDA_VMAJ 0x03

KTEST(pci, finds_bridge_and_hda)
{
	const struct pci_dev *bridge = pci_find(0x1b36, 0x0008);
	const struct pci_dev *hda = pci_find(0x8086, 0x2668);

	KT_ASSERT(bridge != NULL);
	KT_ASSERT_EQ(bridge->dev, 0);
	KT_ASSERT(hda != NULL);
	KT_ASSERT_EQ(hda->dev, 2);
	KT_ASSERT_EQ(hda->fn, 0);
	KT_ASSERT_EQ(hda->class_rev >> 8, 0x040300); /* multimedia, HD Audio */
	KT_ASSERT(pci_find(0xdead, 0xbeef) == NULL);
}

KTEST(pci, bars_sized_and_assigned_in_window)
{
	const struct pci_dev *hda = pci_find(0x8086, 0x2668);
	const struct pci_bar *b;

	KT_ASSERT(hda != NULL);
	b = &hda->bar[0];
	KT_ASSERT_EQ(b->size, 0x4000); /* 16 KiB of registers */
	KT_ASSERT(!b->io);
	KT_ASSERT_GE(b->pa, board.pci->mmio);
	KT_ASSERT_LE(b->pa + b->size, board.pci->mmio + board.pci->mmio_size);
	KT_ASSERT_EQ(b->pa & (b->size - 1), 0);
	KT_ASSERT_EQ(pci_cfg_read(hda, 0x10) & 0xfffffff0u, b->pa);
	KT_ASSERT_EQ(pci_cfg_read(hda, 0x04) & 0x6u, 0x6u); /* memory space + bus master */
}

KTEST(pci, intx_routing)
{
	const struct pci_dev *hda = pci_find(0x8086, 0x2668);

	KT_ASSERT(hda != NULL);
	KT_ASSERT_EQ(hda->irq_pin, 1);
	KT_ASSERT_EQ(hda->irq, 37);
}

KTEST(pci, hda_registers_answer_through_bar)
{
	const struct pci_dev *hda = pci_find(0x8086, 0x2668);
	volatile uint8_t *regs;

	KT_ASSERT(hda != NULL);
	regs = (volatile uint8_t *)pci_bar_map(hda, 0);
	KT_ASSERT(regs != NULL);
	KT_ASSERT_EQ(regs[HDA_VMAJ], 1); /* HD Audio 1.0 */
	/* GCAP: output streams in bits 15:12; QEMU's controller has some. */
	KT_ASSERT_GT((*(volatile uint16_t *)(regs + HDA_GCAP) >> 12) & 0xf, 0);
	KT_ASSERT(pci_bar_map(hda, 0) == (vaddr_t)regs); /* mapped once, reused */
	KT_ASSERT_EQ(pci_bar_map(hda, 5), 0);
}
