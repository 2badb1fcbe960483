// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libheapread through its public header only: what a program sees. Content
 * byte by byte, the errno and message of each bad input with nothing left
 * open or allocated, loads from several threads at once, a load cancelled
 * from another thread and by its progress callback, O_CLOEXEC buffers, and
 * a caller's fd left as it was. Every case ends with kshim_reset_all() (the
 * library's engine and shim are linked in): every page back, nothing queued.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "libheapread.h"
#include "testutil.h"

#define KIB	1024ULL
#define MIB	(1024 * KIB)

static bool direct_ok;

static void opts_for_test(struct hrl_opts *o)
{
	hrl_opts_init(o);
	o->io = direct_ok ? HRL_IO_DIRECT : HRL_IO_BUFFERED;
	o->gather = 256 * KIB;	/* several batches even for small files */
	o->request_size = 64 * KIB;
}

/* @len bytes at @buf hold the pattern of the file from @off on. */
static bool holds_pattern(const void *buf, uint64_t off, uint64_t len)
{
	const uint8_t *b = buf;

	for (uint64_t i = 0; i < len; i++)
		if (b[i] != test_pattern_byte(off + i)) {
			fprintf(stderr, "byte %llu (file offset %llu): 0x%02x, want 0x%02x\n",
				(unsigned long long)i, (unsigned long long)(off + i), b[i],
				test_pattern_byte(off + i));
			return false;
		}
	return true;
}

static bool zero_from(const void *buf, uint64_t from, uint64_t to)
{
	const uint8_t *b = buf;

	for (uint64_t i = from; i < to; i++)
		if (b[i]) {
			fprintf(stderr, "byte %llu is 0x%02x, want 0\n", (unsigned long long)i, b[i]);
			return false;
		}
	return true;
}

static void test_load_file_holds_file_then_zeros(void)
{
	uint64_t size = MIB + 4097;
	char *path = test_make_file("lib-whole.bin", size);
	struct hrl_result *r = NULL;
	struct hrl_error e;
	struct hrl_opts o;
	int fds = test_count_fds();

	opts_for_test(&o);
	CU_ASSERT_EQUAL_FATAL(hrl_load_file(path, &o, &r, &e), 0);
	CU_ASSERT_EQUAL(r->target, HRL_TARGET_MEMFD);
	CU_ASSERT_EQUAL(r->nr_buffers, 1);
	CU_ASSERT_EQUAL(r->nr_segments, 1);
	CU_ASSERT_EQUAL(r->placements[0].offset, 0);
	CU_ASSERT_EQUAL(r->placements[0].length, size);
	CU_ASSERT_EQUAL(r->buffers[0].size, size);
	CU_ASSERT_EQUAL(r->buffers[0].len, (size + 4095) & ~4095ULL);
	CU_ASSERT_EQUAL(r->stats.bytes, size);
	CU_ASSERT_EQUAL(r->stats.direct, direct_ok);
	CU_ASSERT(r->stats.gathers >= 4);
	CU_ASSERT(holds_pattern(r->buffers[0].addr, 0, size));
	CU_ASSERT(zero_from(r->buffers[0].addr, size, r->buffers[0].len));
	/* The buffer's fd is the memfd: it holds the same bytes. */
	{
		uint8_t byte;

		CU_ASSERT_EQUAL(pread(r->buffers[0].fd, &byte, 1, 4096 + 7), 1);
		CU_ASSERT_EQUAL(byte, test_pattern_byte(4096 + 7));
	}
	CU_ASSERT(fcntl(r->buffers[0].fd, F_GETFD) & FD_CLOEXEC);
	hrl_result_free(r);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	test_remove_file(path);
}

static void test_load_fd_leaves_callers_fd_alone(void)
{
	uint64_t size = 300 * KIB + 1;
	char *path = test_make_file("lib-fd.bin", size);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct hrl_segment seg = { .path = NULL, .fd = fd };
	struct hrl_result *r = NULL;
	struct hrl_opts o;
	int flags;

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(lseek(fd, 123, SEEK_SET), 123);
	flags = fcntl(fd, F_GETFL);
	opts_for_test(&o);
	CU_ASSERT_EQUAL_FATAL(hrl_load(&seg, 1, &o, &r, NULL), 0);
	CU_ASSERT(holds_pattern(r->buffers[0].addr, 0, size));
	/* Our own open file description: the caller's flags and position are untouched. */
	CU_ASSERT_EQUAL(fcntl(fd, F_GETFL), flags);
	CU_ASSERT_EQUAL(lseek(fd, 0, SEEK_CUR), 123);
	hrl_result_free(r);
	close(fd);
	test_remove_file(path);
}

static void test_result_fd_can_be_kept(void)
{
	char *path = test_make_file("lib-keep.bin", 8192);
	struct hrl_result *r = NULL;
	struct hrl_opts o;
	uint8_t byte = 0;
	int fd;

	opts_for_test(&o);
	CU_ASSERT_EQUAL_FATAL(hrl_load_file(path, &o, &r, NULL), 0);
	fd = r->buffers[0].fd;
	r->buffers[0].fd = -1;
	hrl_result_free(r);
	CU_ASSERT_EQUAL(pread(fd, &byte, 1, 100), 1);
	CU_ASSERT_EQUAL(byte, test_pattern_byte(100));
	close(fd);
	test_remove_file(path);
}

/* ---- ranges and several files ---- */

/* Every segment holds its file's bytes, every other byte of every buffer is zero. */
static bool result_holds(const struct hrl_result *r, const struct hrl_segment *segs)
{
	for (unsigned int b = 0; b < r->nr_buffers; b++) {
		const uint8_t *base = r->buffers[b].addr;
		uint64_t from = 0;

		for (unsigned int k = 0; k <= r->nr_segments; k++) {
			const struct hrl_placement *p = k < r->nr_segments ? &r->placements[k] : NULL;

			if (p && p->buffer != b)
				continue;
			if (!zero_from(base, from, p ? p->offset : r->buffers[b].len))
				return false;
			if (!p)
				break;
			if (p->offset % 4096 || !holds_pattern(base + p->offset, segs[k].offset, p->length))
				return false;
			from = p->offset + p->length;
		}
	}
	return true;
}

static void test_ranges_at_awkward_offsets(void)
{
	static const uint64_t offsets[] = { 0, 1, 511, 4095, 4096, 4097, 256 * KIB - 1, 256 * KIB + 1 };
	static const uint64_t lengths[] = { 0, 1, 511, 4095, 4097, 256 * KIB + 1 };
	uint64_t size = MIB + 3;
	char *path = test_make_file("lib-ranges.bin", size);
	struct hrl_opts o;

	opts_for_test(&o);
	for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++)
		for (size_t j = 0; j < sizeof(lengths) / sizeof(lengths[0]); j++) {
			struct hrl_segment seg = { .path = path, .offset = offsets[i],
						   .length = lengths[j] };
			struct hrl_result *r = NULL;
			struct hrl_error e;

			if (hrl_load(&seg, 1, &o, &r, &e)) {
				fprintf(stderr, "range %llu+%llu: %s\n", (unsigned long long)offsets[i],
					(unsigned long long)lengths[j], e.message);
				CU_FAIL("range load failed");
				continue;
			}
			CU_ASSERT_EQUAL(r->placements[0].length,
					lengths[j] ? lengths[j] : size - offsets[i]);
			CU_ASSERT(result_holds(r, &seg));
			hrl_result_free(r);
		}
	test_remove_file(path);
}

static void test_files_into_one_buffer(void)
{
	static const uint64_t sizes[] = { 1, 4097, 300 * KIB - 1, 777, 2 * MIB + 1 };
	enum { NR = sizeof(sizes) / sizeof(sizes[0]) };
	struct hrl_segment segs[NR + 1];
	char *paths[NR];
	struct hrl_result *r = NULL;
	struct hrl_opts o;
	int fd;

	for (unsigned int i = 0; i < NR; i++) {
		char name[32];

		snprintf(name, sizeof(name), "lib-shard-%u.bin", i);
		paths[i] = test_make_file(name, sizes[i]);
		segs[i] = (struct hrl_segment) { .path = paths[i] };
	}
	/* One more by fd, a range of the biggest. */
	fd = open(paths[NR - 1], O_RDONLY | O_CLOEXEC);
	segs[NR] = (struct hrl_segment) { .fd = fd, .offset = 12345, .length = 100000 };
	opts_for_test(&o);
	CU_ASSERT_EQUAL_FATAL(hrl_load(segs, NR + 1, &o, &r, NULL), 0);
	CU_ASSERT_EQUAL(r->nr_buffers, 1);
	CU_ASSERT_EQUAL(r->nr_segments, NR + 1);
	for (unsigned int i = 1; i <= NR; i++)
		CU_ASSERT_EQUAL(r->placements[i].offset,
				(r->placements[i - 1].offset + r->placements[i - 1].length + 4095) &
				~4095ULL);
	CU_ASSERT(result_holds(r, segs));
	hrl_result_free(r);

	/* Below a cap: each segment whole, in order, in as few buffers as fit. */
	o.max_buffer_size = 2 * MIB + 4096;
	CU_ASSERT_EQUAL_FATAL(hrl_load(segs, NR + 1, &o, &r, NULL), 0);
	CU_ASSERT_EQUAL(r->nr_buffers, 3);
	for (unsigned int b = 0; b < r->nr_buffers; b++)
		CU_ASSERT(r->buffers[b].len <= o.max_buffer_size);
	CU_ASSERT_EQUAL(r->placements[NR - 1].buffer, 1);
	CU_ASSERT_EQUAL(r->placements[NR - 1].offset, 0);
	CU_ASSERT_EQUAL(r->placements[NR].buffer, 2);
	CU_ASSERT(result_holds(r, segs));
	hrl_result_free(r);
	close(fd);
	for (unsigned int i = 0; i < NR; i++)
		test_remove_file(paths[i]);
}

/* ---- bad input: its errno, a message, nothing open ---- */

static void expect_fail(const struct hrl_segment *segs, unsigned int nr, const struct hrl_opts *o,
			int want, const char *what)
{
	struct hrl_result *r = (struct hrl_result *)&r;
	struct hrl_error e = { 0 };
	int fds = test_count_fds();
	int ret = hrl_load(segs, nr, o, &r, &e);

	if (ret != want)
		fprintf(stderr, "%s: got %d (%s), want %d\n", what, ret, e.message, want);
	CU_ASSERT_EQUAL(ret, want);
	CU_ASSERT_EQUAL(e.code, want);
	CU_ASSERT(e.message[0] != '\0');
	CU_ASSERT_PTR_NULL(r);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
}

static void test_bad_files_get_their_errno(void)
{
	char *path = test_make_file("lib-bad.bin", 10000);
	char *empty = test_make_file("lib-empty.bin", 0);
	struct hrl_opts o;

	opts_for_test(&o);
	expect_fail(&(struct hrl_segment) { .path = "/nonexistent/x" }, 1, &o, -ENOENT, "missing");
	expect_fail(&(struct hrl_segment) { .path = "/" }, 1, &o, -EISDIR, "directory");
	expect_fail(&(struct hrl_segment) { .path = "/dev/null" }, 1, &o, -EINVAL, "chardev");
	expect_fail(&(struct hrl_segment) { .path = empty }, 1, &o, -ENODATA, "empty");
	expect_fail(&(struct hrl_segment) { .fd = -1 }, 1, &o, -EBADF, "fd -1");
	expect_fail(&(struct hrl_segment) { .fd = 1000000 }, 1, &o, -EBADF, "fd not open");
	test_remove_file(path);
	test_remove_file(empty);
}

static void test_bad_ranges_get_their_errno(void)
{
	char *path = test_make_file("lib-range.bin", 10000);
	struct hrl_segment seg = { .path = path };
	struct hrl_segment two[2] = { { .path = path }, { .path = path, .offset = 10000 } };
	struct hrl_opts o;

	opts_for_test(&o);
	seg.offset = 10000;
	expect_fail(&seg, 1, &o, -ENXIO, "offset at the end");
	seg.offset = UINT64_MAX;
	expect_fail(&seg, 1, &o, -ENXIO, "offset far past the end");
	seg.offset = 9999;
	seg.length = 2;
	expect_fail(&seg, 1, &o, -ERANGE, "length past the end");
	seg.offset = 1;
	seg.length = UINT64_MAX;
	expect_fail(&seg, 1, &o, -ERANGE, "length overflowing");
	/* The second segment is bad: the first is not loaded either. */
	expect_fail(two, 2, &o, -ENXIO, "second segment bad");
	test_remove_file(path);
}

static void test_bad_calls_get_their_errno(void)
{
	char *path = test_make_file("lib-calls.bin", 10000);
	struct hrl_segment seg = { .path = path };
	struct hrl_segment *many = calloc(HRL_MAX_SEGMENTS + 1, sizeof(*many));
	struct hrl_result *r;
	struct hrl_opts o;

	for (unsigned int i = 0; i <= HRL_MAX_SEGMENTS; i++)
		many[i].path = path;
	opts_for_test(&o);
	expect_fail(&seg, 0, &o, -EINVAL, "no segment");
	expect_fail(many, HRL_MAX_SEGMENTS + 1, &o, -E2BIG, "too many segments");
	CU_ASSERT_EQUAL(hrl_load(&seg, 1, &o, NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(hrl_load(&seg, 1, NULL, &r, NULL), -EINVAL);
	CU_ASSERT_EQUAL(hrl_load_file(NULL, &o, &r, NULL), -EINVAL);
	o.gather = 1000;
	expect_fail(&seg, 1, &o, -EINVAL, "gather not a page multiple");
	opts_for_test(&o);
	o.reserved[3] = 1;
	expect_fail(&seg, 1, &o, -EINVAL, "reserved not zero");
	opts_for_test(&o);
	o.target = (enum hrl_target)7;
	expect_fail(&seg, 1, &o, -EINVAL, "unknown target");
	opts_for_test(&o);
	o.flags = 1u << 20;
	expect_fail(&seg, 1, &o, -EINVAL, "unknown flag");
	opts_for_test(&o);
	o.max_buffer_size = 8192;
	expect_fail(&seg, 1, &o, -EFBIG, "segment larger than the buffer cap");
	free(many);
	test_remove_file(path);
}

/* ---- threads ---- */

struct loader_arg {
	uint64_t size;
	char *path;
	int rounds;
	int failures;
};

static void *loader_thread(void *p)
{
	struct loader_arg *a = p;
	struct hrl_opts o;

	opts_for_test(&o);
	o.gather = 64 * KIB;
	for (int i = 0; i < a->rounds; i++) {
		struct hrl_result *r = NULL;
		struct hrl_error e;

		if (hrl_load_file(a->path, &o, &r, &e)) {
			fprintf(stderr, "thread load: %s\n", e.message);
			a->failures++;
			continue;
		}
		if (r->placements[0].length != a->size ||
		    !holds_pattern(r->buffers[0].addr, 0, a->size) ||
		    !zero_from(r->buffers[0].addr, a->size, r->buffers[0].len))
			a->failures++;
		hrl_result_free(r);
	}
	return NULL;
}

static void test_loads_from_threads_at_once(void)
{
	enum { NR = 4 };
	static const uint64_t sizes[NR] = { 3 * MIB + 1, 777 * KIB, 2 * MIB - 4095, 4096 };
	struct loader_arg args[NR];
	pthread_t t[NR];
	int fds = test_count_fds();

	for (int i = 0; i < NR; i++) {
		char name[32];

		snprintf(name, sizeof(name), "lib-thread-%d.bin", i);
		args[i] = (struct loader_arg) {
			.size = sizes[i], .path = test_make_file(name, sizes[i]), .rounds = 4,
		};
	}
	for (int i = 0; i < NR; i++)
		CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, loader_thread, &args[i]), 0);
	for (int i = 0; i < NR; i++) {
		pthread_join(t[i], NULL);
		CU_ASSERT_EQUAL(args[i].failures, 0);
		test_remove_file(args[i].path);
	}
	CU_ASSERT_EQUAL(test_count_fds(), fds);
}

/* A load whose progress callback dawdles, cancelled from another thread. */
struct slow_load {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool started;
	unsigned int calls;
	uint64_t last;
	bool regressed;
	int stop_after;		/* >0: ask the library to stop at that call */
};

static int slow_progress(uint64_t done, uint64_t total, void *arg)
{
	struct slow_load *s = arg;
	const struct timespec ms = { 0, 1000 * 1000 };
	int stop;

	pthread_mutex_lock(&s->lock);
	s->started = true;
	s->calls++;
	s->regressed |= done < s->last || done > total;
	s->last = done;
	stop = s->stop_after && (int)s->calls >= s->stop_after;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	nanosleep(&ms, NULL);
	return stop;
}

static void slow_opts(struct hrl_opts *o, struct slow_load *s)
{
	opts_for_test(o);
	o->gather = 64 * KIB;
	o->request_size = 16 * KIB;
	o->workers = 1;
	o->queue_depth = 1;
	o->progress = slow_progress;
	o->progress_arg = s;
}

struct cancel_run {
	const char *path;
	struct hrl_opts o;
	int ret;
	struct hrl_result *r;
	struct hrl_error e;
};

static void *cancel_loader(void *p)
{
	struct cancel_run *c = p;

	c->ret = hrl_load_file(c->path, &c->o, &c->r, &c->e);
	return NULL;
}

static void test_cancel_from_another_thread(void)
{
	uint64_t size = 32 * MIB;
	char *path = test_make_file("lib-cancel.bin", size);
	struct slow_load s = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };
	struct hrl_cancel *c = hrl_cancel_new();
	struct cancel_run run = { .path = path };
	int fds = test_count_fds();
	pthread_t t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	slow_opts(&run.o, &s);
	run.o.cancel = c;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, cancel_loader, &run), 0);
	pthread_mutex_lock(&s.lock);
	while (!s.started)
		pthread_cond_wait(&s.cond, &s.lock);
	pthread_mutex_unlock(&s.lock);
	hrl_cancel(c);
	pthread_join(t, NULL);
	CU_ASSERT_EQUAL(run.ret, -ECANCELED);
	CU_ASSERT_EQUAL(run.e.code, -ECANCELED);
	CU_ASSERT_PTR_NULL(run.r);
	/* It stopped early: far fewer reads reported than a whole load's 2048. */
	CU_ASSERT(s.calls < 1024);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	/* A cancelled token cancels the next load at once. */
	CU_ASSERT_EQUAL(hrl_load_file(path, &run.o, &run.r, NULL), -ECANCELED);
	CU_ASSERT_PTR_NULL(run.r);
	hrl_cancel_free(c);
	/* This thread can load again: the cancel did not stick to it. */
	run.o.cancel = NULL;
	run.o.progress = NULL;
	CU_ASSERT_EQUAL(hrl_load_file(path, &run.o, &run.r, NULL), 0);
	hrl_result_free(run.r);
	test_remove_file(path);
}

static void test_progress_callback_can_cancel(void)
{
	char *path = test_make_file("lib-progress-stop.bin", 4 * MIB);
	struct slow_load s = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };
	struct hrl_result *r = NULL;
	struct hrl_opts o;

	slow_opts(&o, &s);
	s.stop_after = 3;
	CU_ASSERT_EQUAL(hrl_load_file(path, &o, &r, NULL), -ECANCELED);
	CU_ASSERT_PTR_NULL(r);
	CU_ASSERT(s.calls < 64);
	test_remove_file(path);
}

static void test_progress_grows_to_total(void)
{
	uint64_t size = 2 * MIB + 3;
	char *path = test_make_file("lib-progress.bin", size);
	struct slow_load s = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };
	struct hrl_result *r = NULL;
	struct hrl_opts o;

	slow_opts(&o, &s);
	CU_ASSERT_EQUAL_FATAL(hrl_load_file(path, &o, &r, NULL), 0);
	CU_ASSERT(s.calls > 1);
	CU_ASSERT(!s.regressed);
	CU_ASSERT_EQUAL(s.last, size);
	hrl_result_free(r);
	test_remove_file(path);
}

static void test_best_target_is_a_real_one(void)
{
	char *path = test_make_file("lib-best.bin", 5000);
	struct hrl_result *r = NULL;
	struct hrl_opts o;

	opts_for_test(&o);
	o.target = HRL_TARGET_BEST;
	CU_ASSERT_EQUAL_FATAL(hrl_load_file(path, &o, &r, NULL), 0);
	CU_ASSERT_NOT_EQUAL(r->target, HRL_TARGET_BEST);
	CU_ASSERT_EQUAL(r->buffers[0].target, r->target);
	CU_ASSERT(fcntl(r->buffers[0].fd, F_GETFD) & FD_CLOEXEC);
	hrl_result_free(r);
	CU_ASSERT_EQUAL(hrl_target_available(HRL_TARGET_MEMFD, NULL, NULL), 0);
	CU_ASSERT_STRING_EQUAL(hrl_target_name(HRL_TARGET_UDMABUF), "udmabuf");
	CU_ASSERT_PTR_NOT_NULL(hrl_version());
	test_remove_file(path);
}

int main(void)
{
	const char *why;
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	direct_ok = test_dir_supports_direct(&why);
	if (!direct_ok)
		printf("lib_api: O_DIRECT not available in %s (%s): buffered loads only\n",
		       test_dir(), why);
	s = test_add_suite("lib_api");
	CU_add_test(s, "load_file_holds_file_then_zeros", test_load_file_holds_file_then_zeros);
	CU_add_test(s, "load_fd_leaves_callers_fd_alone", test_load_fd_leaves_callers_fd_alone);
	CU_add_test(s, "result_fd_can_be_kept", test_result_fd_can_be_kept);
	CU_add_test(s, "ranges_at_awkward_offsets", test_ranges_at_awkward_offsets);
	CU_add_test(s, "files_into_one_buffer", test_files_into_one_buffer);
	CU_add_test(s, "bad_files_get_their_errno", test_bad_files_get_their_errno);
	CU_add_test(s, "bad_ranges_get_their_errno", test_bad_ranges_get_their_errno);
	CU_add_test(s, "bad_calls_get_their_errno", test_bad_calls_get_their_errno);
	CU_add_test(s, "loads_from_threads_at_once", test_loads_from_threads_at_once);
	CU_add_test(s, "cancel_from_another_thread", test_cancel_from_another_thread);
	CU_add_test(s, "progress_callback_can_cancel", test_progress_callback_can_cancel);
	CU_add_test(s, "progress_grows_to_total", test_progress_grows_to_total);
	CU_add_test(s, "best_target_is_a_real_one", test_best_target_is_a_real_one);
	return test_run_cunit();
}
