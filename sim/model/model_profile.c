// SPDX-License-Identifier: GPL-2.0
/* Simulator profiles: parameters, defaults, files and --set (see model_profile.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model_profile.h"

/*
 * Every key with its unit, meaning and bounds (a profile outside them is
 * refused by sim_profile_check(): POS means > 0).
 */
#define POS	1e-12
#define INF	HUGE_VAL
#define P(key, field, unit, what, lo, hi) \
	{ key, offsetof(struct sim_profile, field), unit, what, lo, hi }

const struct sim_param_desc sim_params[] = {
	P("dev_gbps", dev_gbps, "GB/s", "device sequential transfer rate", POS, INF),
	P("dev_lat_ns", dev_lat_ns, "ns", "per-request latency (overlaps other transfers)", 0, INF),
	P("dev_max_req", dev_max_req, "B", "largest request the block layer sends", 4096, INF),
	P("dev_qd", dev_qd, "requests", "requests one read keeps in flight", 1, 1024),
	P("dev_align", dev_align, "B", "direct I/O granule", 512, 65536),
	P("short_read", short_read, "B", "a read call returns at most this (0: whole)", 0, INF),
	P("ra_bytes", ra_bytes, "B", "readahead window of buffered reads", 4096, INF),
	P("ra_io_pages", ra_io_pages, "0/1",
	  "a read call larger than ra_bytes reads ahead in windows up to dev_max_req (Linux: io_pages)",
	  0, 1),
	P("pc_page_ns", pc_page_ns, "ns", "page-cache page allocate + insert", 0, INF),
	P("copy_gbps", copy_gbps, "GB/s", "CPU copy bandwidth", POS, INF),
	P("ncpu", ncpu, "CPUs", "CPUs that can work at once", 1, INF),
	P("chunk_ns", chunk_ns, "ns", "one successful alloc_pages() call", 0, INF),
	P("page_ns", page_ns, "ns", "per 4 KiB page of an allocated chunk", 0, INF),
	P("fail_ns", fail_ns, "ns", "one failed high-order attempt", 0, INF),
	P("zero_gbps", zero_gbps, "GB/s", "page clearing bandwidth", POS, INF),
	P("heap_zeroes", heap_zeroes, "0/1", "the dma-heap zeroes every page", 0, 1),
	P("init_on_alloc", init_on_alloc, "0/1",
	  "the page allocator clears every page it hands out (heap chunks, page cache, shmem)", 0, 1),
	P("fail_rate", fail_rate, "0..1", "probability a high-order attempt fails", 0, 1),
	P("exhaust_bytes", exhaust_bytes, "B",
	  "high-order memory available (0: unlimited)", 0, INF),
	P("cold_page_ns", cold_page_ns, "ns", "first touch of a page the host must back", 0, INF),
	P("shmem_page_ns", shmem_page_ns, "ns", "memfd (shmem) page allocation", 0, INF),
	P("dio_page_ns", dio_page_ns, "ns", "direct I/O CPU per page on the submitter", 0, INF),
	P("pin_page_ns", pin_page_ns, "ns", "pin one user page for direct I/O (GUP)", 0, INF),
	P("vmap_page_ns", vmap_page_ns, "ns", "vmap() per page", 0, INF),
	P("remap_page_ns", remap_page_ns, "ns", "dma-buf mmap: remap_pfn_range() per page", 0, INF),
	P("fault_ns", fault_ns, "ns", "one user fault on a shmem mapping", 0, INF),
	P("user_copy_page_ns", user_copy_page_ns, "ns",
	  "extra per page when a buffered read copies into a user mapping, not kernel pages", 0, INF),
	P("pipe_bytes", pipe_bytes, "B", "sendfile pipe size", 4096, INF),
	P("splice_ns", splice_ns, "ns", "one sendfile pipe round (two splices)", 0, INF),
	P("syscall_ns", syscall_ns, "ns", "one setup system call (open, mmap, ioctl)", 0, INF),
	P("cpu_rate", cpu_rate, "x",
	  "CPU speed of this run over the profile's (a vCPU's share of a host core): every CPU cost / it",
	  POS, INF),
	P("host_cores", host_cores, "cores",
	  "host cores the vCPUs and the virtual disk's I/O thread share (0: no host modelled)", 0, INF),
	P("io_host_cores", io_host_cores, "cores",
	  "host cores the device's transfers take while they run (with host_cores > 0)", 0, INF),
	P("file_readers", file_readers, "CPUs",
	  "CPUs the buffered reads of one file can use at once: readers of it share them (0: no limit)",
	  0, INF),
};

const unsigned int sim_nr_params = sizeof(sim_params) / sizeof(sim_params[0]);

/*
 * The calibrated ufs4-phone profile: sim/profiles/ufs4-phone.conf, made into
 * a C initialiser at build time (sim/model/local.mk); the file says why each value.
 */
void sim_profile_default(struct sim_profile *p)
{
	*p = (struct sim_profile) {
		.name = "ufs4-phone",
#include "profile_ufs4_phone.h"
	};
}

const struct sim_param_desc *sim_param_find(const char *key)
{
	for (unsigned int i = 0; i < sim_nr_params; i++)
		if (!strcmp(sim_params[i].key, key))
			return &sim_params[i];
	return NULL;
}

double *sim_param_ptr(struct sim_profile *p, const struct sim_param_desc *d)
{
	return (double *)((char *)p + d->offset);
}

double sim_param_get(const struct sim_profile *p, const struct sim_param_desc *d)
{
	return *(const double *)((const char *)p + d->offset);
}

static int parse_value(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || !isfinite(v))
		return -EINVAL;
	switch (*end) {
	case 'K': case 'k': v *= 1024.0; end++; break;
	case 'M': case 'm': v *= 1024.0 * 1024; end++; break;
	case 'G': case 'g': v *= 1024.0 * 1024 * 1024; end++; break;
	}
	while (isspace((unsigned char)*end))
		end++;
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int set_pair(struct sim_profile *p, char *key, char *val)
{
	const struct sim_param_desc *d;
	double v;

	key = trim(key);
	val = trim(val);
	if (!strcmp(key, "name")) {
		snprintf(p->name, sizeof(p->name), "%s", val);
		return 0;
	}
	d = sim_param_find(key);
	if (!d)
		return -ENOENT;
	if (parse_value(val, &v) || v < 0)
		return -EINVAL;
	*sim_param_ptr(p, d) = v;
	return 0;
}

int sim_profile_set(struct sim_profile *p, const char *assignment)
{
	char buf[256];
	char *eq;

	if (snprintf(buf, sizeof(buf), "%s", assignment) >= (int)sizeof(buf))
		return -EINVAL;
	eq = strchr(buf, '=');
	if (!eq)
		return -EINVAL;
	*eq = '\0';
	return set_pair(p, buf, eq + 1);
}

int sim_profile_load(struct sim_profile *p, const char *path, unsigned int *line)
{
	FILE *f = fopen(path, "r");
	char buf[512];
	int ret = 0;

	*line = 0;
	if (!f)
		return -errno;
	while (fgets(buf, sizeof(buf), f)) {
		char *hash = strchr(buf, '#');
		char *s, *eq;

		(*line)++;
		if (hash)
			*hash = '\0';
		s = trim(buf);
		if (!*s)
			continue;
		eq = strchr(s, '=');
		ret = eq ? (*eq = '\0', set_pair(p, s, eq + 1)) : -EINVAL;
		if (ret)
			break;
	}
	fclose(f);
	return ret;
}

void sim_profile_write(const struct sim_profile *p, FILE *out)
{
	fprintf(out, "name = %s\n", p->name);
	for (unsigned int i = 0; i < sim_nr_params; i++)
		fprintf(out, "%-14s = %-12.6g # %s, %s\n", sim_params[i].key,
			sim_param_get(p, &sim_params[i]), sim_params[i].unit, sim_params[i].what);
}

int sim_profile_check(const struct sim_profile *p, const char **why)
{
	static char msg[128];

	*why = NULL;
	for (unsigned int i = 0; i < sim_nr_params; i++) {
		const struct sim_param_desc *d = &sim_params[i];
		double v = sim_param_get(p, d);

		if (v >= d->lo && v <= d->hi)
			continue;
		if (d->hi == INF)
			snprintf(msg, sizeof(msg), "%s must be %s %g", d->key,
				 d->lo == POS ? ">" : ">=", d->lo == POS ? 0 : d->lo);
		else
			snprintf(msg, sizeof(msg), "%s must be in %g..%g", d->key, d->lo, d->hi);
		*why = msg;
		return -EINVAL;
	}
	return 0;
}
