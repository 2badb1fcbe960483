// SPDX-License-Identifier: GPL-2.0
/* The modelled storage device and page cache (see model_device.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model_alloc.h"
#include "model_device.h"

#define MAX_INFLIGHT	1024

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

void sim_device_init(struct sim_device *d, const struct sim_profile *p, struct sim_cpu *cpu)
{
	*d = (struct sim_device) { .p = p, .cpu = cpu };
}

void sim_device_release(struct sim_device *d)
{
	free(d->busy);
	d->busy = NULL;
	d->nr = d->cap = 0;
}

static uint64_t cpu_work(struct sim_device *d, uint64_t t, double ns, double scale)
{
	if (d->cpu)
		return sim_cpu_work(d->cpu, t, ns, scale);
	return t + (uint64_t)(ns * scale);
}

/* CPU work of a buffered read of the file (file_readers, model_cpu.h). */
static uint64_t file_work(struct sim_device *d, uint64_t t, double ns, double scale)
{
	if (d->cpu)
		return sim_cpu_work_file(d->cpu, t, ns, scale);
	return t + (uint64_t)(ns * scale);
}

uint64_t sim_pages(uint64_t bytes)
{
	return (bytes + 4095) / 4096;
}

uint64_t sim_copy_ns(const struct sim_profile *p, uint64_t bytes, unsigned int copies)
{
	return (uint64_t)((double)bytes * copies / p->copy_gbps);
}

/* The first interval from @from on where the link is free for @len. */
static unsigned int find_gap(const struct sim_device *d, uint64_t from, uint64_t len, uint64_t *start)
{
	unsigned int lo = 0, hi = d->nr;

	/* the first busy interval that ends after @from */
	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (d->busy[mid].end <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < d->nr; lo++) {
		if (from + len <= d->busy[lo].start)
			break;
		from = max_u64(from, d->busy[lo].end);
	}
	*start = from;
	return lo;
}

/* Mark [@start, @end) busy at index @i (before busy[i]), merging neighbours. */
static void mark_busy(struct sim_device *d, unsigned int i, uint64_t start, uint64_t end)
{
	bool left = i > 0 && d->busy[i - 1].end == start;
	bool right = i < d->nr && d->busy[i].start == end;

	if (left && right) {
		d->busy[i - 1].end = d->busy[i].end;
		memmove(&d->busy[i], &d->busy[i + 1], (d->nr - i - 1) * sizeof(d->busy[0]));
		d->nr--;
	} else if (left) {
		d->busy[i - 1].end = end;
	} else if (right) {
		d->busy[i].start = start;
	} else {
		memmove(&d->busy[i + 1], &d->busy[i], (d->nr - i) * sizeof(d->busy[0]));
		d->busy[i] = (struct sim_busy) { start, end };
		d->nr++;
	}
}

/* One request on the link: returns when its data is in memory. */
static uint64_t link_request(struct sim_device *d, uint64_t issue, uint64_t bytes)
{
	uint64_t len = (uint64_t)((double)bytes / d->p->dev_gbps), start;
	unsigned int i;

	d->requests++;
	d->bytes += bytes;
	if (!len)
		return issue + (uint64_t)d->p->dev_lat_ns;
	if (d->nr + 1 > d->cap) {
		unsigned int cap = d->cap ? 2 * d->cap : 64;
		struct sim_busy *b = realloc(d->busy, cap * sizeof(*b));

		if (!b)		/* no room to remember: serve after everything */
			return (d->nr ? d->busy[d->nr - 1].end : issue) + len;
		d->busy = b;
		d->cap = cap;
	}
	i = find_gap(d, issue + (uint64_t)d->p->dev_lat_ns, len, &start);
	mark_busy(d, i, start, start + len);
	if (d->cpu)
		sim_cpu_reserve_io(d->cpu, start, start + len);
	return start + len;
}

uint64_t sim_read_direct(struct sim_device *d, uint64_t t, uint64_t bytes,
			 double cpu_page_ns, double cpu_scale)
{
	const struct sim_profile *p = d->p;
	uint64_t align = (uint64_t)p->dev_align;
	uint64_t max_req = (uint64_t)p->dev_max_req;
	unsigned int qd = (unsigned int)p->dev_qd;
	uint64_t done[MAX_INFLIGHT];
	uint64_t cpu = t, last = t;
	unsigned long n = 0;

	if (qd > MAX_INFLIGHT)
		qd = MAX_INFLIGHT;
	bytes = (bytes + align - 1) / align * align;
	while (bytes) {
		uint64_t len = bytes < max_req ? bytes : max_req;
		uint64_t issue;

		cpu = cpu_work(d, cpu, sim_pages(len) * cpu_page_ns, cpu_scale);
		issue = cpu;
		if (n >= qd)
			issue = max_u64(issue, done[n % qd]);
		done[n % qd] = link_request(d, issue, len);
		last = max_u64(last, done[n % qd]);
		cpu = issue;
		bytes -= len;
		n++;
	}
	return max_u64(last, cpu);
}

/* Readahead window @w of a stream: allocate its page-cache pages and issue it. */
static uint64_t issue_window(struct sim_device *d, uint64_t *cpu, uint64_t len, double cpu_scale)
{
	uint64_t max_req = (uint64_t)d->p->dev_max_req;
	uint64_t end = *cpu;

	*cpu = file_work(d, *cpu, sim_pages(len) * sim_alloc_pc_page_ns(d->p), cpu_scale);
	while (len) {
		uint64_t r = len < max_req ? len : max_req;

		end = max_u64(end, link_request(d, *cpu, r));
		len -= r;
	}
	return end;
}

uint64_t sim_read_buffered(struct sim_device *d, uint64_t t, uint64_t bytes,
			   const struct sim_buffered *how)
{
	uint64_t ra = (uint64_t)d->p->ra_bytes;
	uint64_t req = how->unit ? how->unit : bytes;
	uint64_t unit;

	/*
	 * Linux's ondemand readahead: a read() asking for more than ra_pages
	 * reads ahead up to the device's io_pages (max_sectors_kb) at a time.
	 */
	if (d->p->ra_io_pages > 0 && req > ra && d->p->dev_max_req > ra)
		ra = req < (uint64_t)d->p->dev_max_req ? req : (uint64_t)d->p->dev_max_req;
	unit = how->unit && how->unit < ra ? how->unit : ra;
	uint64_t nwin = (bytes + ra - 1) / ra;
	uint64_t ready[4];	/* completion of windows issued, by index % 4 */
	uint64_t issued = 0, cpu = t, pos = 0;

	while (pos < bytes) {
		uint64_t len = bytes - pos < unit ? bytes - pos : unit;
		uint64_t last = (pos + len - 1) / ra;

		/* Reaching a window issues it (sync) and the next one (async). */
		while (issued < nwin && issued <= last + 1) {
			uint64_t wlen = issued + 1 < nwin ? ra : bytes - issued * ra;

			ready[issued % 4] = issue_window(d, &cpu, wlen, how->cpu_scale);
			issued++;
		}
		for (uint64_t w = pos / ra; w <= last; w++)
			cpu = max_u64(cpu, ready[w % 4]);
		cpu = file_work(d, cpu, (double)sim_copy_ns(d->p, len, how->copies) +
			       sim_pages(len) * how->dest_page_ns + how->unit_ns, how->cpu_scale);
		pos += len;
	}
	return cpu;
}
