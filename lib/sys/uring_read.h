/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Reads of one file through io_uring: a read of many bytes becomes requests
 * of io_size bytes, qd of them in flight, completions reaped by the caller's
 * thread. A pool keeps one ring per concurrent reader (the engine's workers
 * read at once; a ring is not shared between threads). Plain libc + liburing:
 * the kshim file backend over it is lib/backend_uring.c.
 */
#ifndef HEAPREAD_URING_READ_H
#define HEAPREAD_URING_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

struct hr_trace;

struct hr_uring_opts {
	unsigned int qd;	/* requests in flight per reader, 1..HR_URING_MAX_QD */
	size_t io_size;		/* bytes per request, a multiple of 4 KiB */
	bool dontcache;		/* buffered reads with RWF_DONTCACHE where the kernel has it */
	bool fixed;		/* register each buffer segment (READ_FIXED); dropped if refused */
	unsigned int max_readers; /* threads that may read at once (rings in the pool) */
	struct hr_trace *trace;	/* optional: a span per request */
};

#define HR_URING_MAX_QD		256
#define HR_URING_DEFAULT_QD	4
#define HR_URING_DEFAULT_IO	(4UL << 20)

struct hr_uring_stats {
	uint64_t bytes;		/* completed */
	uint64_t requests;
	uint64_t short_reads;
	bool dontcache;		/* RWF_DONTCACHE in use */
	bool fixed;		/* registered buffers in use */
};

struct hr_uring_pool;

/*
 * Can this process set up an io_uring? Sets up and tears down a ring of one
 * entry: 0, or the -errno io_uring_queue_init() returned (-EPERM, -ENOSYS
 * and -EINVAL when the kernel or its policy refuses io_uring). A pool's rings
 * are set up lazily, at the first read, so hr_uring_pool_new() cannot tell.
 */
int hr_uring_probe(void);

/* 0 or -errno. @fd stays the caller's. */
int hr_uring_pool_new(struct hr_uring_pool **pp, int fd, const struct hr_uring_opts *o);
void hr_uring_pool_free(struct hr_uring_pool *p);

/*
 * Read into @iov[0..@n) from file offset @pos. Returns the bytes read, a
 * prefix of the iovecs (less than asked at EOF or after a short request),
 * or -errno if nothing was read.
 */
ssize_t hr_uring_pool_readv(struct hr_uring_pool *p, const struct iovec *iov, int n, off_t pos);

void hr_uring_pool_stats(struct hr_uring_pool *p, struct hr_uring_stats *s);
/* Bytes completed so far (for a progress bar, from any thread). */
uint64_t hr_uring_pool_bytes(void *p);

/*
 * Does the kernel take RWF_DONTCACHE on @fd? Probes with a 1-byte preadv2.
 * Returns true, or false for EOPNOTSUPP/EINVAL (kernel before 6.14, or a
 * file system without it).
 */
bool hr_dontcache_supported(int fd);

#endif /* HEAPREAD_URING_READ_H */
