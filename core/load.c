// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * heapread: the load. The caller allocates the buffer chunk by chunk; each
 * time the allocation passes the end of a gather, that gather becomes ready
 * and one of the load's lanes reads it while the allocation goes on. Total
 * time is then T(first gather) + max(T(rest of allocation), T(I/O)).
 *
 * Lanes are work items on a workqueue the load shares with every other load
 * (the module's, or system_unbound_wq): the load pays no alloc_workqueue(),
 * and its queue depth is its number of lanes, which holds whatever the
 * workqueue's max_active means on the running kernel (per NUMA node on 6.1).
 * A lane reads ready windows one after the other and goes idle when none is
 * left; the loader wakes idle lanes as windows become ready.
 *
 * The load is reference counted: the loader and each queued lane hold one.
 * A fatal signal stops the lanes from taking windows and the loader returns
 * -EINTR at once, whatever its reads are doing; the last lane to come back
 * frees the pages and gives the caller back its file and context.
 *
 * A gather is a window onto the buffer's chunk table, not an array of its
 * own, so a high-order chunk that straddles a gather boundary is simply
 * shared by two windows.
 */
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/ioprio.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include "internal.h"

/**
 * heapread_default_max_size() - the default largest file: half the RAM
 *
 * dma-buf pages are unreclaimable and invisible to the OOM killer's view of
 * a task: one load of more than the machine can spare drives it into OOM
 * kills of bystanders. Half the RAM still lets a 2 GiB model load on a
 * 6 GiB machine; root can raise it (the module's max_size), up to the RAM.
 *
 * Return: half of totalram_pages(), in bytes.
 */
loff_t heapread_default_max_size(void)
{
	return (loff_t)(totalram_pages() / 2) << PAGE_SHIFT;
}

/**
 * heapread_fits_ram() - could the machine hold @size bytes of pages at all
 * @size: bytes of a buffer
 *
 * Return: false when PAGE_ALIGN(@size) is more than the machine's RAM.
 */
bool heapread_fits_ram(u64 size)
{
	return DIV_ROUND_UP(size, PAGE_SIZE) <= totalram_pages();
}

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
		.max_size = heapread_default_max_size(),
		.order_mask = HEAPREAD_DEFAULT_ORDERS,
	};
}

/**
 * heapread_params_check() - validate parameters
 * @p: parameters
 *
 * Every parameter is bounded, so nothing computed from one can wrap.
 *
 * Return: 0, or -EINVAL for a gather that is not a positive multiple of
 * PAGE_SIZE up to HEAPREAD_MAX_GATHER, a smallest gather that is not a
 * multiple of PAGE_SIZE up to HEAPREAD_MAX_GATHER, a queue depth outside
 * 1..HEAPREAD_MAX_QUEUE_DEPTH, a non-positive size limit or an order above
 * HEAPREAD_MAX_CHUNK_ORDER.
 */
int heapread_params_check(const struct heapread_params *p)
{
	if (!p->gather_limit || !PAGE_ALIGNED(p->gather_limit) ||
	    p->gather_limit > HEAPREAD_MAX_GATHER)
		return -EINVAL;
	if (!PAGE_ALIGNED(p->gather_min) || p->gather_min > HEAPREAD_MAX_GATHER)
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
	/* What a size_t cannot hold page aligned (32-bit) is too big too. */
	if (*size > p->max_size || (u64)*size > HEAPREAD_MAX_LEN)
		return -EFBIG;
	return 0;
}

static u64 heapread_elapsed(struct heapread_load *ld)
{
	return ktime_get_ns() - ld->start_ns;
}

/**
 * heapread_release_caller() - tell the caller the load no longer uses its
 *                             files nor its worker context
 * @p: the load's parameters
 */
void heapread_release_caller(const struct heapread_params *p)
{
	if (p->worker_ops && p->worker_ops->release)
		p->worker_ops->release(p->worker_ctx);
}

/* The last reference frees what the reads used, never before they are over. */
static void heapread_load_put(struct heapread_load *ld)
{
	if (!atomic_dec_and_test(&ld->refs))
		return;
	heapread_buffer_free(ld->buf);
	while (ld->nr_retired)
		kvfree(ld->retired[--ld->nr_retired]);
	put_cred(ld->cred);
	heapread_release_caller(&ld->params);
	kfree(ld);
}

static size_t heapread_window_end(struct heapread_load *ld, size_t start)
{
	return heapread_gather_end(&ld->params, start, ld->buf->len);
}

/* Carve the next ready window, or return false: nothing ready, or an error. */
static bool heapread_take_window(struct heapread_load *ld,
				 struct heapread_window *w)
{
	const struct bio_vec *chunks;
	unsigned int i;
	size_t off, end;
	bool taken = false;

	spin_lock(&ld->lock);
	if (atomic_read(&ld->err) || ld->next >= ld->ready)
		goto out;
	/* The loader appends to the table meanwhile: only what it published. */
	chunks = ld->chunks;
	end = heapread_window_end(ld, ld->next);
	ld->nr_taken++;
	/*
	 * Work-conserving: what more is ready goes in the same read, up to
	 * gather_limit. The ramp's small windows then make reads only while
	 * the allocation is what the lanes wait for; when it runs ahead
	 * (init_on_alloc=0, huge pages) the reads are full-sized at once.
	 */
	while (end < ld->ready &&
	       heapread_window_end(ld, end) - ld->next <= ld->params.gather_limit) {
		end = heapread_window_end(ld, end);
		ld->nr_taken++;
	}
	i = ld->cur_chunk;
	off = ld->cur_chunk_start;
	*w = (struct heapread_window) {
		.bvec = &chunks[i],
		.skip = ld->next - off,
		.pos = ld->next,
		.len = end - ld->next,
	};
	while (i < ld->nr_chunks && off + chunks[i].bv_len <= end) {
		off += chunks[i].bv_len;
		i++;
	}
	w->nr_chunks = (off == end ? i : i + 1) - ld->cur_chunk;
	ld->cur_chunk = i;
	ld->cur_chunk_start = off;
	ld->next = end;
	/* A gap between reads: the lanes had nothing to read. */
	if (!ld->in_flight++ && ld->nr_gathers)
		ld->io_idle_ns += heapread_elapsed(ld) - ld->quiet_since_ns;
	taken = true;
out:
	spin_unlock(&ld->lock);
	return taken;
}

static void heapread_window_done(struct heapread_load *ld,
				 struct heapread_window *w, int err)
{
	u64 now;

	if (err)
		heapread_set_error(ld, err);
	else if (w->pos + w->len == ld->buf->len)
		heapread_zero_tail(ld->buf);
	spin_lock(&ld->lock);
	now = heapread_elapsed(ld);
	ld->nr_gathers++;
	ld->io_done_ns = max(ld->io_done_ns, now);
	if (!--ld->in_flight)
		ld->quiet_since_ns = now;
	spin_unlock(&ld->lock);
}

/*
 * Read the ready windows. A lane reads each with the caller's credentials
 * (the load holds a reference: override_creds() takes none since 6.14, and
 * the reference it took before was dropped by revert_creds(), so one call
 * sequence is right under both contracts) and brackets it with the caller's
 * worker hooks; sync mode reads in the caller's own context and needs none.
 */
static void heapread_read_ready(struct heapread_load *ld, bool in_worker)
{
	const struct heapread_worker_ops *ops =
		in_worker ? ld->params.worker_ops : NULL;
	struct heapread_window w;

	while (heapread_take_window(ld, &w)) {
		const struct cred *old = NULL;
		int err;

		/* LSMs, audit and fanotify see the caller, not a kworker. */
		if (in_worker)
			old = override_creds(ld->cred);
		if (ops && ops->attach)
			ops->attach(ld->params.worker_ctx);
		err = heapread_read_window(ld, &w);
		if (ops && ops->detach)
			ops->detach(ld->params.worker_ctx);
		if (in_worker)
			revert_creds(old);
		heapread_window_done(ld, &w, err);
	}
}

/*
 * Go idle unless a window became ready since the lane last looked. Each time
 * the last running lane goes idle it posts @ld->idle for the loader.
 */
static bool heapread_lane_idle(struct heapread_lane *lane)
{
	struct heapread_load *ld = lane->ld;
	bool idle = false;

	spin_lock(&ld->lock);
	if (atomic_read(&ld->err) || ld->next >= ld->ready) {
		ld->idle_lanes |= BIT_ULL(lane - ld->lanes);
		idle = true;
		if (!--ld->active)
			complete(&ld->idle);
	}
	spin_unlock(&ld->lock);
	return idle;
}

static void heapread_lane_work(struct work_struct *work)
{
	struct heapread_lane *lane = container_of(work, struct heapread_lane, work);
	struct heapread_load *ld = lane->ld;

	do {
		heapread_read_ready(ld, true);
	} while (!heapread_lane_idle(lane));
	heapread_load_put(ld);
}

/*
 * Called with @ld->lock held: claim an idle lane for each ready window no
 * running lane will take, up to the queue depth, which thus holds however
 * the shared workqueue counts max_active. Returns the lanes to queue, which
 * the caller does after unlocking.
 */
static u64 heapread_claim_lanes(struct heapread_load *ld)
{
	unsigned int waiting = ld->nr_ready - ld->nr_taken;
	u64 claimed = 0;

	lockdep_assert_held(&ld->lock);
	while (ld->idle_lanes && waiting > ld->active) {
		unsigned int i = ld->next_lane;

		while (!(ld->idle_lanes & BIT_ULL(i)))
			i = (i + 1) % ld->nr_lanes;
		ld->idle_lanes &= ~BIT_ULL(i);
		ld->next_lane = (i + 1) % ld->nr_lanes;
		ld->active++;
		atomic_inc(&ld->refs);
		claimed |= BIT_ULL(i);
	}
	return claimed;
}

/* The allocation reached @allocated: open the windows it completes. */
static void heapread_publish(struct heapread_load *ld, size_t allocated)
{
	unsigned int opened = 0;
	u64 claimed = 0;
	size_t ready = ld->ready;
	unsigned int i;

	/* Only the loader moves @ready: it may read it unlocked. */
	while (ready < ld->buf->len &&
	       heapread_window_end(ld, ready) <= allocated) {
		ready = heapread_window_end(ld, ready);
		opened++;
	}
	spin_lock(&ld->lock);
	ld->chunks = ld->buf->chunks;
	ld->nr_chunks = ld->buf->nr_chunks;
	if (opened) {
		ld->ready = ready;
		ld->nr_ready += opened;
		claimed = heapread_claim_lanes(ld);
	}
	spin_unlock(&ld->lock);
	for (i = 0; claimed; i++) {
		if (!(claimed & BIT_ULL(i)))
			continue;
		claimed &= ~BIT_ULL(i);
		/* An idle lane is never pending: it may still be running its end. */
		WARN_ON(!queue_work(ld->wq, &ld->lanes[i].work));
	}
}

/* Add a chunk; an outgrown chunk table stays until the lanes are done. */
static int heapread_add_chunk_keep(struct heapread_load *ld, size_t *allocated,
				   unsigned int *max_order)
{
	struct bio_vec *retired;
	int err;

	err = heapread_add_chunk(ld->buf, allocated, max_order, &ld->params, 0,
				 &retired);
	if (retired) {
		if (WARN_ON(ld->nr_retired == HEAPREAD_MAX_RETIRED))
			return -ENOMEM;
		ld->retired[ld->nr_retired++] = retired;
	}
	return err;
}

static int heapread_alloc_async(struct heapread_load *ld,
				struct heapread_stats *stats)
{
	unsigned int max_order = HEAPREAD_MAX_CHUNK_ORDER;
	size_t allocated = 0;
	int err = 0;

	while (!err && allocated < ld->buf->len && !atomic_read(&ld->err)) {
		if (fatal_signal_pending(current))
			err = -EINTR;
		else
			err = heapread_add_chunk_keep(ld, &allocated, &max_order);
		if (!err) {
			heapread_publish(ld, allocated);
			if (!stats->first_gather_ns && ld->ready)
				stats->first_gather_ns = heapread_elapsed(ld);
		}
	}
	stats->alloc_done_ns = heapread_elapsed(ld);
	return err;
}

static bool heapread_lanes_busy(struct heapread_load *ld)
{
	bool busy;

	spin_lock(&ld->lock);
	busy = ld->active;
	spin_unlock(&ld->lock);
	return busy;
}

/*
 * Wait for the lanes, killably. On a fatal signal the lanes stop taking
 * windows and the loader leaves at once: a read may be blocked for as long
 * as its file system likes (a stalled FUSE server, a hard NFS mount), and
 * the last lane frees everything when it comes back. A post may be stale
 * (the lanes caught up with the allocation earlier): look again after each.
 */
static int heapread_wait_lanes(struct heapread_load *ld)
{
	while (heapread_lanes_busy(ld)) {
		if (wait_for_completion_killable(&ld->idle))
			return -EINTR;
	}
	/* The lanes' last posts: every read ended before the load does. */
	while (try_wait_for_completion(&ld->idle))
		;
	return 0;
}

/*
 * Idle lanes may still be running their last lines (the put): wait for them,
 * so a load that did not need to abandon its reads leaves nothing behind.
 */
static void heapread_flush_lanes(struct heapread_load *ld)
{
	unsigned int i;

	for (i = 0; i < ld->nr_lanes; i++)
		flush_work(&ld->lanes[i].work);
}

/* Sync mode: everything is allocated first, then read here, window by window. */
static int heapread_load_sync(struct heapread_load *ld,
			      struct heapread_stats *stats)
{
	unsigned int max_order = HEAPREAD_MAX_CHUNK_ORDER;
	size_t allocated = 0;
	int err = 0;

	while (!err && allocated < ld->buf->len) {
		if (fatal_signal_pending(current))
			err = -EINTR;
		else
			err = heapread_add_chunk_keep(ld, &allocated, &max_order);
	}
	stats->alloc_done_ns = heapread_elapsed(ld);
	stats->first_gather_ns = stats->alloc_done_ns;
	if (err)
		return err;
	ld->chunks = ld->buf->chunks;
	ld->nr_chunks = ld->buf->nr_chunks;
	ld->ready = ld->buf->len;
	heapread_read_ready(ld, false);
	return 0;
}

static void heapread_fill_stats(struct heapread_load *ld,
				struct heapread_stats *stats)
{
	spin_lock(&ld->lock);
	stats->nr_gathers = ld->nr_gathers;
	stats->io_done_ns = ld->io_done_ns;
	stats->io_idle_ns = ld->io_idle_ns;
	spin_unlock(&ld->lock);
	stats->nr_reads = atomic_read(&ld->nr_reads);
	stats->nr_short_reads = atomic_read(&ld->nr_short_reads);
	stats->total_ns = heapread_elapsed(ld);
}

static struct heapread_load *heapread_load_create(struct file *file,
						  const struct heapread_segment *segs,
						  unsigned int nr_segs,
						  const struct heapread_params *p,
						  loff_t size)
{
	unsigned int nr_lanes = p->sync ? 0 : p->queue_depth;
	struct heapread_load *ld;
	unsigned int i;

	ld = kzalloc(struct_size(ld, lanes, nr_lanes),
		     GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!ld)
		return NULL;
	ld->buf = heapread_buffer_create(size, p);
	if (!ld->buf) {
		kfree(ld);
		return NULL;
	}
	atomic_set(&ld->refs, 1);
	ld->file = file;
	ld->segs = segs;
	ld->nr_segs = nr_segs;
	ld->params = *p;
	ld->wq = p->wq ? p->wq : system_unbound_wq;
	spin_lock_init(&ld->lock);
	init_completion(&ld->idle);
	ld->nr_lanes = nr_lanes;
	ld->idle_lanes = nr_lanes ? GENMASK_ULL(nr_lanes - 1, 0) : 0;
	for (i = 0; i < nr_lanes; i++) {
		INIT_WORK(&ld->lanes[i].work, heapread_lane_work);
		ld->lanes[i].ld = ld;
	}
	/* Who the reads work for: the workers act with these. */
	ld->cred = get_current_cred();
	ld->ioprio = get_current_ioprio();
	ld->start_ns = ktime_get_ns();
	return ld;
}

/**
 * heapread_load() - allocate a buffer for @file and read the file into it
 * @file: a regular file opened for reading; O_DIRECT makes the reads direct
 * @p: parameters (heapread_params_init() gives the defaults)
 * @stats: where the time went; may be NULL
 *
 * The file is read through @file with kiocbs of our own: its position is
 * left as it was. Reads run on @p->wq (system_unbound_wq if NULL), at most
 * @p->queue_depth at once. Whatever the outcome, @p->worker_ops->release
 * (if any) is called once when the load no longer uses @file nor
 * @p->worker_ctx: before heapread_load() returns, or after it when a fatal
 * signal made it return while reads were still running. A caller without
 * that hook must not free @file until its workqueue is idle. Reads still
 * queued when an error or a fatal signal comes are not started, and no page
 * is freed while a read into it runs.
 *
 * Return: the buffer, holding the file's content followed by zeroes up to
 * the end of its last page, or an ERR_PTR: -EINVAL for bad parameters or a
 * file that is not regular, not readable or empty, -EFBIG above
 * @p->max_size (by default half the RAM), -ENOMEM above the RAM whatever
 * @p->max_size says, or when the pages or the metadata could not be had
 * (the caller's memory cgroup is full: the load fails rather than invoke
 * its OOM killer), -EINTR on a fatal signal, -ENODATA if the file
 * shrank during the load, or the error a read returned.
 */
struct heapread_buffer *heapread_load(struct file *file,
				      const struct heapread_params *p,
				      struct heapread_stats *stats)
{
	loff_t size;
	int err;

	err = heapread_params_check(p);
	if (!err)
		err = heapread_check_file(file, p, &size);
	if (err) {
		heapread_release_caller(p);
		return ERR_PTR(err);
	}
	return heapread_load_run(file, NULL, 0, size, p, stats);
}

/**
 * heapread_load_run() - the load proper, once its input is checked
 * @file: the file of a whole-file load, or NULL
 * @segs: the laid out segments of heapread_load_segments(), or NULL
 * @nr_segs: entries of @segs
 * @size: bytes of content: the file's size, or the end of the last segment
 * @p: checked parameters
 * @stats: where the time went; may be NULL
 *
 * Return: the buffer, or an ERR_PTR as heapread_load() says; the caller's
 * release hook is called as heapread_load() says.
 */
struct heapread_buffer *heapread_load_run(struct file *file,
					  const struct heapread_segment *segs,
					  unsigned int nr_segs, loff_t size,
					  const struct heapread_params *p,
					  struct heapread_stats *stats)
{
	struct heapread_stats local = { 0 };
	struct heapread_buffer *buf = NULL;
	struct heapread_load *ld;
	int err;

	/* More than the machine has can only end in OOM kills: refuse it now. */
	if (!heapread_fits_ram(size))
		ld = NULL;
	else
		ld = heapread_load_create(file, segs, nr_segs, p, size);
	if (!ld) {
		heapread_release_caller(p);
		return ERR_PTR(-ENOMEM);
	}
	if (!stats)
		stats = &local;
	*stats = (struct heapread_stats) { 0 };
	if (p->sync) {
		err = heapread_load_sync(ld, stats);
	} else {
		err = heapread_alloc_async(ld, stats);
		if (err)
			heapread_set_error(ld, err);
		err = heapread_wait_lanes(ld);
		if (!err)
			heapread_flush_lanes(ld);
	}
	if (err)
		heapread_set_error(ld, err);
	heapread_fill_stats(ld, stats);
	err = atomic_read(&ld->err);
	if (!err) {
		buf = ld->buf;
		ld->buf = NULL;
	}
	heapread_load_put(ld);
	return err ? ERR_PTR(err) : buf;
}
