/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A kshim struct file whose read_iter reads through io_uring (uring_read.h):
 * the engine's worker hands it a gather, this turns the gather's pages into
 * iovecs and reads them with requests of io_size bytes, qd in flight.
 */
#ifndef HEAPREAD_BACKEND_URING_H
#define HEAPREAD_BACKEND_URING_H

#include <kshim/file.h>

#include "uring_read.h"

struct hr_uring_file {
	struct kshim_file kf;
	struct hr_uring_pool *pool;
	void (*on_bytes)(void *ctx, uint64_t bytes);	/* optional, after each read */
	void *on_bytes_ctx;
};

/*
 * Wrap @fd (opened by the caller, with O_DIRECT or not, and kept open by it)
 * as a struct file of @size bytes. 0 or -errno.
 */
int hr_uring_file_open(struct hr_uring_file *uf, int fd, loff_t size,
		       const struct hr_uring_opts *o);
void hr_uring_file_close(struct hr_uring_file *uf);

/* Call @fn(@ctx, bytes) in the reading thread after every read that got bytes. */
static inline void hr_uring_file_on_bytes(struct hr_uring_file *uf,
					  void (*fn)(void *ctx, uint64_t bytes), void *ctx)
{
	uf->on_bytes = fn;
	uf->on_bytes_ctx = ctx;
}

static inline struct file *hr_uring_file_get(struct hr_uring_file *uf)
{
	return &uf->kf.file;
}

#endif /* HEAPREAD_BACKEND_URING_H */
