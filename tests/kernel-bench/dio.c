// SPDX-License-Identifier: GPL-2.0
/*
 * dio.c - the I/O alone: the file read O_DIRECT, one gather (128 MiB) per
 * pread, into memory that was allocated and populated before the clock
 * started. With the allocation alone, it gives the bound an overlapped
 * load can reach: first gather + max(alloc, I/O).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kbench.h"

/* total: the reads; phase populate: the allocation before (not in total). */
int kb_dio_read(const struct kb_scheme *s, const struct kb_file *f, struct kb_result *r)
{
	size_t len = (f->size + KB_PAGE - 1) & ~(KB_PAGE - 1);
	uint64_t t0, t1;
	int fd, ret = 0;
	uint8_t *p;

	(void)s;
	t0 = kb_now_ns();
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (p == MAP_FAILED)
		return kb_fail(r, "mmap", errno);
	fd = kb_open_file(f, true);
	if (fd < 0) {
		munmap(p, len);
		return kb_fail(r, "open file", errno);
	}
	t1 = kb_now_ns();
	for (size_t off = 0; off < f->size && !ret;) {
		size_t want = len - off < KB_GATHER ? len - off : KB_GATHER;
		ssize_t n = pread(fd, p + off, want, off);

		if (n <= 0)
			ret = kb_fail(r, "pread O_DIRECT", n < 0 ? errno : ENODATA);
		else
			off += n;
	}
	r->total_ns = kb_now_ns() - t1;
	kb_phase(r, "populate", t1 - t0);
	if (!ret)
		ret = kb_check(p, f->size, r);
	close(fd);
	munmap(p, len);
	return ret;
}
