// SPDX-License-Identifier: GPL-2.0
/*
 * kbench_stats.c - what a cell of samples comes to: its median (as
 * sim/cli/cli_table.c takes it), its smallest and largest, and the cell of a
 * row named by its key.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kbench_report.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Median (mean of the middle two for an even count, as cli_table.c); 0 when empty. */
uint64_t kr_median(const struct kr_samples *s)
{
	uint64_t v[KR_MAX_SAMPLES];

	if (!s->n)
		return 0;
	memcpy(v, s->v, s->n * sizeof(v[0]));
	qsort(v, s->n, sizeof(v[0]), cmp_u64);
	return s->n % 2 ? v[s->n / 2] : v[s->n / 2 - 1] / 2 + v[s->n / 2] / 2;
}

/* The largest (@max) or smallest sample; 0 when empty. */
uint64_t kr_extreme(const struct kr_samples *s, bool max)
{
	uint64_t m = s->n ? s->v[0] : 0;

	for (unsigned int i = 1; i < s->n; i++)
		if (max ? s->v[i] > m : s->v[i] < m)
			m = s->v[i];
	return m;
}

/* The samples of row @key (a phase row when @phase) in column @col; NULL when none. */
const struct kr_samples *kr_cell(const struct kr_boot *b, const char *key, bool phase, int col)
{
	const struct kr_row *rows = phase ? b->phases : b->totals;
	unsigned int nr = phase ? b->nr_phases : b->nr_totals;

	for (unsigned int i = 0; i < nr; i++)
		if (!strcmp(rows[i].key, key))
			return rows[i].at[col].n ? &rows[i].at[col] : NULL;
	return NULL;
}
