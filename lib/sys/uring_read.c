// SPDX-License-Identifier: GPL-2.0 OR MIT
/* io_uring reads for the loader (see uring_read.h). */
#include "config.h"

#include <errno.h>
#include <liburing.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#else
#define VALGRIND_MAKE_MEM_DEFINED(addr, len) ((void)(addr), (void)(len))
#endif

#include "cli_util.h"
#include "trace.h"
#include "uring_read.h"

#ifndef RWF_DONTCACHE
#define RWF_DONTCACHE	0x00000080	/* Linux 6.14 */
#endif

/* A registered buffer may not exceed 1 GiB. */
#define FIXED_MAX	(1UL << 30)

/* Requests a ring tracks at once: a sliding window ahead of the oldest unfinished one. */
#define WINDOW		(2 * HR_URING_MAX_QD)

struct req {
	char *buf;
	size_t len;
	off_t pos;
	ssize_t res;
	uint64_t start_ns;
	bool done;
};

struct reader {
	struct io_uring ring;
	bool ready;		/* ring initialised */
	bool busy;		/* a thread is reading with it */
	bool fixed;		/* a sparse buffer table is registered */
	struct iovec *segs;	/* the caller's iovecs, contiguous ones merged */
	int segs_cap;
	struct req reqs[WINDOW];
};

struct hr_uring_pool {
	int fd;
	struct hr_uring_opts o;
	int rw_flags;
	atomic_bool fixed;
	pthread_mutex_t lock;
	pthread_cond_t idle;
	struct reader *readers;
	atomic_uint_fast64_t bytes, requests, short_reads;
};

bool hr_dontcache_supported(int fd)
{
	char byte;
	struct iovec iov = { &byte, 1 };

	return preadv2(fd, &iov, 1, 0, RWF_DONTCACHE) >= 0;
}

int hr_uring_pool_new(struct hr_uring_pool **pp, int fd, const struct hr_uring_opts *o)
{
	struct hr_uring_pool *p;

	if (!o->qd || o->qd > HR_URING_MAX_QD || !o->io_size || o->io_size % 4096 ||
	    !o->max_readers)
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->readers = calloc(o->max_readers, sizeof(*p->readers));
	if (!p->readers) {
		free(p);
		return -ENOMEM;
	}
	p->fd = fd;
	p->o = *o;
	p->rw_flags = o->dontcache && hr_dontcache_supported(fd) ? RWF_DONTCACHE : 0;
	atomic_init(&p->fixed, o->fixed);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->idle, NULL);
	*pp = p;
	return 0;
}

void hr_uring_pool_free(struct hr_uring_pool *p)
{
	if (!p)
		return;
	for (unsigned int i = 0; i < p->o.max_readers; i++) {
		if (p->readers[i].ready)
			io_uring_queue_exit(&p->readers[i].ring);
		free(p->readers[i].segs);
	}
	pthread_cond_destroy(&p->idle);
	pthread_mutex_destroy(&p->lock);
	free(p->readers);
	free(p);
}

int hr_uring_probe(void)
{
	struct io_uring ring;
	int err = io_uring_queue_init(1, &ring, 0);

	if (!err)
		io_uring_queue_exit(&ring);
	return err;
}

static int reader_init(struct hr_uring_pool *p, struct reader *r)
{
	int err = io_uring_queue_init(p->o.qd, &r->ring, 0);

	if (err)
		return err;
	r->ready = true;
	if (atomic_load(&p->fixed))
		r->fixed = !io_uring_register_buffers_sparse(&r->ring, 1);
	return 0;
}

/* Take an idle reader (a ring no other thread uses), waiting if all are busy. */
static int reader_get(struct hr_uring_pool *p, struct reader **out)
{
	int err = 0;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		for (unsigned int i = 0; i < p->o.max_readers; i++) {
			struct reader *r = &p->readers[i];

			if (r->busy || (!r->ready && (err = reader_init(p, r))))
				continue;
			r->busy = true;
			*out = r;
			pthread_mutex_unlock(&p->lock);
			return 0;
		}
		if (err)
			break;
		pthread_cond_wait(&p->idle, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return err;
}

static void reader_put(struct hr_uring_pool *p, struct reader *r)
{
	pthread_mutex_lock(&p->lock);
	r->busy = false;
	pthread_cond_signal(&p->idle);
	pthread_mutex_unlock(&p->lock);
}

/* Copy @iov into r->segs, merging neighbours that are contiguous in memory. */
static int merge_segments(struct reader *r, const struct iovec *iov, int n, size_t max_seg)
{
	int nsegs = 0;

	if (n > r->segs_cap) {
		struct iovec *segs = realloc(r->segs, n * sizeof(*segs));

		if (!segs)
			return -ENOMEM;
		r->segs = segs;
		r->segs_cap = n;
	}
	for (int i = 0; i < n; i++) {
		struct iovec *last = nsegs ? &r->segs[nsegs - 1] : NULL;

		if (!iov[i].iov_len)
			continue;
		if (last && (char *)last->iov_base + last->iov_len == iov[i].iov_base &&
		    last->iov_len + iov[i].iov_len <= max_seg) {
			last->iov_len += iov[i].iov_len;
			continue;
		}
		r->segs[nsegs++] = iov[i];
	}
	return nsegs;
}

/* Where the next request comes from. */
struct cursor {
	int seg, nsegs;
	size_t off;		/* into segs[seg] */
	off_t pos;		/* file offset */
	int registered;		/* segment registered in slot 0, or -1 */
};

static void register_segment(struct hr_uring_pool *p, struct reader *r, struct cursor *c)
{
	__u64 tag = 0;

	if (c->registered == c->seg)
		return;
	if (io_uring_register_buffers_update_tag(&r->ring, 0, &r->segs[c->seg], &tag, 1) == 1) {
		c->registered = c->seg;
		return;
	}
	/* Refused (old kernel, memory that cannot be pinned): plain reads from now on. */
	atomic_store(&p->fixed, false);
	r->fixed = false;
}

/* Prepare the next request at the cursor (not yet submitted). */
static bool prep_one(struct hr_uring_pool *p, struct reader *r, struct cursor *c, uint64_t seq)
{
	struct iovec *s = &r->segs[c->seg];
	struct req *q = &r->reqs[seq % WINDOW];
	struct io_uring_sqe *sqe = io_uring_get_sqe(&r->ring);
	size_t len = s->iov_len - c->off;

	if (!sqe)
		return false;
	if (len > p->o.io_size)
		len = p->o.io_size;
	*q = (struct req) { .buf = (char *)s->iov_base + c->off, .len = len, .pos = c->pos };
	if (r->fixed && atomic_load(&p->fixed))
		register_segment(p, r, c);
	if (r->fixed && c->registered == c->seg) {
		io_uring_prep_read_fixed(sqe, p->fd, q->buf, (unsigned int)len, q->pos, 0);
	} else {
		io_uring_prep_read(sqe, p->fd, q->buf, (unsigned int)len, q->pos);
		sqe->rw_flags = p->rw_flags;
	}
	io_uring_sqe_set_data64(sqe, seq);
	if (p->o.trace)
		q->start_ns = hr_now_ns();
	c->off += len;
	c->pos += len;
	if (c->off == s->iov_len) {
		c->seg++;
		c->off = 0;
	}
	return true;
}

/* What one call has read: a prefix, closed by the first short or failed request. */
struct progress {
	uint64_t head, next;	/* oldest unaccounted request, next to prepare */
	unsigned int inflight;
	size_t bytes;
	int err;
	bool closed;
};

static void account(struct hr_uring_pool *p, struct reader *r, struct progress *g)
{
	while (g->head < g->next && r->reqs[g->head % WINDOW].done) {
		struct req *q = &r->reqs[g->head % WINDOW];

		g->head++;
		if (g->closed)
			continue;
		if (q->res < 0) {
			g->err = (int)q->res;
			g->closed = true;
			continue;
		}
		g->bytes += (size_t)q->res;
		atomic_fetch_add(&p->bytes, (uint64_t)q->res);
		if ((size_t)q->res < q->len) {
			atomic_fetch_add(&p->short_reads, 1);
			g->closed = true;
		}
	}
}

static int reap(struct hr_uring_pool *p, struct reader *r, struct progress *g)
{
	struct io_uring_cqe *cqe;
	unsigned int head, seen = 0;
	int err;

	do
		err = io_uring_wait_cqe(&r->ring, &cqe);
	while (err == -EINTR);
	if (err)
		return err;
	io_uring_for_each_cqe(&r->ring, head, cqe) {
		struct req *q = &r->reqs[io_uring_cqe_get_data64(cqe) % WINDOW];

		q->res = cqe->res;
		q->done = true;
		/* The kernel wrote it behind valgrind's back. */
		if (q->res > 0)
			VALGRIND_MAKE_MEM_DEFINED(q->buf, q->res);
		if (p->o.trace)
			hr_trace_span(p->o.trace, "read", q->start_ns, hr_now_ns(), q->pos, q->len);
		seen++;
	}
	io_uring_cq_advance(&r->ring, seen);
	g->inflight -= seen;
	atomic_fetch_add(&p->requests, seen);
	account(p, r, g);
	return 0;
}

static int read_segments(struct hr_uring_pool *p, struct reader *r, int nsegs, off_t pos,
			 struct progress *g)
{
	struct cursor c = { .nsegs = nsegs, .pos = pos, .registered = -1 };
	int err, ring_err = 0;

	for (;;) {
		unsigned int queued = 0;

		while (!g->closed && c.seg < nsegs && g->inflight + queued < p->o.qd &&
		       g->next - g->head < WINDOW && prep_one(p, r, &c, g->next)) {
			g->next++;
			queued++;
		}
		while (queued) {
			err = io_uring_submit(&r->ring);
			if (err == -EINTR || err == -EAGAIN || err == -EBUSY)
				continue;
			if (err < 0) {
				ring_err = err;	/* the caller drops the ring and its unsent entries */
				g->closed = true;
				break;
			}
			g->inflight += (unsigned int)err;
			queued -= (unsigned int)err;
		}
		/* Never return while a request can still write into the buffer. */
		if (!g->inflight)
			return ring_err;
		err = reap(p, r, g);
		if (err)
			return err;
	}
}

ssize_t hr_uring_pool_readv(struct hr_uring_pool *p, const struct iovec *iov, int n, off_t pos)
{
	struct progress g = { 0 };
	struct reader *r;
	int nsegs, err;

	err = reader_get(p, &r);
	if (err)
		return err;
	nsegs = merge_segments(r, iov, n, r->fixed ? FIXED_MAX : SIZE_MAX);
	if (nsegs < 0) {
		reader_put(p, r);
		return nsegs;
	}
	err = read_segments(p, r, nsegs, pos, &g);
	if (err) {
		/* Ring failure: exit it (the kernel finishes or cancels what is in flight). */
		io_uring_queue_exit(&r->ring);
		r->ready = false;
		if (!g.err)
			g.err = err;
	}
	reader_put(p, r);
	if (g.bytes)
		return (ssize_t)g.bytes;
	return g.err;
}

void hr_uring_pool_stats(struct hr_uring_pool *p, struct hr_uring_stats *s)
{
	*s = (struct hr_uring_stats) {
		.bytes = atomic_load(&p->bytes),
		.requests = atomic_load(&p->requests),
		.short_reads = atomic_load(&p->short_reads),
		.dontcache = p->rw_flags & RWF_DONTCACHE,
		.fixed = atomic_load(&p->fixed),
	};
}

uint64_t hr_uring_pool_bytes(void *p)
{
	return atomic_load(&((struct hr_uring_pool *)p)->bytes);
}
