/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): struct file for userspace. kshim_file_open_fd() wraps a real fd
 * (fstat for the inode, fcntl for f_flags and f_mode) with the pread
 * backend; other backends fill struct file themselves with kshim_file_init().
 */
#ifndef _KSHIM_FILE_H
#define _KSHIM_FILE_H

#include <linux/fs.h>
#include <sys/uio.h>

struct kshim_file {
	struct file file;
	struct inode inode;
	int fd;
};

int kshim_file_open_fd(struct kshim_file *kf, int fd);
void kshim_file_init(struct kshim_file *kf, const struct file_operations *fops,
		     umode_t mode, loff_t size, unsigned int f_flags, fmode_t f_mode);

extern const struct file_operations kshim_pread_fops;

/*
 * Describe the next bytes of @i (at most @max_bytes, at most @max_iov
 * segments) as iovecs, for backends that hand them to a system call.
 * Returns the number of iovecs; *bytes gets their total length.
 */
int kshim_iter_to_iovec(const struct iov_iter *i, struct iovec *iov, int max_iov,
			size_t max_bytes, size_t *bytes);

/* For read backends: count a read in flight around the real work. */
void kshim_read_begin(void);
void kshim_read_end(void);

/*
 * The permission hook vfs_iocb_iter_read() calls, as an LSM or a fanotify
 * listener sees a read: in the reading task, whose current_cred() is what
 * an LSM judges. Return 0 or a negative errno (-EACCES); NULL removes it.
 */
void kshim_set_file_permission_hook(int (*hook)(void *ctx, struct file *file, int mask),
				    void *ctx);

#endif /* _KSHIM_FILE_H */
