// SPDX-License-Identifier: GPL-2.0 OR MIT
/* kshim file backend reading through io_uring (see backend_uring.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>

#include <linux/kernel.h>
#include <linux/uio.h>

#include "backend_uring.h"

/* Iovecs taken from the iterator per pass: 128 MiB of 1 MiB chunks. */
#define URING_MAX_IOV	128

static ssize_t uring_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct hr_uring_file *uf = container_of(iocb->ki_filp, struct hr_uring_file, kf.file);
	struct iovec iov[URING_MAX_IOV];
	ssize_t total = 0;

	kshim_read_begin();
	while (iov_iter_count(to)) {
		size_t bytes;
		ssize_t ret;
		int n;

		n = kshim_iter_to_iovec(to, iov, URING_MAX_IOV, SSIZE_MAX, &bytes);
		if (!n)
			break;
		ret = hr_uring_pool_readv(uf->pool, iov, n, iocb->ki_pos);
		if (ret <= 0) {
			if (!total)
				total = ret;
			break;
		}
		iov_iter_advance(to, ret);
		iocb->ki_pos += ret;
		total += ret;
		if ((size_t)ret < bytes)
			break;	/* short: EOF or a short request; the engine decides */
	}
	kshim_read_end();
	if (total > 0 && uf->on_bytes)
		uf->on_bytes(uf->on_bytes_ctx, (uint64_t)total);
	return total;
}

static const struct file_operations uring_fops = {
	.read_iter = uring_read_iter,
};

int hr_uring_file_open(struct hr_uring_file *uf, int fd, loff_t size,
		       const struct hr_uring_opts *o)
{
	int flags = fcntl(fd, F_GETFL);
	int err;

	if (flags < 0)
		return -errno;
	err = hr_uring_pool_new(&uf->pool, fd, o);
	if (err)
		return err;
	kshim_file_init(&uf->kf, &uring_fops, S_IFREG | 0444, size, flags, FMODE_READ);
	uf->kf.fd = fd;
	uf->on_bytes = NULL;
	return 0;
}

void hr_uring_file_close(struct hr_uring_file *uf)
{
	hr_uring_pool_free(uf->pool);
	uf->pool = NULL;
}
