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
 * host's memory in the state the runs then keep (notes/perf.md, B.0).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_table.h"
#include "cli_util.h"
#include "commands.h"
#include "loader.h"
#include "pagecache.h"

#define READ_CHUNK	(16UL << 20)	/* the buffered schemes' read() size */
#define MAX_FILES	16

struct compare_file {
	const char *path;
	uint64_t size;
};

struct scheme {
	const char *name;
	/* ns, or -1 after printing an error */
	int64_t (*run)(const struct compare_file *f);
};

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

static int64_t run_buffered(const struct compare_file *f, bool populate_first)
{
	struct hr_memfd mem;
	uint64_t start, size;
	int fd, err;

	fd = hr_open_regular(f->path, &size);
	if (fd < 0)
		return -1;
	start = hr_now_ns();
	err = hr_memfd_create(&mem, size, HR_PAGES_4K);
	if (!err && populate_first)
		err = hr_memfd_populate(&mem, 0, mem.map_len);
	if (!err)
		err = read_all(fd, mem.base, size);
	start = hr_now_ns() - start;
	hr_memfd_destroy(&mem);
	close(fd);
	if (err) {
		hr_err(f->path, -err);
		return -1;
	}
	return (int64_t)start;
}

static int64_t run_naive(const struct compare_file *f)
{
	return run_buffered(f, true);
}

static int64_t run_mmap_read(const struct compare_file *f)
{
	return run_buffered(f, false);
}

static int64_t run_engine(const struct compare_file *f, bool sync)
{
	struct hr_load_opts o;
	struct hr_load_result r;
	int64_t ns;

	hr_load_opts_init(&o);
	o.mode = HR_IO_DIRECT;
	o.sync = sync;
	if (hr_load_file(f->path, &o, &r))
		return -1;
	ns = (int64_t)r.total_ns;
	hr_load_release(&r);
	return ns;
}

static int64_t run_sync(const struct compare_file *f)
{
	return run_engine(f, true);
}

static int64_t run_async(const struct compare_file *f)
{
	return run_engine(f, false);
}

static const struct scheme schemes[] = {
	{ "naive: alloc memfd, then buffered read", run_naive },
	{ "mmap+read: read into mapped memfd (faults alloc)", run_mmap_read },
	{ "O_DIRECT after full alloc (patch 1, sync)", run_sync },
	{ "heapread async O_DIRECT (patches 1-4)", run_async },
};
#define NR_SCHEMES	(sizeof(schemes) / sizeof(schemes[0]))

static void compare_usage(FILE *out)
{
	fprintf(out,
		"usage: heapread compare FILE... [--reps N] [--stats|--json|--csv]\n"
		"Measure the real ways of loading FILE into a memfd on this machine (one column\n"
		"per FILE), the page cache dropped before every run, runs interleaved.\n\n"
		"  --reps N     runs of every scheme (default 3)\n"
		"  --stats      min / median / max in every cell (default: median)\n"
		"  --json       all samples as JSON\n"
		"  --csv        scheme,size_bytes,n,min_ns,median_ns,max_ns\n"
		"  -h, --help   this text\n");
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

static int measure(struct hr_table *t, const struct compare_file *files, unsigned int nr,
		   unsigned int reps)
{
	struct hr_load_opts o;
	bool warned = false;
	uint64_t biggest = 0;

	/* Untimed: the host backs this much memory again before the first timed run. */
	hr_load_opts_init(&o);
	for (unsigned int i = 0; i < nr; i++)
		biggest = files[i].size > biggest ? files[i].size : biggest;
	hr_alloc_only(biggest, &o);

	for (unsigned int rep = 0; rep < reps; rep++) {
		for (unsigned int k = 0; k < NR_SCHEMES; k++) {
			/* Rotate the order so that no scheme always runs first. */
			unsigned int s = (k + rep) % NR_SCHEMES;

			for (unsigned int i = 0; i < nr; i++) {
				int64_t ns;

				if (drop_cache(&files[i], &warned))
					return HR_EXIT_FAIL;
				ns = schemes[s].run(&files[i]);
				if (ns < 0)
					return HR_EXIT_FAIL;
				if (hr_table_add(t, s, i, (uint64_t)ns)) {
					hr_err("compare", ENOMEM);
					return HR_EXIT_FAIL;
				}
			}
		}
	}
	return 0;
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
		{ "stats", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum hr_table_format fmt = HR_TABLE_MEDIAN;
	struct compare_file files[MAX_FILES];
	unsigned int reps = 3, nr = 0;
	char title[160];
	struct hr_table *t;
	int opt, ret, err;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 'r':
			err = hr_parse_uint(optarg, 1, 1000, &reps);
			if (err)
				return hr_bad_value("--reps", optarg, err);
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
		 "heapread compare: real schemes, this machine, ns (%s of %u runs; page cache dropped before each)",
		 fmt == HR_TABLE_STATS ? "min / median / max" : "median", reps);
	t = hr_table_new(title, NR_SCHEMES, nr);
	if (!t) {
		hr_err("compare", ENOMEM);
		return HR_EXIT_FAIL;
	}
	for (unsigned int s = 0; s < NR_SCHEMES; s++)
		hr_table_set_row(t, s, schemes[s].name);
	for (unsigned int i = 0; i < nr; i++)
		hr_table_set_col(t, i, files[i].size);
	ret = measure(t, files, nr, reps);
	if (!ret)
		hr_table_print(t, stdout, fmt);
	hr_table_free(t);
	return ret;
}

HEAPREAD_COMMAND(compare, cmd_compare, "measure the real loading schemes on this machine");
