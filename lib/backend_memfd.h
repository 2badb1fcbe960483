/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The kshim page allocator over a memfd (struct hr_memfd): chunk k of a load
 * is the next PAGE_SIZE << order bytes of the memfd's mapping, populated when
 * it is handed out. The engine allocates in file order, so the memfd holds
 * the file in order and the allocation overlaps the reads, as in the kernel.
 */
#ifndef HEAPREAD_BACKEND_MEMFD_H
#define HEAPREAD_BACKEND_MEMFD_H

#include <kshim/backend.h>

#include "memfd_buf.h"

struct hr_trace;

struct hr_memfd_backend {
	struct kshim_page_backend ops;
	struct hr_memfd *mem;
	size_t next;		/* offset of the next chunk in the memfd */
	long live;		/* 4 KiB pages handed out and not yet freed */
	int err;		/* first error populating, -errno */
	struct hr_trace *trace;
};

/* Hand out @mem's pages; install with kshim_set_page_backend(&b->ops). */
void hr_memfd_backend_init(struct hr_memfd_backend *b, struct hr_memfd *mem,
			   struct hr_trace *trace);

/* The engine orders that suit @kind: 1 MiB chunks for 4 KiB pages, 2 MiB for huge ones. */
unsigned long hr_memfd_order_mask(enum hr_page_kind kind);

#endif /* HEAPREAD_BACKEND_MEMFD_H */
