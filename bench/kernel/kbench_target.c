// SPDX-License-Identifier: GPL-2.0
/*
 * kbench_target.c - issue 15's target: total <= 1.03 x max(allocation alone,
 * O_DIRECT read alone), medians of one boot, for the files of 1 GiB and up.
 */
#include "config.h"

#include <string.h>

#include "kbench_report.h"

/* The loads the target is for. */
static const char *const target_loads[] = { "hr-async-dio", "hr-async-dio-noramp", "hr-async-dio-o9" };

/*
 * Allocation alone is the sync direct load's allocation phase with the same
 * orders as the load; the read alone the fastest of the sync loads' read
 * phases (k) and the userspace O_DIRECT reads (u) into memory allocated
 * beforehand. False when a part was not measured.
 */
static bool target_parts(const struct kr_boot *b, int col, struct kr_target *t)
{
	static const char *const io_keys[] = {
		"hr-sync-dio:read", "hr-sync-dio-o9:read", "dio-read", "dio-read-qd4",
	};
	bool o9 = !strcmp(t->load, "hr-async-dio-o9");
	const struct kr_samples *a = kr_cell(b, o9 ? "hr-sync-dio-o9:alloc" : "hr-sync-dio:alloc", true, col);
	const struct kr_samples *total = kr_cell(b, t->load, false, col);
	const struct kr_samples *beside = kr_cell(b, "dio-read-qd4-beside", false, col);

	t->io = UINT64_MAX;
	for (unsigned int k = 0; k < 4; k++) {
		const struct kr_samples *s = kr_cell(b, io_keys[k], k < 2, col);

		if (s && kr_median(s) < t->io) {
			t->io = kr_median(s);
			t->io_from = k < 2 ? "k" : "u";
		}
	}
	if (!a || !total || t->io == UINT64_MAX)
		return false;
	t->alloc = kr_median(a);
	t->measured = kr_median(total);
	t->n = total->n;
	t->beside = beside && beside->n ? kr_median(beside) : 0;
	return true;
}

unsigned int kr_targets(const struct kr_report *r, const struct kr_boot *b, struct kr_target *out,
			unsigned int max)
{
	unsigned int nr = 0;

	for (unsigned int v = 0; v < sizeof(target_loads) / sizeof(target_loads[0]); v++)
		for (unsigned int c = 0; c < r->nr_sizes && nr < max; c++) {
			struct kr_target *t = &out[nr];

			memset(t, 0, sizeof(*t));
			t->load = target_loads[v];
			t->col = c;
			if (r->sizes[c] < (1ull << 30) || !target_parts(b, c, t))
				continue;
			t->ratio = (double)t->measured / (double)(t->alloc > t->io ? t->alloc : t->io);
			t->met = t->ratio <= KR_TARGET_RATIO;
			nr++;
		}
	return nr;
}
