// SPDX-License-Identifier: GPL-2.0
/*
 * engine_bench: the engine alone (kshim's heap pages, pread reads) on a real
 * file, for choosing its defaults: every gather size x queue depth given,
 * interleaved, the file's page cache dropped before each run, min / median /
 * max of the total time. Allocation here is malloc'd heap memory faulted in
 * by the reads themselves, so the figures show the read side of the engine.
 *
 *   engine_bench FILE [--direct] [--gathers 32M,128M] [--qds 1,2,4] [--reps 5]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/err.h>
#include <kshim/file.h>
#include "heapread.h"

#define MAX_LIST 16

static int parse_list(const char *arg, unsigned long *out)
{
	char *copy = strdup(arg), *tok, *save = NULL;
	int n = 0;

	for (tok = strtok_r(copy, ",", &save); tok && n < MAX_LIST; tok = strtok_r(NULL, ",", &save)) {
		char *end;
		unsigned long v = strtoul(tok, &end, 10);

		if (*end == 'K' || *end == 'k')
			v <<= 10;
		else if (*end == 'M' || *end == 'm')
			v <<= 20;
		else if (*end == 'G' || *end == 'g')
			v <<= 30;
		out[n++] = v;
	}
	free(copy);
	return n;
}

static int cmp_u64(const void *a, const void *b)
{
	const unsigned long long *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

static unsigned long long run_once(const char *path, bool direct, size_t gather, unsigned int qd)
{
	struct heapread_params p;
	struct heapread_stats st;
	struct heapread_buffer *buf;
	struct kshim_file kf;
	int fd = open(path, O_RDONLY | (direct ? O_DIRECT : 0));

	if (fd < 0 || kshim_file_open_fd(&kf, fd)) {
		perror(path);
		exit(1);
	}
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	heapread_params_init(&p);
	p.gather_limit = gather;
	p.queue_depth = qd;
	buf = heapread_load(&kf.file, &p, &st);
	if (IS_ERR(buf)) {
		fprintf(stderr, "engine_bench: load failed: %s\n", strerror(-PTR_ERR(buf)));
		exit(1);
	}
	heapread_buffer_free(buf);
	close(fd);
	return st.total_ns;
}

int main(int argc, char **argv)
{
	unsigned long gathers[MAX_LIST] = { 32 << 20, 128 << 20 }, qds[MAX_LIST] = { 1, 2, 4 };
	int ng = 2, nq = 3, reps = 5;
	bool direct = false;
	unsigned long long *t;

	if (argc < 2) {
		fprintf(stderr, "usage: engine_bench FILE [--direct] [--gathers L] [--qds L] [--reps N]\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--direct"))
			direct = true;
		else if (!strcmp(argv[i], "--gathers") && i + 1 < argc)
			ng = parse_list(argv[++i], gathers);
		else if (!strcmp(argv[i], "--qds") && i + 1 < argc)
			nq = parse_list(argv[++i], qds);
		else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			reps = atoi(argv[++i]);
	}
	t = calloc((size_t)ng * nq * reps, sizeof(*t));
	for (int r = 0; r < reps; r++)
		for (int g = 0; g < ng; g++)
			for (int q = 0; q < nq; q++)
				t[(g * nq + q) * reps + r] = run_once(argv[1], direct, gathers[g], qds[q]);
	printf("%-10s %4s %12s %12s %12s   (%s, %d reps, ms)\n", "gather", "qd", "min", "median", "max",
	       direct ? "O_DIRECT" : "buffered", reps);
	for (int g = 0; g < ng; g++)
		for (int q = 0; q < nq; q++) {
			unsigned long long *c = &t[(g * nq + q) * reps];

			qsort(c, reps, sizeof(*c), cmp_u64);
			printf("%-8luM %4lu %12.1f %12.1f %12.1f\n", gathers[g] >> 20, qds[q], c[0] / 1e6,
			       c[reps / 2] / 1e6, c[reps - 1] / 1e6);
		}
	free(t);
	return 0;
}
