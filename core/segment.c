// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * heapread: segments. A load of several byte ranges lays them out in one
 * buffer, each from a page boundary, and runs the same allocation and the
 * same gathers as a whole-file load; only the read of a gather differs: its
 * window of the buffer maps to pieces of (file, file offset), one per
 * segment it touches, and to the padding between segments, which is zeroed.
 *
 * Direct I/O needs the file offset and the memory both aligned to the
 * device. A segment's memory starts on a page, so its file offset decides:
 * a segment whose offset is a multiple of the file system's block is read
 * direct into place, its unaligned tail too (the read runs on into the
 * segment's last page, whose extra bytes are then zeroed). A segment whose
 * offset is not cannot be read direct into place anywhere (every byte would
 * land at an address the device cannot DMA to): it is read direct, whole
 * blocks at a time, into a small bounce buffer and copied from there, so it
 * leaves no page cache behind either (a buffered read would, and its
 * readahead beyond the segment too). Without O_DIRECT, reads are buffered.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/bvec.h>
#include <linux/highmem.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include "heapread_segment.h"
#include "internal.h"

/* Check @s against its file now and resolve a length of 0. */
static int heapread_segment_check(struct heapread_segment *s,
				  const struct heapread_params *p)
{
	struct inode *inode;
	loff_t size;

	if (!s->file)
		return -EBADF;
	inode = file_inode(s->file);
	if (!S_ISREG(inode->i_mode) || !(s->file->f_mode & FMODE_READ))
		return -EINVAL;
	size = i_size_read(inode);
	if (size <= 0)
		return -ENODATA;
	if (s->offset < 0)
		return -EINVAL;
	if (s->offset >= size)
		return -ENXIO;
	if (s->length > (u64)(size - s->offset))
		return -ERANGE;
	if (!s->length) {
		if ((u64)(size - s->offset) > SIZE_MAX)
			return -EFBIG;
		s->length = size - s->offset;
	}
	return 0;
}

/**
 * heapread_segments_layout() - check segments and place them in a buffer
 * @segs: the segments; lengths of 0 are resolved, buf_offset is set
 * @nr_segs: how many
 * @p: parameters (for max_size)
 * @size: output: bytes from the buffer's start to the end of the last
 *        segment's content
 *
 * Return: 0, -EINVAL for no segment, a file that is not regular or not
 * readable, or a negative offset, -E2BIG for more than
 * HEAPREAD_MAX_SEGMENTS, -EBADF for a missing file, -ENODATA for an empty
 * file, -ENXIO for an offset at or past the end of its file, -ERANGE for a
 * length that runs past it, -EFBIG when the buffer would exceed
 * @p->max_size.
 */
int heapread_segments_layout(struct heapread_segment *segs,
			     unsigned int nr_segs,
			     const struct heapread_params *p, size_t *size)
{
	size_t pos = 0, end = 0;
	unsigned int i;
	int err;

	if (!nr_segs)
		return -EINVAL;
	if (nr_segs > HEAPREAD_MAX_SEGMENTS)
		return -E2BIG;
	for (i = 0; i < nr_segs; i++) {
		err = heapread_segment_check(&segs[i], p);
		if (err)
			return err;
		segs[i].buf_offset = pos;
		if (check_add_overflow(pos, segs[i].length, &end) ||
		    end > SIZE_MAX - PAGE_SIZE || end > p->max_size)
			return -EFBIG;
		pos = PAGE_ALIGN(end);
	}
	*size = end;
	return 0;
}

/**
 * heapread_load_segments() - load byte ranges of files into one buffer
 * @segs: the segments, in buffer order; lengths of 0 are resolved and
 *        buf_offset is set, so the caller learns where each landed and how
 *        long it is without an fstat() that races with the file. The array
 *        and its files stay the caller's, and must outlive the reads as a
 *        heapread_load() file does
 * @nr_segs: how many, 1 to HEAPREAD_MAX_SEGMENTS
 * @p: parameters (heapread_params_init() gives the defaults)
 * @stats: where the time went; may be NULL
 *
 * A bad segment fails the load before anything is allocated.
 *
 * Return: the buffer, every byte that no segment covers zero, or an
 * ERR_PTR: an error of heapread_segments_layout(), or one of
 * heapread_load(): -EINVAL for bad parameters, -ENOMEM, -EINTR,
 * -ENODATA if a file shrank under its segment during the load, or a read's
 * own error.
 */
struct heapread_buffer *heapread_load_segments(struct heapread_segment *segs,
					       unsigned int nr_segs,
					       const struct heapread_params *p,
					       struct heapread_stats *stats)
{
	size_t size;
	int err;

	err = heapread_params_check(p);
	if (!err)
		err = heapread_segments_layout(segs, nr_segs, p, &size);
	if (err) {
		heapread_release_caller(p);
		return ERR_PTR(err);
	}
	return heapread_load_run(NULL, segs, nr_segs, size, p, stats);
}

/* The segment whose pages hold buffer offset @pos (its padding included). */
static unsigned int heapread_segment_at(const struct heapread_load *ld,
					size_t pos)
{
	unsigned int lo = 0, hi = ld->nr_segs;

	while (hi - lo > 1) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (ld->segs[mid].buf_offset <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Point @iter at @len bytes of window @w from window offset @off on. */
static void heapread_piece_iter(struct heapread_window *w,
				struct iov_iter *iter, size_t off, size_t len)
{
	iov_iter_bvec(iter, ITER_DEST, w->bvec, w->nr_chunks, w->skip + w->len);
	iov_iter_advance(iter, w->skip + off);
	iov_iter_truncate(iter, len);
}

/* A bounce buffer: direct reads land here when they cannot land in place. */
#define HEAPREAD_BOUNCE_PAGES	64

struct heapread_bounce {
	struct bio_vec bvec[HEAPREAD_BOUNCE_PAGES];
	unsigned int nr;
};

static void heapread_bounce_free(struct heapread_bounce *b)
{
	while (b->nr)
		__free_pages(b->bvec[--b->nr].bv_page, 0);
	kfree(b);
}

static struct heapread_bounce *heapread_bounce_alloc(size_t bytes)
{
	unsigned int nr = min_t(size_t, DIV_ROUND_UP(bytes, PAGE_SIZE),
				HEAPREAD_BOUNCE_PAGES);
	struct heapread_bounce *b = kzalloc_obj(*b, GFP_KERNEL);

	if (!b)
		return NULL;
	for (; b->nr < nr; b->nr++) {
		struct page *page = alloc_pages(GFP_KERNEL, 0);

		if (!page) {
			heapread_bounce_free(b);
			return NULL;
		}
		b->bvec[b->nr] = (struct bio_vec) {
			.bv_page = page,
			.bv_len = PAGE_SIZE,
		};
	}
	return b;
}

/* Copy @len bytes from offset @off of the bounce buffer to @dst. */
static void heapread_bounce_copy(struct heapread_bounce *b, size_t off,
				 size_t len, struct iov_iter *dst)
{
	while (len) {
		struct page *page = b->bvec[off / PAGE_SIZE].bv_page;
		size_t n = min(len, PAGE_SIZE - offset_in_page(off));
		char *addr = kmap_local_page(page);
		size_t copied = copy_to_iter(addr + offset_in_page(off), n, dst);

		kunmap_local(addr);
		/* The caller sized @dst for @len: a short copy is a bug. */
		if (WARN_ON_ONCE(copied != n))
			return;
		off += n;
		len -= n;
	}
}

/*
 * Read @want bytes of @s from file offset @fpos into @dst with direct reads
 * of whole blocks into a bounce buffer: for bytes whose file offset and
 * buffer address cannot both be aligned as direct I/O needs. No page cache
 * is touched, so none is left behind, and no readahead runs.
 */
static int heapread_read_bounced(struct heapread_load *ld,
				 const struct heapread_segment *s,
				 struct iov_iter *dst, loff_t fpos, size_t want)
{
	unsigned int block = i_blocksize(file_inode(s->file));
	struct heapread_bounce *b;
	struct kiocb kiocb;
	size_t done = 0;
	int err = 0;

	b = heapread_bounce_alloc(want + 2 * block);
	if (!b)
		return -ENOMEM;
	init_sync_kiocb(&kiocb, s->file);
	kiocb.ki_ioprio = ld->ioprio;
	while (!err && done < want) {
		loff_t pos = fpos + done;
		size_t skip = pos - round_down(pos, block);
		size_t len = min_t(size_t, b->nr * PAGE_SIZE,
				   round_up(skip + want - done, block));
		struct iov_iter iter;
		ssize_t ret;

		if (heapread_should_stop(ld))
			break;
		iov_iter_bvec(&iter, ITER_DEST, b->bvec, b->nr, len);
		kiocb.ki_pos = pos - skip;
		ret = vfs_iocb_iter_read(s->file, &kiocb, &iter);
		atomic_inc(&ld->nr_reads);
		if (ret < 0) {
			err = ret;
		} else if ((size_t)ret <= skip) {
			err = -ENODATA;	/* the file ended before the segment */
		} else {
			size_t n = min_t(size_t, ret - skip, want - done);

			heapread_bounce_copy(b, skip, n, dst);
			done += n;
			if ((size_t)ret < len && done < want)
				atomic_inc(&ld->nr_short_reads);
		}
	}
	heapread_bounce_free(b);
	return err;
}

/*
 * Read segment @s's content in the buffer range [@start, @end) of window @w
 * (page aligned, inside the segment's pages), then zero what of the range
 * is past the segment's content.
 */
static int heapread_read_piece(struct heapread_load *ld,
			       struct heapread_window *w,
			       const struct heapread_segment *s,
			       size_t start, size_t end)
{
	size_t want = min(end, s->buf_offset + s->length) - start;
	loff_t fpos = s->offset + (start - s->buf_offset);
	unsigned int block = i_blocksize(file_inode(s->file));
	bool direct = s->file->f_flags & O_DIRECT;
	/* Direct reads whole pages: the tail's read runs into the padding. */
	size_t ask = direct ? end - start : want;
	struct iov_iter iter;
	struct kiocb kiocb;
	size_t done = 0;
	int err = 0;

	init_sync_kiocb(&kiocb, s->file);
	/* init_sync_kiocb() took the kworker's priority: the caller's instead. */
	kiocb.ki_ioprio = ld->ioprio;
	/* In place while direct I/O can land there: from an aligned offset on. */
	while (done < want && (!direct || IS_ALIGNED(fpos + done, block))) {
		ssize_t ret;

		if (heapread_should_stop(ld))
			return 0;
		heapread_piece_iter(w, &iter, start - w->pos + done, ask - done);
		kiocb.ki_pos = fpos + done;
		ret = vfs_iocb_iter_read(s->file, &kiocb, &iter);
		atomic_inc(&ld->nr_reads);
		if (ret < 0)
			return ret;
		if (ret == 0)
			return -ENODATA;
		if (WARN_ON(ret > ask - done))
			return -EIO;
		done += ret;
		if (done < want)
			atomic_inc(&ld->nr_short_reads);
	}
	/* An unaligned offset, or a short direct read that ended mid-block. */
	if (done < want) {
		heapread_piece_iter(w, &iter, start - w->pos + done, want - done);
		err = heapread_read_bounced(ld, s, &iter, fpos + done, want - done);
		if (err)
			return err;
	}
	if (want < end - start) {
		heapread_piece_iter(w, &iter, start - w->pos + want,
				    end - start - want);
		iov_iter_zero(end - start - want, &iter);
	}
	return 0;
}

/**
 * heapread_read_segments() - read the segments' parts of a window
 * @ld: a load of segments
 * @w: the window
 *
 * Return: 0, a read's own error, -ENODATA if a file ended before its
 * segment did, or -EINTR on a fatal signal.
 */
int heapread_read_segments(struct heapread_load *ld, struct heapread_window *w)
{
	size_t pos = w->pos, end = w->pos + w->len;
	unsigned int i = heapread_segment_at(ld, pos);
	int err = 0;

	for (; !err && i < ld->nr_segs && pos < end; i++) {
		const struct heapread_segment *s = &ld->segs[i];
		size_t seg_end = min(end, PAGE_ALIGN(s->buf_offset + s->length));

		pos = max(pos, s->buf_offset);
		if (pos < seg_end)
			err = heapread_read_piece(ld, w, s, pos, seg_end);
		pos = seg_end;
	}
	return err;
}
