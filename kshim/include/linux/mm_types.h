/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): struct page. A chunk of order n is an array of 1 << n pages
 * whose first one is the head: page + i is the i-th page of the chunk and has
 * its own address. Contract kept: compound_order() is the order only with
 * __GFP_COMP.
 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>

struct page {
	void *virtual;			/* this page's bytes */
	struct page *head;		/* the compound head (itself for a head) */
	unsigned int order;		/* compound order (0 without __GFP_COMP) */
	unsigned int alloc_order;	/* what alloc_pages() was asked for */
	void *backend_private;		/* owned by the page backend */
	bool memcg_charged;		/* __GFP_ACCOUNT charged it (kshim/memcg.h) */
	const void *backend;		/* the backend that gave it: it takes it back */
};

#endif /* _LINUX_MM_TYPES_H */
