/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CPUs on the virtual clock: who computes when, and how fast.
 *
 * Every CPU cost of a load (allocating, clearing, copying, faulting, building
 * requests) goes through sim_cpu_work(): a task that needs @ns of CPU from
 * @t gets back the time it is done. Three things stretch it:
 *
 * - cpu_rate: the guest's CPU speed in this run relative to the profile's
 *   (a vCPU's share of a host core changes between boots on a shared host);
 *   every CPU cost is divided by it.
 * - Contention only while tasks overlap (the timeline): when a load runs more
 *   tasks than ncpu, a task computes at min(1, free capacity) of a CPU at each
 *   instant, so tasks slow each other down only while they compute at the same
 *   virtual time (a task waiting for the device uses no CPU). Capacity is
 *   handed out in the order the model asks for it, each task's work in small
 *   pieces (a chunk, a request, a readahead window). Before each piece the
 *   engine's loads call @step (sim_engine.c), which lets every task behind
 *   the piece's start in virtual time place its own pieces first: the
 *   pieces of tasks that compute at once interleave in time order, so they
 *   share the CPUs fairly instead of the first task to ask taking them for
 *   its whole read.
 * - The host's cores (host_cores > 0): the vCPUs and the virtual disk's I/O
 *   thread share them; while the device transfers, io_host_cores of them are
 *   taken (sim_cpu_reserve_io()), and the vCPUs get what is left.
 *
 * - One file's buffered reads (file_readers > 0, sim_cpu_work_file()): the
 *   page-cache fill and copy of one file's reads compute on at most
 *   file_readers CPUs at once, however many readers; two readers of it then
 *   take as long as one reading it all (measured in the guest:
 *   docs/sim-calibration.md). The readers share that capacity like the CPUs.
 *
 * Without the timeline (at most ncpu tasks, host_cores = 0, file_readers = 0) the work is
 * simply @ns x @scale / cpu_rate, @scale the old whole-load stretch (kept for
 * the schemes that give one). Plain libc.
 */
#ifndef HEAPREAD_MODEL_CPU_H
#define HEAPREAD_MODEL_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "model_profile.h"

struct sim_cpu_seg {
	uint64_t t;		/* segment start; it ends at the next one's start */
	double used;		/* vCPUs computing */
	double io;		/* host cores taken by the device's transfers */
	double file;		/* CPUs computing the file's buffered reads */
};

struct sim_cpu {
	const struct sim_profile *p;
	bool timeline;			/* model contention in time (see above) */
	struct sim_cpu_seg *seg;	/* sorted by t; the last one runs to infinity */
	unsigned int nr, cap;
	bool oom;			/* the timeline could not grow: fell back to no contention */
	/* With the timeline: called with a piece's start before it is placed. */
	void (*step)(void *ctx, uint64_t t);
	void *step_ctx;
};

void sim_cpu_init(struct sim_cpu *c, const struct sim_profile *p);
void sim_cpu_release(struct sim_cpu *c);
/* Switch the timeline on when @tasks compete, or when the host or file_readers is modelled. */
void sim_cpu_tasks(struct sim_cpu *c, unsigned int tasks);

/* One task computes @ns (at cpu_rate 1) from @t: returns when it is done. */
uint64_t sim_cpu_work(struct sim_cpu *c, uint64_t t, double ns, double scale);
/* The same for the buffered-read work of the file (page-cache fill, copy). */
uint64_t sim_cpu_work_file(struct sim_cpu *c, uint64_t t, double ns, double scale);
/* The device transfers from @start to @end: take io_host_cores from the host. */
void sim_cpu_reserve_io(struct sim_cpu *c, uint64_t start, uint64_t end);

#endif /* HEAPREAD_MODEL_CPU_H */
