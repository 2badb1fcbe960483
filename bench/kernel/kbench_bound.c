// SPDX-License-Identifier: GPL-2.0
/*
 * kbench_bound.c - how close heapread's async direct load comes to the best
 * an overlapped load can do: first gather + max(alloc alone, I/O alone),
 * medians of one boot; and whether it beats every other scheme.
 */
#include "config.h"

#include <string.h>

#include "kbench_report.h"

/* heapread's overlapped direct loads: the default, then the other gather and depth. */
const char *const kr_variants[] = {
	"hr-async-dio", "hr-async-dio-g32m", "hr-async-dio-qd2", "hr-async-dio-noramp", "hr-async-dio-o9",
};
const unsigned int kr_nr_variants = sizeof(kr_variants) / sizeof(kr_variants[0]);

/* The rows heapread's async direct load is compared with: every load but its own variants. */
static bool is_rival(const char *key)
{
	return strncmp(key, "hr-async-dio", 12) && strcmp(key, "alloc-only") && strncmp(key, "dio-read", 8);
}

/*
 * I/O alone: the fastest of the sync direct load's read phase and the
 * userspace O_DIRECT reads (1 or 4 threads); false when none was measured.
 */
static bool io_alone(const struct kr_boot *b, int col, struct kr_bound *out)
{
	const struct kr_samples *kread = kr_cell(b, "hr-sync-dio:read", true, col);
	const struct kr_samples *uread = kr_cell(b, "dio-read", false, col);
	const struct kr_samples *uread4 = kr_cell(b, "dio-read-qd4", false, col);

	if (!kread && !uread && !uread4)
		return false;
	out->io = kread ? kr_median(kread) : UINT64_MAX;
	out->io_from = "the sync direct load's read phase";
	if (uread && kr_median(uread) < out->io) {
		out->io = kr_median(uread);
		out->io_from = "the userspace O_DIRECT read";
	}
	if (uread4 && kr_median(uread4) < out->io) {
		out->io = kr_median(uread4);
		out->io_from = "the userspace O_DIRECT read";
	}
	return true;
}

/* The fastest other scheme in column @col (by median), the first one on a tie. */
static void best_rival(const struct kr_boot *b, int col, struct kr_bound *out)
{
	for (unsigned int r = 0; r < b->nr_totals; r++) {
		const struct kr_samples *s = &b->totals[r].at[col];

		if (!s->n || !is_rival(b->totals[r].key))
			continue;
		if (!out->best_rival || kr_median(s) < out->best_rival_ns) {
			out->best_rival = b->totals[r].key;
			out->best_rival_ns = kr_median(s);
		}
	}
}

/*
 * first gather (of the @variant load) + max(alloc alone, I/O alone): the
 * allocation alone is the sync direct load's allocation phase (same
 * allocator, no zeroing unless init_on_alloc, nothing read meanwhile); the
 * I/O alone is the fastest of its read phase and the userspace O_DIRECT
 * reads (1 or 4 threads) into memory allocated beforehand, so that the
 * bound is as tight as the measurements allow.
 */
bool kr_compute_bound(const struct kr_boot *b, int col, const char *variant, struct kr_bound *out)
{
	const struct kr_samples *first, *alloc, *total;
	char key[96];

	snprintf(key, sizeof(key), "%s:first_gather", variant);
	first = kr_cell(b, key, true, col);
	alloc = kr_cell(b, "hr-sync-dio:alloc", true, col);
	total = kr_cell(b, variant, false, col);
	memset(out, 0, sizeof(*out));
	if (!first || !alloc || !total || !io_alone(b, col, out))
		return false;
	out->first = kr_median(first);
	out->alloc = kr_median(alloc);
	out->bound = out->first + (out->alloc > out->io ? out->alloc : out->io);
	out->measured = kr_median(total);
	best_rival(b, col, out);
	out->within = out->measured <= out->bound * 1.05;
	out->fastest = !out->best_rival || out->measured < out->best_rival_ns;
	return true;
}
