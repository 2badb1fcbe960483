/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The storage device, the page cache and the CPU on a virtual clock.
 *
 * Device: one transfer link of dev_gbps shared by every reader, serving
 * requests in the order of their virtual time: a request issued at t
 * transfers in the first interval of the link, from t + dev_lat_ns on, that
 * is free long enough (readers run one after the other in the model, so a
 * request may arrive after one issued later in virtual time has been
 * placed: it takes the gap before it, as the device would have served it
 * first). Latency overlaps other requests' transfers, so a reader with
 * several requests in flight reaches the full rate and a reader with one
 * pays the latency each time. A read is split into requests of at most dev_max_req; one read keeps
 * at most dev_qd of them in flight.
 *
 * Direct reads: the submitting task spends dio_page_ns (+ pin_page_ns for
 * user memory) per page building each request before issuing it.
 * Buffered reads: readahead windows of ra_bytes; the reader allocates a
 * window's page-cache pages (pc_page_ns each), issues it, and keeps one
 * window ahead in flight (async readahead) while it copies the current one
 * out at copy_gbps. Page cache starts cold (the seed dropped caches).
 * That CPU work (page-cache pages, copy) is the file's: with file_readers
 * > 0 the readers of the file share file_readers CPUs for it (model_cpu.h).
 *
 * CPU work goes through the CPU model (model_cpu.h), and each transfer takes
 * io_host_cores of the host while it runs.
 *
 * Every function takes the task's clock and returns its new clock. Plain libc.
 */
#ifndef HEAPREAD_MODEL_DEVICE_H
#define HEAPREAD_MODEL_DEVICE_H

#include <stdint.h>

#include "model_cpu.h"
#include "model_profile.h"

/* A busy interval of the link: [start, end). */
struct sim_busy {
	uint64_t start, end;
};

struct sim_device {
	const struct sim_profile *p;
	struct sim_cpu *cpu;
	struct sim_busy *busy;	/* sorted, disjoint, merged when they touch */
	unsigned int nr, cap;
	uint64_t requests, bytes;
};

void sim_device_init(struct sim_device *d, const struct sim_profile *p, struct sim_cpu *cpu);
void sim_device_release(struct sim_device *d);

/* CPU time of @bytes of copying (@copies times) and of @ns_per_page per page. */
uint64_t sim_copy_ns(const struct sim_profile *p, uint64_t bytes, unsigned int copies);
uint64_t sim_pages(uint64_t bytes);

/*
 * Direct read of @bytes (rounded up to dev_align) by a task at @t.
 * @cpu_page_ns: CPU per page to prepare the requests (dio + pin);
 * @cpu_scale: >= 1 when more threads than CPUs compete.
 */
uint64_t sim_read_direct(struct sim_device *d, uint64_t t, uint64_t bytes,
			 double cpu_page_ns, double cpu_scale);

/*
 * Buffered read of @bytes, consumed in units of @unit bytes (0: a whole
 * window); each unit costs @copies copies, @dest_page_ns per page of the
 * destination and @unit_ns once.
 */
struct sim_buffered {
	uint64_t unit;
	unsigned int copies;
	double dest_page_ns;
	double unit_ns;
	double cpu_scale;
};

uint64_t sim_read_buffered(struct sim_device *d, uint64_t t, uint64_t bytes,
			   const struct sim_buffered *how);

#endif /* HEAPREAD_MODEL_DEVICE_H */
