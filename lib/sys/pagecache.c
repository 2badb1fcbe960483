// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Page cache residency and eviction of one file (see pagecache.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

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

#ifndef __NR_cachestat
#define __NR_cachestat 451	/* Linux 6.5, every architecture */
#endif

struct hr_cachestat_range {
	uint64_t off, len;
};

struct hr_cachestat {
	uint64_t nr_cache, nr_dirty, nr_writeback, nr_evicted, nr_recently_evicted;
};

/*
 * cachestat(2) counts without mapping the file. It is skipped under
 * valgrind, which does not know it (and warns on stderr); the mincore
 * fallback there is off by the few pages valgrind itself reads from the
 * head of every file the process maps.
 */
static int64_t resident_cachestat(int fd, uint64_t start, uint64_t size)
{
	struct hr_cachestat_range range = { start, size };
	struct hr_cachestat cs;
	uint64_t bytes;

	if (RUNNING_ON_VALGRIND || syscall(__NR_cachestat, fd, &range, &cs, 0) < 0)
		return -ENOSYS;
	bytes = cs.nr_cache * (uint64_t)sysconf(_SC_PAGESIZE);
	return (int64_t)(bytes < size ? bytes : size);
}

static int64_t resident_mincore(int fd, uint64_t start, uint64_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *vec = malloc(WINDOW / page);
	uint64_t end = start + size;
	int64_t total = 0;

	if (!vec)
		return -ENOMEM;
	/* Mappings start on a page: count whole pages from the one holding @start. */
	start -= start % (uint64_t)page;
	for (uint64_t off = start; off < end; off += WINDOW) {
		size_t len = end - off < WINDOW ? (size_t)(end - off) : WINDOW;
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

int64_t hr_pagecache_range_resident(int fd, uint64_t off, uint64_t len)
{
	int64_t cached = resident_cachestat(fd, off, len);

	if (cached < 0)
		cached = resident_mincore(fd, off, len);
	return cached > (int64_t)len ? (int64_t)len : cached;
}

int64_t hr_pagecache_resident(int fd, uint64_t size)
{
	return hr_pagecache_range_resident(fd, 0, size);
}

int hr_pagecache_drop(int fd, uint64_t size)
{
	const struct timespec pause = { 0, 20 * 1000 * 1000 };
	int64_t left;
	int err;

	/*
	 * Dirty pages and pages still in a CPU's LRU batch are not dropped at
	 * once: write them, give the batches a moment to drain, try again.
	 */
	for (int attempt = 0; attempt < 5; attempt++) {
		err = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		if (err)
			return -err;
		left = hr_pagecache_resident(fd, size);
		if (left <= 0)
			return (int)left;
		fdatasync(fd);
		nanosleep(&pause, NULL);
	}
	return -EBUSY;
}
