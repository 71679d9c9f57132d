/* SPDX-License-Identifier: MIT */
/*
 * Serial shell. Any file can add a command:
 *   static int cmd_lspci(int argc, char **argv) { ... return 0; }
 *   SHELL_CMD(lspci, "list PCI devices", cmd_lspci);
 */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

#define SHELL_MAX_ARGS 8

struct shell_cmd {
	const char *name;
	const char *help;
	int (*fn)(int argc, char **argv);
};

#define SHELL_CMD(cmd, helptext, handler)                                          \
	static const struct shell_cmd shell_cmd_##cmd                              \
		__attribute__((used, section(".shell_cmd." #cmd), aligned(4))) = { \
			.name = #cmd, .help = helptext, .fn = handler}

/* Split @line in place and run the command; returns its status or -ENOENT. */
int shell_exec(char *line);

/* Read-eval loop on the console; never returns. */
__attribute__((noreturn)) void shell_run(void);

#endif /* KERNEL_SHELL_H */
