/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (dup): struct bio_vec as <linux/bvec.h> has it. Contract kept: a
 * segment may span several pages of one contiguous (compound) chunk.
 */
#ifndef _LINUX_BVEC_H
#define _LINUX_BVEC_H

#include <linux/mm.h>

/* A segment of pages; bv_len may span several pages of one compound page. */
struct bio_vec {
	struct page *bv_page;
	unsigned int bv_len;
	unsigned int bv_offset;
};

#endif /* _LINUX_BVEC_H */
