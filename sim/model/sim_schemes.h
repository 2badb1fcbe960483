/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The loading schemes the simulator compares: the seed's (normal, udmabuf,
 * sendfile, patch 1, patches 1-4), the reviewers' memfd + udmabuf with
 * overlapped direct reads, and heapread's own. The engine schemes run the
 * real engine (sim_engine.c); the others are played on the same models here.
 * Plain libc.
 */
#ifndef HEAPREAD_SIM_SCHEMES_H
#define HEAPREAD_SIM_SCHEMES_H

#include "sim_run.h"

struct sim_scheme {
	const char *name;		/* the seed's row name where there is one */
	const char *key;		/* short name for --schemes */
	int (*run)(struct sim_ctx *c, const struct sim_scheme *s, uint64_t size,
		   struct sim_result *r);
	struct sim_engine_cfg engine;	/* engine schemes; also direct for the others */
	int seed_row;			/* row of the seed's table, -1 if none */
	bool by_key;			/* not in the default table: only --schemes KEY runs it */
};

/*
 * Every scheme; bench-kernel's loads by its keys (hr-async-dio, alloc-only,
 * dio-read, ...) are marked by_key: not in the default table.
 */
extern const struct sim_scheme sim_schemes[];
extern const unsigned int sim_nr_schemes;
/* The schemes of the default table (the rows without by_key). */
unsigned int sim_nr_table_schemes(void);

const struct sim_scheme *sim_scheme_find(const char *key);
/* Whether @s runs the real engine. */
bool sim_scheme_is_engine(const struct sim_scheme *s);

/* Run @s once for @size with a fresh context (@seed, @content, @trace). */
int sim_scheme_run(const struct sim_scheme *s, const struct sim_profile *p, uint64_t size,
		   uint64_t seed, bool content, struct sim_trace *trace, struct sim_result *r);

/* The seed's table (the vivo cover letter, 12 GB phone, UFS 4.0): 8 rows x 4 sizes, ns. */
#define SIM_SEED_ROWS	8
#define SIM_SEED_COLS	4
extern const char *const sim_seed_rows[SIM_SEED_ROWS];
extern const uint64_t sim_seed_sizes[SIM_SEED_COLS];
extern const uint64_t sim_seed_ns[SIM_SEED_ROWS][SIM_SEED_COLS];

#endif /* HEAPREAD_SIM_SCHEMES_H */
