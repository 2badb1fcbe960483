/* SPDX-License-Identifier: GPL-2.0 */
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
};

/*
 * Wrap @fd (opened by the caller, with O_DIRECT or not, and kept open by it)
 * as a struct file of @size bytes. 0 or -errno.
 */
int hr_uring_file_open(struct hr_uring_file *uf, int fd, loff_t size,
		       const struct hr_uring_opts *o);
void hr_uring_file_close(struct hr_uring_file *uf);

static inline struct file *hr_uring_file_get(struct hr_uring_file *uf)
{
	return &uf->kf.file;
}

#endif /* HEAPREAD_BACKEND_URING_H */
