/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* heapread: what the engine's files share and nobody else needs. */
#ifndef _HEAPREAD_INTERNAL_H
#define _HEAPREAD_INTERNAL_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "heapread.h"

/* The largest page-aligned size_t: a buffer's length must PAGE_ALIGN to it. */
#define HEAPREAD_MAX_LEN	(SIZE_MAX & PAGE_MASK)
/* Chunk tables a load may retire while growing: doubling from 1 to 2^32. */
#define HEAPREAD_MAX_RETIRED	33

/**
 * struct heapread_window - one gather: the part of the buffer one lane reads
 * @bvec: the chunk holding the window's first byte, in the chunk table the
 *        window was carved from
 * @nr_chunks: chunks the window touches
 * @skip: offset of the window in its first chunk
 * @pos: file offset of the window (page aligned)
 * @len: window length (a multiple of PAGE_SIZE)
 */
struct heapread_window {
	const struct bio_vec *bvec;
	unsigned int nr_chunks;
	size_t skip;
	loff_t pos;
	size_t len;
};

/**
 * struct heapread_lane - one of the load's readers
 * @work: queued on the shared workqueue while the lane has windows to read
 * @ld: the load it reads for
 */
struct heapread_lane {
	struct work_struct work;
	struct heapread_load *ld;
};

/**
 * struct heapread_load - one heapread_load() call, owned by whoever uses it
 * @refs: the loader's reference plus one per queued or running lane; the
 *        last put frees the pages, the metadata and what the caller lent
 *        (worker_ops->release), so nothing is freed under a running read
 * @file: the caller's file, read through kiocbs of our own (NULL with @segs)
 * @segs: the segments of heapread_load_segments(), lent by the caller like
 *        @file; NULL for a whole-file load
 * @nr_segs: entries of @segs
 * @params: a copy of the caller's parameters (the caller may be gone)
 * @buf: the buffer being filled; NULL once handed to the caller
 * @wq: where the lanes run
 * @cred: the caller's credentials, for the lanes' reads
 * @ioprio: the caller's I/O priority, for every read's kiocb
 * @lock: protects the fields below it
 * @ready: bytes whose windows may be read (the allocation has passed them)
 * @chunks: the chunk table as the loader last published it
 * @nr_chunks: chunks published: the lanes look at no other
 * @next: start of the next window to read
 * @nr_ready: windows opened so far
 * @nr_taken: windows a lane took
 * @cur_chunk: the chunk holding @next
 * @cur_chunk_start: that chunk's offset in the buffer
 * @idle_lanes: lanes neither queued nor running, one bit each
 * @active: lanes queued or running
 * @next_lane: where the search for an idle lane starts (round robin)
 * @nr_gathers: windows read
 * @io_done_ns: when the last window finished
 * @in_flight: windows being read now
 * @quiet_since_ns: when @in_flight last dropped to zero
 * @io_idle_ns: time after the first read during which no window was being
 *              read (the device waited for the allocation)
 * @retired: chunk tables the loader outgrew; lanes may still read windows
 *           carved from them, so they go with the load
 * @nr_retired: entries of @retired
 * @err: the first error, 0 while there is none; set, it stops every lane
 * @idle: posted each time @active drops to zero
 * @nr_reads: read calls made
 * @nr_short_reads: reads that stopped short of what was asked before EOF
 * @start_ns: when the load began
 * @nr_lanes: entries of @lanes (the queue depth)
 * @lanes: the readers
 */
struct heapread_load {
	atomic_t refs;
	struct file *file;
	const struct heapread_segment *segs;
	unsigned int nr_segs;
	struct heapread_params params;
	struct heapread_buffer *buf;
	struct workqueue_struct *wq;
	const struct cred *cred;
	int ioprio;
	spinlock_t lock;	/* protects ready ... io_idle_ns */
	size_t ready;
	const struct bio_vec *chunks;
	unsigned int nr_chunks;
	size_t next;
	unsigned int nr_ready;
	unsigned int nr_taken;
	unsigned int cur_chunk;
	size_t cur_chunk_start;
	u64 idle_lanes;
	unsigned int active;
	unsigned int next_lane;
	unsigned int nr_gathers;
	u64 io_done_ns;
	unsigned int in_flight;
	u64 quiet_since_ns;
	u64 io_idle_ns;
	struct bio_vec *retired[HEAPREAD_MAX_RETIRED];
	unsigned int nr_retired;
	atomic_t err;
	struct completion idle;
	atomic_t nr_reads;
	atomic_t nr_short_reads;
	u64 start_ns;
	unsigned int nr_lanes;
	struct heapread_lane lanes[];
};

/* alloc.c */
struct heapread_buffer *heapread_buffer_create(size_t size,
					       const struct heapread_params *p);
int heapread_add_chunk(struct heapread_buffer *buf, size_t *allocated,
		       unsigned int *max_order, const struct heapread_params *p,
		       gfp_t extra, struct bio_vec **retired);

/* load.c */
struct heapread_segment;
void heapread_release_caller(const struct heapread_params *p);
struct heapread_buffer *heapread_load_run(struct file *file,
					  const struct heapread_segment *segs,
					  unsigned int nr_segs, loff_t size,
					  const struct heapread_params *p,
					  struct heapread_stats *stats);

/* read.c */
int heapread_read_window(struct heapread_load *ld, struct heapread_window *w);
void heapread_zero_tail(struct heapread_buffer *buf);
void heapread_set_error(struct heapread_load *ld, int err);
bool heapread_should_stop(struct heapread_load *ld);

/* segment.c */
int heapread_read_segments(struct heapread_load *ld, struct heapread_window *w);

#endif /* _HEAPREAD_INTERNAL_H */
