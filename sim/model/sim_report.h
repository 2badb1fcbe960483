/* SPDX-License-Identifier: GPL-2.0 */
/* What `heapread sim` was asked for, and the outputs it makes. Plain libc. */
#ifndef HEAPREAD_SIM_REPORT_H
#define HEAPREAD_SIM_REPORT_H

#include <stdio.h>

#include "sim_schemes.h"

#define SIM_MAX_SIZES	16
#define SIM_MAX_SCHEMES	32
#define SIM_MAX_SWEEP	32

enum sim_out_format { SIM_OUT_TABLE, SIM_OUT_JSON, SIM_OUT_CSV };

struct sim_request {
	uint64_t sizes[SIM_MAX_SIZES];
	unsigned int nr_sizes;
	const struct sim_scheme *schemes[SIM_MAX_SCHEMES];
	unsigned int nr_schemes;
	unsigned int reps, seed;
	bool phases, vs_seed, content;
	enum sim_out_format format;
	const char *trace_json, *trace_svg;
	const struct sim_scheme *trace_scheme;
	uint64_t trace_size;
	uint64_t sweep_gather[SIM_MAX_SWEEP];
	unsigned int nr_sweep_gather;
	unsigned int sweep_qd[SIM_MAX_SWEEP];
	unsigned int nr_sweep_qd;
	uint64_t sweep_gmin[SIM_MAX_SWEEP];	/* the ramp's smallest gather; 0: no ramp */
	unsigned int nr_sweep_gmin;
};

void sim_request_init(struct sim_request *rq);
/* "gather=16M,32M;qd=1,2,4;gmin=0,2M" (any part may be left out; gmin 0: no ramp). */
int sim_sweep_parse(const char *spec, struct sim_request *rq);
/* Run what @rq asks and print it; 0 or a negative errno. */
int sim_report(const struct sim_profile *p, const struct sim_request *rq, FILE *out);

/* Write the table of @rq as JSON (the determinism tests compare it byte by byte). */
int sim_report_json(const struct sim_profile *p, const struct sim_request *rq, FILE *out);

#endif /* HEAPREAD_SIM_REPORT_H */
