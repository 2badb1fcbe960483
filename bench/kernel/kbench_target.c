// SPDX-License-Identifier: GPL-2.0
/*
 * kbench_target.c - issue 15's target: total <= 1.03 x max(allocation alone,
 * O_DIRECT read alone), medians of one boot, for the files of 1 GiB and up;
 * kbench_pairs.c adds the same rep by rep from the same cells.
 */
#include "config.h"

#include <string.h>

#include "kbench_report.h"

/* The loads the target is for. */
static const char *const target_loads[] = { "hr-async-dio", "hr-async-dio-noramp", "hr-async-dio-o9" };

/*
 * The cells of @t's target: allocation alone is the sync direct load's
 * allocation phase with the same orders as the load; the read alone the
 * fastest of the sync loads' read phases (k) and the userspace O_DIRECT
 * reads (u) into memory allocated beforehand, whichever of them @b has.
 */
static void target_cells(const struct kr_boot *b, int col, const struct kr_target *t,
			 struct kr_parts *p)
{
	static const char *const io_keys[KR_MAX_READS] = {
		"hr-sync-dio:read", "hr-sync-dio-o9:read", "dio-read", "dio-read-qd4",
	};
	bool o9 = !strcmp(t->load, "hr-async-dio-o9");

	memset(p, 0, sizeof(*p));
	p->load = kr_cell(b, t->load, false, col);
	p->alloc = kr_cell(b, o9 ? "hr-sync-dio-o9:alloc" : "hr-sync-dio:alloc", true, col);
	p->beside = kr_cell(b, "dio-read-qd4-beside", false, col);
	for (unsigned int k = 0; k < KR_MAX_READS; k++) {
		const struct kr_samples *s = kr_cell(b, io_keys[k], k < 2, col);

		if (!s)
			continue;
		p->read_from[p->nr_reads] = k < 2 ? "k" : "u";
		p->reads[p->nr_reads++] = s;
	}
}

/* @p's medians into @t: the fastest read says where it came from; false when a part is missing. */
static bool target_medians(const struct kr_parts *p, struct kr_target *t)
{
	if (!p->load || !p->alloc || !p->nr_reads)
		return false;
	t->io = UINT64_MAX;
	for (unsigned int k = 0; k < p->nr_reads; k++)
		if (kr_median(p->reads[k]) < t->io) {
			t->io = kr_median(p->reads[k]);
			t->io_from = p->read_from[k];
		}
	t->alloc = kr_median(p->alloc);
	t->measured = kr_median(p->load);
	t->n = p->load->n;
	t->beside = p->beside ? kr_median(p->beside) : 0;
	return true;
}

/* The target of load @load at size column @col into @t; false when the boot lacks a part. */
static bool make_target(const struct kr_boot *b, const char *load, unsigned int col,
			struct kr_target *t)
{
	struct kr_parts p;

	memset(t, 0, sizeof(*t));
	t->load = load;
	t->col = col;
	target_cells(b, col, t, &p);
	if (!target_medians(&p, t))
		return false;
	t->ratio = (double)t->measured / (double)(t->alloc > t->io ? t->alloc : t->io);
	t->met = t->ratio <= KR_TARGET_RATIO;
	kr_pair_target(&p, t);
	return true;
}

unsigned int kr_targets(const struct kr_report *r, const struct kr_boot *b, struct kr_target *out,
			unsigned int max)
{
	unsigned int nr = 0;

	for (unsigned int v = 0; v < sizeof(target_loads) / sizeof(target_loads[0]); v++)
		for (unsigned int c = 0; c < r->nr_sizes && nr < max; c++)
			if (r->sizes[c] >= (1ull << 30) && make_target(b, target_loads[v], c, &out[nr]))
				nr++;
	return nr;
}
