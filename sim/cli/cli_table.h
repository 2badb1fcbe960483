/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The results table heapread prints for `compare` and `sim`: one row per
 * scheme, one column per file size, times in ns, in the seed's format
 *
 *   | scheme-size | 512KB(ns) | 1GB(ns) |
 *   | --- | --- | --- |
 *   | normal | 2,790,861 | 1,520,790,492 |
 *
 * Each cell keeps every sample; the table shows the median, or
 * "min / median / max" with HR_TABLE_STATS, and CSV and JSON give all three
 * and the sample count. Plain libc.
 */
#ifndef HEAPREAD_CLI_TABLE_H
#define HEAPREAD_CLI_TABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum hr_table_format {
	HR_TABLE_MEDIAN,	/* markdown, median per cell */
	HR_TABLE_STATS,		/* markdown, "min / median / max" per cell */
	HR_TABLE_CSV,		/* scheme,size_bytes,n,min_ns,median_ns,max_ns */
	HR_TABLE_JSON,		/* {"title":..,"unit":"ns","rows":[{scheme,size_bytes,n,min_ns,median_ns,max_ns,samples_ns:[..]}]} */
};

struct hr_table;

/* NULL on ENOMEM. @title is printed above markdown tables (may be NULL). */
struct hr_table *hr_table_new(const char *title, unsigned int nrows, unsigned int ncols);
void hr_table_free(struct hr_table *t);
/*
 * The unit the values are in, for the headers and JSON ("ns" unless set;
 * the JSON and CSV keys keep their _ns names). @unit must outlive @t.
 */
void hr_table_set_unit(struct hr_table *t, const char *unit);
/* The strings are copied. */
int hr_table_set_row(struct hr_table *t, unsigned int row, const char *scheme);
void hr_table_set_col(struct hr_table *t, unsigned int col, uint64_t size_bytes);
/* One more sample for a cell; 0 or -ENOMEM. */
int hr_table_add(struct hr_table *t, unsigned int row, unsigned int col, uint64_t ns);
/* min, median (mean of the middle two for an even count), max, count; false if empty. */
bool hr_table_cell(const struct hr_table *t, unsigned int row, unsigned int col,
		   uint64_t *min, uint64_t *median, uint64_t *max, unsigned int *n);
void hr_table_print(const struct hr_table *t, FILE *out, enum hr_table_format fmt);

/* "1,520,790,492" */
void hr_format_ns(char *buf, size_t len, uint64_t ns);

#endif /* HEAPREAD_CLI_TABLE_H */
