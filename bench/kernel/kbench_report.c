// SPDX-License-Identifier: GPL-2.0
/*
 * kbench_report.c - the host side of `make bench-kernel`: reads the result
 * lines of one or more guest boots (bench/kernel/guest/) and prints the
 * scheme x size table in the format of `heapread sim` and `heapread
 * compare` (sim/cli/cli_table.c), the phases, and how close heapread's async
 * direct load comes to first gather + max(alloc, I/O); writes JSON and an
 * SVG bar chart. kbench_report.h says which file does what.
 *
 *   kbench-report [--json FILE] [--svg FILE] RESULTS...
 *
 * Each RESULTS file holds the lines one boot printed (kbench.h). Exit
 * status 1 when a boot is incomplete, had errors or no result, or a file
 * cannot be read or written; 2 on bad usage.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "kbench_report.h"

/* Large (four boots of rows): static, not on the stack. */
static struct kr_report report;

static FILE *open_out(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		fprintf(stderr, "kbench-report: %s: %s\n", path, strerror(errno));
	return f;
}

/*
 * Write @path with @write; false (said on stderr) when it cannot be opened
 * or closed: make bench-kernel must not pass without its JSON or SVG.
 */
static bool write_file(const char *path, void (*write)(const struct kr_report *r, FILE *out))
{
	FILE *f = open_out(path);

	if (!f)
		return false;
	write(&report, f);
	return fclose(f) == 0;
}

/* The table order, for every row set of @b. */
static void sort_boot(struct kr_boot *b)
{
	qsort(b->totals, b->nr_totals, sizeof(struct kr_row), kr_row_order);
	qsort(b->phases, b->nr_phases, sizeof(struct kr_row), kr_row_order);
	qsort(b->cpu, b->nr_cpu, sizeof(struct kr_row), kr_row_order);
	qsort(b->mem, b->nr_mem, sizeof(struct kr_row), kr_row_order);
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

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'j')
			json = optarg;
		else if (opt == 's')
			svg = optarg;
		else
			return 2;
	}
	if (optind == argc || argc - optind > KR_MAX_BOOTS) {
		fprintf(stderr, "usage: kbench-report [--json FILE] [--svg FILE] RESULTS... (up to %d)\n",
			KR_MAX_BOOTS);
		return 2;
	}
	for (; optind < argc; optind++) {
		/* Counted before it is read: a new size column shifts its rows too. */
		struct kr_boot *b = &report.boots[report.nr_boots++];
		int err = kr_parse_file(&report, b, argv[optind]);

		if (err) {
			fprintf(stderr, "kbench-report: %s: %s\n", argv[optind], strerror(-err));
			return 1;
		}
		failed |= !b->ended || b->nr_errors || !b->nr_totals;
	}
	for (unsigned int b = 0; b < report.nr_boots; b++) {
		sort_boot(&report.boots[b]);
		kr_print_boot(&report, &report.boots[b], stdout);
	}
	if (json)
		failed |= !write_file(json, kr_write_json);
	if (svg)
		failed |= !write_file(svg, kr_write_svg);
	return failed ? 1 : 0;
}
