// SPDX-License-Identifier: GPL-2.0
/*
 * udmabuf.c - the memfd + udmabuf schemes: the seed's (read the file into
 * the memfd's mapping, buffered or O_DIRECT, then UDMABUF_CREATE) and the
 * reviewers' (a second thread allocates the memfd gather by gather while the
 * first reads each gather O_DIRECT as soon as it is there)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/udmabuf.h>

#include "kbench.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

struct kb_memfd {
	int fd;
	size_t len;
	uint8_t *p;
};

static int kb_memfd_setup(struct kb_memfd *m, size_t size, struct kb_result *r)
{
	m->len = (size + KB_PAGE - 1) & ~(KB_PAGE - 1);
	m->p = MAP_FAILED;
	m->fd = memfd_create("kbench", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	if (m->fd < 0)
		return kb_fail(r, "memfd_create", errno);
	if (ftruncate(m->fd, m->len))
		return kb_fail(r, "ftruncate memfd", errno);
	m->p = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_SHARED, m->fd, 0);
	if (m->p == MAP_FAILED)
		return kb_fail(r, "mmap memfd", errno);
	return 0;
}

static void kb_memfd_close(struct kb_memfd *m)
{
	if (m->p != MAP_FAILED)
		munmap(m->p, m->len);
	if (m->fd >= 0)
		close(m->fd);
}

/* Seal the memfd's size and turn it into a dma-buf: the dma-buf fd or -1. */
static int kb_udmabuf_create(struct kb_memfd *m, struct kb_result *r)
{
	struct udmabuf_create create = {
		.memfd = m->fd,
		.flags = UDMABUF_FLAGS_CLOEXEC,
		.offset = 0,
		.size = m->len,
	};
	int dev, buf;

	if (fcntl(m->fd, F_ADD_SEALS, F_SEAL_SHRINK))
		return kb_fail(r, "F_SEAL_SHRINK", errno);
	dev = open(KB_UDMABUF, O_RDWR | O_CLOEXEC);
	if (dev < 0)
		return kb_fail(r, "open " KB_UDMABUF, errno);
	buf = ioctl(dev, UDMABUF_CREATE, &create);
	if (buf < 0)
		kb_fail(r, "UDMABUF_CREATE", errno);
	close(dev);
	return buf;
}

/* The seed's udmabuf: phases setup (memfd, size, mmap), read, create. */
int kb_udmabuf(const struct kb_scheme *s, const struct kb_file *f, struct kb_result *r)
{
	struct kb_memfd m = { .fd = -1, .p = MAP_FAILED };
	uint64_t t0, t1, t2;
	int fd, buf, ret = -1;

	t0 = kb_begin(r);
	fd = kb_open_file(f, s->direct);
	if (fd < 0)
		return kb_fail(r, "open file", errno);
	if (kb_memfd_setup(&m, f->size, r))
		goto out;
	t1 = kb_now_ns();
	ret = kb_read_full(fd, m.p, m.len, f->size);
	if (ret) {
		ret = kb_fail(r, "read into memfd", -ret);
		goto out;
	}
	t2 = kb_now_ns();
	buf = kb_udmabuf_create(&m, r);
	kb_end(r, t0);
	if (buf < 0)
		goto out;
	close(buf);
	kb_phase(r, "setup", t1 - t0);
	kb_phase(r, "read", t2 - t1);
	kb_phase(r, "create", t0 + r->total_ns - t2);
	ret = kb_check(m.p, f->size, r);
out:
	kb_memfd_close(&m);
	close(fd);
	return ret;
}

/* The reviewers' version: shared state of the two threads. */
struct kb_overlap {
	struct kb_memfd *m;
	size_t gather;
	pthread_mutex_t lock;
	pthread_cond_t ready;
	size_t allocated;	/* bytes populated so far */
	int err;		/* errno of the allocating thread */
	uint64_t t0, first_ns, alloc_ns;
};

static void kb_overlap_publish(struct kb_overlap *o, size_t allocated, int err)
{
	pthread_mutex_lock(&o->lock);
	o->allocated = allocated;
	o->err = err;
	pthread_cond_signal(&o->ready);
	pthread_mutex_unlock(&o->lock);
}

/* The allocating thread: populate the memfd one gather at a time. */
static void *kb_overlap_alloc(void *arg)
{
	struct kb_overlap *o = arg;
	size_t off, len;

	for (off = 0; off < o->m->len; off += len) {
		len = o->m->len - off < o->gather ? o->m->len - off : o->gather;
		if (madvise(o->m->p + off, len, MADV_POPULATE_WRITE)) {
			kb_overlap_publish(o, off, errno);
			return NULL;
		}
		if (!off)
			o->first_ns = kb_now_ns() - o->t0;
		kb_overlap_publish(o, off + len, 0);
	}
	o->alloc_ns = kb_now_ns() - o->t0;
	return NULL;
}

/* Wait until @end bytes are populated; 0 or the allocator's errno. */
static int kb_overlap_wait(struct kb_overlap *o, size_t end)
{
	int err;

	pthread_mutex_lock(&o->lock);
	while (o->allocated < end && !o->err)
		pthread_cond_wait(&o->ready, &o->lock);
	err = o->allocated < end ? o->err : 0;
	pthread_mutex_unlock(&o->lock);
	return err;
}

/* Read every gather O_DIRECT as soon as it is populated. */
static int kb_overlap_read(struct kb_overlap *o, int fd, size_t size)
{
	size_t off, len;
	int err;

	for (off = 0; off < size; off += len) {
		len = o->m->len - off < o->gather ? o->m->len - off : o->gather;
		err = kb_overlap_wait(o, off + len);
		if (err)
			return -err;
		for (size_t done = 0; done < len && off + done < size;) {
			ssize_t n = pread(fd, o->m->p + off + done, len - done, off + done);

			if (n <= 0)
				return n < 0 ? -errno : -ENODATA;
			done += n;
		}
	}
	return 0;
}

/*
 * Phases, stamps from the start: first_gather (the first gather populated),
 * alloc_done, io_done (reads done); then create (UDMABUF_CREATE, a duration).
 */
int kb_udmabuf_overlap(const struct kb_scheme *s, const struct kb_file *f,
		       struct kb_result *r)
{
	struct kb_memfd m = { .fd = -1, .p = MAP_FAILED };
	struct kb_overlap o = {
		.m = &m,
		.gather = KB_GATHER,
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.ready = PTHREAD_COND_INITIALIZER,
	};
	pthread_t alloc;
	uint64_t t_io;
	int fd, buf, ret = -1;

	(void)s;
	o.t0 = kb_begin(r);
	fd = kb_open_file(f, true);
	if (fd < 0)
		return kb_fail(r, "open file", errno);
	if (kb_memfd_setup(&m, f->size, r))
		goto out;
	ret = pthread_create(&alloc, NULL, kb_overlap_alloc, &o);
	if (ret) {
		ret = kb_fail(r, "pthread_create", ret);
		goto out;
	}
	ret = kb_overlap_read(&o, fd, f->size);
	pthread_join(alloc, NULL);
	t_io = kb_now_ns() - o.t0;
	if (ret) {
		ret = kb_fail(r, "overlapped read", -ret);
		goto out;
	}
	buf = kb_udmabuf_create(&m, r);
	kb_end(r, o.t0);
	if (buf < 0) {
		ret = -1;
		goto out;
	}
	close(buf);
	kb_phase(r, "first_gather", o.first_ns);
	kb_phase(r, "alloc_done", o.alloc_ns);
	kb_phase(r, "io_done", t_io);
	kb_phase(r, "create", r->total_ns - t_io);
	ret = kb_check(m.p, f->size, r);
out:
	kb_memfd_close(&m);
	close(fd);
	return ret;
}
