/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench_report.h - the host side of `make bench-kernel` (kbench-report):
 * what the guest's result lines become, shared by its files, one concept
 * each:
 *
 *   kbench_parse.c   the guest's lines (kbench.h) into boots, rows, samples
 *   kbench_stats.c   median, min, max of a cell; a cell by its row's key
 *   kbench_names.c   display names, phase names, table order
 *   kbench_bound.c   first gather + max(alloc, I/O), the rival to beat
 *   kbench_target.c  issue 15's target: total <= 1.03 x max(alloc, read)
 *   kbench_pairs.c   the target rep by rep, and how well a boot resolves it
 *   kbench_tables.c  the hr_tables (sim/cli/cli_table.c) of a boot
 *   kbench_md.c      the markdown report on stdout
 *   kbench_json.c    the JSON file
 *   kbench_svg.c     the SVG bar chart
 *   kbench_report.c  main(): options, files, sorting, outputs
 */
#ifndef KBENCH_REPORT_H
#define KBENCH_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define KR_MAX_SIZES	8
#define KR_MAX_ROWS	96
#define KR_MAX_SAMPLES	16
#define KR_MAX_BOOTS	4
#define KR_MAX_NA	4

/*
 * A cell: its samples in the order they were read, each with the repetition
 * (rep=) that measured it, so that the schemes of one repetition, which ran
 * next to each other in time, can be paired.
 */
struct kr_samples {
	uint64_t v[KR_MAX_SAMPLES];
	unsigned int rep[KR_MAX_SAMPLES];
	unsigned int n;
};

/* One row: a scheme's total, or one phase of it ("scheme:phase"). */
struct kr_row {
	char key[64];
	unsigned int seq;	/* order of first appearance */
	struct kr_samples at[KR_MAX_SIZES];
};

/* One boot's results file. */
struct kr_boot {
	const char *path;
	char label[64];		/* "init_on_alloc=1" */
	char kernel[64];
	char guest_s[32], qemu_s[32];
	char load_before[32], load_after[32];	/* host loadavg around the boot */
	unsigned int cpus;
	unsigned long long mem_kib;
	struct kr_row totals[KR_MAX_ROWS], phases[KR_MAX_ROWS];
	unsigned int nr_totals, nr_phases;
	/* What each load cost: guest CPU time (ns) and memory held at its end (bytes). */
	struct kr_row cpu[KR_MAX_ROWS], mem[KR_MAX_ROWS];
	unsigned int nr_cpu, nr_mem;
	char na_key[KR_MAX_NA][64], na_why[KR_MAX_NA][160];
	unsigned int nr_na, nr_errors;
	bool ended;
};

/* Every boot, and the file sizes (the columns, sorted) any of them measured. */
struct kr_report {
	uint64_t sizes[KR_MAX_SIZES];
	unsigned int nr_sizes;
	struct kr_boot boots[KR_MAX_BOOTS];
	unsigned int nr_boots;
};

/* kbench_parse.c: read @path into @b, the newest of @r's boots; -errno. */
int kr_parse_file(struct kr_report *r, struct kr_boot *b, const char *path);

/* kbench_stats.c */
uint64_t kr_median(const struct kr_samples *s);
uint64_t kr_extreme(const struct kr_samples *s, bool max);
const struct kr_samples *kr_cell(const struct kr_boot *b, const char *key, bool phase, int col);

/* kbench_names.c */
const char *kr_display(const char *key);
const char *kr_phase_name(const char *key);
const char *kr_variant_name(const char *key);
int kr_row_order(const void *a, const void *b);

/* kbench_bound.c: heapread's overlapped direct loads, the default first. */
extern const char *const kr_variants[];
extern const unsigned int kr_nr_variants;

struct kr_bound {
	uint64_t first, alloc, io, bound, measured;
	const char *io_from;
	const char *best_rival;
	uint64_t best_rival_ns;
	bool within, fastest;	/* the two halves of the target */
};

bool kr_compute_bound(const struct kr_boot *b, int col, const char *variant, struct kr_bound *out);

/* kbench_target.c */
#define KR_TARGET_RATIO	1.03
#define KR_MAX_READS	4

/* The cells one target is computed from (NULL: not measured). */
struct kr_parts {
	const struct kr_samples *load, *alloc, *beside;
	const struct kr_samples *reads[KR_MAX_READS];	/* the read alone's estimators present */
	const char *read_from[KR_MAX_READS];		/* each one's kr_target.io_from */
	unsigned int nr_reads;
};

/* Ratios of one repetition each: how many repetitions paired, and their spread. */
struct kr_spread {
	unsigned int n;		/* 0: none paired, the rest unset */
	double min, median, max;
};

struct kr_target {
	const char *load;	/* the variant's key */
	unsigned int col;	/* its size column */
	unsigned int n;		/* samples of its total */
	uint64_t alloc, io, measured;
	const char *io_from;	/* "k": a sync load's read phase, "u": userspace O_DIRECT */
	double ratio;
	bool met;
	/* The read and a zeroed allocation run side by side, both done; 0: not measured. */
	uint64_t beside;
	/* kbench_pairs.c: load_r / max(alloc_r, fastest read_r), and load_r / beside_r. */
	struct kr_spread per_rep, beside_per_rep;
	bool per_rep_met;	/* the median of per_rep within the target */
	/* 90 % bootstrap interval of the ratio of medians; lo > hi: fewer than 2 reps paired. */
	double lo, hi;
};

/* The target loads (the default, no ramp, orders 9/8/4/0) x the sizes from 1 GiB. */
#define KR_MAX_TARGETS	(3 * KR_MAX_SIZES)

/* Fill @out with the targets @b measured, load by load, size by size; how many. */
unsigned int kr_targets(const struct kr_report *r, const struct kr_boot *b, struct kr_target *out,
			unsigned int max);

/* kbench_pairs.c: fill @t's per-rep figures and interval from @p. */
#define KR_RESAMPLES	2000	/* bootstrap resamples of a target's repetitions */
void kr_pair_target(const struct kr_parts *p, struct kr_target *t);
/* Where @t's interval lies against the target: "below", "above", "straddles"; NULL: none. */
const char *kr_interval_side(const struct kr_target *t);

/* kbench_tables.c */
struct hr_table *kr_make_table(const struct kr_report *r, const struct kr_boot *b, bool phases);
struct hr_table *kr_make_cost_table(const struct kr_report *r, const struct kr_boot *b, bool cpu);

/* kbench_md.c, kbench_json.c, kbench_svg.c */
void kr_print_boot(const struct kr_report *r, const struct kr_boot *b, FILE *out);
void kr_write_json(const struct kr_report *r, FILE *out);
void kr_write_svg(const struct kr_report *r, FILE *out);

#endif /* KBENCH_REPORT_H */
