// SPDX-License-Identifier: GPL-2.0
/*
 * kbench_md.c - the report on stdout, in markdown: per boot the guest, the
 * totals and phases tables, the bound, issue 15's target (its ratio of
 * medians, then rep by rep), the side-by-side run and the cost tables.
 */
#include "config.h"

#include <string.h>

#include "cli_table.h"
#include "cli_util.h"
#include "kbench_report.h"

/* Print @t (when it could be made) and a blank line; free it. */
static void print_table(struct hr_table *t, FILE *out)
{
	if (t)
		hr_table_print(t, out, HR_TABLE_STATS);
	fputc('\n', out);
	hr_table_free(t);
}

static void print_bound_row(const struct kr_report *r, unsigned int c, const char *variant,
			    const struct kr_bound *bo, FILE *out)
{
	char label[32], f[32], a[32], i[32], bd[32], m[32], rv[32];

	hr_format_size_short(label, sizeof(label), r->sizes[c]);
	hr_format_ns(f, sizeof(f), bo->first);
	hr_format_ns(a, sizeof(a), bo->alloc);
	hr_format_ns(i, sizeof(i), bo->io);
	hr_format_ns(bd, sizeof(bd), bo->bound);
	hr_format_ns(m, sizeof(m), bo->measured);
	hr_format_ns(rv, sizeof(rv), bo->best_rival_ns);
	fprintf(out, "| %s | %s | %s | %s | %s%s | %s | %s | %.3f | %s | %s (%s) | %s |\n",
		kr_variant_name(variant), label, f, a, i,
		strcmp(bo->io_from, "the userspace O_DIRECT read") ? " (k)" : " (u)", bd, m,
		(double)bo->measured / bo->bound, bo->within ? "yes" : "no",
		bo->best_rival ? kr_display(bo->best_rival) : "-", rv, bo->fastest ? "yes" : "no");
}

static void print_bounds(const struct kr_report *r, const struct kr_boot *b, FILE *out)
{
	struct kr_bound bo;

	fprintf(out, "\nBound for heapread async direct I/O (%s): first gather + max(alloc, I/O), medians\n\n",
		b->label);
	fprintf(out, "| load | size | first gather | alloc alone | I/O alone | bound | measured | measured / bound | within 5 %% | fastest other scheme | faster than all |\n");
	fprintf(out, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
	for (unsigned int v = 0; v < kr_nr_variants; v++)
		for (unsigned int c = 0; c < r->nr_sizes; c++)
			if (kr_compute_bound(b, c, kr_variants[v], &bo))
				print_bound_row(r, c, kr_variants[v], &bo, out);
	fprintf(out, "\nalloc alone: the sync direct load's allocation phase; I/O alone: the fastest of its read\n"
		"phase (k) and userspace O_DIRECT reads (1 or 4 threads) into memory allocated beforehand (u).\n"
		"Target (1 GiB and up): measured <= 1.05 x bound, and faster than every other scheme\n"
		"(heapread's own async direct variants, alloc only and the O_DIRECT read excepted).\n");
}

static void print_target_row(const struct kr_report *r, const struct kr_target *t, FILE *out)
{
	char label[32], a[32], i[32], m[32];

	hr_format_size_short(label, sizeof(label), r->sizes[t->col]);
	hr_format_ns(a, sizeof(a), t->alloc);
	hr_format_ns(i, sizeof(i), t->io);
	hr_format_ns(m, sizeof(m), t->measured);
	fprintf(out, "| %s | %s | %u | %s | %s (%s) | %s | %s | %.3f | %.2f | %s |\n",
		kr_variant_name(t->load), label, t->n, a, i, t->io_from,
		t->alloc > t->io ? "alloc" : "read", m, t->ratio, KR_TARGET_RATIO,
		t->met ? "met" : "MISSED");
}

/* Issue 15's target, when this boot measured a file of 1 GiB or more. */
static void print_targets(const struct kr_report *r, const struct kr_boot *b,
			  const struct kr_target *t, unsigned int nr, FILE *out)
{
	if (!nr)
		return;
	fprintf(out, "\nTarget (issue 15, %s): total <= %.2f x max(alloc alone, O_DIRECT read alone), medians\n\n"
		"| load | size | n | alloc alone | read alone | max | measured | ratio | target | |\n"
		"| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n", b->label, KR_TARGET_RATIO);
	for (unsigned int i = 0; i < nr; i++)
		print_target_row(r, &t[i], out);
	fprintf(out, "\nalloc alone: the sync direct load's allocation phase, same orders as the load; read alone:\n"
		"the fastest of the sync loads' read phases (k) and userspace O_DIRECT reads (1 or 4 threads) into\n"
		"memory allocated beforehand (u). Ratio of this boot's medians (the runs are interleaved).\n");
}

/* "min / median / max" of @s, "-" when no repetition paired. */
static void format_spread(char *buf, size_t len, const struct kr_spread *s)
{
	if (s->n)
		snprintf(buf, len, "%.3f / %.3f / %.3f", s->min, s->median, s->max);
	else
		snprintf(buf, len, "-");
}

static void print_per_rep_row(const struct kr_report *r, const struct kr_target *t, FILE *out)
{
	const char *side = kr_interval_side(t);
	char label[32], spread[64], interval[48];

	hr_format_size_short(label, sizeof(label), r->sizes[t->col]);
	format_spread(spread, sizeof(spread), &t->per_rep);
	if (side)
		snprintf(interval, sizeof(interval), "[%.3f, %.3f]", t->lo, t->hi);
	else
		snprintf(interval, sizeof(interval), "-");
	fprintf(out, "| %s | %s | %u | %s | %s | %.3f | %s | %s |\n", kr_variant_name(t->load), label,
		t->per_rep.n, spread, !t->per_rep.n ? "-" : t->per_rep_met ? "met" : "MISSED", t->ratio,
		interval, side ? side : "-");
}

/*
 * The same targets repetition by repetition, and the interval that says
 * whether this boot can tell the ratio of medians from the target at all.
 */
static void print_per_rep(const struct kr_report *r, const struct kr_boot *b,
			  const struct kr_target *t, unsigned int nr, FILE *out)
{
	if (!nr)
		return;
	fprintf(out, "\nPer repetition (issue 15, %s): each repetition's total / max(its alloc alone, its fastest read alone)\n\n"
		"| load | size | n | per rep min / median / max | median per rep <= %.2f | ratio of medians | 90 %% interval | interval vs %.2f |\n"
		"| --- | --- | ---: | ---: | --- | ---: | ---: | --- |\n", b->label, KR_TARGET_RATIO, KR_TARGET_RATIO);
	for (unsigned int i = 0; i < nr; i++)
		print_per_rep_row(r, &t[i], out);
	fprintf(out, "\nThe schemes of one repetition ran next to each other: a ratio within a repetition leaves out\n"
		"the drift of the guest's disk and CPU between repetitions (10-25 %%); its spread is what is left.\n"
		"n: the repetitions every part measured. Interval: 5th and 95th percentiles of the ratio of medians over %d resamples\n"
		"of those repetitions (drawn with replacement, the same for every scheme, fixed seed); below or\n"
		"above when the whole interval is on that side of the target.\n", KR_RESAMPLES);
}

static void print_beside_row(const struct kr_report *r, const struct kr_target *t, FILE *out)
{
	char label[32], mx[32], bs[32], m[32], spread[64];

	hr_format_size_short(label, sizeof(label), r->sizes[t->col]);
	hr_format_ns(mx, sizeof(mx), t->alloc > t->io ? t->alloc : t->io);
	hr_format_ns(bs, sizeof(bs), t->beside);
	hr_format_ns(m, sizeof(m), t->measured);
	format_spread(spread, sizeof(spread), &t->beside_per_rep);
	fprintf(out, "| %s | %s | %s | %s | %.3f | %s | %.3f | %u | %s |\n", kr_variant_name(t->load), label,
		mx, bs, (double)t->beside / (double)(t->alloc > t->io ? t->alloc : t->io), m,
		(double)t->measured / (double)t->beside, t->beside_per_rep.n, spread);
}

/*
 * The same loads against the read and the allocation run side by side
 * (dio-read-qd4-beside), when the boot measured it: what sharing the host
 * costs, which max(alloc, read) leaves out.
 */
static void print_beside(const struct kr_report *r, const struct kr_boot *b,
			 const struct kr_target *t, unsigned int nr, FILE *out)
{
	unsigned int shown = 0;

	for (unsigned int i = 0; i < nr; i++) {
		if (!t[i].beside)
			continue;
		if (!shown++)
			fprintf(out, "\nSide by side (%s): the O_DIRECT read (4 threads) with heapread's zeroed len\n"
				"allocation of the same size beside it, both done, medians; per rep: each repetition's\n"
				"measured / its side by side\n\n"
				"| load | size | max(alloc, read) | side by side | side by side / max | measured | measured / side by side | n | per rep min / median / max |\n"
				"| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n", b->label);
		print_beside_row(r, &t[i], out);
	}
	if (shown)
		fprintf(out, "\nThe len allocation clears its pages, as the load's does only with init_on_alloc=1.\n");
}

/* The boot's guest and host, in one line. */
static void print_guest(const struct kr_boot *b, FILE *out)
{
	fprintf(out, "## %s\n\n", b->label);
	fprintf(out, "guest: %s, %u CPUs (TCG), %llu MiB; benchmark %s s in the guest, qemu %s s; "
		"host load average %s before, %s after%s\n\n",
		b->kernel, b->cpus, b->mem_kib / 1024, b->guest_s[0] ? b->guest_s : "?",
		b->qemu_s[0] ? b->qemu_s : "?", b->load_before, b->load_after,
		b->ended ? "" : " (INCOMPLETE: no END line)");
}

void kr_print_boot(const struct kr_report *r, const struct kr_boot *b, FILE *out)
{
	struct kr_target t[KR_MAX_TARGETS];
	unsigned int nr = kr_targets(r, b, t, KR_MAX_TARGETS);
	struct hr_table *phases;

	print_guest(b, out);
	print_table(kr_make_table(r, b, false), out);
	/* The bound and the target follow the phases table without a blank line. */
	phases = kr_make_table(r, b, true);
	if (phases)
		hr_table_print(phases, out, HR_TABLE_STATS);
	hr_table_free(phases);
	print_bounds(r, b, out);
	print_targets(r, b, t, nr, out);
	print_per_rep(r, b, t, nr, out);
	print_beside(r, b, t, nr, out);
	fputc('\n', out);
	if (b->nr_cpu) {
		print_table(kr_make_cost_table(r, b, true), out);
		print_table(kr_make_cost_table(r, b, false), out);
	}
}
