/* SPDX-License-Identifier: MIT */
/*
 * The wavcheck command line (docs/wavcheck.md): parse the options, analyse
 * (and compare) the file, print the report or JSON, check the expectations.
 */
#ifndef TOOLS_WAVCHECK_CLI_H
#define TOOLS_WAVCHECK_CLI_H

#include <stdio.h>

/* Exit statuses. */
#define CLI_PASS  0 /* every expectation held */
#define CLI_FAIL  1 /* some expectation failed (one FAIL line each) */
#define CLI_ERROR 2 /* bad usage, unreadable or malformed file */

/*
 * Run `wavcheck` with @argc/@argv: the report (or JSON) goes to @out, errors
 * and, with --json, the PASS/FAIL lines to @err. Returns the exit status.
 */
int cli_run(int argc, char **argv, FILE *out, FILE *err);

#endif /* TOOLS_WAVCHECK_CLI_H */
