// SPDX-License-Identifier: GPL-2.0 OR MIT
/* One load through the engine and the real backends (see loader.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if __has_include(<valgrind/helgrind.h>) && __has_include(<valgrind/drd.h>)
#include <valgrind/helgrind.h>
#include <valgrind/drd.h>	/* after helgrind.h: it redefines the ANNOTATE_ macros */
#else
#define ANNOTATE_HAPPENS_BEFORE(x)	((void)(x))
#define ANNOTATE_HAPPENS_AFTER(x)	((void)(x))
#endif

#include <linux/err.h>
#include <linux/sched/signal.h>
#include <kshim/backend.h>
#include <kshim/task.h>

#include "backend_memfd.h"
#include "backend_uring.h"
#include "cli_util.h"
#include "heapread.h"
#include "heapread_segment.h"
#include "loader.h"
#include "pagecache.h"

void hr_load_opts_init(struct hr_load_opts *o)
{
	*o = (struct hr_load_opts) {
		.mode = HR_IO_DIRECT,
		.workers = HR_LOAD_DEFAULT_WORKERS,
		.qd = HR_URING_DEFAULT_QD,
		.io_size = HR_URING_DEFAULT_IO,
		.pages = HR_PAGES_4K,
	};
}

int hr_fail(struct hrl_error *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return code;
}

static const char *file_kind(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

int hr_open_src(const char *path, uint64_t *size, bool empty_ok, struct hrl_error *e)
{
	struct stat st;
	int fd, err;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return hr_fail(e, -errno, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0) {
		err = hr_fail(e, -errno, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		err = hr_fail(e, -EISDIR, "%s: %s", path, strerror(EISDIR));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		err = hr_fail(e, -EINVAL, "%s: %s (%s, not a regular file)", path,
			      strerror(EINVAL), file_kind(st.st_mode));
		goto fail;
	}
	if (st.st_size == 0 && !empty_ok) {
		err = hr_fail(e, -ENODATA, "%s: %s (the file is empty)", path, strerror(ENODATA));
		goto fail;
	}
	/* Regular files ignore O_NONBLOCK, but io_uring would take it as "never block". */
	if (fcntl(fd, F_SETFL, 0) < 0) {
		err = hr_fail(e, -errno, "%s: %s", path, strerror(errno));
		goto fail;
	}
	*size = (uint64_t)st.st_size;
	return fd;
fail:
	close(fd);
	return err;
}

int hr_open_regular(const char *path, uint64_t *size)
{
	struct hrl_error e;
	int fd = hr_open_src(path, size, false, &e);

	if (fd < 0)
		hr_errmsg("%s", e.message);
	return fd < 0 ? -1 : fd;
}

/* Bytes of every range in the page cache, or -errno if any is unknown. */
static int64_t cached_bytes(const struct hr_src *srcs, unsigned int nr)
{
	int64_t total = 0;

	for (unsigned int i = 0; i < nr; i++) {
		int64_t c = hr_pagecache_range_resident(srcs[i].fd, srcs[i].offset, srcs[i].length);

		if (c < 0)
			return c;
		total += c;
	}
	return total;
}

static uint64_t total_length(const struct hr_src *srcs, unsigned int nr)
{
	uint64_t total = 0;

	for (unsigned int i = 0; i < nr; i++)
		total += srcs[i].length;
	return total;
}

int hr_choose_mode(struct hr_src *srcs, unsigned int nr, const struct hr_load_opts *o,
		   struct hr_load_result *r, struct hrl_error *e)
{
	bool want_direct = o->mode == HR_IO_DIRECT;

	r->cached_before = cached_bytes(srcs, nr);
	if (o->mode == HR_IO_AUTO) {
		/* A warm cache reads at ~19 GB/s, O_DIRECT at ~3.8 here (docs/notes/perf.md). */
		want_direct = r->cached_before < 0 ||
			      (uint64_t)r->cached_before * 2 < total_length(srcs, nr);
		r->mode_why = want_direct ? "auto: the files are mostly not in the page cache" :
					    "auto: the files are mostly in the page cache";
	}
	r->direct = want_direct;
	for (unsigned int i = 0; i < nr; i++) {
		srcs[i].direct = false;
		if (!want_direct)
			continue;
		if (fcntl(srcs[i].fd, F_SETFL, O_DIRECT) == 0) {
			srcs[i].direct = true;
			continue;
		}
		if (errno != EINVAL || o->mode == HR_IO_DIRECT)
			return hr_fail(e, -errno, "%s: O_DIRECT: %s%s", srcs[i].name, strerror(errno),
				       errno == EINVAL ?
				       " (the file system does not support direct I/O;"
				       " --buffered or --auto load it buffered)" : "");
		r->mode_why = "auto: the file system does not support O_DIRECT";
		r->direct = false;
	}
	return 0;
}

static void params_from_opts(struct heapread_params *p, const struct hr_load_opts *o)
{
	heapread_params_init(p);
	if (o->gather)
		p->gather_limit = o->gather;
	/* The engine's steps (core/gather.c), as in the module. */
	if (o->gather_min == UINT64_MAX)
		p->gather_min = 0;
	else if (o->gather_min)
		p->gather_min = o->gather_min;
	if (o->workers)
		p->queue_depth = o->workers;
	p->sync = o->sync;
	p->order_mask = hr_memfd_order_mask(o->pages);
	/* The memfd is the limit, not the kernel module's default cap. */
	p->max_size = INT64_MAX;
}

static int report_load_error(struct hrl_error *e, const struct hr_src *srcs, unsigned int nr,
			     int err)
{
	const char *what = nr == 1 ? srcs[0].name : "load";

	if (err == -ENODATA)
		return hr_fail(e, err, "%s: %s (a file shrank while it was read)", what,
			       strerror(-err));
	if (err == -EINTR)
		return hr_fail(e, -ECANCELED, "%s: %s", what, strerror(ECANCELED));
	return hr_fail(e, err, "%s: %s", what, strerror(-err));
}

/*
 * The progress callback and the cancel of one load: the readers report bytes
 * here; a callback that asks to stop cancels the load like hrl_cancel().
 */
/*
 * The engine's release: it calls it once it no longer uses the files and the
 * context, which after a cancel can be after heapread_load() returned (its
 * last reads finish first). Until then the files' io_uring pools and the
 * memfd the pages come from must stay. The waiter lives on the heap with a
 * reference for each side: the engine's thread may still be inside
 * pthread_mutex_unlock() when the loader wakes, so neither frees it alone.
 */
struct release_wait {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool released;
	atomic_int refs;
};

static struct release_wait *release_wait_new(void)
{
	struct release_wait *rw = calloc(1, sizeof(*rw));

	if (!rw)
		return NULL;
	pthread_mutex_init(&rw->lock, NULL);
	pthread_cond_init(&rw->cond, NULL);
	atomic_init(&rw->refs, 2);
	return rw;
}

static void release_wait_put(struct release_wait *rw)
{
	ANNOTATE_HAPPENS_BEFORE(&rw->refs);
	if (atomic_fetch_sub(&rw->refs, 1) != 1)
		return;
	ANNOTATE_HAPPENS_AFTER(&rw->refs);
	pthread_cond_destroy(&rw->cond);
	pthread_mutex_destroy(&rw->lock);
	free(rw);
}

struct load_ctx {
	const struct hr_load_opts *o;
	struct task_struct *task;	/* the loading thread's */
	pthread_mutex_t lock;
	uint64_t done;
	bool stopped;
	struct release_wait *rw;
};

static void on_release(void *arg)
{
	struct release_wait *rw = ((struct load_ctx *)arg)->rw;

	pthread_mutex_lock(&rw->lock);
	rw->released = true;
	pthread_cond_broadcast(&rw->cond);
	pthread_mutex_unlock(&rw->lock);
	release_wait_put(rw);
}

static const struct heapread_worker_ops lib_worker_ops = {
	.release = on_release,
};

static void wait_released(struct release_wait *rw)
{
	pthread_mutex_lock(&rw->lock);
	while (!rw->released)
		pthread_cond_wait(&rw->cond, &rw->lock);
	pthread_mutex_unlock(&rw->lock);
	release_wait_put(rw);
}

static void on_bytes(void *arg, uint64_t bytes)
{
	struct load_ctx *lc = arg;
	const struct hr_load_opts *o = lc->o;
	uint64_t done;

	pthread_mutex_lock(&lc->lock);
	lc->done += bytes;
	done = o->progress_base + lc->done;
	if (done > o->progress_total)
		done = o->progress_total;
	if (!lc->stopped && o->progress_fn(done, o->progress_total, o->progress_arg)) {
		lc->stopped = true;
		kshim_send_sigkill(lc->task);
	}
	pthread_mutex_unlock(&lc->lock);
}

/* The engine's files over the ranges' fds: one io_uring pool each. */
struct src_files {
	unsigned int nr;
	struct hr_uring_file *uf;
	const struct hr_src *srcs;
	struct heapread_segment *segs;
};

static void src_files_close(struct src_files *sf, struct hr_load_result *r)
{
	struct hr_uring_stats st;

	for (unsigned int i = 0; i < sf->nr; i++) {
		hr_uring_pool_stats(sf->uf[i].pool, &st);
		r->io.bytes += st.bytes;
		r->io.requests += st.requests;
		r->io.short_reads += st.short_reads;
		r->io.dontcache |= st.dontcache;
		r->io.fixed |= st.fixed;
		hr_uring_file_close(&sf->uf[i]);
	}
	free(sf->uf);
	free(sf->segs);
}

static int src_files_open(struct src_files *sf, const struct hr_src *srcs, unsigned int nr,
			  const struct hr_load_opts *o, const struct heapread_params *p,
			  struct load_ctx *lc, struct hrl_error *e)
{
	int err;

	*sf = (struct src_files) { .srcs = srcs };
	sf->uf = calloc(nr, sizeof(*sf->uf));
	sf->segs = calloc(nr, sizeof(*sf->segs));
	if (!sf->uf || !sf->segs) {
		free(sf->uf);
		free(sf->segs);
		return hr_fail(e, -ENOMEM, "load: %s", strerror(ENOMEM));
	}
	for (; sf->nr < nr; sf->nr++) {
		const struct hr_src *s = &srcs[sf->nr];
		struct hr_uring_opts uo = {
			.qd = o->qd, .io_size = o->io_size, .dontcache = !s->direct,
			.fixed = o->fixed, .trace = o->trace,
			.max_readers = p->sync ? 1 : p->queue_depth,
		};

		err = hr_uring_file_open(&sf->uf[sf->nr], s->fd, (loff_t)s->file_size, &uo);
		if (err) {
			struct hr_load_result dummy = { 0 };

			src_files_close(sf, &dummy);
			return hr_fail(e, err, "io_uring: %s", strerror(-err));
		}
		if (o->progress_fn)
			hr_uring_file_on_bytes(&sf->uf[sf->nr], on_bytes, lc);
		sf->segs[sf->nr] = (struct heapread_segment) {
			.file = hr_uring_file_get(&sf->uf[sf->nr]),
			.offset = (loff_t)s->offset,
			.length = s->length,
		};
	}
	return 0;
}

/* The engine proper, between installing this thread's page backend and removing it. */
static struct heapread_buffer *engine_load(struct src_files *sf, const struct heapread_params *p,
					   struct heapread_stats *st)
{
	const struct hr_src *s = &sf->srcs[0];

	/* One whole file: the seed's load, as the module's original ioctl does it. */
	if (sf->nr == 1 && s->offset == 0 && s->length == s->file_size)
		return heapread_load(hr_uring_file_get(&sf->uf[0]), p, st);
	return heapread_load_segments(sf->segs, sf->nr, p, st);
}

static void copy_stats(struct hr_load_result *r, const struct heapread_stats *st)
{
	r->first_gather_ns = st->first_gather_ns;
	r->alloc_done_ns = st->alloc_done_ns;
	r->io_done_ns = st->io_done_ns;
	r->total_ns = st->total_ns;
	r->nr_gathers = st->nr_gathers;
	r->nr_reads = st->nr_reads;
	r->nr_short_reads = st->nr_short_reads;
}

/* Run the engine with this thread as the cancellable loader. */
static struct heapread_buffer *run_cancellable(struct src_files *sf, const struct heapread_params *p,
					       struct heapread_stats *st, struct load_ctx *lc)
{
	struct heapread_buffer *buf;

	lc->task = current;
	if (hr_cancel_attach(lc->o->cancel, lc->task)) {
		free(lc->rw);	/* the engine never saw it */
		return ERR_PTR(-EINTR);
	}
	buf = engine_load(sf, p, st);
	hr_cancel_detach(lc->o->cancel);
	wait_released(lc->rw);
	/*
	 * A cancel that came while the engine ran cancels the load even if the
	 * reads won the race (the engine's wait returns success once they are
	 * all done): hrl_cancel() before hrl_load() returns means -ECANCELED.
	 */
	if (!IS_ERR(buf) && fatal_signal_pending(lc->task)) {
		heapread_buffer_free(buf);
		buf = ERR_PTR(-EINTR);
	}
	/* Nobody can send it any more: the next load of this thread starts clean. */
	kshim_clear_sigkill(lc->task);
	return buf;
}

/* Each range starts on a page boundary of the buffer, as the engine lays them out. */
static uint64_t place_srcs(struct hr_src *srcs, unsigned int nr)
{
	uint64_t off = 0;

	for (unsigned int i = 0; i < nr; i++) {
		off = (off + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
		srcs[i].buf_offset = off;
		off += srcs[i].length;
	}
	return off;
}

int hr_load_srcs(struct hr_src *srcs, unsigned int nr, const struct hr_load_opts *o,
		 struct hr_load_result *r, struct hrl_error *e)
{
	struct load_ctx lc = { .o = o };
	struct hr_memfd_backend *mb = &r->pages;
	struct heapread_params p;
	struct heapread_stats st = { 0 };
	struct heapread_buffer *buf;
	struct src_files sf;
	struct hr_progress bar;
	char why[256];
	int err;

	r->size = place_srcs(srcs, nr);
	r->mem.fd = -1;
	err = hr_page_kind_check(o->pages, r->size, why, sizeof(why));
	if (err)
		return hr_fail(e, err, "pages %s: %s (%s)", hr_page_kind_name(o->pages),
			       strerror(-err), why);
	params_from_opts(&p, o);
	p.worker_ops = &lib_worker_ops;
	p.worker_ctx = &lc;
	err = heapread_params_check(&p);
	if (err)
		return hr_fail(e, err, "gather %llu: %s (a positive multiple of 4 KiB)",
			       (unsigned long long)p.gather_limit, strerror(-err));
	err = hr_memfd_create(&r->mem, r->size, o->pages);
	if (err)
		return hr_fail(e, err, "memfd: %s", strerror(-err));
	lc.rw = release_wait_new();
	if (!lc.rw) {
		hr_memfd_destroy(&r->mem);
		return hr_fail(e, -ENOMEM, "load: %s", strerror(ENOMEM));
	}
	pthread_mutex_init(&lc.lock, NULL);
	err = src_files_open(&sf, srcs, nr, o, &p, &lc, e);
	if (err) {
		free(lc.rw);	/* the engine never saw it */
		goto out;
	}
	hr_memfd_backend_init(mb, &r->mem, o->trace);
	kshim_set_thread_page_backend(&mb->ops);
	if (o->progress)
		hr_progress_start(&bar, "loading", r->size, hr_uring_pool_bytes, sf.uf[0].pool);
	buf = run_cancellable(&sf, &p, &st, &lc);
	if (o->progress)
		hr_progress_stop(&bar);
	kshim_set_thread_page_backend(NULL);
	src_files_close(&sf, r);
	if (IS_ERR(buf)) {
		err = (int)PTR_ERR(buf);
		report_load_error(e, srcs, nr, mb->err && err == -ENOMEM ? mb->err : err);
		err = e ? e->code : err;
		goto out;
	}
	place_srcs(srcs, nr);
	r->buf = buf;
	r->huge_bytes = hr_memfd_huge_bytes(&r->mem);
	copy_stats(r, &st);
	r->cached_after = cached_bytes(srcs, nr);
out:
	pthread_mutex_destroy(&lc.lock);
	if (err)
		hr_memfd_destroy(&r->mem);
	return err;
}

int hr_load_file(const char *path, const struct hr_load_opts *o, struct hr_load_result *r)
{
	struct hr_src src = { .name = path };
	struct hrl_error e;
	int err;

	*r = (struct hr_load_result) { .mem = { .fd = -1 } };
	src.fd = hr_open_src(path, &src.file_size, false, &e);
	if (src.fd < 0) {
		hr_errmsg("%s", e.message);
		return HR_EXIT_FAIL;
	}
	src.length = src.file_size;
	err = hr_choose_mode(&src, 1, o, r, &e);
	if (!err)
		err = hr_load_srcs(&src, 1, o, r, &e);
	close(src.fd);
	if (err) {
		hr_errmsg("%s", e.message);
		return HR_EXIT_FAIL;
	}
	return 0;
}

void hr_load_release(struct hr_load_result *r)
{
	/* Each chunk goes back to the backend that gave it (kshim records it). */
	if (r->buf) {
		heapread_buffer_free(r->buf);
		r->buf = NULL;
	}
	hr_memfd_destroy(&r->mem);
}

int64_t hr_alloc_only(uint64_t size, const struct hr_load_opts *o)
{
	uint64_t chunk = PAGE_SIZE << (o->pages == HR_PAGES_4K ? 8 : 9);
	struct hr_memfd mem;
	uint64_t start;
	int64_t ns;
	int err;

	err = hr_memfd_create(&mem, size, o->pages);
	if (err)
		return err;
	start = hr_now_ns();
	for (uint64_t off = 0; off < mem.map_len && !err; off += chunk)
		err = hr_memfd_populate(&mem, off, mem.map_len - off < chunk ? mem.map_len - off : chunk);
	ns = (int64_t)(hr_now_ns() - start);
	hr_memfd_destroy(&mem);
	return err ? err : ns;
}
