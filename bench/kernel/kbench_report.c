// SPDX-License-Identifier: GPL-2.0
/*
 * kbench_report.c - the host side of `make bench-kernel`: reads the result
 * lines of one or more guest boots (bench/kernel/guest/) and prints the
 * scheme x size table in the format of `heapread sim` and `heapread
 * compare` (sim/cli/cli_table.c), the phases, and how close heapread's async
 * direct load comes to first gather + max(alloc, I/O); writes JSON and an
 * SVG bar chart.
 *
 *   kbench-report [--json FILE] [--svg FILE] RESULTS...
 *
 * Each RESULTS file holds the lines one boot printed (kbench.h).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_svg.h"
#include "cli_table.h"
#include "cli_util.h"

#define MAX_SIZES	8
#define MAX_ROWS	96
#define MAX_SAMPLES	16
#define MAX_BOOTS	4

struct samples {
	uint64_t v[MAX_SAMPLES];
	unsigned int n;
};

/* One row: a scheme's total, or one phase of it ("scheme:phase"). */
struct row {
	char key[64];
	unsigned int seq;	/* order of first appearance */
	struct samples at[MAX_SIZES];
};

struct boot {
	const char *path;
	char label[64];		/* "init_on_alloc=1" */
	char kernel[64];
	char guest_s[32], qemu_s[32];
	char load_before[32], load_after[32];	/* host loadavg around the boot */
	unsigned int cpus;
	unsigned long long mem_kib;
	struct row totals[MAX_ROWS], phases[MAX_ROWS];
	unsigned int nr_totals, nr_phases;
	/* What each load cost: guest CPU time (ns) and memory held at its end (bytes). */
	struct row cpu[MAX_ROWS], mem[MAX_ROWS];
	unsigned int nr_cpu, nr_mem;
	char na_key[4][64], na_why[4][160];
	unsigned int nr_na, nr_errors;
	bool ended;
};

static uint64_t sizes[MAX_SIZES];
static unsigned int nr_sizes;
static struct boot boots[MAX_BOOTS];
static unsigned int nr_boots;

/* Display names, in table order; the seed's row names where it has one. */
static const struct {
	const char *key, *name;
} names[] = {
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
	{ "hr-async-dio-noramp", "heapread async direct I/O, no ramp (fixed 128 MiB gathers)" },
	{ "hr-async-dio-o9", "heapread async direct I/O, orders 9/8/4/0" },
	{ "hr-sync-dio-o9", "heapread sync direct I/O, orders 9/8/4/0" },
	{ "alloc-only", "alloc only (heapread len alloc, zeroed)" },
	{ "dio-read", "O_DIRECT read into allocated buffer, 1 thread" },
	{ "dio-read-qd4", "O_DIRECT read into allocated buffer, 4 threads" },
};

#define NR_NAMES (sizeof(names) / sizeof(names[0]))

static int name_index(const char *key)
{
	for (unsigned int i = 0; i < NR_NAMES; i++)
		if (!strcmp(names[i].key, key))
			return i;
	return NR_NAMES;
}

static const char *display(const char *key)
{
	int i = name_index(key);

	return i < (int)NR_NAMES ? names[i].name : key;
}

/* Phase names: durations, or stamps from the start ("... at") where phases overlap. */
static const char *phase_name(const char *key)
{
	if (!strcmp(key, "first_gather"))
		return "first gather at";
	if (!strcmp(key, "alloc_done"))
		return "alloc done at";
	if (!strcmp(key, "io_done"))
		return "I/O done at";
	if (!strcmp(key, "populate"))
		return "populate (not in its total)";
	return key;
}

static int size_col(uint64_t size)
{
	unsigned int i;

	for (i = 0; i < nr_sizes; i++)
		if (sizes[i] == size)
			return i;
	if (nr_sizes == MAX_SIZES)
		return -1;
	/* Keep the columns sorted. */
	for (i = nr_sizes; i > 0 && sizes[i - 1] > size; i--)
		sizes[i] = sizes[i - 1];
	sizes[i] = size;
	nr_sizes++;
	for (unsigned int b = 0; b < nr_boots; b++) {
		struct boot *bt = &boots[b];

		struct row *sets[] = { bt->totals, bt->phases, bt->cpu, bt->mem };
		unsigned int counts[] = { bt->nr_totals, bt->nr_phases, bt->nr_cpu, bt->nr_mem };

		for (unsigned int k = 0; k < 4; k++)
			for (unsigned int r = 0; r < counts[k]; r++) {
				struct row *row = &sets[k][r];

				memmove(&row->at[i + 1], &row->at[i],
					(nr_sizes - 1 - i) * sizeof(row->at[0]));
				row->at[i].n = 0;
			}
	}
	return i;
}

static struct row *find_row(struct row *rows, unsigned int *nr, const char *key)
{
	for (unsigned int i = 0; i < *nr; i++)
		if (!strcmp(rows[i].key, key))
			return &rows[i];
	if (*nr == MAX_ROWS)
		return NULL;
	memset(&rows[*nr], 0, sizeof(rows[0]));
	rows[*nr].seq = *nr;
	snprintf(rows[*nr].key, sizeof(rows[0].key), "%s", key);
	return &rows[(*nr)++];
}

static void add_sample(struct row *row, int col, uint64_t v)
{
	struct samples *s;

	if (!row || col < 0)
		return;
	s = &row->at[col];
	if (s->n < MAX_SAMPLES)
		s->v[s->n++] = v;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Median (mean of the middle two for an even count, as cli_table.c); 0 when empty. */
static uint64_t median(const struct samples *s)
{
	uint64_t v[MAX_SAMPLES];

	if (!s->n)
		return 0;
	memcpy(v, s->v, s->n * sizeof(v[0]));
	qsort(v, s->n, sizeof(v[0]), cmp_u64);
	return s->n % 2 ? v[s->n / 2] : v[s->n / 2 - 1] / 2 + v[s->n / 2] / 2;
}

static uint64_t extreme(const struct samples *s, bool max)
{
	uint64_t m = s->n ? s->v[0] : 0;

	for (unsigned int i = 1; i < s->n; i++)
		if (max ? s->v[i] > m : s->v[i] < m)
			m = s->v[i];
	return m;
}

/* The value of " key=" in @line, copied into @out (quotes removed). */
static bool field(const char *line, const char *key, char *out, size_t len)
{
	size_t klen = strlen(key);
	const char *p = line;

	while ((p = strstr(p, key))) {
		if ((p == line || p[-1] == ' ') && p[klen] == '=') {
			const char *v = p + klen + 1, *end;

			if (*v == '"') {
				end = strchr(++v, '"');
			} else {
				end = v + strcspn(v, " \r\n");
			}
			if (!end)
				end = v + strlen(v);
			snprintf(out, len, "%.*s", (int)(end - v), v);
			return true;
		}
		p += klen;
	}
	return false;
}

/* A result line: its total and every phase. */
static void parse_result(struct boot *b, char *line)
{
	char scheme[64], size[32], key[128], *tok, *save;
	int col;

	if (!field(line, "scheme", scheme, sizeof(scheme)) || !field(line, "size", size, sizeof(size)))
		return;
	col = size_col(strtoull(size, NULL, 10));
	for (tok = strtok_r(line + 2, " \r\n", &save); tok; tok = strtok_r(NULL, " \r\n", &save)) {
		char *eq = strchr(tok, '=');
		uint64_t v;

		if (!eq)
			continue;
		*eq = '\0';
		v = strtoull(eq + 1, NULL, 10);
		if (!strcmp(tok, "scheme") || !strcmp(tok, "size") || !strcmp(tok, "rep") ||
		    !strcmp(tok, "nostats") || !strcmp(tok, "gathers") || !strcmp(tok, "reads") ||
		    !strcmp(tok, "short"))
			continue;
		if (!strcmp(tok, "total")) {
			add_sample(find_row(b->totals, &b->nr_totals, scheme), col, v);
			continue;
		}
		if (!strcmp(tok, "cpu")) {
			add_sample(find_row(b->cpu, &b->nr_cpu, scheme), col, v);
			continue;
		}
		if (!strcmp(tok, "mem")) {
			add_sample(find_row(b->mem, &b->nr_mem, scheme), col, v);
			continue;
		}
		snprintf(key, sizeof(key), "%s:%s", scheme, tok);
		add_sample(find_row(b->phases, &b->nr_phases, key), col, v);
	}
}

static int parse_file(struct boot *b, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024], v[256];

	if (!f)
		return -errno;
	b->path = path;
	snprintf(b->label, sizeof(b->label), "%s", path);
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "R ", 2)) {
			parse_result(b, line);
		} else if (!strncmp(line, "E ", 2)) {
			b->nr_errors++;
			fprintf(stderr, "kbench-report: %s: %s", path, line);
		} else if (!strncmp(line, "NA ", 3) && b->nr_na < 4) {
			field(line, "scheme", b->na_key[b->nr_na], sizeof(b->na_key[0]));
			field(line, "reason", b->na_why[b->nr_na], sizeof(b->na_why[0]));
			b->nr_na++;
		} else if (!strncmp(line, "M ", 2)) {
			if (field(line, "cmdline", v, sizeof(v))) {
				char *ioa = strstr(v, "init_on_alloc=");

				if (ioa)
					snprintf(b->label, sizeof(b->label), "%.*s",
						 (int)strcspn(ioa, " "), ioa);
			}
			field(line, "kernel", b->kernel, sizeof(b->kernel));
			field(line, "guest_bench_s", b->guest_s, sizeof(b->guest_s));
			field(line, "qemu_wall_s", b->qemu_s, sizeof(b->qemu_s));
			field(line, "host_loadavg_before", b->load_before, sizeof(b->load_before));
			field(line, "host_loadavg_after", b->load_after, sizeof(b->load_after));
			if (field(line, "cpus", v, sizeof(v)))
				b->cpus = atoi(v);
			if (field(line, "mem_kib", v, sizeof(v)))
				b->mem_kib = strtoull(v, NULL, 10);
		} else if (!strncmp(line, "END", 3)) {
			b->ended = true;
		}
	}
	fclose(f);
	return 0;
}

static int row_order(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	char kx[64], ky[64];
	int ix, iy;

	snprintf(kx, sizeof(kx), "%.*s", (int)strcspn(x->key, ":"), x->key);
	snprintf(ky, sizeof(ky), "%.*s", (int)strcspn(y->key, ":"), y->key);
	ix = name_index(kx);
	iy = name_index(ky);
	if (ix != iy)
		return ix - iy;
	return (int)x->seq - (int)y->seq;
}

static struct hr_table *make_table(const struct boot *b, bool phases_table)
{
	const struct row *rows = phases_table ? b->phases : b->totals;
	unsigned int nr = phases_table ? b->nr_phases : b->nr_totals;
	unsigned int extra = phases_table ? 0 : b->nr_na;
	char title[256], label[256];
	struct hr_table *t;

	snprintf(title, sizeof(title), "%s, %s: %s (ns, min / median / max)",
		 b->kernel[0] ? b->kernel : "guest", b->label,
		 phases_table ? "phases" : "file into a dma-buf");
	t = hr_table_new(title, nr + extra, nr_sizes);
	if (!t)
		return NULL;
	for (unsigned int c = 0; c < nr_sizes; c++)
		hr_table_set_col(t, c, sizes[c]);
	for (unsigned int r = 0; r < nr; r++) {
		const char *colon = strchr(rows[r].key, ':');

		if (colon) {
			char scheme[64];

			snprintf(scheme, sizeof(scheme), "%.*s", (int)(colon - rows[r].key), rows[r].key);
			snprintf(label, sizeof(label), "%.120s: %.120s", display(scheme), phase_name(colon + 1));
		} else {
			snprintf(label, sizeof(label), "%.200s", display(rows[r].key));
		}
		hr_table_set_row(t, r, label);
		for (unsigned int c = 0; c < nr_sizes; c++)
			for (unsigned int i = 0; i < rows[r].at[c].n; i++)
				hr_table_add(t, r, c, rows[r].at[c].v[i]);
	}
	for (unsigned int i = 0; i < extra; i++) {
		snprintf(label, sizeof(label), "%.80s: %.160s", display(b->na_key[i]), b->na_why[i]);
		hr_table_set_row(t, nr + i, label);
	}
	return t;
}

/*
 * The cost tables: CPU ms per GiB of file (guest-wide /proc/stat time over
 * the load) and MiB the guest holds at the load's end over its start.
 */
static struct hr_table *make_cost_table(const struct boot *b, bool cpu)
{
	const struct row *rows = cpu ? b->cpu : b->mem;
	unsigned int nr = cpu ? b->nr_cpu : b->nr_mem;
	char title[512];
	struct hr_table *t;

	snprintf(title, sizeof(title), "%s, %s: %s (min / median / max)",
		 b->kernel[0] ? b->kernel : "guest", b->label,
		 cpu ? "CPU time of the whole guest during the load (/proc/stat: user, system, irq, softirq of both vCPUs), ms per GiB of file" :
		 "memory + page cache held at the end of the load (MemTotal - MemFree, over the start; the peak: nothing is freed during a load), MiB");
	t = hr_table_new(title, nr, nr_sizes);
	if (!t)
		return NULL;
	hr_table_set_unit(t, cpu ? "CPU ms/GiB" : "MiB");
	for (unsigned int c = 0; c < nr_sizes; c++)
		hr_table_set_col(t, c, sizes[c]);
	for (unsigned int r = 0; r < nr; r++) {
		hr_table_set_row(t, r, display(rows[r].key));
		for (unsigned int c = 0; c < nr_sizes; c++)
			for (unsigned int i = 0; i < rows[r].at[c].n; i++) {
				uint64_t v = rows[r].at[c].v[i];

				hr_table_add(t, r, c, cpu ? (uint64_t)(v / 1e6 / ((double)sizes[c] / (1u << 30)) + 0.5) :
					     (v + (1u << 19)) >> 20);
			}
	}
	return t;
}

static const struct samples *cell(const struct boot *b, const char *key, bool phase, int col)
{
	const struct row *rows = phase ? b->phases : b->totals;
	unsigned int nr = phase ? b->nr_phases : b->nr_totals;

	for (unsigned int i = 0; i < nr; i++)
		if (!strcmp(rows[i].key, key))
			return rows[i].at[col].n ? &rows[i].at[col] : NULL;
	return NULL;
}

/* The rows heapread's async direct load is compared with: every load but its own variants. */
static bool is_rival(const char *key)
{
	return strncmp(key, "hr-async-dio", 12) && strcmp(key, "alloc-only") && strncmp(key, "dio-read", 8);
}

struct bound {
	uint64_t first, alloc, io, bound, measured;
	const char *io_from;
	const char *best_rival;
	uint64_t best_rival_ns;
	bool within, fastest;	/* the two halves of the target */
};

/*
 * first gather (of the @variant load) + max(alloc alone, I/O alone): the
 * allocation alone is the sync direct load's allocation phase (same
 * allocator, no zeroing unless init_on_alloc, nothing read meanwhile); the
 * I/O alone is the fastest of its read phase and the userspace O_DIRECT
 * reads (1 or 4 threads) into memory allocated beforehand, so that the
 * bound is as tight as the measurements allow.
 */
static bool compute_bound(const struct boot *b, int col, const char *variant, struct bound *out)
{
	char key[96];
	const struct samples *first = (snprintf(key, sizeof(key), "%s:first_gather", variant),
				       cell(b, key, true, col));
	const struct samples *alloc = cell(b, "hr-sync-dio:alloc", true, col);
	const struct samples *kread = cell(b, "hr-sync-dio:read", true, col);
	const struct samples *uread = cell(b, "dio-read", false, col);
	const struct samples *uread4 = cell(b, "dio-read-qd4", false, col);
	const struct samples *total = cell(b, variant, false, col);

	memset(out, 0, sizeof(*out));
	if (!first || !alloc || !total || (!kread && !uread && !uread4))
		return false;
	out->first = median(first);
	out->alloc = median(alloc);
	out->io = kread ? median(kread) : UINT64_MAX;
	out->io_from = "the sync direct load's read phase";
	if (uread && median(uread) < out->io) {
		out->io = median(uread);
		out->io_from = "the userspace O_DIRECT read";
	}
	if (uread4 && median(uread4) < out->io) {
		out->io = median(uread4);
		out->io_from = "the userspace O_DIRECT read";
	}
	out->bound = out->first + (out->alloc > out->io ? out->alloc : out->io);
	out->measured = median(total);
	for (unsigned int r = 0; r < b->nr_totals; r++) {
		const struct samples *s = &b->totals[r].at[col];

		if (!s->n || !is_rival(b->totals[r].key))
			continue;
		if (!out->best_rival || median(s) < out->best_rival_ns) {
			out->best_rival = b->totals[r].key;
			out->best_rival_ns = median(s);
		}
	}
	out->within = out->measured <= out->bound * 1.05;
	out->fastest = !out->best_rival || out->measured < out->best_rival_ns;
	return true;
}

/* heapread's overlapped direct loads: the default, then the other gather and depth. */
static const char *const variants[] = {
	"hr-async-dio", "hr-async-dio-g32m", "hr-async-dio-qd2", "hr-async-dio-noramp", "hr-async-dio-o9",
};
#define NR_VARIANTS (sizeof(variants) / sizeof(variants[0]))

static const char *variant_name(const char *key)
{
	if (!strcmp(key, "hr-async-dio-g32m"))
		return "gather 32 MiB";
	if (!strcmp(key, "hr-async-dio-qd2"))
		return "queue depth 2";
	if (!strcmp(key, "hr-async-dio-noramp"))
		return "no ramp (fixed 128 MiB)";
	if (!strcmp(key, "hr-async-dio-o9"))
		return "orders 9/8/4/0";
	return "default (ramp up to 128 MiB, qd 4)";
}

static void print_bounds(const struct boot *b, FILE *out)
{
	char label[32], f[32], a[32], i[32], bd[32], m[32], r[32];
	struct bound bo;

	fprintf(out, "\nBound for heapread async direct I/O (%s): first gather + max(alloc, I/O), medians\n\n",
		b->label);
	fprintf(out, "| load | size | first gather | alloc alone | I/O alone | bound | measured | measured / bound | within 5 %% | fastest other scheme | faster than all |\n");
	fprintf(out, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
	for (unsigned int v = 0; v < NR_VARIANTS; v++)
	for (unsigned int c = 0; c < nr_sizes; c++) {
		if (!compute_bound(b, c, variants[v], &bo))
			continue;
		hr_format_size_short(label, sizeof(label), sizes[c]);
		hr_format_ns(f, sizeof(f), bo.first);
		hr_format_ns(a, sizeof(a), bo.alloc);
		hr_format_ns(i, sizeof(i), bo.io);
		hr_format_ns(bd, sizeof(bd), bo.bound);
		hr_format_ns(m, sizeof(m), bo.measured);
		hr_format_ns(r, sizeof(r), bo.best_rival_ns);
		fprintf(out, "| %s | %s | %s | %s | %s%s | %s | %s | %.3f | %s | %s (%s) | %s |\n", variant_name(variants[v]), label, f, a, i,
			strcmp(bo.io_from, "the userspace O_DIRECT read") ? " (k)" : " (u)", bd, m,
			(double)bo.measured / bo.bound, bo.within ? "yes" : "no",
			bo.best_rival ? display(bo.best_rival) : "-", r, bo.fastest ? "yes" : "no");
	}
	fprintf(out, "\nalloc alone: the sync direct load's allocation phase; I/O alone: the fastest of its read\n"
		"phase (k) and userspace O_DIRECT reads (1 or 4 threads) into memory allocated beforehand (u).\n"
		"Target (1 GiB and up): measured <= 1.05 x bound, and faster than every other scheme\n"
		"(heapread's own async direct variants, alloc only and the O_DIRECT read excepted).\n");
}

#define TARGET_RATIO	1.03

/*
 * Issue 15's target: total <= 1.03 x max(allocation alone, O_DIRECT read
 * alone), medians of this boot. Allocation alone is the sync direct load's
 * allocation phase with the same orders as the load; the read alone the
 * fastest of the sync loads' read phases (k) and the userspace O_DIRECT reads
 * (u) into memory allocated beforehand.
 */
static bool target_ratio(const struct boot *b, int col, const char *variant, uint64_t *alloc,
			 uint64_t *io, uint64_t *measured, const char **io_from)
{
	bool o9 = !strcmp(variant, "hr-async-dio-o9");
	const char *io_keys[] = { "hr-sync-dio:read", "hr-sync-dio-o9:read", "dio-read", "dio-read-qd4" };
	const struct samples *a = cell(b, o9 ? "hr-sync-dio-o9:alloc" : "hr-sync-dio:alloc", true, col);
	const struct samples *t = cell(b, variant, false, col);

	*io = UINT64_MAX;
	for (unsigned int k = 0; k < 4; k++) {
		const struct samples *s = cell(b, io_keys[k], k < 2, col);

		if (s && median(s) < *io) {
			*io = median(s);
			*io_from = k < 2 ? "k" : "u";
		}
	}
	if (!a || !t || *io == UINT64_MAX)
		return false;
	*alloc = median(a);
	*measured = median(t);
	return true;
}

static void print_targets(const struct boot *b, FILE *out)
{
	static const char *const keys[] = { "hr-async-dio", "hr-async-dio-noramp", "hr-async-dio-o9" };
	char label[32], a[32], i[32], m[32];
	uint64_t alloc, io, measured;
	const char *from = "";
	bool any = false;

	for (unsigned int v = 0; v < 3; v++)
	for (unsigned int c = 0; c < nr_sizes; c++) {
		double ratio;
		unsigned int n;

		if (sizes[c] < (1ull << 30) || !target_ratio(b, c, keys[v], &alloc, &io, &measured, &from))
			continue;
		if (!any)
			fprintf(out, "\nTarget (issue 15, %s): total <= %.2f x max(alloc alone, O_DIRECT read alone), medians\n\n"
				"| load | size | n | alloc alone | read alone | max | measured | ratio | target | |\n"
				"| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n", b->label, TARGET_RATIO);
		any = true;
		ratio = (double)measured / (double)(alloc > io ? alloc : io);
		n = cell(b, keys[v], false, c)->n;
		hr_format_size_short(label, sizeof(label), sizes[c]);
		hr_format_ns(a, sizeof(a), alloc);
		hr_format_ns(i, sizeof(i), io);
		hr_format_ns(m, sizeof(m), measured);
		fprintf(out, "| %s | %s | %u | %s | %s (%s) | %s | %s | %.3f | %.2f | %s |\n", variant_name(keys[v]), label, n,
			a, i, from, alloc > io ? "alloc" : "read", m, ratio, TARGET_RATIO,
			ratio <= TARGET_RATIO ? "met" : "MISSED");
	}
	if (any)
		fprintf(out, "\nalloc alone: the sync direct load's allocation phase, same orders as the load; read alone:\n"
			"the fastest of the sync loads' read phases (k) and userspace O_DIRECT reads (1 or 4 threads) into\n"
			"memory allocated beforehand (u). Ratio of this boot's medians (the runs are interleaved).\n");
}

static void print_boot(const struct boot *b, FILE *out)
{
	struct hr_table *t = make_table(b, false), *p = make_table(b, true);

	fprintf(out, "## %s\n\n", b->label);
	fprintf(out, "guest: %s, %u CPUs (TCG), %llu MiB; benchmark %s s in the guest, qemu %s s; "
		"host load average %s before, %s after%s\n\n",
		b->kernel, b->cpus, b->mem_kib / 1024, b->guest_s[0] ? b->guest_s : "?",
		b->qemu_s[0] ? b->qemu_s : "?", b->load_before, b->load_after,
		b->ended ? "" : " (INCOMPLETE: no END line)");
	if (t)
		hr_table_print(t, out, HR_TABLE_STATS);
	fputc('\n', out);
	if (p)
		hr_table_print(p, out, HR_TABLE_STATS);
	print_bounds(b, out);
	print_targets(b, out);
	fputc('\n', out);
	hr_table_free(t);
	hr_table_free(p);
	if (b->nr_cpu) {
		t = make_cost_table(b, true);
		p = make_cost_table(b, false);
		if (t)
			hr_table_print(t, out, HR_TABLE_STATS);
		fputc('\n', out);
		if (p)
			hr_table_print(p, out, HR_TABLE_STATS);
		fputc('\n', out);
		hr_table_free(t);
		hr_table_free(p);
	}
}

/* Issue 15's target ratios of a boot, as JSON objects. */
static void write_json_targets(const struct boot *b, FILE *out)
{
	static const char *const keys[] = { "hr-async-dio", "hr-async-dio-noramp", "hr-async-dio-o9" };
	uint64_t alloc, io, measured;
	const char *from = "";
	bool first = true;

	for (unsigned int v = 0; v < 3; v++)
		for (unsigned int c = 0; c < nr_sizes; c++) {
			double ratio;

			if (sizes[c] < (1ull << 30) ||
			    !target_ratio(b, c, keys[v], &alloc, &io, &measured, &from))
				continue;
			ratio = (double)measured / (double)(alloc > io ? alloc : io);
			fprintf(out, "%s\n {\"load\":\"%s\",\"size_bytes\":%" PRIu64 ",\"alloc_ns\":%" PRIu64
				",\"io_ns\":%" PRIu64 ",\"measured_ns\":%" PRIu64 ",\"ratio\":%.4f,"
				"\"target\":%.2f,\"met\":%s}", first ? "" : ",", keys[v], sizes[c], alloc, io,
				measured, ratio, TARGET_RATIO, ratio <= TARGET_RATIO ? "true" : "false");
			first = false;
		}
}

static void write_json(FILE *out)
{
	struct bound bo;

	fprintf(out, "{\"boots\":[");
	for (unsigned int i = 0; i < nr_boots; i++) {
		const struct boot *b = &boots[i];
		struct hr_table *t = make_table(b, false), *p = make_table(b, true);
		bool first = true;

		fprintf(out, "%s\n{\"label\":\"%s\",\"kernel\":\"%s\",\"cpus\":%u,\"mem_kib\":%llu,"
			"\"guest_bench_s\":%s,\"qemu_wall_s\":%s,\"host_loadavg_before\":\"%s\",\"host_loadavg_after\":\"%s\",\"complete\":%s,\"errors\":%u,\n\"not_possible\":[",
			i ? "," : "", b->label, b->kernel, b->cpus, b->mem_kib,
			b->guest_s[0] ? b->guest_s : "null", b->qemu_s[0] ? b->qemu_s : "null",
			b->load_before, b->load_after, b->ended ? "true" : "false", b->nr_errors);
		for (unsigned int n = 0; n < b->nr_na; n++)
			fprintf(out, "%s{\"scheme\":\"%s\",\"reason\":\"%s\"}", n ? "," : "",
				display(b->na_key[n]), b->na_why[n]);
		fprintf(out, "],\n\"table\":");
		if (t)
			hr_table_print(t, out, HR_TABLE_JSON);
		fprintf(out, ",\"phases\":");
		if (p)
			hr_table_print(p, out, HR_TABLE_JSON);
		fprintf(out, ",\"bound\":[");
		for (unsigned int c = 0; c < nr_sizes; c++) {
			if (!compute_bound(b, c, "hr-async-dio", &bo))
				continue;
			fprintf(out, "%s\n {\"size_bytes\":%" PRIu64 ",\"first_gather_ns\":%" PRIu64
				",\"alloc_ns\":%" PRIu64 ",\"io_ns\":%" PRIu64 ",\"bound_ns\":%" PRIu64
				",\"measured_ns\":%" PRIu64 ",\"ratio\":%.4f,\"fastest_other\":\"%s\","
				"\"fastest_other_ns\":%" PRIu64 ",\"within_5_percent\":%s,\"fastest\":%s}",
				first ? "" : ",", sizes[c], bo.first, bo.alloc, bo.io, bo.bound,
				bo.measured, (double)bo.measured / bo.bound,
				bo.best_rival ? display(bo.best_rival) : "", bo.best_rival_ns,
				bo.within ? "true" : "false", bo.fastest ? "true" : "false");
			first = false;
		}
		fprintf(out, "],\n\"targets\":[");
		write_json_targets(b, out);
		fprintf(out, "]");
		hr_table_free(t);
		hr_table_free(p);
		if (b->nr_cpu) {
			t = make_cost_table(b, true);
			p = make_cost_table(b, false);
			fprintf(out, ",\n\"cpu_ms_per_gib\":");
			if (t)
				hr_table_print(t, out, HR_TABLE_JSON);
			else
				fprintf(out, "null");
			fprintf(out, ",\"memory_mib\":");
			if (p)
				hr_table_print(p, out, HR_TABLE_JSON);
			else
				fprintf(out, "null");
			hr_table_free(t);
			hr_table_free(p);
		}
		fprintf(out, "}");
	}
	fprintf(out, "\n]}\n");
}

/* The bar chart: a panel per boot and size, a bar per scheme (median, min-max whisker). */
static const char *bar_colour(const char *key)
{
	if (!strncmp(key, "hr-async-dio", 12))
		return "#1a9850";
	if (!strncmp(key, "hr-", 3))
		return "#91cf60";
	if (!strncmp(key, "udmabuf", 7))
		return "#4575b4";
	if (!strcmp(key, "normal"))
		return "#737373";
	return "#d9d9d9";
}

static void write_svg(FILE *out)
{
	const double label_w = 300, bar_w = 330, bar_h = 13, gap = 4, head = 34, pad = 16;
	unsigned int nrows = 0;
	double panel_w = label_w + bar_w + 90, panel_h, width, height;
	char buf[256], lab[32];

	for (unsigned int b = 0; b < nr_boots; b++)
		if (boots[b].nr_totals > nrows)
			nrows = boots[b].nr_totals;
	panel_h = head + nrows * (bar_h + gap) + pad;
	width = nr_boots * panel_w + pad;
	height = nr_sizes * panel_h + 50;
	hr_svg_begin(out, width, height, 0);
	hr_svg_text(out, pad, 22, "start", 15,
		 "File into a dma-buf in a booted Debian 6.1 guest (qemu TCG): median time, whisker min-max; shorter is better");
	for (unsigned int b = 0; b < nr_boots; b++) {
		const struct boot *bt = &boots[b];
		struct row rows[MAX_ROWS];

		memcpy(rows, bt->totals, bt->nr_totals * sizeof(rows[0]));
		qsort(rows, bt->nr_totals, sizeof(rows[0]), row_order);
		for (unsigned int c = 0; c < nr_sizes; c++) {
			double x0 = pad + b * panel_w, y0 = 40 + c * panel_h, scale;
			uint64_t top = 1;

			for (unsigned int r = 0; r < bt->nr_totals; r++)
				if (extreme(&rows[r].at[c], true) > top)
					top = extreme(&rows[r].at[c], true);
			scale = bar_w / (double)top;
			hr_format_size_short(lab, sizeof(lab), sizes[c]);
			snprintf(buf, sizeof(buf), "%s, %s", lab, bt->label);
			hr_svg_text(out, x0, y0 + 18, "start", 13, buf);
			for (unsigned int r = 0; r < bt->nr_totals; r++) {
				const struct samples *s = &rows[r].at[c];
				double y = y0 + head + r * (bar_h + gap);
				double med = median(s) * scale;

				hr_svg_text(out, x0 + label_w - 6, y + bar_h - 3, "end", 11,
					    display(rows[r].key));
				if (!s->n)
					continue;
				hr_svg_rect(out, x0 + label_w, y, med, bar_h, bar_colour(rows[r].key), NULL);
				hr_svg_line(out, x0 + label_w + extreme(s, false) * scale, y + bar_h / 2,
					    x0 + label_w + extreme(s, true) * scale, y + bar_h / 2, "black");
				snprintf(buf, sizeof(buf), "%.1f ms", median(s) / 1e6);
				hr_svg_text(out, x0 + label_w + extreme(s, true) * scale + 4, y + bar_h - 3,
					    "start", 10, buf);
			}
		}
	}
	hr_svg_end(out);
}

static FILE *open_out(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		fprintf(stderr, "kbench-report: %s: %s\n", path, strerror(errno));
	return f;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", required_argument, NULL, 'j' },
		{ "svg", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *json = NULL, *svg = NULL;
	int opt, failed = 0;
	FILE *f;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'j')
			json = optarg;
		else if (opt == 's')
			svg = optarg;
		else
			return 2;
	}
	if (optind == argc || argc - optind > MAX_BOOTS) {
		fprintf(stderr, "usage: kbench-report [--json FILE] [--svg FILE] RESULTS... (up to %d)\n",
			MAX_BOOTS);
		return 2;
	}
	for (; optind < argc; optind++) {
		struct boot *b = &boots[nr_boots++];
		int err = parse_file(b, argv[optind]);

		if (err) {
			fprintf(stderr, "kbench-report: %s: %s\n", argv[optind], strerror(-err));
			return 1;
		}
		failed |= !b->ended || b->nr_errors || !b->nr_totals;
	}
	for (unsigned int b = 0; b < nr_boots; b++) {
		qsort(boots[b].totals, boots[b].nr_totals, sizeof(struct row), row_order);
		qsort(boots[b].phases, boots[b].nr_phases, sizeof(struct row), row_order);
		qsort(boots[b].cpu, boots[b].nr_cpu, sizeof(struct row), row_order);
		qsort(boots[b].mem, boots[b].nr_mem, sizeof(struct row), row_order);
		print_boot(&boots[b], stdout);
	}
	if (json && (f = open_out(json))) {
		write_json(f);
		failed |= fclose(f) != 0;
	}
	if (svg && (f = open_out(svg))) {
		write_svg(f);
		failed |= fclose(f) != 0;
	}
	return failed ? 1 : 0;
}
