/* SPDX-License-Identifier: MIT */
/*
 * A test module built with the public SDK like any other (test images
 * only): a 1-in, 1-out pass-through that, as its configuration says, attacks
 * once or again and again. The hostile module suite (test/security/) and the
 * fault-recovery tests drive it.
 */
#ifndef TEST_MODULES_HOSTILE_H
#define TEST_MODULES_HOSTILE_H

#include <stdint.h>

#define T_HOSTILE_ID	0xf0f0u /* LL, SOT_MOD_UNTRUSTED: a domain of its own */
#define T_HOSTILE_DP_ID 0xf0f1u /* the same as a DP module */

enum t_attack {
	T_ATK_NONE,
	T_ATK_READ,	      /* read the word at target */
	T_ATK_WRITE,	      /* write the word at target */
	T_ATK_WRITE_CODE,     /* write its own process() */
	T_ATK_EXEC_DATA,      /* jump into its state (heap) */
	T_ATK_EXEC_STACK,     /* jump into its stack */
	T_ATK_STACK_OVERFLOW, /* recurse until the guard page */
	T_ATK_PRIV_INSTR,     /* a privileged instruction */
	T_ATK_SPIN,	      /* never return */
	T_ATK_GARBAGE_POS,    /* scribble the positions and size of its buffers */
	T_ATK_SYSCALL,	      /* system call nr with args (target = nr, arg) */
	/*
	 * The module system calls (sotto/module_sys.h). What each reports in
	 * struct t_hostile_state follows the colon.
	 *
	 * HEAP_EXHAUST: allocate arg[0] bytes aligned to arg[1] until refused,
	 *   then half as many, down to arg[2]: ok, bytes, last_rc (the last refusal)
	 * IPC_FLOOD: arg[0] notifications of type arg[1] (target 0) or resource
	 *   events arg[1] (target 1): ok, fails, last_rc (the first refusal)
	 * HEAP_USE: sot_mod_alloc(arg[0], arg[1]), check it is zeroed, fill it
	 *   with 0xa5: ptr, read (1: it was zeroed), last_rc
	 * HEAP_FREE: sot_mod_free(target, or ptr when target is 0): last_rc
	 * NOTIFY: sot_ipc_msg_send(target, &arg[0], arg[2]): last_rc
	 * RES_EVENT: sot_resource_notif(target, arg[0], arg[1]): last_rc
	 * BATCH_LIE: write arg[0] to the word at target (the LL batch's cur),
	 *   then sot_ipc_msg_send(arg[1], NULL, 0): last_rc
	 */
	T_ATK_HEAP_EXHAUST,
	T_ATK_IPC_FLOOD,
	T_ACT_HEAP_USE,
	T_ACT_HEAP_FREE,
	T_ACT_NOTIFY,
	T_ACT_RES_EVENT,
	T_ATK_BATCH_LIE,
	T_ATK_COUNT
};

/* Where the attack runs. */
enum t_where {
	T_IN_PROCESS,
	T_IN_INIT,
	T_IN_SET_CONFIG, /* at once, when this configuration arrives */
	T_IN_GET_CONFIG, /* at every get_config(), before the state is copied out */
};

struct t_hostile_cfg {
	uint32_t attack; /* enum t_attack */
	uint32_t where;	 /* enum t_where */
	uint32_t after;	 /* process(): clean periods before the first attack */
	uint32_t every;	 /* process(): 0 once, else again every this many periods */
	uint32_t target; /* an address (READ/WRITE), or a system call number (SYSCALL) */
	uint32_t arg[3]; /* SYSCALL: its first arguments */
};

/* What it reports back (get_config). */
struct t_hostile_state {
	uint32_t periods; /* process() calls since init */
	uint32_t attacks; /* attacks made (an attack that faults is not counted) */
	int32_t last_rc;  /* SYSCALL: the last result */
	uint32_t read;	  /* READ: the word, if it got it; HEAP_USE: 1 if the block was zeroed */
	uint32_t ok;	  /* HEAP_EXHAUST: blocks; IPC_FLOOD: sends that went out */
	uint32_t fails;	  /* IPC_FLOOD: sends refused */
	uint32_t bytes;	  /* HEAP_EXHAUST: bytes allocated */
	uint32_t ptr;	  /* HEAP_USE: the block (0: none) */
};

#endif /* TEST_MODULES_HOSTILE_H */
