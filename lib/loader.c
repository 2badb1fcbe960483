// SPDX-License-Identifier: GPL-2.0
/* One load through the engine and the real backends (see loader.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/err.h>
#include <kshim/backend.h>

#include "backend_memfd.h"
#include "backend_uring.h"
#include "cli_util.h"
#include "heapread.h"
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

int hr_open_regular(const char *path, uint64_t *size)
{
	struct stat st;
	int fd;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		hr_err(path, errno);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		hr_err(path, errno);
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		hr_err(path, EISDIR);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		hr_errmsg("%s: %s (%s, not a regular file)", path, strerror(EINVAL),
			  file_kind(st.st_mode));
		goto fail;
	}
	if (st.st_size == 0) {
		hr_errmsg("%s: %s (the file is empty)", path, strerror(ENODATA));
		goto fail;
	}
	/* Regular files ignore O_NONBLOCK, but io_uring would take it as "never block". */
	if (fcntl(fd, F_SETFL, 0) < 0) {
		hr_err(path, errno);
		goto fail;
	}
	*size = (uint64_t)st.st_size;
	return fd;
fail:
	close(fd);
	return -1;
}

/* Pick direct or buffered; 0, or 1 after printing why not. */
static int choose_mode(const char *path, int fd, const struct hr_load_opts *o,
		       struct hr_load_result *r)
{
	bool want_direct = o->mode == HR_IO_DIRECT;

	if (o->mode == HR_IO_AUTO) {
		/* A warm cache reads at ~19 GB/s, O_DIRECT at ~3.8 here (docs/notes/perf.md). */
		want_direct = r->cached_before < 0 || (uint64_t)r->cached_before * 2 < r->size;
		r->mode_why = want_direct ? "auto: the file is mostly not in the page cache" :
					    "auto: the file is mostly in the page cache";
	}
	r->direct = false;
	if (!want_direct)
		return 0;
	if (fcntl(fd, F_SETFL, O_DIRECT) == 0) {
		r->direct = true;
		return 0;
	}
	if (errno != EINVAL || o->mode == HR_IO_DIRECT) {
		hr_errmsg("%s: O_DIRECT: %s%s", path, strerror(errno),
			  errno == EINVAL ? " (the file system does not support direct I/O;"
					    " --buffered or --auto load it buffered)" : "");
		return HR_EXIT_FAIL;
	}
	hr_errmsg("%s: the file system does not support O_DIRECT: loading buffered", path);
	r->mode_why = "auto: the file system does not support O_DIRECT";
	return 0;
}

static int check_pages(const struct hr_load_opts *o, uint64_t size)
{
	char why[256];
	int err = hr_page_kind_check(o->pages, size, why, sizeof(why));

	if (!err)
		return 0;
	hr_errmsg("--pages %s: %s (%s)", hr_page_kind_name(o->pages), strerror(-err), why);
	return HR_EXIT_FAIL;
}

static void params_from_opts(struct heapread_params *p, const struct hr_load_opts *o)
{
	heapread_params_init(p);
	if (o->gather)
		p->gather_limit = o->gather;
	/* The engine's ramp (core/gather.c), as in the module. */
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

static void report_load_error(const char *path, int err)
{
	if (err == -ENODATA)
		hr_errmsg("%s: %s (the file shrank while it was read)", path, strerror(-err));
	else
		hr_err(path, -err);
}

static int run_engine(const char *path, int fd, const struct hr_load_opts *o,
		      struct hr_load_result *r)
{
	struct hr_uring_opts uo = {
		.qd = o->qd, .io_size = o->io_size, .dontcache = !r->direct,
		.fixed = o->fixed, .trace = o->trace,
	};
	struct hr_memfd_backend *mb = &r->pages;
	struct heapread_params p;
	struct heapread_stats st;
	struct hr_uring_file uf;
	struct hr_progress bar;
	struct heapread_buffer *buf;
	int err;

	params_from_opts(&p, o);
	err = heapread_params_check(&p);
	if (err) {
		hr_errmsg("--gather %llu: %s (a positive multiple of 4 KiB)",
			  (unsigned long long)p.gather_limit, strerror(-err));
		return HR_EXIT_USAGE;
	}
	uo.max_readers = p.sync ? 1 : p.queue_depth;
	err = hr_memfd_create(&r->mem, r->size, o->pages);
	if (err) {
		hr_err("memfd", -err);
		return HR_EXIT_FAIL;
	}
	err = hr_uring_file_open(&uf, fd, (loff_t)r->size, &uo);
	if (err) {
		hr_err("io_uring", -err);
		hr_memfd_destroy(&r->mem);
		return HR_EXIT_FAIL;
	}
	hr_memfd_backend_init(mb, &r->mem, o->trace);
	kshim_set_page_backend(&mb->ops);
	if (o->progress)
		hr_progress_start(&bar, "loading", r->size, hr_uring_pool_bytes, uf.pool);
	buf = heapread_load(hr_uring_file_get(&uf), &p, &st);
	if (o->progress)
		hr_progress_stop(&bar);
	kshim_set_page_backend(NULL);
	hr_uring_pool_stats(uf.pool, &r->io);
	hr_uring_file_close(&uf);
	if (IS_ERR(buf)) {
		err = (int)PTR_ERR(buf);
		report_load_error(path, mb->err && err == -ENOMEM ? mb->err : err);
		hr_memfd_destroy(&r->mem);
		return HR_EXIT_FAIL;
	}
	r->buf = buf;
	r->huge_bytes = hr_memfd_huge_bytes(&r->mem);
	r->first_gather_ns = st.first_gather_ns;
	r->alloc_done_ns = st.alloc_done_ns;
	r->io_done_ns = st.io_done_ns;
	r->total_ns = st.total_ns;
	r->nr_gathers = st.nr_gathers;
	r->nr_reads = st.nr_reads;
	r->nr_short_reads = st.nr_short_reads;
	return 0;
}

int hr_load_file(const char *path, const struct hr_load_opts *o, struct hr_load_result *r)
{
	int fd, ret;

	*r = (struct hr_load_result) { .mem = { .fd = -1 } };
	fd = hr_open_regular(path, &r->size);
	if (fd < 0)
		return HR_EXIT_FAIL;
	ret = check_pages(o, r->size);
	if (ret)
		goto out;
	r->cached_before = hr_pagecache_resident(fd, r->size);
	ret = choose_mode(path, fd, o, r);
	if (ret)
		goto out;
	ret = run_engine(path, fd, o, r);
	if (!ret)
		r->cached_after = hr_pagecache_resident(fd, r->size);
out:
	close(fd);
	return ret;
}

void hr_load_release(struct hr_load_result *r)
{
	if (r->buf) {
		kshim_set_page_backend(&r->pages.ops);
		heapread_buffer_free(r->buf);
		kshim_set_page_backend(NULL);
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
