// SPDX-License-Identifier: GPL-2.0
/*
 * heapread_fault_exhaustive: every failure point of one load, in turn.
 *
 * A clean run of a load with small gathers counts its allocations (N: page
 * allocations and kmallocs) and reads (M). Then, each in its own load:
 * every kmalloc fails, every page allocation fails, every read fails (with
 * EIO, ENOSPC, EINTR, EAGAIN, EOVERFLOW in turn), every read returns 0
 * before the end of the file, a few reads return more than asked, SIGKILL
 * arrives before every allocation, before every read and, with real
 * workers, while the loader waits for every read. Each run must return the
 * errno its fault implies, leave no page, object, work item or read behind,
 * and leave the caller's file position alone; a run that may succeed must
 * hold the file's bytes.
 *
 * Expectations that depend on timing are exact wherever the executor makes
 * the order fixed (sync mode, the inline executor); with real threads a
 * SIGKILL that comes after the last allocation may find the load finished.
 *
 * HR_FAULT_LONG=1 adds configurations (make check-long). Under valgrind
 * the sweep takes every STRIDE-th point (and the first and last) and says so.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>

#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/mm.h>

#include "fault_test.h"
#include "testutil.h"

#define FILE_SIZE	(180 * PAGE_SIZE + 1000)	/* 181 pages, a ragged tail */
#define VALGRIND_STRIDE	3

struct sweep {
	const char *name;
	struct ft_config config;
};

static const struct sweep sweeps[] = {
	{ "sync, single pages", { FT_SYNC, 1, BIT(0), PAGE_SIZE } },
	{ "inline qd 3, orders 4/1/0", { FT_INLINE, 3, BIT(4) | BIT(1) | BIT(0), PAGE_SIZE } },
	{ "threads qd 4, orders 2/0", { FT_THREADS, 4, BIT(2) | BIT(0), PAGE_SIZE } },
};

static const struct sweep long_sweeps[] = {
	{ "sync, orders 8/4/0, 2-page gathers", { FT_SYNC, 1, BIT(8) | BIT(4) | BIT(0), 2 * PAGE_SIZE } },
	{ "inline qd 1, single pages", { FT_INLINE, 1, BIT(0), PAGE_SIZE } },
	{ "inline qd 8, orders 3/0, 3-page gathers", { FT_INLINE, 8, BIT(3) | BIT(0), 3 * PAGE_SIZE } },
	{ "threads qd 1, single pages", { FT_THREADS, 1, BIT(0), PAGE_SIZE } },
	{ "threads qd 8, orders 4/1/0", { FT_THREADS, 8, BIT(4) | BIT(1) | BIT(0), PAGE_SIZE } },
};

static struct ft_file file;
static int stride = 1;
static long total_runs;

/* What a clean run of a configuration counted. */
struct counts {
	long kmallocs;
	long allocs;
	long reads;
	long reads_before_last_alloc;
};

static bool take(long i, long last)
{
	return stride == 1 || i == 1 || i == last || i % stride == 0;
}

/* One run: @spec under @s; the result must be one of @want (0 means success). */
static bool run_one(const struct sweep *s, const char *spec, const long *want, int nr_want,
		    struct hr_fault_plan *plan, struct ft_result *r)
{
	total_runs++;
	ft_plan(plan, spec);
	if (!ft_run(&file, &s->config, plan, r))
		return false;
	for (int i = 0; i < nr_want; i++)
		if (r->err == want[i])
			return true;
	fprintf(stderr, "exhaustive [%s] %s: got %ld, want %ld%s\n", s->name, spec, r->err,
		want[0], nr_want > 1 ? " or another allowed result" : "");
	return false;
}

static struct counts count_events(const struct sweep *s)
{
	struct hr_fault_plan plan;
	struct ft_result r;
	struct counts n = { 0 };
	long ok = 0;

	CU_ASSERT_FATAL(run_one(s, "none", &ok, 1, &plan, &r));
	n.kmallocs = plan.nr_kmallocs;
	n.allocs = plan.nr_allocs;
	n.reads = plan.nr_reads;
	n.reads_before_last_alloc = plan.reads_before_last_alloc;
	CU_ASSERT(r.st.nr_reads == n.reads);
	printf("\n  [%s] clean run: N = %ld allocations (%ld pages + %ld kmallocs), M = %ld reads\n",
	       s->name, n.allocs + n.kmallocs, n.allocs, n.kmallocs, n.reads);
	return n;
}

static int sweep_kmallocs(const struct sweep *s, const struct counts *n)
{
	int failures = 0;

	for (long i = 1; i <= n->kmallocs; i++) {
		struct hr_fault_plan plan;
		struct ft_result r;
		long want = -ENOMEM;
		char spec[64];

		snprintf(spec, sizeof(spec), "kmalloc@%ld", i);
		if (!run_one(s, spec, &want, 1, &plan, &r) ||
		    hr_fault_fired(&plan, HR_FAULT_KMALLOC_AT) != 1)
			failures++;
	}
	return failures;
}

/* A failed order-0 page is -ENOMEM; a failed higher order falls back and succeeds. */
static int sweep_allocs(const struct sweep *s, const struct counts *n)
{
	int failures = 0;

	for (long i = 1; i <= n->allocs; i++) {
		struct hr_fault_plan plan;
		struct ft_result r;
		long want[2] = { -ENOMEM, 0 };
		char spec[64];

		if (!take(i, n->allocs))
			continue;
		snprintf(spec, sizeof(spec), "alloc@%ld", i);
		total_runs++;
		ft_plan(&plan, spec);
		if (!ft_run(&file, &s->config, &plan, &r) ||
		    hr_fault_fired(&plan, HR_FAULT_ALLOC_AT) != 1 ||
		    r.err != want[hr_fault_fired_fatal(&plan) ? 0 : 1]) {
			fprintf(stderr, "exhaustive [%s] %s: got %ld (fatal %ld)\n", s->name, spec,
				r.err, hr_fault_fired_fatal(&plan));
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
		struct ft_result r;
		int e = errs[j % ARRAY_SIZE(errs)];
		long want = -e;
		char spec[64];

		if (!take(j, n->reads))
			continue;
		snprintf(spec, sizeof(spec), "read@%ld:%s", j, hr_fault_errno_name(e));
		if (!run_one(s, spec, &want, 1, &plan, &r) ||
		    hr_fault_fired(&plan, HR_FAULT_READ_AT) != 1)
			failures++;
		snprintf(spec, sizeof(spec), "read:zero@%ld", j);
		want = -ENODATA;
		if (!run_one(s, spec, &want, 1, &plan, &r))
			failures++;
	}
	/* A read that claims more than it was asked: the engine warns and fails. */
	for (long j = 1; j <= n->reads; j += n->reads / 3 ? n->reads / 3 : 1) {
		struct hr_fault_plan plan;
		struct ft_result r;
		long want = -EIO;
		char spec[64];

		snprintf(spec, sizeof(spec), "read:long@%ld", j);
		if (!run_one(s, spec, &want, 1, &plan, &r) || r.warnings != 1) {
			fprintf(stderr, "exhaustive [%s] %s: %ld warnings, want 1\n", s->name, spec,
				r.warnings);
			failures++;
		}
	}
	return failures;
}

/*
 * SIGKILL in the allocation hook of allocation i: the loop sees it before
 * allocation i + 1. After the last one, sync mode still checks before its
 * reads; async mode goes to its wait, which the inline executor has already
 * satisfied.
 */
static int sweep_signal_allocs(const struct sweep *s, const struct counts *n)
{
	int failures = 0;

	for (long i = 1; i <= n->allocs; i++) {
		struct hr_fault_plan plan;
		struct ft_result r;
		long want[2] = { -EINTR, 0 };
		int nr_want = 1;
		char spec[64];

		if (!take(i, n->allocs))
			continue;
		if (i == n->allocs && s->config.mode == FT_INLINE) {
			want[0] = 0;
		} else if (i == n->allocs && s->config.mode == FT_THREADS) {
			nr_want = 2;
		}
		snprintf(spec, sizeof(spec), "signal@alloc=%ld", i);
		if (!run_one(s, spec, want, nr_want, &plan, &r) || !plan.signalled)
			failures++;
	}
	return failures;
}

/*
 * SIGKILL at read j. Sync: every later read is skipped, so only the last
 * read's signal finds the load done. Inline: the loader sees it at its next
 * allocation, so only reads queued by the last allocation let it finish.
 * Threads: the loader may already be past both checks.
 */
static int sweep_signal_reads(const struct sweep *s, const struct counts *n)
{
	int failures = 0;

	for (long j = 1; j <= n->reads; j++) {
		struct hr_fault_plan plan;
		struct ft_result r;
		long want[2] = { -EINTR, 0 };
		int nr_want = 1;
		char spec[64];

		if (!take(j, n->reads))
			continue;
		if (s->config.mode == FT_SYNC && j == n->reads)
			want[0] = 0;
		else if (s->config.mode == FT_INLINE && j > n->reads_before_last_alloc)
			want[0] = 0;
		else if (s->config.mode == FT_THREADS)
			nr_want = 2;
		snprintf(spec, sizeof(spec), "signal@read=%ld", j);
		if (!run_one(s, spec, want, nr_want, &plan, &r) || !plan.signalled)
			failures++;
	}
	return failures;
}

/* Real workers only: read j is held until the loader sleeps in its wait. */
static int sweep_signal_waits(const struct sweep *s, const struct counts *n)
{
	int failures = 0;

	if (s->config.mode != FT_THREADS)
		return 0;
	for (long j = 1; j <= n->reads; j++) {
		struct hr_fault_plan plan;
		struct ft_result r;
		long want = -EINTR;
		char spec[64];

		if (!take(j, n->reads))
			continue;
		snprintf(spec, sizeof(spec), "signal@wait=%ld", j);
		if (!run_one(s, spec, &want, 1, &plan, &r) ||
		    hr_fault_fired(&plan, HR_FAULT_SIGNAL_WAIT) != 1)
			failures++;
	}
	return failures;
}

static void run_sweep(const struct sweep *s)
{
	long runs = total_runs;
	double t0 = ft_now();
	struct counts n = count_events(s);

	CU_ASSERT(n.allocs > 0 && n.reads > 0 && n.kmallocs >= 3);
	CU_ASSERT_EQUAL(sweep_kmallocs(s, &n), 0);
	CU_ASSERT_EQUAL(sweep_allocs(s, &n), 0);
	CU_ASSERT_EQUAL(sweep_reads(s, &n), 0);
	CU_ASSERT_EQUAL(sweep_signal_allocs(s, &n), 0);
	CU_ASSERT_EQUAL(sweep_signal_reads(s, &n), 0);
	CU_ASSERT_EQUAL(sweep_signal_waits(s, &n), 0);
	printf("  [%s] %ld runs in %.2f s\n", s->name, total_runs - runs, ft_now() - t0);
}

/* One case per configuration, named after it; the table must hold it. */
#define SWEEP_TEST(name, table, i)					\
	_Static_assert((i) < ARRAY_SIZE(table), #name ": no such sweep");	\
	static void name(void)						\
	{								\
		run_sweep(&table[i]);					\
	}
SWEEP_TEST(exhaustive_sync_single_pages, sweeps, 0)
SWEEP_TEST(exhaustive_inline_qd3_orders_4_1_0, sweeps, 1)
SWEEP_TEST(exhaustive_threads_qd4_orders_2_0, sweeps, 2)
SWEEP_TEST(exhaustive_sync_orders_8_4_0, long_sweeps, 0)
SWEEP_TEST(exhaustive_inline_qd1_single_pages, long_sweeps, 1)
SWEEP_TEST(exhaustive_inline_qd8_orders_3_0, long_sweeps, 2)
SWEEP_TEST(exhaustive_threads_qd1_single_pages, long_sweeps, 3)
SWEEP_TEST(exhaustive_threads_qd8_orders_4_1_0, long_sweeps, 4)

int main(void)
{
	bool long_run = getenv("HR_FAULT_LONG") && *getenv("HR_FAULT_LONG") != '0';
	const char *long_why;
	CU_pSuite s;
	int ret;

	if (ft_under_valgrind()) {
		stride = VALGRIND_STRIDE;
		printf("exhaustive sweep under valgrind: one point in %d (and the first and last)\n", stride);
	}
	if (!ft_file_create(&file, "exhaustive", FILE_SIZE)) {
		fprintf(stderr, "cannot create the test file in %s\n", test_dir());
		return TEST_EXIT_ERROR;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("fault_exhaustive_sweep");
	test_add_case(s, exhaustive_sync_single_pages, NULL);
	test_add_case(s, exhaustive_inline_qd3_orders_4_1_0, NULL);
	test_add_case(s, exhaustive_threads_qd4_orders_2_0, NULL);
	/* The long sweeps are make check-long's (HR_FAULT_LONG=1). */
	long_why = long_run ? NULL : "a long sweep: make check-long runs it (HR_FAULT_LONG=1)";
	test_add_case(s, exhaustive_sync_orders_8_4_0, long_why);
	test_add_case(s, exhaustive_inline_qd1_single_pages, long_why);
	test_add_case(s, exhaustive_inline_qd8_orders_3_0, long_why);
	test_add_case(s, exhaustive_threads_qd1_single_pages, long_why);
	test_add_case(s, exhaustive_threads_qd8_orders_4_1_0, long_why);
	ret = test_run_cunit();
	printf("exhaustive sweep: %ld runs\n", total_runs);
	ft_file_destroy(&file);
	return ret;
}
