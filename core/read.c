// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * heapread: reading one gather. The read goes straight into the buffer's
 * pages through an ITER_BVEC iterator (no vmap; kvec direct I/O fails on
 * 6.1 anyway), through the caller's own struct file with a kiocb of our own,
 * so the file position is never touched.
 */
#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/uio.h>

#include "internal.h"

/**
 * heapread_set_error() - record @err unless an earlier error was recorded
 * @ld: the load
 * @err: a negative errno
 */
void heapread_set_error(struct heapread_load *ld, int err)
{
	atomic_cmpxchg(&ld->err, 0, err);
}

/**
 * heapread_should_stop() - whether a read should stop
 * @ld: the load
 *
 * Return: true once the load has an error; a fatal signal records -EINTR.
 */
bool heapread_should_stop(struct heapread_load *ld)
{
	if (fatal_signal_pending(current))
		heapread_set_error(ld, -EINTR);
	return atomic_read(&ld->err);
}

/* Point @iter at the bytes of @w from @done on. */
static void heapread_window_iter(struct heapread_window *w,
				 struct iov_iter *iter, size_t done)
{
	iov_iter_bvec(iter, ITER_DEST, w->bvec, w->nr_chunks, w->skip + w->len);
	iov_iter_advance(iter, w->skip + done);
}

/*
 * A direct read cut short goes on from the block boundary below where it
 * stopped: direct I/O can start only there. Return the new @done, or an
 * error when that is no progress: a direct read ends mid-block only at the
 * end of the file, so the file shrank (-ENODATA), or its file system keeps
 * returning less than a block (-EIO) and retrying would loop.
 */
static ssize_t heapread_direct_resume(struct heapread_load *ld, size_t start,
				      size_t done)
{
	struct inode *inode = file_inode(ld->file);
	size_t align = max_t(size_t, PAGE_SIZE, i_blocksize(inode));
	size_t aligned = round_down(done, align);

	if (aligned > start)
		return aligned;
	return i_size_read(inode) < ld->buf->size ? -ENODATA : -EIO;
}

/**
 * heapread_read_window() - read the part of the file that @w covers
 * @ld: the load
 * @w: the window
 *
 * Short reads are continued from where they stopped, direct ones from the
 * block boundary below (heapread_direct_resume()). The iterator is rebuilt
 * for every call rather than trusted after a short read: file systems differ
 * in how far a short direct read leaves it advanced.
 *
 * Return: 0, the read's own error, -ENODATA if the file ended before the
 * size it had when the load began, -EIO for a direct read that makes no
 * progress, or -EINTR on a fatal signal.
 */
int heapread_read_window(struct heapread_load *ld, struct heapread_window *w)
{
	loff_t size = ld->buf->size;
	struct iov_iter iter;
	struct kiocb kiocb;
	size_t done = 0;

	if (ld->segs)
		return heapread_read_segments(ld, w);
	init_sync_kiocb(&kiocb, ld->file);
	/* init_sync_kiocb() took the kworker's priority: the caller's instead. */
	kiocb.ki_ioprio = ld->ioprio;
	while (done < w->len && w->pos + done < size) {
		ssize_t ret;

		if (heapread_should_stop(ld))
			return 0;
		heapread_window_iter(w, &iter, done);
		kiocb.ki_pos = w->pos + done;
		ret = vfs_iocb_iter_read(ld->file, &kiocb, &iter);
		atomic_inc(&ld->nr_reads);
		if (ret < 0)
			return ret;
		if (ret == 0)
			return -ENODATA;
		if (WARN_ON(ret > w->len - done))
			return -EIO;
		done += ret;
		if (done < w->len && w->pos + done < size) {
			atomic_inc(&ld->nr_short_reads);
			if (kiocb.ki_flags & IOCB_DIRECT) {
				ret = heapread_direct_resume(ld, done - ret, done);
				if (ret < 0)
					return ret;
				done = ret;
			}
		}
	}
	return 0;
}

/**
 * heapread_zero_tail() - clear the bytes past the end of the file
 * @buf: a buffer whose reads have all finished
 *
 * The reads never wrote them (buffered) or wrote whatever the disk block
 * held (direct): either way they must not reach the caller.
 */
void heapread_zero_tail(struct heapread_buffer *buf)
{
	size_t offset = offset_in_page(buf->size);
	struct bio_vec *last = &buf->chunks[buf->nr_chunks - 1];
	struct page *page;

	if (!offset)
		return;
	page = last->bv_page + (last->bv_len >> PAGE_SHIFT) - 1;
	memzero_page(page, offset, PAGE_SIZE - offset);
}
