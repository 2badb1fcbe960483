/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What one load costs besides its time, measured the way a process can on
 * Linux: the CPU time of the whole process (getrusage(RUSAGE_SELF): every
 * thread, the engine's workers and io_uring's io-wq workers included, since
 * those are threads of the process; interrupt and softirq time spent on the
 * process's behalf while another task ran is not in it), and the peak of the
 * process's resident memory (VmHWM, reset through /proc/self/clear_refs at
 * the start) plus the hugetlb pages it holds at the end (hugetlb pages are
 * not counted in RSS). The file's page cache is the caller's to add: it is
 * not the process's memory but the load leaves it behind. Plain libc.
 */
#ifndef HEAPREAD_CLI_COST_H
#define HEAPREAD_CLI_COST_H

#include <stdbool.h>
#include <stdint.h>

struct hr_cost_mark {
	uint64_t cpu_ns;	/* user + system of the process at the mark */
	bool hwm_reset;		/* VmHWM was reset at the mark (else it is the process's lifetime peak) */
};

struct hr_cost {
	uint64_t cpu_ns;	/* user + system between the marks */
	uint64_t peak_rss;	/* bytes: VmHWM at the end */
	uint64_t hugetlb;	/* bytes: hugetlb pages mapped at the end */
	bool hwm_reset;
};

void hr_cost_begin(struct hr_cost_mark *m);
void hr_cost_end(const struct hr_cost_mark *m, struct hr_cost *c);
/* The process's user + system CPU time so far, ns. */
uint64_t hr_cost_cpu_now(void);

#endif /* HEAPREAD_CLI_COST_H */
