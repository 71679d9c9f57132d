/* SPDX-License-Identifier: MIT */
/* The hostile test module as a DP module (test/modules/hostile/hostile.h). */
#define HOSTILE_NAME  "t_hostile_dp"
#define HOSTILE_ID    T_HOSTILE_DP_ID
#define HOSTILE_SCHED SOT_SCHED_DP
#include "test/modules/hostile/hostile.c"
