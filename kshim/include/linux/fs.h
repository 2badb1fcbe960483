/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): struct file, struct inode and the kiocb read path. A
 * struct file's f_op->read_iter is the I/O backend: pread on a real fd, a
 * simulated device, io_uring, or a fault-injecting wrapper (kshim/file.h).
 * Contract kept: the checks and the permission hook of vfs_iocb_iter_read();
 * a kiocb from init_sync_kiocb() carries its builder's I/O priority; the
 * read consumes the iterator by what it transferred.
 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/ioprio.h>
#include <linux/types.h>
#include <linux/uio.h>
#include <sys/stat.h>
#include <fcntl.h>

#ifndef O_DIRECT
#define O_DIRECT	040000
#endif

#define FMODE_READ	((fmode_t)0x1)
#define FMODE_WRITE	((fmode_t)0x2)
/* Set when the file has a read method (do_dentry_open(); kshim_file_init()). */
#define FMODE_CAN_READ	((fmode_t)0x20000)

#define MAY_READ	0x4

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
	u16 ki_ioprio;
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

/*
 * Direct I/O's alignment, as a 512-byte-sector block device gives it: the
 * file offset, the length and every memory segment of a direct read must be
 * multiples of it, or the read fails with -EINVAL (iomap_dio_rw()).
 */
#define KSHIM_DIO_ALIGN	512

loff_t i_size_read(const struct inode *inode);

static inline unsigned int i_blocksize(const struct inode *node)
{
	return 1U << node->i_blkbits;
}

static inline int iocb_flags(const struct file *file)
{
	return (file->f_flags & O_DIRECT) ? IOCB_DIRECT : 0;
}

static inline void init_sync_kiocb(struct kiocb *kiocb, struct file *filp)
{
	*kiocb = (struct kiocb) {
		.ki_filp = filp,
		.ki_flags = iocb_flags(filp),
		.ki_ioprio = get_current_ioprio(),
	};
}

/*
 * As the kernel's: -EBADF without FMODE_READ, -EINVAL without a read method
 * (FMODE_CAN_READ), then rw_verify_area()'s security_file_permission(file,
 * MAY_READ), which is kshim's permission hook (kshim/file.h); a direct read
 * not aligned to KSHIM_DIO_ALIGN is -EINVAL, as the file system's direct I/O
 * path makes it; the read method may block for as long as it likes.
 */
ssize_t vfs_iocb_iter_read(struct file *file, struct kiocb *iocb, struct iov_iter *iter);

#endif /* _LINUX_FS_H */
