// SPDX-License-Identifier: GPL-2.0
/*
 * heapread_load_segments: byte ranges of files into one buffer. Each segment
 * lands at a page boundary after the one before, holds its file's bytes byte
 * for byte, and every byte between segments and after the last is zero; for
 * offsets and lengths at 0, 1, 511, 4095, 4097, block - 1 and across gather
 * boundaries, buffered and O_DIRECT (unaligned offsets read direct through a
 * bounce buffer, leaving no page cache), sync and async. Bad segments get each its errno
 * with nothing allocated; a file that shrinks under its segment gets
 * -ENODATA; every page-allocation failure of a multi-segment load leaves
 * nothing behind; the caller's release hook runs exactly once.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <linux/err.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <kshim/accounting.h>
#include <kshim/backend.h>
#include <kshim/fault.h>
#include <kshim/file.h>
#include <kshim/task.h>
#include "heapread.h"
#include "heapread_segment.h"
#include "core_file.h"
#include "testutil.h"

#define GATHER_PAGES	4
#define GATHER		(GATHER_PAGES * PAGE_SIZE)


static void small_gathers(struct heapread_params *p, bool sync)
{
	heapread_params_init(p);
	p->gather_limit = GATHER;
	p->gather_min = 0;	/* fixed gathers: the boundaries are where the test puts them */
	p->queue_depth = 3;
	p->sync = sync;
}

/* One range of a file of @fsize bytes; false on any mismatch. */
static bool load_range(struct core_file *f, loff_t off, size_t len, bool sync)
{
	struct heapread_segment seg = { .file = &f->kf.file, .offset = off, .length = len };
	struct heapread_params p;
	struct heapread_buffer *buf;
	bool ok;

	small_gathers(&p, sync);
	buf = heapread_load_segments(&seg, 1, &p, NULL);
	if (IS_ERR(buf)) {
		fprintf(stderr, "range %lld+%zu: error %ld\n", (long long)off, len, PTR_ERR(buf));
		return false;
	}
	ok = seg.buf_offset == 0 && buf->size == seg.length &&
	     buf->len == PAGE_ALIGN(seg.length) && test_segments_match(buf, &seg, 1);
	if (!len)
		ok = ok && seg.length == (size_t)(i_size_read(file_inode(&f->kf.file)) - off);
	heapread_buffer_free(buf);
	if (!ok)
		fprintf(stderr, "  range offset %lld length %zu sync %d\n", (long long)off, len, sync);
	return ok;
}

static void check_ranges(bool direct, bool sync)
{
	static const loff_t offsets[] = {
		0, 1, 511, 512, 4095, 4096, 4097, GATHER - 1, GATHER, GATHER + 1, 3 * GATHER - 1,
	};
	static const size_t lengths[] = {
		0, 1, 511, 4095, 4096, 4097, GATHER - 1, GATHER + 1, 2 * GATHER + 4097,
	};
	uint64_t fsize = 6 * GATHER + 12345;
	struct core_file f;

	core_file_open(&f, "segments-range", fsize, direct);
	for (size_t o = 0; o < sizeof(offsets) / sizeof(offsets[0]); o++)
		for (size_t l = 0; l < sizeof(lengths) / sizeof(lengths[0]); l++)
			CU_ASSERT(load_range(&f, offsets[o], lengths[l], sync));
	/* Up to the very end, from awkward places. */
	CU_ASSERT(load_range(&f, fsize - 1, 1, sync));
	CU_ASSERT(load_range(&f, fsize - 4097, 0, sync));
	core_file_close(&f);
}

static void ranges_buffered_async(void)
{
	check_ranges(false, false);
}

static void ranges_buffered_sync(void)
{
	check_ranges(false, true);
}

static void ranges_direct_async(void)
{
	check_ranges(true, false);
}

static void ranges_direct_sync(void)
{
	check_ranges(true, true);
}

/* Files of awkward sizes, and ranges of them, one after the other in one buffer. */
static void several_files_one_buffer(bool direct, bool sync)
{
	static const uint64_t sizes[] = { 1, 4097, GATHER + 1, 3 * GATHER - 1, 511 };
	enum { NR = sizeof(sizes) / sizeof(sizes[0]) };
	struct core_file f[NR];
	struct heapread_segment segs[NR + 2];
	struct heapread_params p;
	struct heapread_stats st;
	struct heapread_buffer *buf;

	for (unsigned int i = 0; i < NR; i++) {
		char name[32];

		snprintf(name, sizeof(name), "segments-file-%u", i);
		core_file_open(&f[i], name, sizes[i], direct);
		segs[i] = (struct heapread_segment) { .file = &f[i].kf.file };
	}
	/* Two ranges of the same file too, one unaligned, one block aligned. */
	segs[NR] = (struct heapread_segment) { .file = &f[3].kf.file, .offset = 4095, .length = 4099 };
	segs[NR + 1] = (struct heapread_segment) { .file = &f[3].kf.file, .offset = GATHER };
	small_gathers(&p, sync);
	buf = heapread_load_segments(segs, NR + 2, &p, &st);
	CU_ASSERT_FALSE_FATAL(IS_ERR(buf));
	for (unsigned int i = 0; i < NR + 2; i++) {
		CU_ASSERT(PAGE_ALIGNED(segs[i].buf_offset));
		if (i)
			CU_ASSERT_EQUAL(segs[i].buf_offset,
					PAGE_ALIGN(segs[i - 1].buf_offset + segs[i - 1].length));
		if (i < NR)
			CU_ASSERT_EQUAL(segs[i].length, sizes[i]);
	}
	CU_ASSERT_EQUAL(segs[NR + 1].length, 3 * GATHER - 1 - GATHER);
	CU_ASSERT_EQUAL(buf->size, segs[NR + 1].buf_offset + segs[NR + 1].length);
	CU_ASSERT(test_segments_match(buf, segs, NR + 2));
	CU_ASSERT(st.nr_gathers >= buf->len / GATHER);
	heapread_buffer_free(buf);
	for (unsigned int i = 0; i < NR; i++)
		core_file_close(&f[i]);
}

static void files_buffered_async(void)
{
	several_files_one_buffer(false, false);
}

static void files_buffered_sync(void)
{
	several_files_one_buffer(false, true);
}

static void files_direct_async(void)
{
	several_files_one_buffer(true, false);
}

static void files_direct_sync(void)
{
	several_files_one_buffer(true, true);
}

/* ---- the caller's release hook ---- */

static int releases;

static void count_release(void *ctx)
{
	releases++;
}

static const struct heapread_worker_ops release_ops = { .release = count_release };

static void expect_error(struct heapread_segment *segs, unsigned int nr,
			 const struct heapread_params *p, long want, const char *what)
{
	struct heapread_params q = *p;
	struct kshim_counts before, after;
	struct heapread_buffer *buf;

	q.worker_ops = &release_ops;
	releases = 0;
	kshim_counts_get(&before);
	buf = heapread_load_segments(segs, nr, &q, NULL);
	kshim_counts_get(&after);
	if (!IS_ERR(buf) || PTR_ERR(buf) != want)
		fprintf(stderr, "%s: got %ld, want %ld\n", what, IS_ERR(buf) ? PTR_ERR(buf) : 0L,
			want);
	CU_ASSERT(IS_ERR(buf) && PTR_ERR(buf) == want);
	/* Refused before anything was allocated, and the caller got its files back. */
	CU_ASSERT_EQUAL(after.page_allocs, before.page_allocs);
	CU_ASSERT_EQUAL(after.kmalloc_live, before.kmalloc_live);
	CU_ASSERT_EQUAL(releases, 1);
}

static void bad_segments_each_errno(void)
{
	struct core_file f, empty;
	struct heapread_segment *many = calloc(HEAPREAD_MAX_SEGMENTS + 1, sizeof(*many));
	struct heapread_segment seg;
	struct heapread_params p;

	CU_ASSERT_PTR_NOT_NULL_FATAL(many);
	core_file_open(&f, "segments-bad", 10000, false);
	core_file_open(&empty, "segments-empty", 0, false);
	small_gathers(&p, false);
	expect_error(&seg, 0, &p, -EINVAL, "no segment");
	for (unsigned int i = 0; i <= HEAPREAD_MAX_SEGMENTS; i++)
		many[i] = (struct heapread_segment) { .file = &f.kf.file };
	expect_error(many, HEAPREAD_MAX_SEGMENTS + 1, &p, -E2BIG, "too many segments");
	seg = (struct heapread_segment) { .file = NULL };
	expect_error(&seg, 1, &p, -EBADF, "no file");
	seg = (struct heapread_segment) { .file = &empty.kf.file };
	expect_error(&seg, 1, &p, -ENODATA, "empty file");
	seg = (struct heapread_segment) { .file = &f.kf.file, .offset = 10000 };
	expect_error(&seg, 1, &p, -ENXIO, "offset at the end");
	seg = (struct heapread_segment) { .file = &f.kf.file, .offset = 20000, .length = 1 };
	expect_error(&seg, 1, &p, -ENXIO, "offset past the end");
	seg = (struct heapread_segment) { .file = &f.kf.file, .offset = -1 };
	expect_error(&seg, 1, &p, -EINVAL, "negative offset");
	seg = (struct heapread_segment) { .file = &f.kf.file, .offset = 9999, .length = 2 };
	expect_error(&seg, 1, &p, -ERANGE, "length past the end");
	seg = (struct heapread_segment) { .file = &f.kf.file, .offset = 1, .length = SIZE_MAX };
	expect_error(&seg, 1, &p, -ERANGE, "length overflowing");
	/* The total over the size limit: 3 pages of buffer for a 2-page limit. */
	p.max_size = 2 * PAGE_SIZE;
	many[0] = (struct heapread_segment) { .file = &f.kf.file, .length = 1 };
	many[1] = (struct heapread_segment) { .file = &f.kf.file, .length = 1 };
	many[2] = (struct heapread_segment) { .file = &f.kf.file, .length = 1 };
	expect_error(many, 3, &p, -EFBIG, "total over max_size");
	small_gathers(&p, false);
	p.gather_limit = 1000;
	seg = (struct heapread_segment) { .file = &f.kf.file };
	expect_error(&seg, 1, &p, -EINVAL, "bad parameters");
	free(many);
	core_file_close(&f);
	core_file_close(&empty);
}

static void release_once_after_success(void)
{
	struct core_file f;
	struct heapread_segment segs[2];
	struct heapread_params p;
	struct heapread_buffer *buf;

	core_file_open(&f, "segments-release", 3 * GATHER + 5, false);
	segs[0] = (struct heapread_segment) { .file = &f.kf.file, .offset = 3, .length = 5 };
	segs[1] = (struct heapread_segment) { .file = &f.kf.file, .offset = GATHER };
	small_gathers(&p, false);
	p.worker_ops = &release_ops;
	releases = 0;
	buf = heapread_load_segments(segs, 2, &p, NULL);
	CU_ASSERT_FALSE_FATAL(IS_ERR(buf));
	CU_ASSERT_EQUAL(releases, 1);
	CU_ASSERT(test_segments_match(buf, segs, 2));
	heapread_buffer_free(buf);
	core_file_close(&f);
}

/* The file is 4 gathers long when opened, 1 when read: -ENODATA, nothing left. */
static void file_shrinks_under_segment(void)
{
	struct core_file f, g;
	struct heapread_segment segs[2];
	struct heapread_params p;
	struct heapread_buffer *buf;

	core_file_open(&f, "segments-steady", 5000, false);
	core_file_open(&g, "segments-shrink", 4 * GATHER, false);
	segs[0] = (struct heapread_segment) { .file = &f.kf.file };
	segs[1] = (struct heapread_segment) { .file = &g.kf.file, .offset = 100 };
	CU_ASSERT_EQUAL_FATAL(truncate(g.path, GATHER), 0);
	small_gathers(&p, false);
	buf = heapread_load_segments(segs, 2, &p, NULL);
	CU_ASSERT(IS_ERR(buf) && PTR_ERR(buf) == -ENODATA);
	core_file_close(&f);
	core_file_close(&g);
}

/*
 * One load of @segs under @policy: the right content or -ENOMEM. Returns
 * whether it loaded.
 */
static bool load_under_fault(const struct kshim_fault_policy *policy,
			     struct heapread_segment *segs, unsigned int nr,
			     const struct heapread_params *p)
{
	struct heapread_buffer *buf;

	kshim_fault_set(policy);
	buf = heapread_load_segments(segs, nr, p, NULL);
	kshim_fault_reset();
	if (IS_ERR(buf)) {
		CU_ASSERT_EQUAL(PTR_ERR(buf), -ENOMEM);
		return false;
	}
	CU_ASSERT(test_segments_match(buf, segs, nr));
	heapread_buffer_free(buf);
	return true;
}

/* Fail each page allocation of a three-file load in turn. */
static long fail_at;

static bool fail_nth_page(void *ctx, long nth, gfp_t gfp, unsigned int order)
{
	return nth == fail_at;
}

static void every_page_allocation_failure(void)
{
	struct kshim_fault_policy policy = { .fail_alloc_page = fail_nth_page };
	struct core_file f[3];
	struct heapread_segment segs[3];
	struct heapread_params p;
	struct heapread_buffer *buf;
	struct kshim_counts c;
	long allocs;

	for (unsigned int i = 0; i < 3; i++) {
		char name[32];

		snprintf(name, sizeof(name), "segments-fault-%u", i);
		core_file_open(&f[i], name, GATHER + 4095 * (i + 1), false);
		segs[i] = (struct heapread_segment) { .file = &f[i].kf.file, .offset = 7 * i };
	}
	small_gathers(&p, false);
	p.order_mask = BIT(2) | BIT(0);
	kshim_accounting_reset();
	buf = heapread_load_segments(segs, 3, &p, NULL);
	CU_ASSERT_FALSE_FATAL(IS_ERR(buf));
	heapread_buffer_free(buf);
	kshim_counts_get(&c);
	allocs = c.page_allocs;
	CU_ASSERT(allocs > 3);
	for (fail_at = 0; fail_at < allocs; fail_at++) {
		/* A high-order failure falls back to order 0: still right. */
		load_under_fault(&policy, segs, 3, &p);
		CU_ASSERT_EQUAL(kshim_pages_live(), 0);
	}
	for (unsigned int i = 0; i < 3; i++)
		core_file_close(&f[i]);
}

/*
 * Fail each kmalloc of a direct load of unaligned ranges of two files in
 * turn (the load's metadata, the chunk table, the bounce buffers): -ENOMEM,
 * or the right content when the failure was one the engine can do without,
 * and nothing left either way.
 */
static long kmalloc_fail_at;

static bool fail_nth_kmalloc(void *ctx, long nth, size_t size)
{
	return nth == kmalloc_fail_at;
}

static void every_kmalloc_failure_unaligned_direct(void)
{
	struct kshim_fault_policy policy = { .fail_kmalloc = fail_nth_kmalloc };
	struct core_file f[2];
	struct heapread_segment segs[3];
	struct heapread_params p;
	long calls = 0;

	core_file_open(&f[0], "segments-kfault-0", 3 * GATHER + 1, true);
	core_file_open(&f[1], "segments-kfault-1", GATHER + 4097, true);
	segs[0] = (struct heapread_segment) { .file = &f[0].kf.file, .offset = 1 };
	segs[1] = (struct heapread_segment) { .file = &f[1].kf.file, .offset = 4096 };
	segs[2] = (struct heapread_segment) { .file = &f[1].kf.file, .offset = 511, .length = 9000 };
	small_gathers(&p, false);
	for (kmalloc_fail_at = 0;; kmalloc_fail_at++) {
		if (load_under_fault(&policy, segs, 3, &p)) {
			/* Nothing failed this time: every kmalloc has had its turn. */
			if (kmalloc_fail_at > calls + 64)
				break;
		} else {
			calls = kmalloc_fail_at;
		}
		CU_ASSERT_EQUAL(kshim_pages_live(), 0);
		if (kmalloc_fail_at > 10000) {
			CU_FAIL("the sweep does not end");
			break;
		}
	}
	CU_ASSERT(calls > 3);
	core_file_close(&f[0]);
	core_file_close(&f[1]);
}

/*
 * Read faults over a multi-segment load: read number N (from 0) comes back
 * short (half, at least a byte), fails with -EIO, or SIGKILLs the loader, for
 * every N a three-segment load makes. Short reads are continued (a direct
 * one that ends mid-block through the bounce buffer); -EIO fails the load;
 * a SIGKILL fails it with -EINTR unless the reads were already over.
 */
enum read_fault { FAULT_SHORT, FAULT_EIO, FAULT_KILL };

static struct {
	long at;
	enum read_fault kind;
	long nth;
	struct task_struct *loader;
} rf;

static ssize_t faulty_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct kshim_file *kf = iocb->ki_filp->private_data;
	long nth = __atomic_fetch_add(&rf.nth, 1, __ATOMIC_SEQ_CST);
	struct iovec iov[64];
	size_t bytes;
	ssize_t ret;
	int n;

	if (nth == rf.at && rf.kind == FAULT_EIO)
		return -EIO;
	if (nth == rf.at && rf.kind == FAULT_KILL)
		kshim_send_sigkill(rf.loader);
	n = kshim_iter_to_iovec(to, iov, 64, nth == rf.at && rf.kind == FAULT_SHORT ?
				max_t(size_t, iov_iter_count(to) / 2, 1) : SIZE_MAX, &bytes);
	kshim_read_begin();
	ret = preadv(kf->fd, iov, n, iocb->ki_pos);
	kshim_read_end();
	if (ret < 0)
		return -errno;
	iov_iter_advance(to, ret);
	iocb->ki_pos += ret;
	return ret;
}

static const struct file_operations faulty_fops = { .read_iter = faulty_read_iter };

static void faulty_open(struct core_file *f, const char *name, uint64_t size, bool direct)
{
	core_file_open(f, name, size, direct);
	kshim_file_init(&f->kf, &faulty_fops, S_IFREG | 0444, size,
			O_RDONLY | (direct ? O_DIRECT : 0), FMODE_READ);
	f->kf.fd = f->fd;
}

static void read_fault_sweep(enum read_fault kind, bool direct)
{
	struct core_file f[2];
	struct heapread_segment segs[3];
	struct heapread_params p;
	struct heapread_buffer *buf;
	long reads;

	faulty_open(&f[0], "segments-rfault-0", 3 * GATHER + 4097, direct);
	faulty_open(&f[1], "segments-rfault-1", 2 * GATHER + 1, direct);
	segs[0] = (struct heapread_segment) { .file = &f[0].kf.file, .offset = 4096 };
	segs[1] = (struct heapread_segment) { .file = &f[1].kf.file, .offset = 1 };
	segs[2] = (struct heapread_segment) { .file = &f[0].kf.file, .length = 3 * 4096 + 5 };
	small_gathers(&p, false);
	rf.loader = current;
	rf.at = -1;
	rf.nth = 0;
	buf = heapread_load_segments(segs, 3, &p, NULL);
	CU_ASSERT_FALSE_FATAL(IS_ERR(buf));
	heapread_buffer_free(buf);
	reads = rf.nth;
	CU_ASSERT(reads >= 6);
	for (rf.at = 0; rf.at < reads; rf.at++) {
		rf.kind = kind;
		rf.nth = 0;
		buf = heapread_load_segments(segs, 3, &p, NULL);
		/* A killed load may return while its reads still run. */
		kshim_wait_work_idle();
		kshim_clear_sigkill(current);
		if (IS_ERR(buf)) {
			CU_ASSERT(kind != FAULT_SHORT);
			CU_ASSERT_EQUAL(PTR_ERR(buf), kind == FAULT_EIO ? -EIO : -EINTR);
		} else {
			CU_ASSERT(kind != FAULT_EIO);
			CU_ASSERT(test_segments_match(buf, segs, 3));
			heapread_buffer_free(buf);
		}
		CU_ASSERT_EQUAL(kshim_pages_live(), 0);
	}
	core_file_close(&f[0]);
	core_file_close(&f[1]);
}

static void short_reads_buffered(void)
{
	read_fault_sweep(FAULT_SHORT, false);
}

static void read_errors_buffered(void)
{
	read_fault_sweep(FAULT_EIO, false);
}

static void sigkill_at_every_read(void)
{
	read_fault_sweep(FAULT_KILL, false);
}

static void short_reads_direct(void)
{
	read_fault_sweep(FAULT_SHORT, true);
}

static void read_errors_direct(void)
{
	read_fault_sweep(FAULT_EIO, true);
}

/* Pages of [@off, @off + @len) of @fd in the page cache. */
static long cached_pages(int fd, off_t off, size_t len)
{
	off_t start = off & ~(off_t)(PAGE_SIZE - 1);
	size_t span = PAGE_ALIGN(off + len) - start;
	unsigned char vec[64];
	long n = 0;
	void *map = mmap(NULL, span, PROT_READ, MAP_SHARED, fd, start);

	if (map == MAP_FAILED || span / PAGE_SIZE > sizeof(vec) || mincore(map, span, vec))
		return -1;
	munmap(map, span);
	for (size_t i = 0; i < span / PAGE_SIZE; i++)
		n += vec[i] & 1;
	return n;
}

/* A direct load of an unaligned range leaves no page cache (no buffered read, no readahead). */
static void unaligned_direct_leaves_no_cache(void)
{
	struct core_file f;
	struct heapread_segment seg;
	struct heapread_params p;
	struct heapread_buffer *buf;

	core_file_open(&f, "segments-nocache", 10 * PAGE_SIZE, true);
	/* Written just now: clean the pages, or the advice keeps them. */
	CU_ASSERT_EQUAL(fdatasync(f.fd), 0);
	CU_ASSERT_EQUAL(posix_fadvise(f.fd, 0, 0, POSIX_FADV_DONTNEED), 0);
	CU_ASSERT_EQUAL(cached_pages(f.fd, 0, 10 * PAGE_SIZE), 0);
	seg = (struct heapread_segment) { .file = &f.kf.file, .offset = 4097, .length = 5 * PAGE_SIZE };
	small_gathers(&p, false);
	buf = heapread_load_segments(&seg, 1, &p, NULL);
	CU_ASSERT_FALSE_FATAL(IS_ERR(buf));
	CU_ASSERT(test_segments_match(buf, &seg, 1));
	heapread_buffer_free(buf);
	CU_ASSERT_EQUAL(cached_pages(f.fd, 0, 10 * PAGE_SIZE), 0);
	core_file_close(&f);
}

int main(void)
{
	const char *no_direct;
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	no_direct = test_direct_missing();
	s = test_add_suite("heapread_load_segments");
	test_add_case(s, ranges_buffered_async, NULL);
	test_add_case(s, ranges_buffered_sync, NULL);
	test_add_case(s, files_buffered_async, NULL);
	test_add_case(s, files_buffered_sync, NULL);
	test_add_case(s, bad_segments_each_errno, NULL);
	test_add_case(s, release_once_after_success, NULL);
	test_add_case(s, file_shrinks_under_segment, NULL);
	test_add_case(s, every_page_allocation_failure, NULL);
	test_add_case(s, short_reads_buffered, NULL);
	test_add_case(s, read_errors_buffered, NULL);
	test_add_case(s, sigkill_at_every_read, NULL);
	s = test_add_suite("heapread_load_segments_direct");
	test_add_case(s, ranges_direct_async, no_direct);
	test_add_case(s, ranges_direct_sync, no_direct);
	test_add_case(s, files_direct_async, no_direct);
	test_add_case(s, files_direct_sync, no_direct);
	test_add_case(s, unaligned_direct_leaves_no_cache,
		      no_direct ? no_direct : test_cache_drop_missing());
	test_add_case(s, every_kmalloc_failure_unaligned_direct, no_direct);
	test_add_case(s, short_reads_direct, no_direct);
	test_add_case(s, read_errors_direct, no_direct);
	return test_run_cunit();
}
