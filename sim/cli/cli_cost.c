// SPDX-License-Identifier: GPL-2.0
/* CPU time and peak memory of one load (see cli_cost.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "cli_cost.h"

static uint64_t tv_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000000000ull + (uint64_t)tv->tv_usec * 1000ull;
}

uint64_t hr_cost_cpu_now(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		return 0;
	return tv_ns(&ru.ru_utime) + tv_ns(&ru.ru_stime);
}

/* A "Name:   N kB" line of /proc/self/status, in bytes; 0 if absent. */
static uint64_t status_kb(const char *name)
{
	char line[256];
	size_t len = strlen(name);
	unsigned long long kb = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, len) && line[len] == ':') {
			if (sscanf(line + len + 1, "%llu", &kb) != 1)
				kb = 0;
			break;
		}
	fclose(f);
	return (uint64_t)kb * 1024;
}

void hr_cost_begin(struct hr_cost_mark *m)
{
	/* "5" resets the peak RSS to the current RSS (Linux 4.0). */
	FILE *f = fopen("/proc/self/clear_refs", "w");

	m->hwm_reset = f && fputs("5", f) >= 0;
	if (f && fclose(f))
		m->hwm_reset = false;
	m->cpu_ns = hr_cost_cpu_now();
}

void hr_cost_end(const struct hr_cost_mark *m, struct hr_cost *c)
{
	uint64_t now = hr_cost_cpu_now();

	c->cpu_ns = now > m->cpu_ns ? now - m->cpu_ns : 0;
	c->peak_rss = status_kb("VmHWM");
	c->hugetlb = status_kb("HugetlbPages");
	c->hwm_reset = m->hwm_reset;
}
