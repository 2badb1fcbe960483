// SPDX-License-Identifier: GPL-2.0
/*
 * kbench_tables.c - a boot's rows as hr_tables (sim/cli/cli_table.c), the
 * format of `heapread sim` and `heapread compare`: the totals (with the
 * schemes this guest cannot run), the phases, and the two cost tables.
 */
#include "config.h"

#include <string.h>

#include "cli_table.h"
#include "kbench_report.h"

/* "guest" when the boot did not say its kernel. */
static const char *kernel_of(const struct kr_boot *b)
{
	return b->kernel[0] ? b->kernel : "guest";
}

/* A row's label: the scheme's display name, and for "scheme:phase" the phase's. */
static void row_label(const char *key, char *label, size_t len)
{
	const char *colon = strchr(key, ':');
	char scheme[64];

	if (!colon) {
		snprintf(label, len, "%.200s", kr_display(key));
		return;
	}
	snprintf(scheme, sizeof(scheme), "%.*s", (int)(colon - key), key);
	snprintf(label, len, "%.120s: %.120s", kr_display(scheme), kr_phase_name(colon + 1));
}

static void set_cols(struct hr_table *t, const struct kr_report *r)
{
	for (unsigned int c = 0; c < r->nr_sizes; c++)
		hr_table_set_col(t, c, r->sizes[c]);
}

/* The totals of every scheme (then the ones not possible here, with why), or the phases. */
struct hr_table *kr_make_table(const struct kr_report *r, const struct kr_boot *b, bool phases)
{
	const struct kr_row *rows = phases ? b->phases : b->totals;
	unsigned int nr = phases ? b->nr_phases : b->nr_totals;
	unsigned int extra = phases ? 0 : b->nr_na;
	char title[256], label[256];
	struct hr_table *t;

	snprintf(title, sizeof(title), "%s, %s: %s (ns, min / median / max)", kernel_of(b), b->label,
		 phases ? "phases" : "file into a dma-buf");
	t = hr_table_new(title, nr + extra, r->nr_sizes);
	if (!t)
		return NULL;
	set_cols(t, r);
	for (unsigned int i = 0; i < nr; i++) {
		row_label(rows[i].key, label, sizeof(label));
		hr_table_set_row(t, i, label);
		for (unsigned int c = 0; c < r->nr_sizes; c++)
			for (unsigned int s = 0; s < rows[i].at[c].n; s++)
				hr_table_add(t, i, c, rows[i].at[c].v[s]);
	}
	for (unsigned int i = 0; i < extra; i++) {
		snprintf(label, sizeof(label), "%.80s: %.160s", kr_display(b->na_key[i]), b->na_why[i]);
		hr_table_set_row(t, nr + i, label);
	}
	return t;
}

/* CPU ns of a load of @size bytes as ms per GiB, rounded. */
static uint64_t cpu_ms_per_gib(uint64_t ns, uint64_t size)
{
	return (uint64_t)(ns / 1e6 / ((double)size / (1u << 30)) + 0.5);
}

/* Bytes as MiB, rounded. */
static uint64_t mib(uint64_t bytes)
{
	return (bytes + (1u << 19)) >> 20;
}

/*
 * The cost tables: CPU ms per GiB of file (guest-wide /proc/stat time over
 * the load) and MiB the guest holds at the load's end over its start.
 */
struct hr_table *kr_make_cost_table(const struct kr_report *r, const struct kr_boot *b, bool cpu)
{
	const struct kr_row *rows = cpu ? b->cpu : b->mem;
	unsigned int nr = cpu ? b->nr_cpu : b->nr_mem;
	char title[512];
	struct hr_table *t;

	snprintf(title, sizeof(title), "%s, %s: %s (min / median / max)", kernel_of(b), b->label,
		 cpu ? "CPU time of the whole guest during the load (/proc/stat: user, system, irq, softirq of both vCPUs), ms per GiB of file" :
		 "memory + page cache held at the end of the load (MemTotal - MemFree, over the start; the peak: nothing is freed during a load), MiB");
	t = hr_table_new(title, nr, r->nr_sizes);
	if (!t)
		return NULL;
	hr_table_set_unit(t, cpu ? "CPU ms/GiB" : "MiB");
	set_cols(t, r);
	for (unsigned int i = 0; i < nr; i++) {
		hr_table_set_row(t, i, kr_display(rows[i].key));
		for (unsigned int c = 0; c < r->nr_sizes; c++)
			for (unsigned int s = 0; s < rows[i].at[c].n; s++) {
				uint64_t v = rows[i].at[c].v[s];

				hr_table_add(t, i, c, cpu ? cpu_ms_per_gib(v, r->sizes[c]) : mib(v));
			}
	}
	return t;
}
