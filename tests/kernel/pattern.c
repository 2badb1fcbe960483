// SPDX-License-Identifier: GPL-2.0
/* pattern.c - the test files: their names, sizes and content */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktest.h"

const struct kt_file kt_files[] = {
	{ "s1.bin", 1 },
	{ "s4095.bin", 4095 },
	{ "s4096.bin", 4096 },
	{ "s12345.bin", 12345 },
	{ "s8m.bin", 8 << 20 },
	{ "gathers.bin", (3 << 20) + 777 },	/* with small gather limits */
	{ "empty.bin", 0 },
	{ "unlinked.bin", 20000 },
	{ "kill.bin", 192 << 20 },		/* long enough to be killed */
	{ NULL, 0 },
};

/*
 * Compare @len bytes at @p with the file of @size from offset @from.
 * Returns the index of the first difference, or @len when all match.
 */
size_t kt_compare(const uint8_t *p, size_t size, size_t from, size_t len)
{
	size_t i = 0;

	/* Word by word where aligned (fast under TCG), then bytes. */
	while (i < len && ((from + i) % 8))
		if (p[i] != hr_pattern_byte(size, from + i))
			return i;
		else
			i++;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		if (w != hr_pattern_word(size, (from + i) / 8))
			break;
	}
	for (; i < len; i++)
		if (p[i] != hr_pattern_byte(size, from + i))
			return i;
	return len;
}

const struct kt_file *kt_file(const char *name)
{
	const struct kt_file *f;

	for (f = kt_files; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	abort();
}

char *kt_path(const char *name)
{
	static char path[4][256];
	static int n;
	char *p = path[n++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", KT_DATA, name);
	return p;
}

/* Write every test file into @dir (on the host, for mke2fs -d). */
int kt_generate(const char *dir)
{
	const struct kt_file *f;

	for (f = kt_files; f->name; f++) {
		char path[512];

		snprintf(path, sizeof(path), "%s/%s", dir, f->name);
		if (guest_write_file(path, f->size))
			return 1;
	}
	return 0;
}
