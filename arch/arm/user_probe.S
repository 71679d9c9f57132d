/* SPDX-License-Identifier: MIT */
/*
 * Position-independent user-mode probes for the self-tests, copied into a
 * user page and entered with arch_user_enter(). Each ends in the undefined
 * instruction `udf #0xc0de` (0xe7fc0dfe), which brings the CPU back to the
 * kernel, where the test's fault catcher recognises it as "probe done".
 *   read:  r0 = address to load, r1 = where to store the loaded word
 *   write: r0 = address, r1 = value
 *   exec:  r0 = address to branch to
 */
	.syntax unified
	.arm
	.section .rodata.user_probe, "a"
	.align	4
	.global user_probe_blob, user_probe_blob_end
	.global user_probe_read, user_probe_write, user_probe_exec, user_probe_done
user_probe_blob:
user_probe_read:
	ldr	r2, [r0]
	str	r2, [r1]
	udf	#0xc0de
user_probe_write:
	str	r1, [r0]
	udf	#0xc0de
user_probe_exec:
	blx	r0
	udf	#0xc0de
user_probe_done:
	udf	#0xc0de
user_probe_blob_end:
