/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * How much of a file the page cache holds, and dropping it: what a load
 * leaves behind, and a cold start for every measured run. Plain libc.
 */
#ifndef HEAPREAD_PAGECACHE_H
#define HEAPREAD_PAGECACHE_H

#include <stdint.h>

/* Bytes of @fd's first @size bytes that are resident (mincore on a mapping). -errno. */
int64_t hr_pagecache_resident(int fd, uint64_t size);
/* The same for the bytes [@off, @off + @len) (whole pages, at most @len). */
int64_t hr_pagecache_range_resident(int fd, uint64_t off, uint64_t len);

/*
 * Evict the file from the page cache (posix_fadvise DONTNEED) and check it
 * worked: 0, or -EBUSY if pages stayed resident (dirty or mapped elsewhere),
 * or another -errno.
 */
int hr_pagecache_drop(int fd, uint64_t size);

#endif /* HEAPREAD_PAGECACHE_H */
