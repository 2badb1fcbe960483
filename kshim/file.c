// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kshim: struct file over a real fd, read with preadv into the iterator's
 * pages, and vfs_iocb_iter_read() with the kernel's checks.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <linux/fs.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <kshim/file.h>

#include "accounting_internal.h"

void kshim_file_init(struct kshim_file *kf, const struct file_operations *fops,
		     umode_t mode, loff_t size, unsigned int f_flags, fmode_t f_mode)
{
	kf->inode = (struct inode) { .i_mode = mode, .i_size = size, .i_blkbits = 12 };
	if (fops && fops->read_iter)
		f_mode |= FMODE_CAN_READ;
	kf->file = (struct file) {
		.f_mode = f_mode,
		.f_flags = f_flags,
		.f_inode = &kf->inode,
		.f_op = fops,
		.private_data = kf,
	};
	kf->fd = -1;
}

int kshim_file_open_fd(struct kshim_file *kf, int fd)
{
	struct stat st;
	fmode_t f_mode = 0;
	int flags;

	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fstat(fd, &st) < 0)
		return -errno;
	if ((flags & O_ACCMODE) != O_WRONLY)
		f_mode |= FMODE_READ;
	if ((flags & O_ACCMODE) != O_RDONLY)
		f_mode |= FMODE_WRITE;
	kshim_file_init(kf, &kshim_pread_fops, st.st_mode, st.st_size, flags, f_mode);
	kf->fd = fd;
	return 0;
}

loff_t i_size_read(const struct inode *inode)
{
	return __atomic_load_n(&inode->i_size, __ATOMIC_RELAXED);
}

int kshim_iter_to_iovec(const struct iov_iter *i, struct iovec *iov, int max_iov,
			size_t max_bytes, size_t *bytes)
{
	struct iov_iter it = *i;
	size_t total = 0;
	int n = 0;

	max_bytes = min(max_bytes, i->count);
	while (n < max_iov && total < max_bytes && it.nr_segs) {
		size_t seg = it.bvec->bv_len;
		size_t len = min(seg - it.iov_offset, max_bytes - total);
		char *base = (char *)page_address(it.bvec->bv_page) + it.bvec->bv_offset;

		iov[n++] = (struct iovec) { .iov_base = base + it.iov_offset, .iov_len = len };
		total += len;
		iov_iter_advance(&it, len);
	}
	*bytes = total;
	return n;
}

void kshim_read_begin(void)
{
	kshim_count_inc(reads_in_flight);
	kshim_count_inc(reads_total);
}

void kshim_read_end(void)
{
	kshim_count_dec(reads_in_flight);
}

#define PREAD_MAX_IOV	64

static ssize_t pread_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct kshim_file *kf = iocb->ki_filp->private_data;
	struct iovec iov[PREAD_MAX_IOV];
	size_t bytes;
	ssize_t ret;
	int n;

	n = kshim_iter_to_iovec(to, iov, PREAD_MAX_IOV, SSIZE_MAX, &bytes);
	if (!n)
		return 0;
	kshim_read_begin();
	ret = preadv(kf->fd, iov, n, iocb->ki_pos);
	if (ret < 0)
		ret = -errno;
	kshim_read_end();
	if (ret > 0) {
		iov_iter_advance(to, ret);
		iocb->ki_pos += ret;
	}
	return ret;
}

const struct file_operations kshim_pread_fops = {
	.read_iter = pread_read_iter,
};

static int (*permission_hook)(void *ctx, struct file *file, int mask);
static void *permission_ctx;

void kshim_set_file_permission_hook(int (*hook)(void *ctx, struct file *file, int mask),
				    void *ctx)
{
	permission_ctx = ctx;
	__atomic_store_n(&permission_hook, hook, __ATOMIC_SEQ_CST);
}

/* The LSM hook (with fsnotify's permission events) that rw_verify_area() calls. */
static int security_file_permission(struct file *file, int mask)
{
	int (*hook)(void *ctx, struct file *file, int mask) =
		__atomic_load_n(&permission_hook, __ATOMIC_SEQ_CST);

	return hook ? hook(permission_ctx, file, mask) : 0;
}

/* Every segment's offset and length, the position and the count, ORed. */
static unsigned long dio_misalignment(const struct kiocb *iocb, const struct iov_iter *i)
{
	unsigned long bits = iocb->ki_pos | i->count;
	struct iov_iter it = *i;

	while (it.count) {
		size_t seg = min(it.bvec->bv_len - it.iov_offset, it.count);

		bits |= it.bvec->bv_offset + it.iov_offset;
		bits |= seg;
		iov_iter_advance(&it, seg);
	}
	return bits & (KSHIM_DIO_ALIGN - 1);
}

ssize_t vfs_iocb_iter_read(struct file *file, struct kiocb *iocb, struct iov_iter *iter)
{
	int ret;

	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (!(file->f_mode & FMODE_CAN_READ))
		return -EINVAL;
	if (!iov_iter_count(iter))
		return 0;
	ret = security_file_permission(file, MAY_READ);
	if (ret)
		return ret;
	if ((iocb->ki_flags & IOCB_DIRECT) && iov_iter_is_bvec(iter) &&
	    dio_misalignment(iocb, iter))
		return -EINVAL;
	return file->f_op->read_iter(iocb, iter);
}
