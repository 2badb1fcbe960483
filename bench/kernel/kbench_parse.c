// SPDX-License-Identifier: GPL-2.0
/*
 * kbench_parse.c - the lines one guest boot printed (bench/kernel/guest/kbench.h)
 * into a struct kr_boot: R lines become samples of a row (total, phase, cpu,
 * mem) in a size column, each with its repetition, NA and E lines are counted, M lines describe the
 * guest, END says the boot finished.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kbench_report.h"

/* Make room at column @col of @rows (@nr_sizes counts the new column). */
static void shift_rows(struct kr_row *rows, unsigned int nr, unsigned int col, unsigned int nr_sizes)
{
	for (unsigned int i = 0; i < nr; i++) {
		struct kr_row *row = &rows[i];

		memmove(&row->at[col + 1], &row->at[col], (nr_sizes - 1 - col) * sizeof(row->at[0]));
		row->at[col].n = 0;
	}
}

/*
 * The column of @size, opened when new (-1 when there is no room). The
 * columns stay sorted, so a new one moves the later columns of every row of
 * every boot read so far one place on.
 */
static int size_col(struct kr_report *r, uint64_t size)
{
	unsigned int i;

	for (i = 0; i < r->nr_sizes; i++)
		if (r->sizes[i] == size)
			return i;
	if (r->nr_sizes == KR_MAX_SIZES)
		return -1;
	for (i = r->nr_sizes; i > 0 && r->sizes[i - 1] > size; i--)
		r->sizes[i] = r->sizes[i - 1];
	r->sizes[i] = size;
	r->nr_sizes++;
	for (unsigned int b = 0; b < r->nr_boots; b++) {
		struct kr_boot *bt = &r->boots[b];

		shift_rows(bt->totals, bt->nr_totals, i, r->nr_sizes);
		shift_rows(bt->phases, bt->nr_phases, i, r->nr_sizes);
		shift_rows(bt->cpu, bt->nr_cpu, i, r->nr_sizes);
		shift_rows(bt->mem, bt->nr_mem, i, r->nr_sizes);
	}
	return i;
}

/* The row of @key, added (in order of first appearance) when new; NULL when full. */
static struct kr_row *find_row(struct kr_row *rows, unsigned int *nr, const char *key)
{
	for (unsigned int i = 0; i < *nr; i++)
		if (!strcmp(rows[i].key, key))
			return &rows[i];
	if (*nr == KR_MAX_ROWS)
		return NULL;
	memset(&rows[*nr], 0, sizeof(rows[0]));
	rows[*nr].seq = *nr;
	snprintf(rows[*nr].key, sizeof(rows[0].key), "%s", key);
	return &rows[(*nr)++];
}

/*
 * A sample of repetition @rep (its place in the cell when the line had no
 * rep=, as older guests printed). One beyond KR_MAX_SAMPLES, or without a
 * row or column, is dropped.
 */
static void add_sample(struct kr_row *row, int col, uint64_t v, int rep)
{
	struct kr_samples *s;

	if (!row || col < 0)
		return;
	s = &row->at[col];
	if (s->n == KR_MAX_SAMPLES)
		return;
	s->rep[s->n] = rep < 0 ? s->n : (unsigned int)rep;
	s->v[s->n++] = v;
}

/* The value of " key=" in @line, copied into @out (quotes removed). */
static bool field(const char *line, const char *key, char *out, size_t len)
{
	size_t klen = strlen(key);
	const char *p = line;

	while ((p = strstr(p, key))) {
		if ((p == line || p[-1] == ' ') && p[klen] == '=') {
			const char *v = p + klen + 1, *end;

			if (*v == '"')
				end = strchr(++v, '"');
			else
				end = v + strcspn(v, " \r\n");
			if (!end)
				end = v + strlen(v);
			snprintf(out, len, "%.*s", (int)(end - v), v);
			return true;
		}
		p += klen;
	}
	return false;
}

/* The fields of an R line that are not times: what identifies it, and heapread's counts. */
static bool is_not_a_time(const char *name)
{
	static const char *const names[] = {
		"scheme", "size", "rep", "nostats", "gathers", "reads", "short",
	};

	for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/* One "name=value" of an R line of @scheme: its total, cost or a phase. */
static void add_result_field(struct kr_boot *b, const char *scheme, int col, int rep,
			     const char *name, uint64_t v)
{
	char key[128];

	if (is_not_a_time(name))
		return;
	if (!strcmp(name, "total")) {
		add_sample(find_row(b->totals, &b->nr_totals, scheme), col, v, rep);
	} else if (!strcmp(name, "cpu")) {
		add_sample(find_row(b->cpu, &b->nr_cpu, scheme), col, v, rep);
	} else if (!strcmp(name, "mem")) {
		add_sample(find_row(b->mem, &b->nr_mem, scheme), col, v, rep);
	} else {
		snprintf(key, sizeof(key), "%s:%s", scheme, name);
		add_sample(find_row(b->phases, &b->nr_phases, key), col, v, rep);
	}
}

/* A result line: its total and every phase. */
static void parse_result(struct kr_report *r, struct kr_boot *b, char *line)
{
	char scheme[64], size[32], rep[16], *tok, *save;
	int col, rep_nr = -1;

	if (!field(line, "scheme", scheme, sizeof(scheme)) || !field(line, "size", size, sizeof(size)))
		return;
	col = size_col(r, strtoull(size, NULL, 10));
	if (field(line, "rep", rep, sizeof(rep)))
		rep_nr = atoi(rep);
	for (tok = strtok_r(line + 2, " \r\n", &save); tok; tok = strtok_r(NULL, " \r\n", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq)
			continue;
		*eq = '\0';
		add_result_field(b, scheme, col, rep_nr, tok, strtoull(eq + 1, NULL, 10));
	}
}

/* An M line: facts about the guest; the label is the cmdline's init_on_alloc=. */
static void parse_meta(struct kr_boot *b, const char *line)
{
	char v[256];

	if (field(line, "cmdline", v, sizeof(v))) {
		char *ioa = strstr(v, "init_on_alloc=");

		if (ioa)
			snprintf(b->label, sizeof(b->label), "%.*s", (int)strcspn(ioa, " "), ioa);
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
}

/* An NA line: a scheme this guest cannot run, and why (the first KR_MAX_NA kept). */
static void parse_na(struct kr_boot *b, const char *line)
{
	if (b->nr_na == KR_MAX_NA)
		return;
	field(line, "scheme", b->na_key[b->nr_na], sizeof(b->na_key[0]));
	field(line, "reason", b->na_why[b->nr_na], sizeof(b->na_why[0]));
	b->nr_na++;
}

static void parse_line(struct kr_report *r, struct kr_boot *b, char *line)
{
	if (!strncmp(line, "R ", 2)) {
		parse_result(r, b, line);
	} else if (!strncmp(line, "E ", 2)) {
		b->nr_errors++;
		fprintf(stderr, "kbench-report: %s: %s", b->path, line);
	} else if (!strncmp(line, "NA ", 3)) {
		parse_na(b, line);
	} else if (!strncmp(line, "M ", 2)) {
		parse_meta(b, line);
	} else if (!strncmp(line, "END", 3)) {
		b->ended = true;
	}
}

int kr_parse_file(struct kr_report *r, struct kr_boot *b, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	if (!f)
		return -errno;
	b->path = path;
	snprintf(b->label, sizeof(b->label), "%s", path);
	while (fgets(line, sizeof(line), f))
		parse_line(r, b, line);
	fclose(f);
	return 0;
}
