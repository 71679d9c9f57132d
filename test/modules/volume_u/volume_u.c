/* SPDX-License-Identifier: MIT */
/*
 * The volume module as an untrusted LL type (test and bench images): the
 * same code in a domain of its own, so `bench untrusted_ll_switch` can
 * compare it with the trusted volume in the LL user domain.
 */
#define VOLUME_NAME  "t_volume_u"
#define VOLUME_ID    0xf0f2
#define VOLUME_FLAGS SOT_MOD_UNTRUSTED
#include "modules/volume/volume.c"
