/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/lineedit.h"
#include "kernel/log.h"
#include "kernel/mm.h"
#include "kernel/shell.h"
#include "kernel/sysinfo.h"
#include "test/harness/ktest.h"

#define PROMPT "sotto> "

extern const struct shell_cmd __shell_cmd_start[], __shell_cmd_end[];

static struct lineedit shell_le;

static void shell_out(const char *s, size_t n, void *ctx)
{
	(void)ctx;
	console_write(s, n);
}

static int split(char *line, char **argv)
{
	int argc = 0;
	char *p = line;

	while (*p && argc < SHELL_MAX_ARGS) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	return argc;
}

int shell_exec(char *line)
{
	char *argv[SHELL_MAX_ARGS + 1] = {0};
	int argc = split(line, argv);

	if (!argc)
		return 0;
	for (const struct shell_cmd *c = __shell_cmd_start; c < __shell_cmd_end; c++)
		if (!strcmp(c->name, argv[0]))
			return c->fn(argc, argv);
	printf("%s: unknown command (try 'help')\n", argv[0]);
	return -ENOENT;
}

void shell_run(void)
{
	lineedit_init(&shell_le, PROMPT, shell_out, NULL);
	printf("shell ready after %lu instructions; type 'help'\n",
	       (unsigned long)sysinfo_boot_cycles());
	for (;;) {
		lineedit_start(&shell_le);
		while (lineedit_feed(&shell_le, (char)console_getc()) == LINEEDIT_NONE)
			;
		if (shell_le.len) {
			int rc = shell_exec(shell_le.line);

			if (rc < 0 && rc != -ENOENT)
				printf("error %d\n", rc);
		}
	}
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (const struct shell_cmd *c = __shell_cmd_start; c < __shell_cmd_end; c++)
		printf("  %-10s %s\n", c->name, c->help);
	return 0;
}
SHELL_CMD(help, "list commands", cmd_help);

static int cmd_info(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sysinfo_print();
	return 0;
}
SHELL_CMD(info, "board, CPU, memory map, uptime, interrupts", cmd_info);

static void heap_line(const char *name, const struct heap *h)
{
	struct heap_stats st;
	unsigned long key = arch_irq_lock();

	heap_stats(h, &st);
	arch_irq_unlock(key);
	printf("%-8s allocs=%zu used=%zu free=%zu largest=%zu capacity=%zu high=%zu failed=%lu\n",
	       name, st.allocs, st.used, st.free, st.largest_free, st.capacity, st.high_water,
	       (unsigned long)st.failed_allocs);
}

/* One line per pool, key=value: tests compare them before and after a run. */
static int cmd_mem(int argc, char **argv)
{
	struct page_stats ps;

	(void)argc;
	(void)argv;
	heap_line("kheap", &kheap);
	heap_line("buffers", &buf_heap);
	mm_page_stats(&ps);
	printf("pages    free=%zu total=%zu runs=%zu largest=%zu failed=%lu\n", ps.free, ps.total,
	       ps.runs, ps.largest_free, (unsigned long)ps.failed_allocs);
	return 0;
}
SHELL_CMD(mem, "kernel heap, shared buffer heap and page pool statistics", cmd_mem);

static int cmd_test(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "list")) {
		ktest_list();
		return 0;
	}
	ktest_run(argc > 1 ? argv[1] : NULL);
	return 0;
}
SHELL_CMD(test, "test [suite|list]: run on-target self-tests", cmd_test);

static int cmd_log(int argc, char **argv)
{
	if (argc > 1) {
		int lvl = log_level_parse(argv[1]);

		if (lvl < 0) {
			printf("usage: log [none|err|wrn|inf|dbg|0-4]\n");
			return -EINVAL;
		}
		log_set_level((enum log_level)lvl);
	}
	printf("log level: %s\n", log_level_name(log_threshold));
	return 0;
}
SHELL_CMD(log, "log [level]: show or set the log level", cmd_log);

static int cmd_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("rebooting\n");
	arch_reboot();
}
SHELL_CMD(reboot, "reset the board", cmd_reboot);
