// SPDX-License-Identifier: GPL-2.0
/* Page cache residency and eviction of one file (see pagecache.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pagecache.h"

#define WINDOW	(1UL << 30)	/* map and probe 1 GiB at a time */

static int64_t resident_window(int fd, uint64_t off, size_t len, unsigned char *vec, long page)
{
	size_t pages = (len + page - 1) / page;
	int64_t bytes = 0;
	void *map;

	map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, (off_t)off);
	if (map == MAP_FAILED)
		return -errno;
	if (mincore(map, len, vec) < 0) {
		int err = -errno;

		munmap(map, len);
		return err;
	}
	munmap(map, len);
	for (size_t i = 0; i < pages; i++)
		if (vec[i] & 1)
			bytes += (int64_t)(i + 1 == pages ? len - i * page : (size_t)page);
	return bytes;
}

int64_t hr_pagecache_resident(int fd, uint64_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *vec = malloc(WINDOW / page);
	int64_t total = 0;

	if (!vec)
		return -ENOMEM;
	for (uint64_t off = 0; off < size; off += WINDOW) {
		size_t len = size - off < WINDOW ? (size_t)(size - off) : WINDOW;
		int64_t r = resident_window(fd, off, len, vec, page);

		if (r < 0) {
			total = r;
			break;
		}
		total += r;
	}
	free(vec);
	return total;
}

int hr_pagecache_drop(int fd, uint64_t size)
{
	int64_t left;
	int err;

	for (int attempt = 0; attempt < 3; attempt++) {
		err = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		if (err)
			return -err;
		left = hr_pagecache_resident(fd, size);
		if (left <= 0)
			return (int)left;
		fdatasync(fd);	/* dirty pages are not dropped: write them first */
	}
	return -EBUSY;
}
