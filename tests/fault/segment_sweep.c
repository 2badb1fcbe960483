// SPDX-License-Identifier: GPL-2.0
/*
 * fault_segment_sweep: every failure point of one multi-segment load
 * (heapread_load_segments(), core/segment.c), in turn.
 *
 * The load: three files, five segments: a whole file, two ranges of one
 * file (one of them unaligned), an unaligned range of an O_DIRECT file (its
 * head and tail read direct through the bounce buffer) and that file's
 * aligned end with a length of 0, so every path of segment.c reads. A clean
 * run counts its kmallocs, page allocations and reads. Then, each in its
 * own load: every kmalloc fails, every page allocation fails, every read
 * fails (EIO, ENOSPC, EINTR, EAGAIN, EOVERFLOW in turn) or returns 0 early,
 * SIGKILL arrives at every read; and every read stops short (of fixed and
 * random sizes), which must still give the content. Every run must return the errno its fault
 * implies or succeed with every segment's bytes in place (and zeroes
 * between and after), and leave no page, kmalloc object, work item, read in
 * flight or workqueue behind.
 *
 * The fault plan wraps one struct file's f_op; the other files share that
 * file's inner f_op (the pread backend), so they get the same wrapper and
 * every read of the load is one event of the plan. Under valgrind the sweep
 * takes every STRIDE-th point (and the first and last).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <linux/bits.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/workqueue.h>
#include <kshim/accounting.h>
#include <kshim/backend.h>
#include <kshim/file.h>

#include "fault_test.h"
#include "heapread_segment.h"
#include "testutil.h"

#define VALGRIND_STRIDE	3
#define NR_FILES	3
#define NR_SEGS		5

struct sweep {
	const char *name;
	struct ft_config config;
};

static const struct sweep sweeps[] = {
	{ "sync, single pages", { FT_SYNC, 1, BIT(0), 2 * PAGE_SIZE } },
	{ "inline qd 3, orders 3/0", { FT_INLINE, 3, BIT(3) | BIT(0), 2 * PAGE_SIZE } },
	{ "threads qd 4, orders 2/0", { FT_THREADS, 4, BIT(2) | BIT(0), 2 * PAGE_SIZE } },
};

/* File 1 is opened O_DIRECT where the test directory takes it. */
static const uint64_t file_sizes[NR_FILES] = {
	23 * PAGE_SIZE + 777, 19 * PAGE_SIZE + 100, 5000,
};

/* File, offset, length (0: to the end of the file). */
static const struct { int file; loff_t offset; size_t length; } seg_spec[NR_SEGS] = {
	{ 0, 0, 0 },				/* a whole file */
	{ 1, 1000, 6 * PAGE_SIZE + 300 },	/* unaligned: bounced head and tail if direct */
	{ 0, PAGE_SIZE + 1, 3 * PAGE_SIZE + 1 },	/* the same file again, unaligned */
	{ 1, 8 * PAGE_SIZE, 0 },		/* aligned, to a ragged end */
	{ 2, 0, 0 },				/* a small file */
};

static struct ft_file files[NR_FILES];
static bool direct;
static int stride = 1;
static long total_runs;

struct seg_result {
	long err;
	bool content_ok;
	bool clean;
	long warnings;
};

/* Every segment's bytes at its place, zeroes everywhere else. */
static bool segments_hold(const struct heapread_buffer *buf, const struct heapread_segment *segs)
{
	size_t end;

	end = segs[NR_SEGS - 1].buf_offset + segs[NR_SEGS - 1].length;
	if (buf->size != end || buf->len != PAGE_ALIGN(end)) {
		fprintf(stderr, "buffer size %zu len %zu, want %zu\n", buf->size, buf->len, end);
		return false;
	}
	for (unsigned int i = 0; i < NR_SEGS; i++) {
		uint64_t fsize = files[seg_spec[i].file].size;
		size_t want = seg_spec[i].length ? seg_spec[i].length : fsize - seg_spec[i].offset;

		if (segs[i].length != want || segs[i].buf_offset % PAGE_SIZE ||
		    (i && segs[i].buf_offset != PAGE_ALIGN(segs[i - 1].buf_offset + segs[i - 1].length))) {
			fprintf(stderr, "segment %u at %zu, %zu bytes: wrong place or length\n", i,
				segs[i].buf_offset, segs[i].length);
			return false;
		}
	}
	return test_segments_match(buf, segs, NR_SEGS);
}

static void params_for(const struct ft_config *c, struct heapread_params *p)
{
	heapread_params_init(p);
	p->sync = c->mode == FT_SYNC;
	p->queue_depth = c->qd;
	p->order_mask = c->orders;
	p->gather_limit = c->gather;
	p->gather_min = 0;	/* fixed gathers: the same events in every run */
}

/*
 * One load of the segments under @plan. The plan wraps the first file; the
 * others take the same wrapper (their inner f_op is the same pread backend).
 */
static bool run_load(const struct ft_config *c, struct hr_fault_plan *plan, struct seg_result *r)
{
	struct kshim_file kf[NR_FILES];
	struct heapread_segment segs[NR_SEGS];
	struct heapread_params p;
	struct heapread_buffer *buf;
	bool ok;

	*r = (struct seg_result) { 0 };
	for (int i = 0; i < NR_FILES; i++)
		if (kshim_file_open_fd(&kf[i], files[i].fd)) {
			perror("segment sweep: file");
			return false;
		}
	for (int i = 0; i < NR_SEGS; i++)
		segs[i] = (struct heapread_segment) {
			.file = &kf[seg_spec[i].file].file,
			.offset = seg_spec[i].offset,
			.length = seg_spec[i].length,
		};
	params_for(c, &p);
	kshim_set_executor(c->mode == FT_INLINE ? &kshim_inline_executor : NULL);
	if (c->mode == FT_INLINE && !(p.wq = alloc_workqueue("ft-seg", WQ_UNBOUND, c->qd))) {
		kshim_set_executor(NULL);
		return false;
	}
	/* The direct file is the plan's own: read:short and the like round for it. */
	hr_fault_apply(plan, &kf[1].file);
	for (int i = 0; i < NR_FILES; i++) {
		if (i == 1)
			continue;
		if (kf[i].file.f_op != plan->inner) {
			fprintf(stderr, "segment sweep: file %d has another f_op\n", i);
			abort();
		}
		kf[i].file.f_op = kf[1].file.f_op;
	}
	buf = heapread_load_segments(segs, NR_SEGS, &p, NULL);
	kshim_wait_work_idle();
	if (p.wq)
		destroy_workqueue(p.wq);
	for (int i = 0; i < NR_FILES; i++)
		if (i != 1)
			kf[i].file.f_op = plan->inner;
	hr_fault_remove(plan);
	kshim_set_executor(NULL);
	if (IS_ERR(buf)) {
		r->err = PTR_ERR(buf);
	} else {
		r->content_ok = segments_hold(buf, segs);
		heapread_buffer_free(buf);
	}
	r->clean = ft_accounting_clean(&r->warnings);
	if (!r->clean)
		kshim_accounting_report("after a segment fault run");
	kshim_accounting_reset();
	ok = r->clean && (r->err || r->content_ok);
	if (!ok) {
		char spec[512], cfg[96];

		hr_fault_format(plan, spec, sizeof(spec));
		ft_config_describe(c, cfg, sizeof(cfg));
		fprintf(stderr, "segment fault run failed: %s, %s: err %ld%s%s\n", spec, cfg, r->err,
			r->clean ? "" : ", not clean",
			!r->err && !r->content_ok ? ", wrong content" : "");
	}
	return ok;
}

static bool take(long i, long last)
{
	return stride == 1 || i == 1 || i == last || i % stride == 0;
}

/* One run of @spec; its result must be one of @want (0: success with the content). */
static bool run_one(const struct sweep *s, const char *spec, const long *want, int nr_want,
		    struct hr_fault_plan *plan, struct seg_result *r)
{
	total_runs++;
	ft_plan(plan, spec);
	if (!run_load(&s->config, plan, r))
		return false;
	for (int i = 0; i < nr_want; i++)
		if (r->err == want[i])
			return true;
	fprintf(stderr, "segment sweep [%s] %s: got %ld, want %ld%s\n", s->name, spec, r->err,
		want[0], nr_want > 1 ? " or another allowed result" : "");
	return false;
}

struct counts {
	long kmallocs;
	long allocs;
	long reads;
};

static struct counts count_events(const struct sweep *s)
{
	struct hr_fault_plan plan;
	struct seg_result r;
	struct counts n = { 0 };
	long ok = 0;

	CU_ASSERT_FATAL(run_one(s, "none", &ok, 1, &plan, &r));
	n.kmallocs = plan.nr_kmallocs;
	n.allocs = plan.nr_allocs;
	n.reads = plan.nr_reads;
	printf("\n  [%s] clean run: %ld page allocations, %ld kmallocs, %ld reads\n", s->name,
	       n.allocs, n.kmallocs, n.reads);
	return n;
}

/* Every kmalloc (bounce buffers and the load's own metadata included) is fatal. */
static int sweep_kmallocs(const struct sweep *s, const struct counts *n)
{
	int failures = 0;

	for (long i = 1; i <= n->kmallocs; i++) {
		struct hr_fault_plan plan;
		struct seg_result r;
		long want = -ENOMEM;
		char spec[64];

		if (!take(i, n->kmallocs))
			continue;
		snprintf(spec, sizeof(spec), "kmalloc@%ld", i);
		if (!run_one(s, spec, &want, 1, &plan, &r) ||
		    hr_fault_fired(&plan, HR_FAULT_KMALLOC_AT) != 1)
			failures++;
	}
	return failures;
}

/* An order-0 page (buffer or bounce) is fatal; a higher order falls back. */
static int sweep_allocs(const struct sweep *s, const struct counts *n)
{
	int failures = 0;

	for (long i = 1; i <= n->allocs; i++) {
		struct hr_fault_plan plan;
		struct seg_result r;
		long want;
		char spec[64];

		if (!take(i, n->allocs))
			continue;
		snprintf(spec, sizeof(spec), "alloc@%ld", i);
		total_runs++;
		ft_plan(&plan, spec);
		if (!run_load(&s->config, &plan, &r)) {
			failures++;
			continue;
		}
		want = hr_fault_fired_fatal(&plan) ? -ENOMEM : 0;
		if (hr_fault_fired(&plan, HR_FAULT_ALLOC_AT) != 1 || r.err != want) {
			fprintf(stderr, "segment sweep [%s] %s: got %ld, want %ld (fired %ld)\n",
				s->name, spec, r.err, want, hr_fault_fired(&plan, HR_FAULT_ALLOC_AT));
			failures++;
		}
	}
	return failures;
}

static int sweep_reads(const struct sweep *s, const struct counts *n)
{
	static const int errs[] = { EIO, ENOSPC, EINTR, EAGAIN, EOVERFLOW };
	int failures = 0;

	for (long j = 1; j <= n->reads; j++) {
		struct hr_fault_plan plan;
		struct seg_result r;
		int e = errs[j % ARRAY_SIZE(errs)];
		long want = -e;
		char spec[64];

		if (!take(j, n->reads))
			continue;
		snprintf(spec, sizeof(spec), "read@%ld:%s", j, hr_fault_errno_name(e));
		if (!run_one(s, spec, &want, 1, &plan, &r) ||
		    hr_fault_fired(&plan, HR_FAULT_READ_AT) != 1)
			failures++;
		/* A read that finds the end of the file before its segment's end. */
		snprintf(spec, sizeof(spec), "read:zero@%ld", j);
		want = -ENODATA;
		if (!run_one(s, spec, &want, 1, &plan, &r) ||
		    hr_fault_fired(&plan, HR_FAULT_READ_ZERO) != 1)
			failures++;
	}
	return failures;
}

/*
 * SIGKILL at read j: -EINTR, or success when the load no longer looks (the
 * last read in sync mode; with workers, the loader may be past its checks).
 * Either way nothing is left behind.
 */
static int sweep_signal_reads(const struct sweep *s, const struct counts *n)
{
	int failures = 0;

	for (long j = 1; j <= n->reads; j++) {
		struct hr_fault_plan plan;
		struct seg_result r;
		long want[2] = { -EINTR, 0 };
		int nr_want = s->config.mode == FT_SYNC && j < n->reads ? 1 : 2;
		char spec[64];

		if (!take(j, n->reads))
			continue;
		snprintf(spec, sizeof(spec), "signal@read=%ld", j);
		if (!run_one(s, spec, want, nr_want, &plan, &r) || !plan.signalled)
			failures++;
	}
	return failures;
}

/*
 * Short reads everywhere (whole pages on the O_DIRECT file): every piece,
 * the bounced ones included, resumes where its read stopped and the load
 * succeeds with the content.
 */
static int sweep_short_reads(const struct sweep *s)
{
	static const char *const specs[] = {
		"read:short=4096", "read:short=1000", "read:short=8192",
	};
	int failures = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(specs) + 8; i++) {
		struct hr_fault_plan plan;
		struct seg_result r;
		long want = 0;
		char spec[64];

		if (i < ARRAY_SIZE(specs))
			snprintf(spec, sizeof(spec), "%s", specs[i]);
		else
			snprintf(spec, sizeof(spec), "seed=%u,read:short=random", i);
		if (!take(i + 1, ARRAY_SIZE(specs) + 8))
			continue;
		if (!run_one(s, spec, &want, 1, &plan, &r) ||
		    !hr_fault_fired(&plan, HR_FAULT_READ_SHORT))
			failures++;
	}
	return failures;
}

static void run_sweep(const struct sweep *s)
{
	long runs = total_runs;
	double t0 = ft_now();
	struct counts n = count_events(s);

	/* Five segments: more than one read each, and the bounce buffers' pages. */
	CU_ASSERT(n.allocs > 0 && n.reads >= NR_SEGS && n.kmallocs >= 3);
	CU_ASSERT_EQUAL(sweep_kmallocs(s, &n), 0);
	CU_ASSERT_EQUAL(sweep_allocs(s, &n), 0);
	CU_ASSERT_EQUAL(sweep_reads(s, &n), 0);
	CU_ASSERT_EQUAL(sweep_signal_reads(s, &n), 0);
	CU_ASSERT_EQUAL(sweep_short_reads(s), 0);
	printf("  [%s] %ld runs in %.2f s\n", s->name, total_runs - runs, ft_now() - t0);
}

static void segment_sweep_sync_single_pages(void)
{
	run_sweep(&sweeps[0]);
}

static void segment_sweep_inline_qd3_orders_3_0(void)
{
	run_sweep(&sweeps[1]);
}

static void segment_sweep_threads_qd4_orders_2_0(void)
{
	run_sweep(&sweeps[2]);
}

static bool files_create(void)
{
	const char *why = NULL;

	direct = test_dir_supports_direct(&why);
	if (!direct)
		printf("segment sweep: file 1 read buffered, not O_DIRECT (%s): no bounce buffer\n",
		       why);
	for (int i = 0; i < NR_FILES; i++) {
		char name[32];

		snprintf(name, sizeof(name), "segsweep%d", i);
		if (!ft_file_create(&files[i], name, file_sizes[i]))
			return false;
	}
	if (direct) {
		int fd = open(files[1].path, O_RDONLY | O_DIRECT);

		if (fd < 0)
			return false;
		close(files[1].fd);
		files[1].fd = fd;
	}
	return true;
}

int main(void)
{
	CU_pSuite s;
	int ret;

	if (ft_under_valgrind()) {
		stride = VALGRIND_STRIDE;
		printf("segment sweep under valgrind: one point in %d (and the first and last)\n", stride);
	}
	if (!files_create()) {
		fprintf(stderr, "cannot create the test files in %s\n", test_dir());
		return TEST_EXIT_ERROR;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("fault_segment_sweep");
	test_add_case(s, segment_sweep_sync_single_pages, NULL);
	test_add_case(s, segment_sweep_inline_qd3_orders_3_0, NULL);
	test_add_case(s, segment_sweep_threads_qd4_orders_2_0, NULL);
	ret = test_run_cunit();
	printf("segment sweep: %ld runs (file 1 %s)\n", total_runs, direct ? "O_DIRECT" : "buffered");
	for (int i = 0; i < NR_FILES; i++)
		ft_file_destroy(&files[i]);
	return ret;
}
