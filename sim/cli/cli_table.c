// SPDX-License-Identifier: GPL-2.0
/* The scheme x size results table (see cli_table.h). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli_table.h"
#include "cli_util.h"

struct hr_cell {
	uint64_t *ns;
	unsigned int n, cap;
};

struct hr_table {
	char *title;
	const char *unit;	/* a string literal; NULL: "ns" */
	unsigned int nrows, ncols;
	char **schemes;
	uint64_t *sizes;
	struct hr_cell *cells;
};

struct hr_table *hr_table_new(const char *title, unsigned int nrows, unsigned int ncols)
{
	struct hr_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->nrows = nrows;
	t->ncols = ncols;
	t->title = title ? strdup(title) : NULL;
	t->schemes = calloc(nrows, sizeof(*t->schemes));
	t->sizes = calloc(ncols, sizeof(*t->sizes));
	t->cells = calloc((size_t)nrows * ncols, sizeof(*t->cells));
	if ((title && !t->title) || !t->schemes || !t->sizes || !t->cells) {
		hr_table_free(t);
		return NULL;
	}
	return t;
}

void hr_table_set_unit(struct hr_table *t, const char *unit)
{
	t->unit = unit;
}

static const char *unit_of(const struct hr_table *t)
{
	return t->unit ? t->unit : "ns";
}

void hr_table_free(struct hr_table *t)
{
	if (!t)
		return;
	for (unsigned int r = 0; t->schemes && r < t->nrows; r++)
		free(t->schemes[r]);
	for (size_t i = 0; t->cells && i < (size_t)t->nrows * t->ncols; i++)
		free(t->cells[i].ns);
	free(t->schemes);
	free(t->sizes);
	free(t->cells);
	free(t->title);
	free(t);
}

int hr_table_set_row(struct hr_table *t, unsigned int row, const char *scheme)
{
	char *s = strdup(scheme);

	if (!s)
		return -ENOMEM;
	free(t->schemes[row]);
	t->schemes[row] = s;
	return 0;
}

void hr_table_set_col(struct hr_table *t, unsigned int col, uint64_t size_bytes)
{
	t->sizes[col] = size_bytes;
}

static struct hr_cell *cell(const struct hr_table *t, unsigned int row, unsigned int col)
{
	return &t->cells[(size_t)row * t->ncols + col];
}

int hr_table_add(struct hr_table *t, unsigned int row, unsigned int col, uint64_t ns)
{
	struct hr_cell *c = cell(t, row, col);

	if (c->n == c->cap) {
		unsigned int cap = c->cap ? 2 * c->cap : 8;
		uint64_t *ns_new = realloc(c->ns, cap * sizeof(*ns_new));

		if (!ns_new)
			return -ENOMEM;
		c->ns = ns_new;
		c->cap = cap;
	}
	c->ns[c->n++] = ns;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

bool hr_table_cell(const struct hr_table *t, unsigned int row, unsigned int col,
		   uint64_t *min, uint64_t *median, uint64_t *max, unsigned int *n)
{
	const struct hr_cell *c = cell(t, row, col);
	uint64_t sorted[c->n ? c->n : 1];

	*n = c->n;
	if (!c->n)
		return false;
	memcpy(sorted, c->ns, c->n * sizeof(*sorted));
	qsort(sorted, c->n, sizeof(*sorted), cmp_u64);
	*min = sorted[0];
	*max = sorted[c->n - 1];
	if (c->n % 2)
		*median = sorted[c->n / 2];
	else
		*median = sorted[c->n / 2 - 1] / 2 + sorted[c->n / 2] / 2 +
			  (sorted[c->n / 2 - 1] % 2 + sorted[c->n / 2] % 2) / 2;
	return true;
}

void hr_format_ns(char *buf, size_t len, uint64_t ns)
{
	char digits[24];
	size_t nd, out = 0;

	nd = (size_t)snprintf(digits, sizeof(digits), "%" PRIu64, ns);
	for (size_t i = 0; i < nd && out + 1 < len; i++) {
		if (i && (nd - i) % 3 == 0 && out + 2 < len)
			buf[out++] = ',';
		buf[out++] = digits[i];
	}
	buf[out] = '\0';
}

static void print_markdown(const struct hr_table *t, FILE *out, bool stats)
{
	char a[32], b[32], c[32], label[32];
	uint64_t min, med, max;
	unsigned int n;

	if (t->title)
		fprintf(out, "%s\n\n", t->title);
	fprintf(out, "| scheme-size |");
	for (unsigned int col = 0; col < t->ncols; col++) {
		hr_format_size_short(label, sizeof(label), t->sizes[col]);
		fprintf(out, " %s(%s)%s |", label, unit_of(t), stats ? " min / median / max" : "");
	}
	fprintf(out, "\n| --- |");
	for (unsigned int col = 0; col < t->ncols; col++)
		fprintf(out, " --- |");
	fputc('\n', out);
	for (unsigned int row = 0; row < t->nrows; row++) {
		fprintf(out, "| %s |", t->schemes[row] ? t->schemes[row] : "?");
		for (unsigned int col = 0; col < t->ncols; col++) {
			if (!hr_table_cell(t, row, col, &min, &med, &max, &n)) {
				fprintf(out, " - |");
				continue;
			}
			hr_format_ns(b, sizeof(b), med);
			if (!stats) {
				fprintf(out, " %s |", b);
				continue;
			}
			hr_format_ns(a, sizeof(a), min);
			hr_format_ns(c, sizeof(c), max);
			fprintf(out, " %s / %s / %s |", a, b, c);
		}
		fputc('\n', out);
	}
}

static void print_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\u%04x", *s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static void print_json(const struct hr_table *t, FILE *out)
{
	uint64_t min, med, max;
	unsigned int n;
	bool first = true;

	fprintf(out, "{\"title\":");
	print_json_string(out, t->title ? t->title : "");
	fprintf(out, ",\"unit\":");
	print_json_string(out, unit_of(t));
	fprintf(out, ",\"rows\":[");
	for (unsigned int row = 0; row < t->nrows; row++) {
		for (unsigned int col = 0; col < t->ncols; col++) {
			const struct hr_cell *c = cell(t, row, col);

			if (!hr_table_cell(t, row, col, &min, &med, &max, &n))
				continue;
			fprintf(out, "%s\n {\"scheme\":", first ? "" : ",");
			first = false;
			print_json_string(out, t->schemes[row]);
			fprintf(out, ",\"size_bytes\":%" PRIu64 ",\"n\":%u,\"min_ns\":%" PRIu64
				",\"median_ns\":%" PRIu64 ",\"max_ns\":%" PRIu64 ",\"samples_ns\":[",
				t->sizes[col], n, min, med, max);
			for (unsigned int i = 0; i < c->n; i++)
				fprintf(out, "%s%" PRIu64, i ? "," : "", c->ns[i]);
			fprintf(out, "]}");
		}
	}
	fprintf(out, "\n]}\n");
}

static void print_csv(const struct hr_table *t, FILE *out)
{
	uint64_t min, med, max;
	unsigned int n;

	fprintf(out, "scheme,size_bytes,n,min_ns,median_ns,max_ns\n");
	for (unsigned int row = 0; row < t->nrows; row++)
		for (unsigned int col = 0; col < t->ncols; col++)
			if (hr_table_cell(t, row, col, &min, &med, &max, &n))
				fprintf(out, "\"%s\",%" PRIu64 ",%u,%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n",
					t->schemes[row], t->sizes[col], n, min, med, max);
}

void hr_table_print(const struct hr_table *t, FILE *out, enum hr_table_format fmt)
{
	switch (fmt) {
	case HR_TABLE_MEDIAN:
		print_markdown(t, out, false);
		break;
	case HR_TABLE_STATS:
		print_markdown(t, out, true);
		break;
	case HR_TABLE_CSV:
		print_csv(t, out);
		break;
	case HR_TABLE_JSON:
		print_json(t, out);
		break;
	}
}
