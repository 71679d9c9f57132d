/* SPDX-License-Identifier: MIT */
/*
 * Kernel image layout for ARM boards, preprocessed with LOAD_ADDR and RAM_SIZE
 * from the board's .mk. Text, rodata and data are page aligned so the MMU can
 * map them W^X; picolibc's TLS and .bss symbols follow its own linker script.
 */
OUTPUT_ARCH(arm)
ENTRY(_start)

PHDRS
{
	text PT_LOAD;
	rodata PT_LOAD;
	utext PT_LOAD;
	urodata PT_LOAD;
	udata PT_LOAD;
	data PT_LOAD;
	tls PT_TLS;
	bss PT_LOAD;
}

SECTIONS
{
	. = LOAD_ADDR;
	__image_start = .;

	.text : {
		__text_start = .;
		KEEP(*(.text.vectors)) /* first: an ARMv7-R core takes exceptions at 0 */
		KEEP(*(.text.boot))
		*(.text.unlikely .text.unlikely.*)
		*(.text .text.* .gnu.linkonce.t.*)
		*(.glue_7 .glue_7t .vfp11_veneer .v4_bx)
		/* Module images called directly (MODULES_USER=0), else empty. */
#include "umod_ktext.ld"
		. = ALIGN(4096);
		__text_end = .;
	} :text

	.rodata : {
		__rodata_start = .;
		*(.rodata .rodata.* .gnu.linkonce.r.*)
#include "umod_kro.ld"
		. = ALIGN(8);
		__ktest_start = .;
		KEEP(*(SORT(.ktest.*)))
		__ktest_end = .;
		. = ALIGN(8);
		__ktest_suite_start = .;
		KEEP(*(SORT(.ktest_suite.*)))
		__ktest_suite_end = .;
		. = ALIGN(8);
		__shell_cmd_start = .;
		KEEP(*(SORT(.shell_cmd.*)))
		__shell_cmd_end = .;
		. = ALIGN(8);
		__kbench_start = .;
		KEEP(*(.kbench.*))
		__kbench_end = .;
		. = ALIGN(4);
		__sot_modules_start = .;
		KEEP(*(.sot_modules))
		__sot_modules_end = .;
		/* Module images (modules/modules.mk): load addresses of their pieces. */
		. = ALIGN(4);
		__umod_table_start = .;
#include "umod_table.ld"
		__umod_table_end = .;
	} :rodata

	.ARM.extab : { *(.ARM.extab* .gnu.linkonce.armextab.*) } :rodata
	.ARM.exidx : {
		PROVIDE_HIDDEN(__exidx_start = .);
		*(.ARM.exidx* .gnu.linkonce.armexidx.*)
		PROVIDE_HIDDEN(__exidx_end = .);
		. = ALIGN(4096);
		__rodata_end = .;
	} :rodata

	/*
	 * User-mode test programs, linked where user code sees them (VMA = LMA -
	 * USER_VA_OFFSET, arch_user_va()) and loaded in the kernel image (LMA):
	 * pages of their own, mapped RX / R / RW into test domains.
	 */
	__utest_offset = USER_VA_OFFSET;
	/*
	 * Each piece starts on a 64 KiB boundary and ends on an 8 KiB one, so an
	 * MPU can cover it exactly with one region and its subregions (a region
	 * must be aligned to its power-of-two size, a subregion is an eighth).
	 */
	__uimg_text_start = ALIGN(0x10000);
	.utest_text (__uimg_text_start - USER_VA_OFFSET) : AT(__uimg_text_start) {
		*(.utest.text .utest.text.*)
		. = ALIGN(0x2000);
	} :utext
	__uimg_text_end = __uimg_text_start + SIZEOF(.utest_text);
	. = __uimg_text_end;
	/*
	 * Module images (modules/modules.mk) the same way: per module type a
	 * text, a rodata (its descriptor pointer first) and a data piece, each
	 * after the test programs' piece of its kind.
	 */
#include "umod_text.ld"
	__uimg_text_all_end = .; /* the test programs' and every image's text */
	__uimg_ro_start = ALIGN(0x10000);
	.utest_rodata (__uimg_ro_start - USER_VA_OFFSET) : AT(__uimg_ro_start) {
		*(.utest.rodata .utest.rodata.*)
		. = ALIGN(0x2000);
	} :urodata
	__uimg_ro_end = __uimg_ro_start + SIZEOF(.utest_rodata);
	. = __uimg_ro_end;
#include "umod_ro.ld"
	__uimg_ro_all_end = .;
	__uimg_rw_start = ALIGN(0x10000);
	.utest_data (__uimg_rw_start - USER_VA_OFFSET) : AT(__uimg_rw_start) {
		*(.utest.data .utest.data.*)
		*(.utest.bss .utest.bss.*)
		. = ALIGN(0x2000);
	} :udata
	__uimg_rw_end = __uimg_rw_start + SIZEOF(.utest_data);
	. = __uimg_rw_end;
#include "umod_rw.ld"
	__uimg_rw_all_end = .;

	.data : AT(ADDR(.data)) {
		__data_start = .;
		*(.data .data.* .gnu.linkonce.d.*)
#include "umod_krw.ld"
		. = ALIGN(8);
	} :data

	.tdata : AT(ADDR(.tdata)) {
		*(.tdata .tdata.* .gnu.linkonce.td.*)
		__data_end = .;
	} :data :tls
	__tls_base = ADDR(.tdata);
	__tdata_source = LOADADDR(.tdata);
	__tdata_size = SIZEOF(.tdata);

	.tbss (NOLOAD) : {
		__bss_start = .;
		*(.tbss .tbss.* .gnu.linkonce.tb.*)
		*(.tcommon)
		__tls_end = .;
	} :tls
	__tbss_size = SIZEOF(.tbss);
	__tbss_offset = ADDR(.tbss) - ADDR(.tdata);
	__tls_size = __tls_end - __tls_base;
	__tls_align = MAX(ALIGNOF(.tdata), ALIGNOF(.tbss));
	__arm32_tls_tcb_offset = MAX(8, __tls_align);

	/* .tbss takes no room of its own (TLS): step over it before .bss. */
	. = ADDR(.tbss) + SIZEOF(.tbss);
	.bss (NOLOAD) : {
		*(.sbss* .gnu.linkonce.sb.*)
		*(.bss .bss.* .gnu.linkonce.b.*)
		*(COMMON)
		. = ALIGN(8);
		__bss_end = .;
	} :bss

	/* Exception-mode stacks, each with an (unmapped once the MMU is on) guard page below. */
	.stacks (NOLOAD) : {
		. = ALIGN(4096);
		__stack_guard_svc = .;
		. += 4096;
		. += 16384;
		__stack_svc_top = .;
		__stack_guard_exc = .;
		. += 4096;
		. += 4096;
		__stack_abt_top = .;
		. += 4096;
		__stack_und_top = .;
		. += 1024;
		__stack_irq_top = .;
		. += 1024;
		__stack_fiq_top = .;
		. = ALIGN(4096);
	} :bss

	__image_end = .;
	__free_start = ALIGN(4096);
	__ram_end = LOAD_ADDR + RAM_SIZE;

	/DISCARD/ : { *(.note.* .comment) }
}
