// SPDX-License-Identifier: GPL-2.0
/*
 * kbench_json.c - the report as JSON (make bench-kernel's .json): per boot
 * the guest, the schemes not possible here, the tables as
 * sim/cli/cli_table.c writes them, the bound of the default async direct
 * load and issue 15's targets (with their per-rep figures and interval).
 */
#include "config.h"

#include <inttypes.h>

#include "cli_table.h"
#include "kbench_report.h"

/* @t as JSON, or @none when it could not be made; @t is freed. */
static void write_table(struct hr_table *t, const char *none, FILE *out)
{
	if (t)
		hr_table_print(t, out, HR_TABLE_JSON);
	else
		fputs(none, out);
	hr_table_free(t);
}

static void write_guest(const struct kr_boot *b, bool first, FILE *out)
{
	fprintf(out, "%s\n{\"label\":\"%s\",\"kernel\":\"%s\",\"cpus\":%u,\"mem_kib\":%llu,"
		"\"guest_bench_s\":%s,\"qemu_wall_s\":%s,\"host_loadavg_before\":\"%s\",\"host_loadavg_after\":\"%s\",\"complete\":%s,\"errors\":%u,\n\"not_possible\":[",
		first ? "" : ",", b->label, b->kernel, b->cpus, b->mem_kib,
		b->guest_s[0] ? b->guest_s : "null", b->qemu_s[0] ? b->qemu_s : "null",
		b->load_before, b->load_after, b->ended ? "true" : "false", b->nr_errors);
	for (unsigned int n = 0; n < b->nr_na; n++)
		fprintf(out, "%s{\"scheme\":\"%s\",\"reason\":\"%s\"}", n ? "," : "",
			kr_display(b->na_key[n]), b->na_why[n]);
	fprintf(out, "]");
}

/* The default async direct load's bound, size by size. */
static void write_bounds(const struct kr_report *r, const struct kr_boot *b, FILE *out)
{
	struct kr_bound bo;
	bool first = true;

	for (unsigned int c = 0; c < r->nr_sizes; c++) {
		if (!kr_compute_bound(b, c, "hr-async-dio", &bo))
			continue;
		fprintf(out, "%s\n {\"size_bytes\":%" PRIu64 ",\"first_gather_ns\":%" PRIu64
			",\"alloc_ns\":%" PRIu64 ",\"io_ns\":%" PRIu64 ",\"bound_ns\":%" PRIu64
			",\"measured_ns\":%" PRIu64 ",\"ratio\":%.4f,\"fastest_other\":\"%s\","
			"\"fastest_other_ns\":%" PRIu64 ",\"within_5_percent\":%s,\"fastest\":%s}",
			first ? "" : ",", r->sizes[c], bo.first, bo.alloc, bo.io, bo.bound,
			bo.measured, (double)bo.measured / bo.bound,
			bo.best_rival ? kr_display(bo.best_rival) : "", bo.best_rival_ns,
			bo.within ? "true" : "false", bo.fastest ? "true" : "false");
		first = false;
	}
}

/* A kr_spread as an object: n, and min, median, max when a repetition paired. */
static void write_spread(const char *name, const struct kr_spread *s, FILE *out)
{
	fprintf(out, ",\"%s\":{\"n\":%u", name, s->n);
	if (s->n)
		fprintf(out, ",\"min\":%.4f,\"median\":%.4f,\"max\":%.4f", s->min, s->median, s->max);
	fputc('}', out);
}

/* The figures of kbench_pairs.c: per rep, its verdict, and the interval (null: none). */
static void write_pairs(const struct kr_target *t, FILE *out)
{
	const char *side = kr_interval_side(t);

	write_spread("per_rep", &t->per_rep, out);
	fprintf(out, ",\"per_rep_met\":%s", t->per_rep_met ? "true" : "false");
	if (side)
		fprintf(out, ",\"interval90\":[%.4f,%.4f],\"interval_side\":\"%s\"", t->lo, t->hi, side);
	else
		fprintf(out, ",\"interval90\":null,\"interval_side\":null");
}

/* Issue 15's target ratios of a boot, as JSON objects. */
static void write_targets(const struct kr_report *r, const struct kr_boot *b, FILE *out)
{
	struct kr_target t[KR_MAX_TARGETS];
	unsigned int nr = kr_targets(r, b, t, KR_MAX_TARGETS);

	for (unsigned int i = 0; i < nr; i++) {
		fprintf(out, "%s\n {\"load\":\"%s\",\"size_bytes\":%" PRIu64 ",\"alloc_ns\":%" PRIu64
			",\"io_ns\":%" PRIu64 ",\"measured_ns\":%" PRIu64 ",\"ratio\":%.4f,"
			"\"target\":%.2f,\"met\":%s", i ? "," : "", t[i].load, r->sizes[t[i].col],
			t[i].alloc, t[i].io, t[i].measured, t[i].ratio, KR_TARGET_RATIO,
			t[i].met ? "true" : "false");
		write_pairs(&t[i], out);
		/* The read with the allocation beside it, when the boot measured it. */
		if (t[i].beside) {
			fprintf(out, ",\"beside_ns\":%" PRIu64, t[i].beside);
			write_spread("beside_per_rep", &t[i].beside_per_rep, out);
		}
		fputc('}', out);
	}
}

static void write_boot(const struct kr_report *r, const struct kr_boot *b, bool first, FILE *out)
{
	write_guest(b, first, out);
	fprintf(out, ",\n\"table\":");
	write_table(kr_make_table(r, b, false), "", out);
	fprintf(out, ",\"phases\":");
	write_table(kr_make_table(r, b, true), "", out);
	fprintf(out, ",\"bound\":[");
	write_bounds(r, b, out);
	fprintf(out, "],\n\"targets\":[");
	write_targets(r, b, out);
	fprintf(out, "]");
	if (b->nr_cpu) {
		fprintf(out, ",\n\"cpu_ms_per_gib\":");
		write_table(kr_make_cost_table(r, b, true), "null", out);
		fprintf(out, ",\"memory_mib\":");
		write_table(kr_make_cost_table(r, b, false), "null", out);
	}
	fprintf(out, "}");
}

void kr_write_json(const struct kr_report *r, FILE *out)
{
	fprintf(out, "{\"boots\":[");
	for (unsigned int i = 0; i < r->nr_boots; i++)
		write_boot(r, &r->boots[i], i == 0, out);
	fprintf(out, "\n]}\n");
}
