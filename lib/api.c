// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libheapread's public functions (include/libheapread.h): check what the
 * caller asked, open the files, resolve and check the ranges, spread them
 * over buffers, pick the target, and run one load per buffer.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <kshim/task.h>

#include "cli_util.h"
#include "libheapread.h"
#include "loader.h"
#include "memfd_buf.h"
#include "module_load.h"
#include "trace.h"

#define HRL_PAGE	4096ULL

/* ---- the cancel token ---- */

struct hrl_cancel {
	pthread_mutex_t lock;
	bool cancelled;
	struct task_struct *task;	/* the thread loading with it, or NULL */
};

struct hrl_cancel *hrl_cancel_new(void)
{
	struct hrl_cancel *c = calloc(1, sizeof(*c));

	if (c)
		pthread_mutex_init(&c->lock, NULL);
	return c;
}

void hrl_cancel(struct hrl_cancel *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->cancelled = true;
	/* The engine sees a fatal signal: it stops allocating and reading. */
	if (c->task)
		kshim_send_sigkill(c->task);
	pthread_mutex_unlock(&c->lock);
}

void hrl_cancel_free(struct hrl_cancel *c)
{
	if (!c)
		return;
	pthread_mutex_destroy(&c->lock);
	free(c);
}

int hr_cancel_attach(struct hrl_cancel *c, void *task)
{
	int err = 0;

	if (!c)
		return 0;
	pthread_mutex_lock(&c->lock);
	if (c->cancelled)
		err = -ECANCELED;
	else
		c->task = task;
	pthread_mutex_unlock(&c->lock);
	return err;
}

void hr_cancel_detach(struct hrl_cancel *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->task = NULL;
	pthread_mutex_unlock(&c->lock);
}

static bool cancelled(struct hrl_cancel *c)
{
	bool ret;

	if (!c)
		return false;
	pthread_mutex_lock(&c->lock);
	ret = c->cancelled;
	pthread_mutex_unlock(&c->lock);
	return ret;
}

/* ---- names and defaults ---- */

const char *hrl_version(void)
{
	return PACKAGE_VERSION;
}

const char *hrl_target_name(enum hrl_target t)
{
	switch (t) {
	case HRL_TARGET_BEST: return "best";
	case HRL_TARGET_MEMFD: return "memfd";
	case HRL_TARGET_UDMABUF: return "udmabuf";
	case HRL_TARGET_MODULE: return "module";
	}
	return "unknown";
}

void hrl_opts_init(struct hrl_opts *o)
{
	*o = (struct hrl_opts) {
		.target = HRL_TARGET_MEMFD,
		.io = HRL_IO_DIRECT,
		.pages = HRL_PAGES_4K,
	};
}

int hrl_target_available(enum hrl_target t, const char *module_node, struct hrl_error *err)
{
	const char *node;

	switch (t) {
	case HRL_TARGET_BEST:
	case HRL_TARGET_MEMFD:
		return 0;
	case HRL_TARGET_UDMABUF:
		if (access("/dev/udmabuf", R_OK | W_OK) == 0)
			return 0;
		return hr_fail(err, -errno, "/dev/udmabuf: %s (the udmabuf driver: modprobe udmabuf)",
			       strerror(errno));
	case HRL_TARGET_MODULE:
		node = module_node ? module_node : hr_module_find();
		if (node && access(node, R_OK) == 0)
			return 0;
		return hr_fail(err, node ? -errno : -ENOENT,
			       "%s: %s (load the module first: insmod heapread.ko)",
			       node ? node : HR_MODULE_DEVICE, strerror(node ? errno : ENOENT));
	}
	return hr_fail(err, -EINVAL, "target %d: %s", (int)t, strerror(EINVAL));
}

static enum hrl_target best_target(const char *module_node)
{
	if (!hrl_target_available(HRL_TARGET_MODULE, module_node, NULL))
		return HRL_TARGET_MODULE;
	if (!hrl_target_available(HRL_TARGET_UDMABUF, NULL, NULL))
		return HRL_TARGET_UDMABUF;
	return HRL_TARGET_MEMFD;
}

/* ---- checking the options ---- */

static int check_opts(const struct hrl_opts *o, struct hr_load_opts *lo, struct hrl_error *e)
{
	static const enum hr_io_mode modes[] = {
		[HRL_IO_DIRECT] = HR_IO_DIRECT,
		[HRL_IO_BUFFERED] = HR_IO_BUFFERED,
		[HRL_IO_AUTO] = HR_IO_AUTO,
	};

	hr_load_opts_init(lo);
	if ((unsigned int)o->target > HRL_TARGET_MODULE)
		return hr_fail(e, -EINVAL, "target %d: %s", (int)o->target, strerror(EINVAL));
	if ((unsigned int)o->io > HRL_IO_AUTO)
		return hr_fail(e, -EINVAL, "io mode %d: %s", (int)o->io, strerror(EINVAL));
	if ((unsigned int)o->pages > HRL_PAGES_HUGETLB)
		return hr_fail(e, -EINVAL, "pages %d: %s", (int)o->pages, strerror(EINVAL));
	if (o->flags & ~(HRL_F_SYNC | HRL_F_REGISTERED_BUFS | HRL_F_NO_MAP))
		return hr_fail(e, -EINVAL, "flags 0x%x: %s", o->flags, strerror(EINVAL));
	if (o->gather % HRL_PAGE)
		return hr_fail(e, -EINVAL, "gather %llu: %s (a multiple of 4 KiB)",
			       (unsigned long long)o->gather, strerror(EINVAL));
	if (o->gather_min % HRL_PAGE && o->gather_min != UINT64_MAX)
		return hr_fail(e, -EINVAL, "gather min %llu: %s (a multiple of 4 KiB)",
			       (unsigned long long)o->gather_min, strerror(EINVAL));
	if (o->request_size % HRL_PAGE || o->request_size > (1ULL << 30))
		return hr_fail(e, -EINVAL, "request size %llu: %s (a multiple of 4 KiB, at most 1 GiB)",
			       (unsigned long long)o->request_size, strerror(EINVAL));
	if (o->workers > 64)
		return hr_fail(e, -EINVAL, "workers %u: %s (1 to 64)", o->workers, strerror(EINVAL));
	if (o->queue_depth > HR_URING_MAX_QD)
		return hr_fail(e, -EINVAL, "queue depth %u: %s (1 to %u)", o->queue_depth,
			       strerror(EINVAL), HR_URING_MAX_QD);
	if (o->max_buffer_size % HRL_PAGE)
		return hr_fail(e, -EINVAL, "max buffer size %llu: %s (a multiple of 4 KiB)",
			       (unsigned long long)o->max_buffer_size, strerror(EINVAL));
	for (unsigned int i = 0; i < sizeof(o->reserved) / sizeof(o->reserved[0]); i++)
		if (o->reserved[i])
			return hr_fail(e, -EINVAL, "reserved options: %s (must be zero)",
				       strerror(EINVAL));
	lo->mode = modes[o->io];
	lo->pages = (enum hr_page_kind)o->pages;
	lo->gather = o->gather;
	lo->gather_min = o->gather_min;
	if (o->workers)
		lo->workers = o->workers;
	if (o->queue_depth)
		lo->qd = o->queue_depth;
	if (o->request_size)
		lo->io_size = o->request_size;
	lo->sync = o->flags & HRL_F_SYNC;
	lo->fixed = o->flags & HRL_F_REGISTERED_BUFS;
	lo->progress_fn = o->progress;
	lo->progress_arg = o->progress_arg;
	lo->cancel = o->cancel;
	return 0;
}

/* ---- opening and checking the ranges ---- */

struct load {
	const struct hrl_opts *o;
	struct hr_load_opts lo;
	unsigned int nr;
	struct hr_src *srcs;
	char (*names)[64];	/* "fd N" for ranges given by fd */
	enum hrl_target target;
	struct hrl_error *e;
};

/* Our own open file description of an fd the caller gave: flags of our own. */
static int reopen_fd(int fd, uint64_t *size, char *name, size_t name_len, struct hrl_error *e)
{
	char proc[64];

	if (fd < 0)
		return hr_fail(e, -EBADF, "fd %d: %s", fd, strerror(EBADF));
	if (fcntl(fd, F_GETFL) < 0)
		return hr_fail(e, -errno, "fd %d: %s", fd, strerror(errno));
	if ((fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY)
		return hr_fail(e, -EBADF, "fd %d: %s (not open for reading)", fd, strerror(EBADF));
	snprintf(name, name_len, "fd %d", fd);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	return hr_open_src(proc, size, true, e);
}

static int open_one(struct load *ld, unsigned int i, const struct hrl_segment *seg)
{
	struct hr_src *s = &ld->srcs[i];
	int fd;

	if (seg->path) {
		s->name = seg->path;
		fd = hr_open_src(seg->path, &s->file_size, true, ld->e);
	} else {
		s->name = ld->names[i];
		fd = reopen_fd(seg->fd, &s->file_size, ld->names[i], sizeof(ld->names[i]), ld->e);
	}
	if (fd < 0)
		return fd;
	s->fd = fd;
	s->offset = seg->offset;
	/*
	 * The errnos of bad ranges: past the end ENXIO (as SEEK_DATA there),
	 * running past it ERANGE, and the file's size is the one it had now.
	 */
	if (!s->file_size)
		return hr_fail(ld->e, -ENODATA, "%s: %s (the file is empty)", s->name,
			       strerror(ENODATA));
	if (seg->offset >= s->file_size)
		return hr_fail(ld->e, -ENXIO, "%s: offset %llu: %s (the file has %llu bytes)",
			       s->name, (unsigned long long)seg->offset, strerror(ENXIO),
			       (unsigned long long)s->file_size);
	if (seg->length > s->file_size - seg->offset)
		return hr_fail(ld->e, -ERANGE,
			       "%s: %llu bytes at %llu: %s (the file has %llu bytes)", s->name,
			       (unsigned long long)seg->length, (unsigned long long)seg->offset,
			       strerror(ERANGE), (unsigned long long)s->file_size);
	s->length = seg->length ? seg->length : s->file_size - seg->offset;
	return 0;
}

static void close_srcs(struct load *ld)
{
	for (unsigned int i = 0; i < ld->nr; i++)
		if (ld->srcs[i].fd >= 0)
			close(ld->srcs[i].fd);
	free(ld->srcs);
	free(ld->names);
}

static int open_srcs(struct load *ld, const struct hrl_segment *segs)
{
	int err;

	ld->srcs = calloc(ld->nr, sizeof(*ld->srcs));
	ld->names = calloc(ld->nr, sizeof(*ld->names));
	if (!ld->srcs || !ld->names) {
		free(ld->srcs);
		free(ld->names);
		ld->srcs = NULL;
		ld->names = NULL;
		return hr_fail(ld->e, -ENOMEM, "load: %s", strerror(ENOMEM));
	}
	for (unsigned int i = 0; i < ld->nr; i++)
		ld->srcs[i].fd = -1;
	for (unsigned int i = 0; i < ld->nr; i++) {
		err = open_one(ld, i, &segs[i]);
		if (err)
			return err;
	}
	return 0;
}

/* ---- spreading the ranges over buffers ---- */

static uint64_t page_up(uint64_t x)
{
	return (x + HRL_PAGE - 1) & ~(HRL_PAGE - 1);
}

/*
 * Buffer of each range, in order: a new buffer when the next range would
 * take the current one past the cap. Returns the number of buffers, or
 * -errno when a range alone is larger than the cap.
 */
static int group_srcs(struct load *ld, unsigned int *group)
{
	uint64_t cap = ld->o->max_buffer_size, used = 0;
	int nr = 0;

	for (unsigned int i = 0; i < ld->nr; i++) {
		uint64_t need = page_up(ld->srcs[i].length);

		if (cap && need > cap)
			return hr_fail(ld->e, -EFBIG,
				       "%s: %llu bytes: %s (larger than the %llu-byte buffer cap)",
				       ld->srcs[i].name, (unsigned long long)ld->srcs[i].length,
				       strerror(EFBIG), (unsigned long long)cap);
		if (!nr || (cap && used + need > cap)) {
			nr++;
			used = 0;
		}
		group[i] = (unsigned int)nr - 1;
		used += need;
	}
	return nr;
}

/* ---- the result ---- */

struct result {
	struct hrl_result pub;
	struct hr_load_result *loads;	/* memfd and udmabuf: one per buffer */
	int *memfds;			/* udmabuf: the memfd under each dma-buf */
};

void hrl_result_free(struct hrl_result *res)
{
	struct result *r = (struct result *)res;

	if (!r)
		return;
	for (unsigned int i = 0; i < r->pub.nr_buffers; i++) {
		struct hrl_buffer *b = &r->pub.buffers[i];

		if (r->loads) {
			/* The memfd's mapping; its fd is the caller's choice. */
			if (b->target == HRL_TARGET_MEMFD)
				r->loads[i].mem.fd = b->fd;
			else if (b->fd >= 0)
				close(b->fd);
			if (b->target == HRL_TARGET_UDMABUF && b->addr &&
			    b->addr != r->loads[i].mem.base)
				munmap(b->addr, b->len);
			hr_load_release(&r->loads[i]);
		} else {
			if (b->addr)
				munmap(b->addr, b->len);
			if (b->fd >= 0)
				close(b->fd);
		}
	}
	free(r->loads);
	free(r->pub.buffers);
	free(r->pub.placements);
	free(r);
}

static struct result *result_new(unsigned int nr_buffers, unsigned int nr_segs, bool memfd)
{
	struct result *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->pub.buffers = calloc(nr_buffers, sizeof(*r->pub.buffers));
	r->pub.placements = calloc(nr_segs, sizeof(*r->pub.placements));
	if (memfd)
		r->loads = calloc(nr_buffers, sizeof(*r->loads));
	if (!r->pub.buffers || !r->pub.placements || (memfd && !r->loads)) {
		hrl_result_free(&r->pub);
		return NULL;
	}
	for (unsigned int i = 0; i < nr_buffers; i++)
		r->pub.buffers[i].fd = -1;
	for (unsigned int i = 0; memfd && i < nr_buffers; i++)
		r->loads[i].mem.fd = -1;
	r->pub.nr_segments = nr_segs;
	return r;
}

/* Several buffers are loaded one after the other: their times add up. */
static void add_stats(struct hrl_stats *s, const struct hr_load_result *l, bool first)
{
	uint64_t base = s->total_ns;

	if (first)
		s->first_gather_ns = l->first_gather_ns;
	s->alloc_done_ns = base + l->alloc_done_ns;
	s->io_done_ns = base + l->io_done_ns;
	s->total_ns = base + l->total_ns;
	s->gathers += l->nr_gathers;
	s->reads += l->nr_reads;
	s->short_reads += l->nr_short_reads;
	s->requests += l->io.requests;
	s->short_requests += l->io.short_reads;
	s->cached_before = first ? l->cached_before : s->cached_before < 0 || l->cached_before < 0 ?
			   -1 : s->cached_before + l->cached_before;
	s->cached_after = first ? l->cached_after : s->cached_after < 0 || l->cached_after < 0 ?
			  -1 : s->cached_after + l->cached_after;
	s->huge_bytes = first ? l->huge_bytes : s->huge_bytes < 0 || l->huge_bytes < 0 ?
			-1 : s->huge_bytes + l->huge_bytes;
	s->direct = first ? l->direct : s->direct && l->direct;
	s->dontcache |= l->io.dontcache;
	s->registered_bufs |= l->io.fixed;
	if (l->mode_why)
		s->mode_why = l->mode_why;
}

/* One buffer into a memfd (and a dma-buf over it for udmabuf). */
static int load_memfd_group(struct load *ld, struct result *r, unsigned int g,
			    struct hr_src *srcs, unsigned int nr)
{
	struct hr_load_result *l = &r->loads[g];
	struct hrl_buffer *b = &r->pub.buffers[g];
	int err;

	*l = (struct hr_load_result) { .mem = { .fd = -1 } };
	err = hr_choose_mode(srcs, nr, &ld->lo, l, ld->e);
	if (!err)
		err = hr_load_srcs(srcs, nr, &ld->lo, l, ld->e);
	if (err)
		return err;
	*b = (struct hrl_buffer) {
		.fd = l->mem.fd, .addr = l->mem.base, .size = l->size, .len = l->mem.map_len,
		.target = HRL_TARGET_MEMFD,
	};
	if (ld->target == HRL_TARGET_UDMABUF) {
		int fd = hr_memfd_to_udmabuf(&l->mem);

		if (fd < 0)
			return hr_fail(ld->e, fd, "udmabuf: %s", strerror(-fd));
		b->fd = fd;
		b->target = HRL_TARGET_UDMABUF;
		/* The caller sees the dma-buf through its own mapping, not the memfd's. */
		if (!(ld->o->flags & HRL_F_NO_MAP)) {
			b->addr = mmap(NULL, b->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
			if (b->addr == MAP_FAILED) {
				b->addr = NULL;
				return hr_fail(ld->e, -errno, "mmap of the udmabuf: %s",
					       strerror(errno));
			}
		}
	}
	return 0;
}

static int module_path(const struct hr_src *s, char *buf, size_t len)
{
	snprintf(buf, len, "/proc/self/fd/%d", s->fd);
	return 0;
}

/* The placements and stats of a module load. */
static int module_finish(struct load *ld, struct result *r, unsigned int g,
			 const struct hr_module_result *mr, struct hr_load_result *mode)
{
	struct hrl_buffer *b = &r->pub.buffers[g];

	*b = (struct hrl_buffer) {
		.fd = mr->dmabuf_fd, .size = mr->size, .len = mr->len, .target = HRL_TARGET_MODULE,
	};
	if (!(ld->o->flags & HRL_F_NO_MAP)) {
		b->addr = mmap(NULL, b->len, PROT_READ | PROT_WRITE, MAP_SHARED, b->fd, 0);
		if (b->addr == MAP_FAILED) {
			b->addr = NULL;
			return hr_fail(ld->e, -errno, "mmap of the dma-buf: %s", strerror(errno));
		}
	}
	mode->total_ns = mr->ioctl_ns;
	mode->alloc_done_ns = mr->ioctl_ns;
	mode->io_done_ns = mr->ioctl_ns;
	add_stats(&r->pub.stats, mode, g == 0);
	if (ld->lo.progress_fn)
		ld->lo.progress_fn(ld->lo.progress_base + mr->size, ld->lo.progress_total,
				   ld->lo.progress_arg);
	return 0;
}

/* One whole file by the seed's ioctl (every version of the module has it). */
static int load_module_whole(struct load *ld, struct result *r, unsigned int g,
			     struct hr_src *src, struct hr_load_result *mode, const char *node)
{
	struct hr_module_result mr;
	const char *what;
	char path[64];
	int err;

	module_path(src, path, sizeof(path));
	err = hr_module_load(node, path, mode->direct, false, &mr, &what);
	if (err)
		return hr_fail(ld->e, err, "%s: %s", what == path ? src->name : what,
			       strerror(-err));
	src->buf_offset = 0;
	return module_finish(ld, r, g, &mr, mode);
}

/*
 * One buffer by the kernel module: one whole file by the seed's ioctl,
 * anything else by the segment ioctl. The seed's ioctl sizes the buffer
 * from the file as it is when the module looks: with a cap
 * (max_buffer_size), a whole file goes by the segment ioctl too, with its
 * length as the library saw it and the cap checked by the module, unless
 * the module has no segment ioctl.
 */
static int load_module_group(struct load *ld, struct result *r, unsigned int g,
			     struct hr_src *srcs, unsigned int nr)
{
	struct hr_load_result mode = { 0 };
	struct hr_module_segment *ms;
	struct hr_module_result mr;
	const char *node = ld->o->module_node ? ld->o->module_node : hr_module_find();
	uint64_t cap = ld->o->max_buffer_size;
	const char *what;
	bool whole;
	int err;

	err = hr_choose_mode(srcs, nr, &ld->lo, &mode, ld->e);
	if (err)
		return err;
	if (cancelled(ld->o->cancel))
		return hr_fail(ld->e, -ECANCELED, "load: %s", strerror(ECANCELED));
	whole = nr == 1 && !srcs[0].offset && srcs[0].length == srcs[0].file_size;
	if (whole && !cap)
		return load_module_whole(ld, r, g, &srcs[0], &mode, node);
	ms = calloc(nr, sizeof(*ms));
	if (!ms)
		return hr_fail(ld->e, -ENOMEM, "load: %s", strerror(ENOMEM));
	for (unsigned int i = 0; i < nr; i++)
		ms[i] = (struct hr_module_segment) {
			.fd = srcs[i].fd, .offset = srcs[i].offset, .length = srcs[i].length,
		};
	err = hr_module_load_segments(node, ms, nr, cap, &mr, &what);
	for (unsigned int i = 0; !err && i < nr; i++)
		srcs[i].buf_offset = ms[i].buf_offset;
	free(ms);
	if (err == -ENOTTY && whole)
		return load_module_whole(ld, r, g, srcs, &mode, node);
	if (err == -ENOTTY || err == -EINVAL)
		return hr_fail(ld->e, -EOPNOTSUPP, "%s: %s (%s: this module or node has no segment ioctl)",
			       node ? node : HR_MODULE_DEVICE, strerror(EOPNOTSUPP), strerror(-err));
	if (err == -E2BIG && cap)
		return hr_fail(ld->e, err, "%s: %s (the module's layout is over max_buffer_size %llu: pages over 4 KiB?)",
			       what, strerror(-err), (unsigned long long)cap);
	if (err)
		return hr_fail(ld->e, err, "%s: %s", what, strerror(-err));
	return module_finish(ld, r, g, &mr, &mode);
}

static int load_groups(struct load *ld, struct result *r, const unsigned int *group,
		       unsigned int nr_groups)
{
	unsigned int first = 0;
	int err;

	for (unsigned int g = 0; g < nr_groups; g++) {
		unsigned int n = 0;

		while (first + n < ld->nr && group[first + n] == g)
			n++;
		if (ld->target == HRL_TARGET_MODULE) {
			err = load_module_group(ld, r, g, &ld->srcs[first], n);
		} else {
			err = load_memfd_group(ld, r, g, &ld->srcs[first], n);
			if (!err)
				add_stats(&r->pub.stats, &r->loads[g], g == 0);
		}
		/* Count what is there so hrl_result_free() releases it. */
		r->pub.nr_buffers = g + 1;
		if (err)
			return err;
		for (unsigned int i = first; i < first + n; i++) {
			r->pub.placements[i] = (struct hrl_placement) {
				.buffer = g, .offset = ld->srcs[i].buf_offset,
				.length = ld->srcs[i].length,
			};
			ld->lo.progress_base += ld->srcs[i].length;
			r->pub.stats.bytes += ld->srcs[i].length;
		}
		first += n;
	}
	return 0;
}

int hrl_load(const struct hrl_segment *segs, unsigned int nr_segs, const struct hrl_opts *o,
	     struct hrl_result **result, struct hrl_error *e)
{
	struct hrl_error local;
	struct load ld = { .o = o, .nr = nr_segs, .e = e ? e : &local };
	unsigned int *group = NULL;
	struct result *r = NULL;
	uint64_t start = hr_now_ns();
	int nr_groups, err;

	ld.e->code = 0;
	ld.e->message[0] = '\0';
	if (!result || !o || (!segs && nr_segs))
		return hr_fail(ld.e, -EINVAL, "load: %s (NULL argument)", strerror(EINVAL));
	*result = NULL;
	if (!nr_segs)
		return hr_fail(ld.e, -EINVAL, "load: %s (no segment)", strerror(EINVAL));
	if (nr_segs > HRL_MAX_SEGMENTS)
		return hr_fail(ld.e, -E2BIG, "load: %u segments: %s (at most %u)", nr_segs,
			       strerror(E2BIG), HRL_MAX_SEGMENTS);
	err = check_opts(o, &ld.lo, ld.e);
	if (err)
		return err;
	ld.target = o->target == HRL_TARGET_BEST ? best_target(o->module_node) : o->target;
	err = hrl_target_available(ld.target, o->module_node, ld.e);
	if (err)
		return err;
	err = open_srcs(&ld, segs);
	if (err)
		goto out;
	group = calloc(nr_segs, sizeof(*group));
	if (!group) {
		err = hr_fail(ld.e, -ENOMEM, "load: %s", strerror(ENOMEM));
		goto out;
	}
	nr_groups = group_srcs(&ld, group);
	if (nr_groups < 0) {
		err = nr_groups;
		goto out;
	}
	for (unsigned int i = 0; i < nr_segs; i++)
		ld.lo.progress_total += ld.srcs[i].length;
	r = result_new((unsigned int)nr_groups, nr_segs, ld.target != HRL_TARGET_MODULE);
	if (!r) {
		err = hr_fail(ld.e, -ENOMEM, "load: %s", strerror(ENOMEM));
		goto out;
	}
	r->pub.target = ld.target;
	if (o->trace_path) {
		ld.lo.trace = hr_trace_open(o->trace_path, &err);
		if (!ld.lo.trace) {
			err = hr_fail(ld.e, err, "%s: %s", o->trace_path, strerror(-err));
			goto out;
		}
	}
	err = load_groups(&ld, r, group, (unsigned int)nr_groups);
	if (ld.lo.trace) {
		int terr = hr_trace_close(ld.lo.trace);

		if (terr && !err)
			err = hr_fail(ld.e, terr, "%s: %s", o->trace_path, strerror(-terr));
	}
	if (!err && ld.target == HRL_TARGET_MODULE)
		r->pub.stats.total_ns = hr_now_ns() - start;
out:
	free(group);
	close_srcs(&ld);
	if (err) {
		hrl_result_free(r ? &r->pub : NULL);
		return err;
	}
	*result = &r->pub;
	return 0;
}

int hrl_load_range(const char *path, uint64_t offset, uint64_t length, const struct hrl_opts *o,
		   struct hrl_result **result, struct hrl_error *err)
{
	struct hrl_segment seg = { .path = path, .fd = -1, .offset = offset, .length = length };

	if (!path)
		return hr_fail(err, -EINVAL, "load: %s (NULL path)", strerror(EINVAL));
	return hrl_load(&seg, 1, o, result, err);
}

int hrl_load_file(const char *path, const struct hrl_opts *o, struct hrl_result **result,
		  struct hrl_error *err)
{
	return hrl_load_range(path, 0, 0, o, result, err);
}
