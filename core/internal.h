/* SPDX-License-Identifier: GPL-2.0 */
/* heapread: what the engine's files share and nobody else needs. */
#ifndef _HEAPREAD_INTERNAL_H
#define _HEAPREAD_INTERNAL_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/workqueue.h>

#include "heapread.h"

/**
 * struct heapread_gather - one batch: a window of the buffer to read
 * @work: the read, run by a worker in async mode
 * @load: the load it belongs to
 * @first_chunk: the chunk holding the window's first byte
 * @nr_chunks: chunks the window touches
 * @skip: offset of the window in its first chunk
 * @pos: file offset of the window (page aligned)
 * @len: window length (a multiple of PAGE_SIZE)
 * @end_ns: when its read finished
 */
struct heapread_gather {
	struct work_struct work;
	struct heapread_load *load;
	unsigned int first_chunk;
	unsigned int nr_chunks;
	size_t skip;
	loff_t pos;
	size_t len;
	u64 end_ns;
};

/**
 * struct heapread_load - the state of one heapread_load() call
 * @file: the caller's file, read through its own kiocbs
 * @params: the caller's parameters
 * @buf: the buffer being filled
 * @wq: this load's read workers (async mode)
 * @gathers: every batch, in file order
 * @nr_gathers: batches queued so far
 * @err: the first error, 0 while there is none
 * @pending: queued batches not yet finished, plus one held by the loader
 * @done: completed when @pending drops to zero
 * @nr_reads: read calls made
 * @nr_short_reads: reads that stopped short of what was asked before EOF
 * @start_ns: when the load began
 */
struct heapread_load {
	struct file *file;
	const struct heapread_params *params;
	struct heapread_buffer *buf;
	struct workqueue_struct *wq;
	struct heapread_gather *gathers;
	unsigned int nr_gathers;
	atomic_t err;
	atomic_t pending;
	struct completion done;
	atomic_t nr_reads;
	atomic_t nr_short_reads;
	u64 start_ns;
};

/* alloc.c */
struct heapread_buffer *heapread_buffer_create(size_t size, gfp_t gfp);
int heapread_add_chunk(struct heapread_buffer *buf, size_t *allocated,
		       unsigned int *max_order, const struct heapread_params *p,
		       gfp_t extra);

/* read.c */
int heapread_read_gather(struct heapread_load *ld, struct heapread_gather *g);
void heapread_zero_tail(struct heapread_buffer *buf);
void heapread_set_error(struct heapread_load *ld, int err);

#endif /* _HEAPREAD_INTERNAL_H */
