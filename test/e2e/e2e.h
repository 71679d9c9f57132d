/* SPDX-License-Identifier: MIT */
#ifndef TEST_E2E_E2E_H
#define TEST_E2E_E2E_H

#include <stdbool.h>
#include <stddef.h>

#include <sotto/module_cfg.h>

#define E2E_VOLUME_MB	(-600) /* the volume every scenario plays through */
#define E2E_TONE_AMP_MB (-100) /* the codec tone's peak amplitude */

/* Count one firmware-side check; prints PASS/FAIL e2e.@what. */
void e2e_check(bool ok, const char *what, long got, long want);

struct pipeline;
struct mod_instance;

/* A new instance of module @name, configured with @cfg, appended to @p; NULL on failure. */
struct mod_instance *e2e_add(struct pipeline *p, const char *name, const void *cfg, size_t size);

/*
 * Pipeline 1: tone 1 kHz E2E_TONE_AMP_MB (S32) -> volume E2E_VOLUME_MB ->
 * dai_copier (S16) -> HDA, prepared; @dai its copier. 0 or the first error.
 */
int e2e_tone_pipeline(struct pipeline **pp, struct mod_instance **dai);

/* A DMA copier's counters (its get_config). */
struct sot_copier_dma_status e2e_dma_stats(struct mod_instance *m);

/* Run scenario @name (test/e2e/e2e.c); 0 when every firmware-side check passed. */
int e2e_run(const char *name);

/* The host playback scenario (test/e2e/e2e_host.c). */
void e2e_host(void);

/* The fault-recovery scenario, with t_hostile attacking or (@attack false) not (e2e_faults.c). */
void e2e_faults(bool attack);

#endif /* TEST_E2E_E2E_H */
