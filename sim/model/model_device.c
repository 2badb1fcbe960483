// SPDX-License-Identifier: GPL-2.0
/* The modelled storage device and page cache (see model_device.h). */
#include "config.h"

#include "model_alloc.h"
#include "model_device.h"

#define MAX_INFLIGHT	1024

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

void sim_device_init(struct sim_device *d, const struct sim_profile *p)
{
	*d = (struct sim_device) { .p = p };
}

uint64_t sim_pages(uint64_t bytes)
{
	return (bytes + 4095) / 4096;
}

uint64_t sim_copy_ns(const struct sim_profile *p, uint64_t bytes, unsigned int copies)
{
	return (uint64_t)((double)bytes * copies / p->copy_gbps);
}

/* One request on the link: returns when its data is in memory. */
static uint64_t link_request(struct sim_device *d, uint64_t issue, uint64_t bytes)
{
	uint64_t start = max_u64(issue + (uint64_t)d->p->dev_lat_ns, d->link_free);

	d->link_free = start + (uint64_t)((double)bytes / d->p->dev_gbps);
	d->requests++;
	d->bytes += bytes;
	return d->link_free;
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

		cpu += (uint64_t)(sim_pages(len) * cpu_page_ns * cpu_scale);
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

	*cpu += (uint64_t)(sim_pages(len) * sim_alloc_pc_page_ns(d->p) * cpu_scale);
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
		cpu += (uint64_t)((sim_copy_ns(d->p, len, how->copies) +
				   sim_pages(len) * how->dest_page_ns + how->unit_ns) * how->cpu_scale);
		pos += len;
	}
	return cpu;
}
