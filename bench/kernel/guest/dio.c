// SPDX-License-Identifier: GPL-2.0
/*
 * dio.c - the I/O alone: the file read O_DIRECT, one gather (128 MiB) per
 * pread, by 1 or s->qd threads, into memory that was allocated and
 * populated before the clock started. With the allocation alone, it gives
 * the bound an overlapped load can reach: first gather + max(alloc, I/O).
 *
 * That bound assumes the reads and the allocation share nothing. In the
 * guest both need the host's two cores (the vCPUs clear pages, qemu's I/O
 * thread moves the disk's data), so the "beside" scheme runs the same reads
 * while heapread's zeroed len allocation of the same size runs beside them,
 * unsynchronised: its total, both done, is what side by side costs here.
 * The len allocation always clears its pages, as a load's allocation does
 * only with init_on_alloc=1: only that boot's figure is the load's rival.
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

/* The allocation beside the reads: heapread's zeroed len allocation. */
struct kb_beside {
	size_t len;
	uint64_t t0, done_ns;
	int err;
};

static void *kb_beside_thread(void *arg)
{
	struct kb_beside *b = arg;

	b->err = -kb_len_alloc(b->len);
	b->done_ns = kb_now_ns() - b->t0;
	return NULL;
}

/*
 * total: the reads (and, beside, the allocation: both done); phases:
 * populate, the allocation before (not in total), and beside, when each
 * part was done.
 */
int kb_dio_read(const struct kb_scheme *s, const struct kb_file *f, struct kb_result *r)
{
	unsigned int nthreads = s->qd ? s->qd : 1;
	pthread_t threads[KB_DIO_MAX_THREADS];
	struct kb_dio d = { .size = f->size };
	struct kb_beside beside = { 0 };
	pthread_t beside_thread;
	unsigned int started = 0;
	uint64_t t0, t1, io_ns;
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
	if (s->beside) {
		ret = kb_heapread_params(s);
		if (ret) {
			close(d.fd);
			munmap(d.p, d.len);
			return kb_fail(r, "module parameters", -ret);
		}
	}
	t1 = kb_begin(r);	/* the populated buffer is before the mark: cost = the reads' */
	beside.t0 = t1;
	beside.len = d.len;
	if (s->beside && pthread_create(&beside_thread, NULL, kb_beside_thread, &beside)) {
		close(d.fd);
		munmap(d.p, d.len);
		return kb_fail(r, "pthread_create", EAGAIN);
	}
	while (started < nthreads - 1 &&
	       !pthread_create(&threads[started], NULL, kb_dio_thread, &d))
		started++;
	kb_dio_thread(&d);
	while (started)
		pthread_join(threads[--started], NULL);
	io_ns = kb_now_ns() - t1;
	if (s->beside)
		pthread_join(beside_thread, NULL);
	kb_end(r, t1);
	kb_phase(r, "populate", t1 - t0);
	if (s->beside) {
		kb_phase(r, "io_done", io_ns);
		kb_phase(r, "alloc_done", beside.done_ns);
	}
	if (d.err)
		ret = kb_fail(r, "pread O_DIRECT", d.err);
	else if (beside.err)
		ret = kb_fail(r, "heapread len alloc beside", beside.err);
	else
		ret = kb_check(d.p, f->size, r);
	close(d.fd);
	munmap(d.p, d.len);
	return ret;
}
