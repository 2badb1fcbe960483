// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - heapread_kbench: every scheme of the seed's table, interleaved
 *
 *   heapread_kbench gen DIR                  write the files (host)
 *   heapread_kbench run [-r REPS] [-s MAX] [-k KEY,...]   measure (guest)
 *
 * Each repetition walks every size and, for each size, every scheme,
 * starting one scheme later than the repetition before so that no scheme
 * always runs right after the same other one. The page cache is dropped
 * before every run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kbench.h"

#define MIB (1UL << 20)

static const struct kb_scheme kb_schemes[] = {
	{ .key = "normal", .run = kb_normal },
	{ .key = "udmabuf-buf", .run = kb_udmabuf },
	{ .key = "udmabuf-dio", .run = kb_udmabuf, .direct = true },
	{ .key = "udmabuf-overlap", .run = kb_udmabuf_overlap, .direct = true },
	{ .key = "sendfile-buf", .na = "sendfile" },
	{ .key = "sendfile-dio", .na = "sendfile", .direct = true },
	{ .key = "hr-sync-buf", .run = kb_heapread, .sync = true },
	{ .key = "hr-sync-dio", .run = kb_heapread, .sync = true, .direct = true },
	{ .key = "hr-async-buf", .run = kb_heapread },
	{ .key = "hr-async-dio", .run = kb_heapread, .direct = true },
	{ .key = "hr-async-dio-g32m", .run = kb_heapread, .direct = true, .gather = 32 * MIB },
	{ .key = "hr-async-dio-qd2", .run = kb_heapread, .direct = true, .qd = 2 },
	{ .key = "hr-async-dio-noramp", .run = kb_heapread, .direct = true, .no_ramp = true },
	{ .key = "hr-async-dio-o9", .run = kb_heapread, .direct = true, .orders = KB_ORDERS_9 },
	{ .key = "hr-sync-dio-o9", .run = kb_heapread, .sync = true, .direct = true,
	  .orders = KB_ORDERS_9 },
	{ .key = "alloc-only", .run = kb_alloc_only },
	{ .key = "dio-read", .run = kb_dio_read, .direct = true },
	{ .key = "dio-read-qd4", .run = kb_dio_read, .direct = true, .qd = 4 },
	{ .key = "dio-read-qd4-beside", .run = kb_dio_read, .direct = true, .qd = 4,
	  .beside = true },
};

#define KB_NR_SCHEMES (sizeof(kb_schemes) / sizeof(kb_schemes[0]))

static bool kb_selected(const char *keys, const char *key)
{
	size_t len = strlen(key);

	for (const char *k = keys; k && *k; k = strchr(k, ',') ? strchr(k, ',') + 1 : NULL)
		if (!strncmp(k, key, len) && (k[len] == ',' || !k[len]))
			return true;
	return !keys;
}

static void kb_facts(unsigned int reps)
{
	char cmdline[1024] = "";
	struct utsname u;
	FILE *f;

	uname(&u);
	f = fopen("/proc/cmdline", "r");
	if (f) {
		if (!fgets(cmdline, sizeof(cmdline), f))
			cmdline[0] = '\0';
		cmdline[strcspn(cmdline, "\n")] = '\0';
		fclose(f);
	}
	kb_out("M kernel=%s", u.release);
	kb_out("M cmdline=\"%s\"", cmdline);
	kb_out("M cpus=%ld", sysconf(_SC_NPROCESSORS_ONLN));
	kb_out("M mem_kib=%llu", (unsigned long long)sysconf(_SC_PHYS_PAGES) *
	       sysconf(_SC_PAGESIZE) / 1024);
	kb_out("M reps=%u", reps);
}

/*
 * The guest CPU's copy and clear bandwidth (best of 3 over 256 MiB, pages
 * touched first): under TCG they are far below the host's, which is what
 * makes the guest a slow-CPU, fast-storage machine.
 */
static void kb_cpu_facts(void)
{
	const size_t len = 256UL << 20;
	uint8_t *a = malloc(len), *b = malloc(len);
	uint64_t best_cpy = UINT64_MAX, best_set = UINT64_MAX;

	if (!a || !b)
		goto out;
	memset(a, 1, len);
	memset(b, 2, len);
	for (int i = 0; i < 3; i++) {
		uint64_t t0 = kb_now_ns(), t1, t2;

		memcpy(b, a, len);
		t1 = kb_now_ns();
		memset(a, i, len);
		t2 = kb_now_ns();
		if (t1 - t0 < best_cpy)
			best_cpy = t1 - t0;
		if (t2 - t1 < best_set)
			best_set = t2 - t1;
	}
	kb_out("M memcpy_gbps=%.2f memset_gbps=%.2f", (double)len / best_cpy,
	       (double)len / best_set);
out:
	free(a);
	free(b);
}

static void kb_run_one(const struct kb_scheme *s, const struct kb_file *f, unsigned int rep)
{
	struct kb_result r = { 0 };
	int err = guest_drop_caches();

	if (err)
		kb_fail(&r, "drop_caches", -err);
	else
		s->run(s, f, &r);
	kb_report(s, f, rep, &r);
}

static int kb_run(unsigned int reps, size_t max_size, const char *keys)
{
	const char *sendfile_why = kb_sendfile_probe();
	uint64_t t0 = kb_now_ns();

	kb_facts(reps);
	kb_cpu_facts();
	for (unsigned int i = 0; i < KB_NR_SCHEMES; i++)
		if (kb_schemes[i].na && kb_selected(keys, kb_schemes[i].key))
			kb_out("NA scheme=%s reason=\"%s\"", kb_schemes[i].key, sendfile_why);
	for (unsigned int rep = 0; rep < reps; rep++) {
		for (const struct kb_file *f = kb_files; f->name; f++) {
			if (max_size && f->size > max_size)
				continue;
			printf("kbench: rep %u, %zu bytes, at %.1f s\n", rep, f->size,
			       (kb_now_ns() - t0) / 1e9);
			fflush(stdout);
			for (unsigned int i = 0; i < KB_NR_SCHEMES; i++) {
				const struct kb_scheme *s = &kb_schemes[(i + rep) % KB_NR_SCHEMES];

				if (!s->na && kb_selected(keys, s->key))
					kb_run_one(s, f, rep);
			}
		}
	}
	kb_out("M guest_bench_s=%.1f", (kb_now_ns() - t0) / 1e9);
	kb_out("END");
	return 0;
}

static int kb_usage(void)
{
	fprintf(stderr, "usage: heapread_kbench gen DIR\n"
		"       heapread_kbench run [-r REPS] [-s MAX_BYTES] [-k KEY,...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	unsigned int reps = 3;
	const char *keys = NULL;
	size_t max_size = 0;
	int opt;

	if (argc == 3 && !strcmp(argv[1], "gen"))
		return kb_generate(argv[2]) ? 1 : 0;
	if (argc < 2 || strcmp(argv[1], "run"))
		return kb_usage();
	optind = 2;
	while ((opt = getopt(argc, argv, "r:s:k:")) != -1) {
		switch (opt) {
		case 'r': reps = strtoul(optarg, NULL, 0); break;
		case 's': max_size = strtoull(optarg, NULL, 0); break;
		case 'k': keys = optarg; break;
		default: return kb_usage();
		}
	}
	if (!reps)
		return kb_usage();
	return kb_run(reps, max_size, keys);
}
