/* SPDX-License-Identifier: MIT */
/* wavcheck: analyse a WAV file (docs/wavcheck.md). */
#include <stdio.h>

#include "tools/wavcheck/cli.h"

int main(int argc, char **argv)
{
	return cli_run(argc, argv, stdout, stderr);
}
