// SPDX-License-Identifier: GPL-2.0
/* pattern.c - the benchmark's files: names, sizes, content and its check */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kbench.h"

/* The seed's sizes (its 3 GB column becomes 2 GiB: the guest's memory). */
const struct kb_file kb_files[] = {
	{ "kb-512k.bin", 512UL << 10 },
	{ "kb-8m.bin", 8UL << 20 },
	{ "kb-1g.bin", 1UL << 30 },
	{ "kb-2g.bin", 2UL << 30 },
	{ NULL, 0 },
};

/* Word @index of the file of @size bytes (splitmix64: no two pages alike). */
static uint64_t kb_word(size_t size, size_t index)
{
	uint64_t z = (uint64_t)index * 0x9e3779b97f4a7c15ULL + size;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int kb_write_file(const char *dir, const struct kb_file *f)
{
	const size_t chunk = 8UL << 20;
	uint64_t *buf = malloc(chunk);
	char path[512];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, f->name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || !buf) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		free(buf);
		return -1;
	}
	for (size_t off = 0; off < f->size && !ret; off += chunk) {
		size_t len = f->size - off < chunk ? f->size - off : chunk;

		for (size_t i = 0; i < len / 8; i++)
			buf[i] = kb_word(f->size, off / 8 + i);
		if (write(fd, buf, len) != (ssize_t)len) {
			fprintf(stderr, "gen: write %s: %s\n", path, strerror(errno));
			ret = -1;
		}
	}
	if (close(fd))
		ret = -1;
	free(buf);
	return ret;
}

/* Write every file into @dir (on the host, before mke2fs -d). */
int kb_generate(const char *dir)
{
	for (const struct kb_file *f = kb_files; f->name; f++)
		if (kb_write_file(dir, f))
			return -1;
	return 0;
}

/*
 * A sampled check of a loaded buffer (every 64 KiB, plus the last word):
 * cheap under TCG, and enough to catch a scheme that times nothing real.
 * Returns 0, or -1 with r->err set.
 */
int kb_check(const uint8_t *p, size_t size, struct kb_result *r)
{
	const size_t step = 64UL << 10;
	uint64_t w;

	for (size_t off = 0; off < size; off += step) {
		memcpy(&w, p + off, 8);
		if (w != kb_word(size, off / 8)) {
			snprintf(r->err, sizeof(r->err), "content differs at offset %zu", off);
			return -1;
		}
	}
	memcpy(&w, p + size - 8, 8);
	if (w != kb_word(size, size / 8 - 1)) {
		snprintf(r->err, sizeof(r->err), "content differs at the end");
		return -1;
	}
	return 0;
}
