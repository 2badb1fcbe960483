// SPDX-License-Identifier: GPL-2.0
/*
 * kbench_names.c - what the report calls the guest's schemes, phases and
 * heapread's variants, and the order of the rows: the seed's table order,
 * then first appearance.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kbench_report.h"

struct name {
	const char *key, *name;
};

#define NR(table) (sizeof(table) / sizeof(table[0]))

/* Display names, in table order; the seed's row names where it has one. */
static const struct name schemes[] = {
	{ "normal", "normal" },
	{ "udmabuf-buf", "udmabuf buffer I/O" },
	{ "udmabuf-dio", "udmabuf direct I/O" },
	{ "udmabuf-overlap", "udmabuf direct I/O, alloc overlapped (reviewers)" },
	{ "sendfile-buf", "sendfile buffer I/O" },
	{ "sendfile-dio", "sendfile direct I/O" },
	{ "hr-sync-buf", "heapread sync buffer I/O (patch 1)" },
	{ "hr-sync-dio", "heapread sync direct I/O (patch 1)" },
	{ "hr-async-buf", "heapread async buffer I/O (patches 1-4)" },
	{ "hr-async-dio", "heapread async direct I/O (patches 1-4)" },
	{ "hr-async-dio-g32m", "heapread async direct I/O, gather 32 MiB" },
	{ "hr-async-dio-qd2", "heapread async direct I/O, queue depth 2" },
	{ "hr-async-dio-noramp", "heapread async direct I/O, fixed 128 MiB gathers (gather_min 0)" },
	{ "hr-async-dio-o9", "heapread async direct I/O, orders 9/8/4/0" },
	{ "hr-sync-dio-o9", "heapread sync direct I/O, orders 9/8/4/0" },
	{ "alloc-only", "alloc only (heapread len alloc, zeroed)" },
	{ "dio-read", "O_DIRECT read into allocated buffer, 1 thread" },
	{ "dio-read-qd4", "O_DIRECT read into allocated buffer, 4 threads" },
	{ "dio-read-qd4-beside", "O_DIRECT read, 4 threads, with a zeroed len alloc beside it" },
};

/* Phase names: durations, or stamps from the start ("... at") where phases overlap. */
static const struct name phases[] = {
	{ "first_gather", "first gather at" },
	{ "alloc_done", "alloc done at" },
	{ "io_done", "I/O done at" },
	{ "io_idle", "reads idle for" },
	{ "populate", "populate (not in its total)" },
};

/* heapread's async direct variants, by what sets them apart from the default. */
static const struct name variants[] = {
	{ "hr-async-dio-g32m", "gather 32 MiB" },
	{ "hr-async-dio-qd2", "queue depth 2" },
	{ "hr-async-dio-noramp", "fixed 128 MiB gathers" },
	{ "hr-async-dio-o9", "orders 9/8/4/0" },
};

/* Where @key stands in @table; @nr (after all) when it is not there. */
static unsigned int find(const struct name *table, unsigned int nr, const char *key)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (!strcmp(table[i].key, key))
			break;
	return i;
}

/* @key's name in @table, @otherwise when it has none. */
static const char *lookup(const struct name *table, unsigned int nr, const char *key,
			  const char *otherwise)
{
	unsigned int i = find(table, nr, key);

	return i < nr ? table[i].name : otherwise;
}

const char *kr_display(const char *key)
{
	return lookup(schemes, NR(schemes), key, key);
}

const char *kr_phase_name(const char *key)
{
	return lookup(phases, NR(phases), key, key);
}

const char *kr_variant_name(const char *key)
{
	return lookup(variants, NR(variants), key, "default (reads up to 128 MiB, qd 4)");
}

/* qsort() order of rows: their scheme's place in the table, then first appearance. */
int kr_row_order(const void *a, const void *b)
{
	const struct kr_row *x = a, *y = b;
	char kx[64], ky[64];
	int ix, iy;

	snprintf(kx, sizeof(kx), "%.*s", (int)strcspn(x->key, ":"), x->key);
	snprintf(ky, sizeof(ky), "%.*s", (int)strcspn(y->key, ":"), y->key);
	ix = find(schemes, NR(schemes), kx);
	iy = find(schemes, NR(schemes), ky);
	if (ix != iy)
		return ix - iy;
	return (int)x->seq - (int)y->seq;
}
