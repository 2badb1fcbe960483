// SPDX-License-Identifier: GPL-2.0 OR MIT
/* kshim: iov_iter over bio_vec segments, the only kind core/ builds. */
#include <string.h>

#include <linux/bug.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/uio.h>

void iov_iter_bvec(struct iov_iter *i, unsigned int direction, const struct bio_vec *bvec,
		   unsigned long nr_segs, size_t count)
{
	WARN_ON(direction & ~(ITER_DEST | ITER_SOURCE));
	*i = (struct iov_iter) {
		.iter_type = ITER_BVEC,
		.data_source = direction,
		.bvec = bvec,
		.nr_segs = nr_segs,
		.count = count,
	};
}

static size_t seg_len(const struct iov_iter *i)
{
	return i->bvec->bv_len;
}

static char *seg_addr(const struct iov_iter *i)
{
	return (char *)page_address(i->bvec->bv_page) + i->bvec->bv_offset + i->iov_offset;
}

static void next_seg(struct iov_iter *i)
{
	i->bvec++;
	i->nr_segs--;
	i->iov_offset = 0;
}

void iov_iter_advance(struct iov_iter *i, size_t bytes)
{
	if (WARN_ON(bytes > i->count))
		bytes = i->count;
	i->count -= bytes;
	bytes += i->iov_offset;
	while (i->nr_segs && bytes >= seg_len(i)) {
		bytes -= seg_len(i);
		next_seg(i);
	}
	i->iov_offset = bytes;
}

/* Apply @fn to the next @bytes of @i, segment by segment, then advance. */
static size_t iterate(struct iov_iter *i, size_t bytes,
		      void (*fn)(char *dst, size_t len, const void **src), const void *src)
{
	struct iov_iter it = *i;
	size_t done = 0;

	bytes = min(bytes, i->count);
	while (done < bytes && it.nr_segs) {
		size_t len = min(seg_len(&it) - it.iov_offset, bytes - done);

		fn(seg_addr(&it), len, &src);
		done += len;
		iov_iter_advance(&it, len);
	}
	*i = it;
	return done;
}

static void zero_fn(char *dst, size_t len, const void **src)
{
	memset(dst, 0, len);
}

static void copy_fn(char *dst, size_t len, const void **src)
{
	memcpy(dst, *src, len);
	*src = (const char *)*src + len;
}

size_t iov_iter_zero(size_t bytes, struct iov_iter *i)
{
	return iterate(i, bytes, zero_fn, NULL);
}

size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i)
{
	if (WARN_ON(i->data_source != ITER_DEST))
		return 0;
	return iterate(i, bytes, copy_fn, addr);
}
