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

static uint64_t kt_word(size_t size, size_t index)
{
	uint64_t z = (uint64_t)index * 0x9e3779b97f4a7c15ULL + size;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Byte @off of the file of @size bytes. */
uint8_t kt_byte(size_t size, size_t off)
{
	return kt_word(size, off / 8) >> (8 * (off % 8));
}

/*
 * Compare @len bytes at @p with the file of @size from offset @from.
 * Returns the index of the first difference, or @len when all match.
 */
size_t kt_compare(const uint8_t *p, size_t size, size_t from, size_t len)
{
	size_t i = 0;

	/* Word by word where aligned (fast under TCG), then bytes. */
	while (i < len && ((from + i) % 8))
		if (p[i] != kt_byte(size, from + i))
			return i;
		else
			i++;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		if (w != kt_word(size, (from + i) / 8))
			break;
	}
	for (; i < len; i++)
		if (p[i] != kt_byte(size, from + i))
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
	static uint8_t block[1 << 16];
	const struct kt_file *f;

	for (f = kt_files; f->name; f++) {
		char path[512];
		size_t off;
		int fd;

		snprintf(path, sizeof(path), "%s/%s", dir, f->name);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0) {
			perror(path);
			return 1;
		}
		for (off = 0; off < f->size; off += sizeof(block)) {
			size_t n = f->size - off, i;

			if (n > sizeof(block))
				n = sizeof(block);
			for (i = 0; i < n; i += 8) {
				uint64_t w = kt_word(f->size, (off + i) / 8);

				memcpy(block + i, &w, n - i < 8 ? n - i : 8);
			}
			if (write(fd, block, n) != (ssize_t)n) {
				perror(path);
				close(fd);
				return 1;
			}
		}
		if (close(fd)) {
			perror(path);
			return 1;
		}
	}
	return 0;
}
