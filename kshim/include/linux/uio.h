/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): iov_iter over bio_vec segments, the only kind core/ builds.
 * Contract kept: a read advances the iterator by what it transferred;
 * iov_iter_advance() past the end warns; copy_to_iter() must be checked.
 */
#ifndef _LINUX_UIO_H
#define _LINUX_UIO_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/bvec.h>

enum iter_type {
	ITER_BVEC,
};

#define ITER_DEST	0	/* READ: data lands in the iterator's memory */
#define ITER_SOURCE	1	/* WRITE */
#define READ		ITER_DEST
#define WRITE		ITER_SOURCE

struct iov_iter {
	u8 iter_type;
	bool data_source;
	size_t iov_offset;	/* offset into the current segment */
	size_t count;		/* bytes left */
	const struct bio_vec *bvec;
	unsigned long nr_segs;	/* segments left, the current one included */
};

void iov_iter_bvec(struct iov_iter *i, unsigned int direction, const struct bio_vec *bvec,
		   unsigned long nr_segs, size_t count);
void iov_iter_advance(struct iov_iter *i, size_t bytes);
size_t iov_iter_zero(size_t bytes, struct iov_iter *i);
size_t __must_check copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i);

static inline size_t iov_iter_count(const struct iov_iter *i)
{
	return i->count;
}

static inline void iov_iter_truncate(struct iov_iter *i, u64 count)
{
	if (i->count > count)
		i->count = count;
}

static inline bool iov_iter_is_bvec(const struct iov_iter *i)
{
	return i->iter_type == ITER_BVEC;
}

#endif /* _LINUX_UIO_H */
