/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * heapread: allocate pages for a whole file and read the file into them,
 * overlapping the allocation of one batch ("gather") with the reads of the
 * previous ones. The same source builds into the kernel module and into the
 * userspace tools (through kshim/).
 */
#ifndef _HEAPREAD_H
#define _HEAPREAD_H

#include <linux/bits.h>
#include <linux/bvec.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/sizes.h>
#include <linux/types.h>

struct workqueue_struct;

#define HEAPREAD_DEFAULT_GATHER		SZ_128M
/*
 * The largest gather_limit (and gather_min): a whole file of any size worth
 * loading fits in one gather (the seed's patch 1 reads a file at once), and
 * sums of a buffer length and a gather stay far from wrapping.
 */
#define HEAPREAD_MAX_GATHER		BIT_ULL(40)
/* The ramp's smallest gather (core/gather.c; docs/design.md says why 8 MiB). */
#define HEAPREAD_DEFAULT_GATHER_MIN	(8 * SZ_1M)
#define HEAPREAD_DEFAULT_QUEUE_DEPTH	4
#define HEAPREAD_MAX_QUEUE_DEPTH	64
/* The system heap's orders: 1 MiB, 64 KiB, then single pages. */
#define HEAPREAD_DEFAULT_ORDERS		(BIT(8) | BIT(4) | BIT(0))
#define HEAPREAD_MAX_CHUNK_ORDER	10

/**
 * struct heapread_worker_ops - hooks around a read worker's reads
 * @attach: called in the worker before it reads a gather, e.g. to charge
 *          its I/O and page cache to the caller's cgroups; may be NULL
 * @detach: called in the worker after it read the gather; may be NULL
 * @release: called once per heapread_load() when the load no longer uses
 *           the file nor the context, possibly after heapread_load()
 *           returned (a fatal signal does not wait for blocked reads);
 *           may be NULL
 */
struct heapread_worker_ops {
	void (*attach)(void *ctx);
	void (*detach)(void *ctx);
	void (*release)(void *ctx);
};

/**
 * struct heapread_params - how to load
 * @gather_limit: bytes per batch; a multiple of PAGE_SIZE, at least one page.
 *                The largest batch: async loads ramp up to it and down again
 * @gather_min: the smallest batch of the ramp (a multiple of PAGE_SIZE);
 *              0 or >= @gather_limit: every batch is @gather_limit
 * @queue_depth: batches being read at the same time (async mode)
 * @sync: allocate everything first, then read (the seed's patch 1)
 * @max_size: files larger than this are refused with -EFBIG; by default
 *            half the RAM (heapread_default_max_size()), and whatever it
 *            says more than the RAM is -ENOMEM
 * @gfp: extra GFP flags for the buffer's pages, e.g. __GFP_ACCOUNT
 * @order_mask: chunk orders the allocator may use; order 0 is always allowed
 * @worker_ops: optional hooks run by each read worker
 * @worker_ctx: argument of @worker_ops
 * @wq: the workqueue the reads run on, shared by loads; NULL for
 *      system_unbound_wq
 */
struct heapread_params {
	size_t gather_limit;
	size_t gather_min;
	unsigned int queue_depth;
	bool sync;
	loff_t max_size;
	gfp_t gfp;
	unsigned long order_mask;
	const struct heapread_worker_ops *worker_ops;
	void *worker_ctx;
	struct workqueue_struct *wq;
};

/**
 * struct heapread_buffer - the pages holding a file
 * @chunks: one segment per allocated chunk, in file order; bv_page is the
 *          head page of a chunk of PAGE_SIZE << order bytes, bv_offset 0
 * @nr_chunks: entries used in @chunks
 * @max_chunks: entries allocated in @chunks
 * @size: bytes of content (the file's size)
 * @len: bytes allocated: @size rounded up to a page; the bytes past @size
 *       are zero
 */
struct heapread_buffer {
	struct bio_vec *chunks;
	unsigned int nr_chunks;
	unsigned int max_chunks;
	size_t size;
	size_t len;
};

/**
 * struct heapread_stats - where the time of one load went
 * @first_gather_ns: from the start until the first batch was handed to a
 *                   reader (sync: until everything was allocated)
 * @alloc_done_ns: until the last page was allocated
 * @io_done_ns: until the last read finished
 * @io_idle_ns: of the time from the first read's start to the last read's
 *              end, how long no read was running: the reads waited for the
 *              allocation (what overlapping did not hide)
 * @total_ns: until the load returned
 * @nr_gathers: batches read
 * @nr_reads: read calls made
 * @nr_short_reads: reads that returned less than asked before end of file
 */
struct heapread_stats {
	u64 first_gather_ns;
	u64 alloc_done_ns;
	u64 io_done_ns;
	u64 io_idle_ns;
	u64 total_ns;
	unsigned int nr_gathers;
	unsigned int nr_reads;
	unsigned int nr_short_reads;
};

void heapread_params_init(struct heapread_params *p);
loff_t heapread_default_max_size(void);
bool heapread_fits_ram(u64 size);
int heapread_params_check(const struct heapread_params *p);
struct heapread_buffer *heapread_load(struct file *file,
				      const struct heapread_params *p,
				      struct heapread_stats *stats);
struct heapread_buffer *heapread_alloc(size_t len,
				       const struct heapread_params *p);
void heapread_buffer_free(struct heapread_buffer *buf);
size_t heapread_gather_end(const struct heapread_params *p, size_t pos,
			   size_t len);
size_t heapread_gather_count(const struct heapread_params *p, size_t len);

#endif /* _HEAPREAD_H */
