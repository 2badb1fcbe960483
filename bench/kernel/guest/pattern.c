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

/* Write every file into @dir (on the host, before mke2fs -d). */
int kb_generate(const char *dir)
{
	for (const struct kb_file *f = kb_files; f->name; f++) {
		char path[512];

		snprintf(path, sizeof(path), "%s/%s", dir, f->name);
		if (guest_write_file(path, f->size))
			return -1;
	}
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
		if (w != hr_pattern_word(size, off / 8)) {
			snprintf(r->err, sizeof(r->err), "content differs at offset %zu", off);
			return -1;
		}
	}
	memcpy(&w, p + size - 8, 8);
	if (w != hr_pattern_word(size, size / 8 - 1)) {
		snprintf(r->err, sizeof(r->err), "content differs at the end");
		return -1;
	}
	return 0;
}
