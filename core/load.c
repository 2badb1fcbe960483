// SPDX-License-Identifier: GPL-2.0
/*
 * heapread: the load. The caller allocates the buffer chunk by chunk; each
 * time the allocation passes the end of a gather, that gather is queued on
 * this load's own workqueue, whose max_active is the queue depth, and read
 * while the allocation goes on. Total time is then
 * T(first gather) + max(T(rest of allocation), T(I/O)).
 *
 * A gather is a window onto the buffer's chunk table, not an array of its
 * own, so a high-order chunk that straddles a gather boundary is simply
 * shared by two windows.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include "internal.h"

/**
 * heapread_params_init() - fill @p with the defaults
 * @p: parameters to initialise
 */
void heapread_params_init(struct heapread_params *p)
{
	*p = (struct heapread_params) {
		.gather_limit = HEAPREAD_DEFAULT_GATHER,
		.gather_min = HEAPREAD_DEFAULT_GATHER_MIN,
		.queue_depth = HEAPREAD_DEFAULT_QUEUE_DEPTH,
		.max_size = HEAPREAD_DEFAULT_MAX_SIZE,
		.order_mask = HEAPREAD_DEFAULT_ORDERS,
	};
}

/**
 * heapread_params_check() - validate parameters
 * @p: parameters
 *
 * Return: 0, or -EINVAL for a gather that is not a positive multiple of
 * PAGE_SIZE, a smallest gather that is not a multiple of PAGE_SIZE, a
 * queue depth outside 1..HEAPREAD_MAX_QUEUE_DEPTH, a non-positive size
 * limit or an order above HEAPREAD_MAX_CHUNK_ORDER.
 */
int heapread_params_check(const struct heapread_params *p)
{
	if (!p->gather_limit || !PAGE_ALIGNED(p->gather_limit))
		return -EINVAL;
	if (!PAGE_ALIGNED(p->gather_min))
		return -EINVAL;
	if (!p->queue_depth || p->queue_depth > HEAPREAD_MAX_QUEUE_DEPTH)
		return -EINVAL;
	if (p->max_size <= 0)
		return -EINVAL;
	if (p->order_mask >> (HEAPREAD_MAX_CHUNK_ORDER + 1))
		return -EINVAL;
	return 0;
}

static int heapread_check_file(struct file *file, const struct heapread_params *p,
			       loff_t *size)
{
	struct inode *inode = file_inode(file);

	if (!S_ISREG(inode->i_mode) || !(file->f_mode & FMODE_READ))
		return -EINVAL;
	*size = i_size_read(inode);
	if (*size <= 0)
		return -EINVAL;
	if (*size > p->max_size)
		return -EFBIG;
	return 0;
}

static u64 heapread_elapsed(struct heapread_load *ld)
{
	return ktime_get_ns() - ld->start_ns;
}

static void heapread_put(struct heapread_load *ld)
{
	if (atomic_dec_and_test(&ld->pending))
		complete(&ld->done);
}

static void heapread_gather_work(struct work_struct *work)
{
	struct heapread_gather *g = container_of(work, struct heapread_gather, work);
	struct heapread_load *ld = g->load;
	const struct heapread_params *p = ld->params;
	int err;

	if (p->worker_ops)
		p->worker_ops->attach(p->worker_ctx);
	err = heapread_read_gather(ld, g);
	if (p->worker_ops)
		p->worker_ops->detach(p->worker_ctx);
	if (err)
		heapread_set_error(ld, err);
	else if (g->pos + g->len == ld->buf->len)
		heapread_zero_tail(ld->buf);
	g->end_ns = heapread_elapsed(ld);
	/* The loader may free everything once the last gather is put. */
	heapread_put(ld);
}

/*
 * Where the next window starts: the chunk holding its first byte, and that
 * chunk's offset in the buffer.
 */
struct heapread_cursor {
	unsigned int chunk;
	size_t chunk_start;
};

/* Describe the window [@start, @end) as gather @g and move @c to @end. */
static void heapread_carve(struct heapread_load *ld, struct heapread_cursor *c,
			   struct heapread_gather *g, size_t start, size_t end)
{
	const struct heapread_buffer *buf = ld->buf;
	unsigned int i = c->chunk;
	size_t off = c->chunk_start;

	INIT_WORK(&g->work, heapread_gather_work);
	g->load = ld;
	g->pos = start;
	g->len = end - start;
	g->first_chunk = i;
	g->skip = start - off;
	while (i < buf->nr_chunks && off + buf->chunks[i].bv_len <= end) {
		off += buf->chunks[i].bv_len;
		i++;
	}
	g->nr_chunks = (off == end ? i : i + 1) - g->first_chunk;
	c->chunk = i;
	c->chunk_start = off;
}

static size_t heapread_window_end(struct heapread_load *ld, size_t start)
{
	return heapread_gather_end(ld->params, start, ld->buf->len);
}

/* Queue every gather that the chunks allocated so far complete. */
static void heapread_queue_ready(struct heapread_load *ld,
				 struct heapread_cursor *c, size_t *start,
				 size_t allocated)
{
	while (*start < ld->buf->len &&
	       allocated >= heapread_window_end(ld, *start)) {
		struct heapread_gather *g = &ld->gathers[ld->nr_gathers++];
		size_t end = heapread_window_end(ld, *start);

		heapread_carve(ld, c, g, *start, end);
		atomic_inc(&ld->pending);
		queue_work(ld->wq, &g->work);
		*start = end;
	}
}

static void heapread_alloc_async(struct heapread_load *ld,
				 struct heapread_stats *stats)
{
	unsigned int max_order = HEAPREAD_MAX_CHUNK_ORDER;
	struct heapread_cursor c = { 0 };
	size_t allocated = 0, start = 0;
	int err;

	while (allocated < ld->buf->len) {
		if (fatal_signal_pending(current)) {
			heapread_set_error(ld, -EINTR);
			break;
		}
		if (atomic_read(&ld->err))
			break;
		err = heapread_add_chunk(ld->buf, &allocated, &max_order,
					 ld->params, 0);
		if (err) {
			heapread_set_error(ld, err);
			break;
		}
		heapread_queue_ready(ld, &c, &start, allocated);
		if (ld->nr_gathers && !stats->first_gather_ns)
			stats->first_gather_ns = heapread_elapsed(ld);
	}
	stats->alloc_done_ns = heapread_elapsed(ld);
}

/* Sync mode: everything is allocated first, then read window by window here. */
static void heapread_load_sync(struct heapread_load *ld,
			       struct heapread_stats *stats)
{
	unsigned int max_order = HEAPREAD_MAX_CHUNK_ORDER;
	struct heapread_cursor c = { 0 };
	size_t allocated = 0, start = 0;
	int err = 0;

	while (!err && allocated < ld->buf->len) {
		if (fatal_signal_pending(current))
			err = -EINTR;
		else
			err = heapread_add_chunk(ld->buf, &allocated, &max_order,
						 ld->params, 0);
	}
	stats->alloc_done_ns = heapread_elapsed(ld);
	stats->first_gather_ns = stats->alloc_done_ns;
	while (!err && start < ld->buf->len) {
		struct heapread_gather *g = &ld->gathers[ld->nr_gathers++];
		size_t end = heapread_window_end(ld, start);

		heapread_carve(ld, &c, g, start, end);
		err = heapread_read_gather(ld, g);
		g->end_ns = heapread_elapsed(ld);
		start = end;
	}
	if (err)
		heapread_set_error(ld, err);
	else if (!atomic_read(&ld->err))
		heapread_zero_tail(ld->buf);
}

/* Async mode: wait for every queued read, even after a fatal signal. */
static void heapread_wait_reads(struct heapread_load *ld)
{
	heapread_put(ld);
	if (wait_for_completion_killable(&ld->done)) {
		heapread_set_error(ld, -EINTR);
		wait_for_completion(&ld->done);
	}
	/* Also waits for the workers to return from the work functions. */
	destroy_workqueue(ld->wq);
}

static void heapread_fill_stats(struct heapread_load *ld,
				struct heapread_stats *stats)
{
	unsigned int i;

	stats->nr_gathers = ld->nr_gathers;
	stats->nr_reads = atomic_read(&ld->nr_reads);
	stats->nr_short_reads = atomic_read(&ld->nr_short_reads);
	for (i = 0; i < ld->nr_gathers; i++)
		stats->io_done_ns = max(stats->io_done_ns, ld->gathers[i].end_ns);
	stats->total_ns = heapread_elapsed(ld);
}

static int heapread_load_init(struct heapread_load *ld, struct file *file,
			      const struct heapread_params *p, loff_t size)
{
	size_t nr = heapread_gather_count(p, PAGE_ALIGN(size));

	*ld = (struct heapread_load) {
		.file = file,
		.params = p,
		.start_ns = ktime_get_ns(),
	};
	atomic_set(&ld->pending, 1);
	init_completion(&ld->done);
	ld->buf = heapread_buffer_create(size, p->gfp);
	ld->gathers = kvcalloc(nr, sizeof(*ld->gathers), GFP_KERNEL);
	if (!p->sync && ld->buf && ld->gathers)
		ld->wq = alloc_workqueue("heapread", WQ_UNBOUND, p->queue_depth);
	if (!ld->buf || !ld->gathers || (!p->sync && !ld->wq)) {
		heapread_buffer_free(ld->buf);
		kvfree(ld->gathers);
		return -ENOMEM;
	}
	return 0;
}

/**
 * heapread_load() - allocate a buffer for @file and read the file into it
 * @file: a regular file opened for reading; O_DIRECT makes the reads direct
 * @p: parameters (heapread_params_init() gives the defaults)
 * @stats: where the time went; may be NULL
 *
 * The file is read through @file with kiocbs of our own: its position is
 * left as it was. On any error every queued read is waited for and every
 * page freed before returning.
 *
 * Return: the buffer, holding the file's content followed by zeroes up to
 * the end of its last page, or an ERR_PTR: -EINVAL for bad parameters or a
 * file that is not regular, not readable or empty, -EFBIG above
 * @p->max_size, -ENOMEM, -EINTR on a fatal signal, -ENODATA if the file
 * shrank during the load, or the error a read returned.
 */
struct heapread_buffer *heapread_load(struct file *file,
				      const struct heapread_params *p,
				      struct heapread_stats *stats)
{
	struct heapread_stats local = { 0 };
	struct heapread_load ld;
	loff_t size;
	int err;

	err = heapread_params_check(p);
	if (!err)
		err = heapread_check_file(file, p, &size);
	if (!err)
		err = heapread_load_init(&ld, file, p, size);
	if (err)
		return ERR_PTR(err);
	if (!stats)
		stats = &local;
	*stats = (struct heapread_stats) { 0 };
	if (p->sync) {
		heapread_load_sync(&ld, stats);
	} else {
		heapread_alloc_async(&ld, stats);
		heapread_wait_reads(&ld);
	}
	heapread_fill_stats(&ld, stats);
	kvfree(ld.gathers);
	err = atomic_read(&ld.err);
	if (err) {
		heapread_buffer_free(ld.buf);
		return ERR_PTR(err);
	}
	return ld.buf;
}
