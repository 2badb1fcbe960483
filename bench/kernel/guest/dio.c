// SPDX-License-Identifier: GPL-2.0
/*
 * dio.c - the I/O alone: the file read O_DIRECT, one gather (128 MiB) per
 * pread, by 1 or s->qd threads, into memory that was allocated and
 * populated before the clock started. With the allocation alone, it gives
 * the bound an overlapped load can reach: first gather + max(alloc, I/O).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kbench.h"

#define KB_DIO_MAX_THREADS 8

struct kb_dio {
	int fd;
	uint8_t *p;
	size_t len, size;
	size_t next;		/* next gather to read (atomic) */
	int err;		/* first errno (atomic) */
};

static void *kb_dio_thread(void *arg)
{
	struct kb_dio *d = arg;
	size_t off;

	while ((off = __atomic_fetch_add(&d->next, KB_GATHER, __ATOMIC_RELAXED)) < d->size) {
		size_t want = d->len - off < KB_GATHER ? d->len - off : KB_GATHER;

		for (size_t done = 0; done < want && off + done < d->size;) {
			ssize_t n = pread(d->fd, d->p + off + done, want - done, off + done);
			int zero = 0;

			if (n <= 0) {
				__atomic_compare_exchange_n(&d->err, &zero, n < 0 ? errno : ENODATA,
							    false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
				return NULL;
			}
			done += n;
		}
	}
	return NULL;
}

/* total: the reads; phase populate: the allocation before (not in total). */
int kb_dio_read(const struct kb_scheme *s, const struct kb_file *f, struct kb_result *r)
{
	unsigned int nthreads = s->qd ? s->qd : 1;
	pthread_t threads[KB_DIO_MAX_THREADS];
	struct kb_dio d = { .size = f->size };
	unsigned int started = 0;
	uint64_t t0, t1;
	int ret = 0;

	if (nthreads > KB_DIO_MAX_THREADS)
		nthreads = KB_DIO_MAX_THREADS;
	d.len = (f->size + KB_PAGE - 1) & ~(KB_PAGE - 1);
	t0 = kb_now_ns();
	d.p = mmap(NULL, d.len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (d.p == MAP_FAILED)
		return kb_fail(r, "mmap", errno);
	d.fd = kb_open_file(f, true);
	if (d.fd < 0) {
		munmap(d.p, d.len);
		return kb_fail(r, "open file", errno);
	}
	t1 = kb_begin(r);	/* the populated buffer is before the mark: cost = the reads' */
	while (started < nthreads - 1 &&
	       !pthread_create(&threads[started], NULL, kb_dio_thread, &d))
		started++;
	kb_dio_thread(&d);
	while (started)
		pthread_join(threads[--started], NULL);
	kb_end(r, t1);
	kb_phase(r, "populate", t1 - t0);
	if (d.err)
		ret = kb_fail(r, "pread O_DIRECT", d.err);
	else
		ret = kb_check(d.p, f->size, r);
	close(d.fd);
	munmap(d.p, d.len);
	return ret;
}
