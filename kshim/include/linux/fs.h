/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: struct file, struct inode and the kiocb read path. A struct file's
 * f_op->read_iter is the I/O backend: pread on a real fd, a simulated device,
 * io_uring, or a fault-injecting wrapper (kshim/file.h).
 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/types.h>
#include <linux/uio.h>
#include <sys/stat.h>
#include <fcntl.h>

#ifndef O_DIRECT
#define O_DIRECT	040000
#endif

#define FMODE_READ	((fmode_t)0x1)
#define FMODE_WRITE	((fmode_t)0x2)

#define IOCB_DIRECT	(1 << 17)

struct inode {
	umode_t i_mode;
	loff_t i_size;
	unsigned int i_blkbits;
};

struct kiocb;

struct file_operations {
	ssize_t (*read_iter)(struct kiocb *iocb, struct iov_iter *to);
};

struct file {
	fmode_t f_mode;
	unsigned int f_flags;
	loff_t f_pos;
	struct inode *f_inode;
	const struct file_operations *f_op;
	void *private_data;
};

struct kiocb {
	struct file *ki_filp;
	loff_t ki_pos;
	int ki_flags;
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

loff_t i_size_read(const struct inode *inode);

static inline int iocb_flags(const struct file *file)
{
	return (file->f_flags & O_DIRECT) ? IOCB_DIRECT : 0;
}

static inline void init_sync_kiocb(struct kiocb *kiocb, struct file *filp)
{
	*kiocb = (struct kiocb) {
		.ki_filp = filp,
		.ki_flags = iocb_flags(filp),
	};
}

ssize_t vfs_iocb_iter_read(struct file *file, struct kiocb *iocb, struct iov_iter *iter);

#endif /* _LINUX_FS_H */
