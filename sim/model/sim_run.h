/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One simulated load: the shared resource models (device, allocator) on a
 * virtual clock, and the two ways a scheme is computed: the real core/
 * engine driven through kshim's backends (sim_engine.c), or a scheme that is
 * not the engine played step by step on the same models (sim_schemes.c).
 * Plain C types only, so the CLI needs no kernel types.
 */
#ifndef HEAPREAD_SIM_RUN_H
#define HEAPREAD_SIM_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "model_alloc.h"
#include "model_cpu.h"
#include "model_device.h"
#include "model_profile.h"
#include "sim_trace.h"

struct sim_result {
	uint64_t first_gather_ns;	/* first batch handed to a reader (or all allocated) */
	uint64_t alloc_ns;		/* allocation done */
	uint64_t io_ns;			/* last read done */
	uint64_t total_ns;		/* the load returned */
	unsigned int reads;		/* the engine's read calls (0 for the other schemes) */
	unsigned int gathers;		/* the engine's batches read: windows a lane took at once */
	int err;			/* 0, or the negative errno the load failed with */
};

struct hr_fault_plan;

struct sim_ctx {
	const struct sim_profile *p;
	struct sim_cpu cpu;
	struct sim_device dev;
	struct sim_alloc alloc;
	struct sim_trace *trace;	/* NULL: no timeline */
	bool content;			/* real memory and real bytes, checked after the load */
	uint64_t seed;
	struct hr_fault_plan *fault;	/* NULL, or applied around each engine load */
};

void sim_ctx_init(struct sim_ctx *c, const struct sim_profile *p, uint64_t seed,
		  bool content, struct sim_trace *trace);
/* Free the device's and the CPUs' timelines (a run does it when it ends). */
void sim_ctx_release(struct sim_ctx *c);

/* How the engine is asked to load (the seed's patches are the engine with these). */
struct sim_engine_cfg {
	bool direct;
	bool sync;
	unsigned int queue_depth;	/* 0: the engine's default */
	uint64_t gather;		/* 0: the engine's default; UINT64_MAX: one read of all */
	uint64_t gather_min;		/* the step handed to the readers: 0: the engine's; UINT64_MAX: gather */
	unsigned long order_mask;	/* 0: the engine's default */
	bool dma_heap;			/* pages from the dma-heap: cleared if the profile says it clears */
	bool vmap;			/* the seed vmaps the pages before reading */
	unsigned int setup_syscalls;
};

int sim_run_engine(struct sim_ctx *c, const struct sim_engine_cfg *cfg, uint64_t size,
		   struct sim_result *r);

/* Engine defaults, for labels. */
unsigned int sim_engine_default_qd(void);
uint64_t sim_engine_default_gather(void);

#endif /* HEAPREAD_SIM_RUN_H */
