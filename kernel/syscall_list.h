/* SPDX-License-Identifier: MIT */
/*
 * THE list of system calls. Numbers are only ever added, never reused.
 * One X(number, name, nargs) per call generates the kernel's number enum
 * and dispatch table (kernel/syscall.c) and the user stubs of modules/sdk
 * (sotto/syscall.h). The kernel implements each as
 *   long sys_<name>(uint32_t a0, ... a5)
 * which checks every argument and then calls the kernel function.
 * Timeouts are 64-bit microseconds split in two registers (lo, hi);
 * TIMEOUT_FOREVER is all ones, TIMEOUT_NO_WAIT zero.
 */
#define SYSCALL_LIST(X)                                                                        \
	X(0, null, 0)		/* (): 0 — the cheapest round trip */                        \
	X(1, thread_exit, 1)	/* (code): never returns */                                    \
	X(2, yield, 0)		/* (): 0 */                                                    \
	X(3, sleep_us, 2)	/* (lo, hi): 0; -EAGAIN in an LL upcall */                     \
	X(4, log, 2)		/* (const char *msg, len): bytes printed, rate limited */      \
	X(5, thread_stats, 1)	/* (struct sot_thread_stats *out): 0 */                        \
	X(6, sem_take, 3)	/* (handle, timeout lo, hi) */                                 \
	X(7, sem_give, 1)	/* (handle) */                                                 \
	X(8, mutex_lock, 3)	/* (handle, timeout lo, hi) */                                 \
	X(9, mutex_unlock, 1)	/* (handle) */                                                 \
	X(10, futex_wait, 4)	/* (uint32_t *addr, expected, timeout lo, hi) */               \
	X(11, futex_wake, 2)	/* (uint32_t *addr, count): threads woken */                   \
	X(12, handle_revoke, 1) /* (handle): 0 — drop a handle of one's own domain */        \
	X(13, msgq_send, 5)	/* (handle, const void *msg, len, timeout lo, hi) */           \
	X(14, msgq_recv, 5)	/* (handle, void *buf, len, timeout lo, hi) */                 \
	X(15, timer_start, 4)	/* (handle, first us lo, hi, period us; 0: one-shot) */        \
	X(16, timer_stop, 1)	/* (handle) */                                                 \
	X(17, timer_wait, 3)	/* (handle, timeout lo, hi): expirations, 0 if stopped */      \
	/* Module calls (kernel/sys_module.h): only a module instance's code may make them. */ \
	X(18, mod_heap_alloc, 2)      /* (size, align): user address, or -errno */             \
	X(19, mod_heap_free, 1)	      /* (void *p): 0 */                                       \
	X(20, ipc_msg_send, 3)	      /* (type, const void *data, size <= 8): 0 */             \
	X(21, send_resource_notif, 3) /* (event, data0, data1): 0 */
