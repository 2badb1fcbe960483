// SPDX-License-Identifier: GPL-2.0
/*
 * heapread compare: the real ways of getting a file into a memfd, measured on
 * this machine, in the same table as `heapread sim`:
 *   naive      allocate the memfd (populate every page), then buffered read()
 *   mmap+read  map the memfd and read() into it: page faults allocate
 *   sync       O_DIRECT after the whole allocation (the seed's patch 1)
 *   heapread   allocation overlapped with O_DIRECT io_uring reads
 * The file's page cache is dropped (and checked) before every run, runs are
 * interleaved, and one untimed allocation of the same size first puts the
 * host's memory in the state the runs then keep (docs/notes/perf.md, B.0).
 *
 * Beside the time, what each run costs (cli_cost.h): the process's CPU time
 * (every thread: the engine's workers, io_uring's) per GiB of file, and the
 * peak of its memory (resident + hugetlb) plus the page cache of the file the
 * run left, both over the same interval as the time (freeing is not in it).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_cost.h"
#include "cli_table.h"
#include "cli_util.h"
#include "commands.h"
#include "libheapread.h"
#include "loader.h"
#include "pagecache.h"

#define READ_CHUNK	(16UL << 20)	/* the buffered schemes' read() size */
#define MAX_FILES	16

struct compare_file {
	const char *path;
	uint64_t size;
};

/* What one run cost besides its time. */
struct run_cost {
	uint64_t cpu_ns;
	uint64_t peak_bytes;	/* peak resident + hugetlb, plus the file's page cache it added */
};

static void run_cost_set(struct run_cost *rc, const struct hr_cost *c, int64_t cache_added)
{
	rc->cpu_ns = c->cpu_ns;
	rc->peak_bytes = c->peak_rss + c->hugetlb + (cache_added > 0 ? (uint64_t)cache_added : 0);
}

struct scheme {
	const char *id;		/* for --schemes */
	const char *name;
	/* ns, or -1 after printing an error; *cost over the same interval */
	int64_t (*run)(const struct compare_file *f, struct run_cost *cost);
};

/* Page kind for every scheme's memfd (--pages). */
static enum hr_page_kind compare_pages = HR_PAGES_4K;

/* read() the whole file into @dst; 0 or -errno. */
static int read_all(int fd, char *dst, uint64_t size)
{
	uint64_t done = 0;

	while (done < size) {
		size_t want = size - done < READ_CHUNK ? (size_t)(size - done) : READ_CHUNK;
		ssize_t n = read(fd, dst + done, want);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENODATA;
		done += (uint64_t)n;
	}
	return 0;
}

static int64_t run_buffered(const struct compare_file *f, bool populate_first,
			    struct run_cost *rc)
{
	struct hr_cost_mark m;
	struct hr_cost c;
	struct hr_memfd mem;
	uint64_t start, size;
	int64_t cached;
	int fd, err;

	fd = hr_open_regular(f->path, &size);
	if (fd < 0)
		return -1;
	hr_cost_begin(&m);
	start = hr_now_ns();
	err = hr_memfd_create(&mem, size, compare_pages);
	if (!err && populate_first)
		err = hr_memfd_populate(&mem, 0, mem.map_len);
	if (!err)
		err = read_all(fd, mem.base, size);
	start = hr_now_ns() - start;
	hr_cost_end(&m, &c);
	/* The cache was dropped before the run: what is resident now, it added. */
	cached = err ? 0 : hr_pagecache_resident(fd, size);
	run_cost_set(rc, &c, cached);
	hr_memfd_destroy(&mem);
	close(fd);
	if (err) {
		hr_err(f->path, -err);
		return -1;
	}
	return (int64_t)start;
}

static int64_t run_naive(const struct compare_file *f, struct run_cost *rc)
{
	return run_buffered(f, true, rc);
}

static int64_t run_mmap_read(const struct compare_file *f, struct run_cost *rc)
{
	return run_buffered(f, false, rc);
}

static int64_t run_engine(const struct compare_file *f, bool sync, struct run_cost *rc)
{
	struct hrl_result *r;
	struct hrl_error e;
	struct hrl_opts o;
	struct hr_cost_mark m;
	struct hr_cost c;
	int64_t ns;

	/* Through libheapread, as a program would. */
	hrl_opts_init(&o);
	o.io = HRL_IO_DIRECT;
	o.flags = sync ? HRL_F_SYNC : 0;
	o.pages = (enum hrl_pages)compare_pages;
	hr_cost_begin(&m);
	if (hrl_load_file(f->path, &o, &r, &e)) {
		hr_errmsg("%s", e.message);
		return -1;
	}
	hr_cost_end(&m, &c);
	run_cost_set(rc, &c, r->stats.cached_after >= 0 && r->stats.cached_before >= 0 ?
		     r->stats.cached_after - r->stats.cached_before : 0);
	ns = (int64_t)r->stats.total_ns;
	hrl_result_free(r);
	return ns;
}

static int64_t run_sync(const struct compare_file *f, struct run_cost *rc)
{
	return run_engine(f, true, rc);
}

static int64_t run_async(const struct compare_file *f, struct run_cost *rc)
{
	return run_engine(f, false, rc);
}

static const struct scheme schemes[] = {
	{ "naive", "naive: alloc memfd then buffered read", run_naive },
	{ "mmap", "mmap+read: read into mapped memfd (faults alloc)", run_mmap_read },
	{ "sync", "O_DIRECT after full alloc (patch 1, sync)", run_sync },
	{ "async", "heapread async O_DIRECT (patches 1-4)", run_async },
};
#define NR_SCHEMES	(sizeof(schemes) / sizeof(schemes[0]))

static void compare_usage(FILE *out)
{
	fprintf(out,
		"usage: heapread compare FILE... [--reps N] [--schemes LIST] [--pages KIND]\n"
		"                        [--stats|--json|--csv]\n"
		"Measure the real ways of loading FILE into a memfd on this machine (one column\n"
		"per FILE), the page cache dropped before every run, runs interleaved.\n\n"
		"  --reps N        runs of every scheme (default 3)\n"
		"  --schemes LIST  some of naive,mmap,sync,async (default all)\n"
		"  --pages KIND    4k (default), thp or hugetlb memfd pages for every scheme\n"
		"  --stats         min / median / max in every cell (default: median)\n"
		"  --json          all samples as JSON\n"
		"  --csv           scheme,size_bytes,n,min_ns,median_ns,max_ns\n"
		"  -h, --help      this text\n");
}

static int drop_cache(const struct compare_file *f, bool *warned)
{
	uint64_t size;
	int err, fd = hr_open_regular(f->path, &size);

	if (fd < 0)
		return -1;
	err = hr_pagecache_drop(fd, size);
	close(fd);
	if (err && !*warned) {
		hr_errmsg("%s: could not drop its page cache (%s): runs may read from the cache",
			  f->path, strerror(-err));
		*warned = true;
	}
	return 0;
}

/* The time table and the two cost tables (CPU ms per GiB, peak MiB). */
struct compare_tables {
	struct hr_table *time, *cpu, *mem;
};

static int measure(const struct compare_tables *t, const struct compare_file *files,
		   unsigned int nr, unsigned int reps, const unsigned int *sel, unsigned int nsel)
{
	struct hr_load_opts o;
	bool warned = false;
	uint64_t biggest = 0;

	/*
	 * Untimed: the host backs this much ordinary memory again (the memfd's
	 * 4 KiB pages and the buffered schemes' page cache come from it) before
	 * the first timed run; a fresh hugetlb pool is touched once too.
	 */
	hr_load_opts_init(&o);
	for (unsigned int i = 0; i < nr; i++)
		biggest = files[i].size > biggest ? files[i].size : biggest;
	hr_alloc_only(biggest, &o);
	if (compare_pages != HR_PAGES_4K) {
		o.pages = compare_pages;
		hr_alloc_only(biggest, &o);
	}

	for (unsigned int rep = 0; rep < reps; rep++) {
		for (unsigned int k = 0; k < nsel; k++) {
			/* Rotate the order so that no scheme always runs first. */
			unsigned int row = (k + rep) % nsel, s = sel[row];

			for (unsigned int i = 0; i < nr; i++) {
				struct run_cost rc = { 0 };
				double gib = (double)files[i].size / (1u << 30);
				int64_t ns;

				if (drop_cache(&files[i], &warned))
					return HR_EXIT_FAIL;
				ns = schemes[s].run(&files[i], &rc);
				if (ns < 0)
					return HR_EXIT_FAIL;
				if (hr_table_add(t->time, row, i, (uint64_t)ns) ||
				    hr_table_add(t->cpu, row, i, (uint64_t)(rc.cpu_ns / 1e6 / gib + 0.5)) ||
				    hr_table_add(t->mem, row, i, (rc.peak_bytes + (1u << 19)) >> 20)) {
					hr_err("compare", ENOMEM);
					return HR_EXIT_FAIL;
				}
			}
		}
	}
	return 0;
}

/* "naive,async" -> indices into schemes[]; the count, or -1. */
static int parse_schemes(char *list, unsigned int *sel)
{
	unsigned int n = 0;

	for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		unsigned int s;

		for (s = 0; s < NR_SCHEMES && strcmp(tok, schemes[s].id); s++)
			;
		if (s == NR_SCHEMES || n == NR_SCHEMES)
			return -1;
		sel[n++] = s;
	}
	return n ? (int)n : -1;
}

static int by_size(const void *a, const void *b)
{
	const struct compare_file *x = a, *y = b;

	return x->size < y->size ? -1 : x->size > y->size;
}

static int cmd_compare(int argc, char **argv)
{
	static const struct option options[] = {
		{ "reps", required_argument, NULL, 'r' },
		{ "schemes", required_argument, NULL, 'S' },
		{ "pages", required_argument, NULL, 'p' },
		{ "stats", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum hr_table_format fmt = HR_TABLE_MEDIAN;
	struct compare_file files[MAX_FILES];
	unsigned int reps = 3, nr = 0, sel[NR_SCHEMES], nsel = NR_SCHEMES;
	char title[200];
	struct compare_tables t = { 0 };
	int opt, ret, err;

	for (unsigned int s = 0; s < NR_SCHEMES; s++)
		sel[s] = s;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 'r':
			err = hr_parse_uint(optarg, 1, 1000, &reps);
			if (err)
				return hr_bad_value("--reps", optarg, err);
			break;
		case 'S':
			ret = parse_schemes(optarg, sel);
			if (ret < 0) {
				hr_errmsg("--schemes: invalid value (some of naive,mmap,sync,async)");
				return HR_EXIT_USAGE;
			}
			nsel = (unsigned int)ret;
			break;
		case 'p':
			if (hr_page_kind_parse(optarg, &compare_pages)) {
				hr_errmsg("--pages: invalid value '%s' (4k, thp or hugetlb)", optarg);
				return HR_EXIT_USAGE;
			}
			break;
		case 's': fmt = HR_TABLE_STATS; break;
		case 'j': fmt = HR_TABLE_JSON; break;
		case 'c': fmt = HR_TABLE_CSV; break;
		case 'h':
			compare_usage(stdout);
			return 0;
		default:
			hr_errmsg("compare: %s option '%s'", opt == ':' ? "missing value for" : "unknown",
				  argv[optind - 1]);
			return HR_EXIT_USAGE;
		}
	}
	if (optind == argc || argc - optind > MAX_FILES) {
		hr_errmsg("compare: %s (usage: heapread compare FILE... [--reps N]; --help)",
			  optind == argc ? "no FILE given" : "at most 16 files");
		return HR_EXIT_USAGE;
	}
	for (int i = optind; i < argc; i++, nr++) {
		int fd = hr_open_regular(argv[i], &files[nr].size);

		if (fd < 0)
			return HR_EXIT_FAIL;
		close(fd);
		files[nr].path = argv[i];
	}
	qsort(files, nr, sizeof(files[0]), by_size);

	snprintf(title, sizeof(title),
		 "heapread compare: real schemes, this machine, %s memfd pages, ns (%s of %u runs; page cache dropped before each)",
		 hr_page_kind_name(compare_pages), fmt == HR_TABLE_STATS ? "min / median / max" : "median", reps);
	if (compare_pages != HR_PAGES_4K) {
		char why[256];

		err = hr_page_kind_check(compare_pages, files[nr - 1].size, why, sizeof(why));
		if (err) {
			hr_errmsg("--pages %s: %s (%s)", hr_page_kind_name(compare_pages), strerror(-err), why);
			return HR_EXIT_FAIL;
		}
	}
	t.time = hr_table_new(title, nsel, nr);
	t.cpu = hr_table_new("CPU time of the process (every thread) per GiB of file, ms/GiB", nsel, nr);
	t.mem = hr_table_new("peak memory of the process (resident + hugetlb) plus the page cache the run left, MiB",
			     nsel, nr);
	if (!t.time || !t.cpu || !t.mem) {
		hr_err("compare", ENOMEM);
		ret = HR_EXIT_FAIL;
		goto out;
	}
	hr_table_set_unit(t.cpu, "CPU ms/GiB");
	hr_table_set_unit(t.mem, "peak MiB");
	for (unsigned int s = 0; s < nsel; s++) {
		hr_table_set_row(t.time, s, schemes[sel[s]].name);
		hr_table_set_row(t.cpu, s, schemes[sel[s]].name);
		hr_table_set_row(t.mem, s, schemes[sel[s]].name);
	}
	for (unsigned int i = 0; i < nr; i++) {
		hr_table_set_col(t.time, i, files[i].size);
		hr_table_set_col(t.cpu, i, files[i].size);
		hr_table_set_col(t.mem, i, files[i].size);
	}
	ret = measure(&t, files, nr, reps, sel, nsel);
	if (!ret) {
		hr_table_print(t.time, stdout, fmt);
		/* CSV and JSON keep their one table (scripts read them); markdown shows the cost. */
		if (fmt == HR_TABLE_MEDIAN || fmt == HR_TABLE_STATS) {
			fputc('\n', stdout);
			hr_table_print(t.cpu, stdout, fmt);
			fputc('\n', stdout);
			hr_table_print(t.mem, stdout, fmt);
		}
	}
out:
	hr_table_free(t.time);
	hr_table_free(t.cpu);
	hr_table_free(t.mem);
	return ret;
}

HEAPREAD_COMMAND(compare, cmd_compare, "measure the real loading schemes on this machine");
