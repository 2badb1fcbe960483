// SPDX-License-Identifier: GPL-2.0
/* sys.c - clock, page cache, module parameters, the kernel log, reads */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kbench.h"

uint64_t kb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Busy CPU time of the whole guest so far (/proc/stat "cpu" line), ns. */
static uint64_t kb_cpu_busy_ns(void)
{
	unsigned long long user, nice, sys, idle, iowait, irq, softirq;
	long hz = sysconf(_SC_CLK_TCK);
	FILE *f = fopen("/proc/stat", "r");
	int n = 0;

	if (f) {
		n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &sys,
			   &idle, &iowait, &irq, &softirq);
		fclose(f);
	}
	if (n != 7 || hz <= 0)
		return 0;
	return (user + nice + sys + irq + softirq) * (1000000000ULL / (unsigned long long)hz);
}

/* MemTotal - MemFree, bytes. */
static uint64_t kb_mem_used(void)
{
	unsigned long long v, total = 0, free = 0;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "MemTotal: %llu kB", &v) == 1)
			total = v;
		else if (sscanf(line, "MemFree: %llu kB", &v) == 1)
			free = v;
	}
	fclose(f);
	return (total - free) * 1024;
}

static uint64_t kb_cpu0, kb_mem0;

uint64_t kb_begin(struct kb_result *r)
{
	(void)r;
	kb_mem0 = kb_mem_used();
	kb_cpu0 = kb_cpu_busy_ns();
	return kb_now_ns();
}

void kb_end(struct kb_result *r, uint64_t t0)
{
	uint64_t cpu, mem;

	r->total_ns = kb_now_ns() - t0;
	cpu = kb_cpu_busy_ns();
	mem = kb_mem_used();
	r->cpu_ns = cpu > kb_cpu0 ? cpu - kb_cpu0 : 0;
	r->mem_bytes = mem > kb_mem0 ? mem - kb_mem0 : 0;
	r->have_cost = kb_cpu0 && cpu;
}

/* /dev/kmsg positioned after every record so far (the module's stats follow). */
int kb_kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/*
 * The phases of the load just done, from the line the module logs with
 * pr_debug (enabled with dyndbg=+p at insmod):
 * "loaded N bytes: G gathers, R reads (S short), first gather F ns,
 *  alloc A ns, io I ns, total T ns, io idle D ns" (stamps from the start of
 * the load; D, a duration, since the module reports it).
 * A sync load gets phases alloc and read (one after the other); an async
 * one first_gather, alloc_done and io_done (stamps: they overlap) and
 * io_idle, how long no read ran between its first and its last.
 * Returns 0, or -ENOENT without one.
 */
int kb_kmsg_stats(int kmsg, bool sync, struct kb_result *r)
{
	unsigned long long first, alloc, io, total, io_idle;
	unsigned int gathers, reads, shorts;
	const char *idle;
	char rec[1024];
	int found = -ENOENT;
	ssize_t n;

	while ((n = read(kmsg, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		const char *msg;

		if (n <= 0)
			continue;	/* EPIPE: records were overwritten; go on */
		rec[n] = '\0';
		msg = strstr(rec, "loaded ");
		if (!msg)
			continue;
		msg = strchr(msg, ':');
		if (msg && sscanf(msg, ": %u gathers, %u reads (%u short), first gather %llu ns, alloc %llu ns, io %llu ns, total %llu ns",
				  &gathers, &reads, &shorts, &first, &alloc, &io, &total) == 7) {
			r->nr_phases = 0;
			if (sync) {
				kb_phase(r, "alloc", alloc);
				kb_phase(r, "read", io > alloc ? io - alloc : 0);
			} else {
				kb_phase(r, "first_gather", first);
				kb_phase(r, "alloc_done", alloc);
				kb_phase(r, "io_done", io);
				idle = strstr(msg, "io idle ");
				if (idle && sscanf(idle, "io idle %llu ns", &io_idle) == 1)
					kb_phase(r, "io_idle", io_idle);
			}
			r->gathers = gathers;
			r->reads = reads;
			r->short_reads = shorts;
			found = 0;
		}
	}
	return found;
}

void kb_phase(struct kb_result *r, const char *name, uint64_t ns)
{
	if (r->nr_phases < KB_MAX_PHASES) {
		r->phase[r->nr_phases].name = name;
		r->phase[r->nr_phases].ns = ns;
		r->nr_phases++;
	}
}

/* Record a failure; returns -1. */
int kb_fail(struct kb_result *r, const char *what, int err)
{
	snprintf(r->err, sizeof(r->err), "%s: %s", what, strerror(err));
	return -1;
}

/*
 * Read the file of @size bytes from the start into @p (@len bytes of room,
 * page-rounded, so that a direct read may ask for the whole last page),
 * continuing short reads. Returns 0 or -errno (-ENODATA: early end).
 */
int kb_read_full(int fd, uint8_t *p, size_t len, size_t size)
{
	size_t done = 0;

	while (done < size) {
		ssize_t n = pread(fd, p + done, len - done, done);

		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENODATA;
		done += n;
	}
	return 0;
}

int kb_open_file(const struct kb_file *f, bool direct)
{
	char path[256];

	snprintf(path, sizeof(path), KB_DATA "/%s", f->name);
	return open(path, O_RDONLY | O_CLOEXEC | (direct ? O_DIRECT : 0));
}
