/* SPDX-License-Identifier: MIT */
/*
 * The console's line keeping: what a thread prints stays one line on the
 * UART whatever an interrupt handler writes meanwhile. The UART's bytes are
 * watched through console_set_tap(); the handler is the board's test line
 * (board.test_irq), delivered by the controller or, on a polled board, by
 * arch_idle().
 */
#include <stdio.h>
#include <string.h>

#include "kernel/arch.h"
#include "kernel/board.h"
#include "kernel/console.h"
#include "kernel/irq.h"
#include "test/harness/ktest.h"

static char seen[512];
static volatile unsigned int n_seen;
static volatile int handled;

static void watch(char c)
{
	if (n_seen < sizeof(seen) - 1)
		seen[n_seen++] = c;
}

/* An interrupt handler that logs a line and prints one. */
static void handler_prints(void *arg)
{
	(void)arg;
	if (arch_in_irq())
		handled++;
	console_write("console-test: from the handler\n", 31);
	printf("console-test: printf in the handler\n");
}

static void setup(void)
{
	memset(seen, 0, sizeof(seen));
	n_seen = 0;
	handled = 0;
	KT_ASSERT_EQ(irq_connect(board.test_irq, handler_prints, NULL), 0);
	arch_irq_enable(board.test_irq);
}

static void teardown(void)
{
	console_set_tap(NULL);
	irq_disconnect(board.test_irq);
}
KTEST_SUITE(console, setup, teardown);

/* Raise the test line and let the handler run. */
static void interrupt_now(void)
{
	arch_irq_raise(board.test_irq);
	for (int i = 0; i < 100000 && !handled; i++)
		if (board.irq_polled)
			arch_idle(); /* where a polled controller delivers */
}

KTEST(console, thread_context_is_not_irq)
{
	unsigned long key = arch_irq_lock();
	bool in = arch_in_irq();

	arch_irq_unlock(key);
	KT_ASSERT(!in);
	KT_ASSERT(!arch_in_irq());
}

/*
 * Regression: in a handler thread_current() is the interrupted thread, so a
 * log line from the handler flushed that thread's pending printf text and
 * split its line, and a handler's printf was appended to it.
 */
KTEST(console, interrupt_output_leaves_the_thread_line_whole)
{
	console_set_tap(watch);
	printf("console-test: the thread's line, ");
	interrupt_now();
	printf("whole\n");
	console_set_tap(NULL);
	KT_ASSERT_EQ(handled, 1);
	seen[n_seen] = '\0';
	KT_ASSERT(strstr(seen, "console-test: the thread's line, whole\r\n") != NULL);
	KT_ASSERT(strstr(seen, "console-test: from the handler\r\n") != NULL);
	KT_ASSERT(strstr(seen, "console-test: printf in the handler\r\n") != NULL);
	/* The handler's lines went out while the thread's line was still held. */
	KT_ASSERT(strstr(seen, "from the handler") < strstr(seen, "the thread's line"));
}
