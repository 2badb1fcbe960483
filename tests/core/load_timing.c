// SPDX-License-Identifier: GPL-2.0
/*
 * heapread_load_timing: on the inline executor and the virtual clock, with a
 * page allocator that costs A ns a page and a file that reads at R ns a page,
 * the engine's own stats follow the seed's formula: sync total = alloc + I/O,
 * async total = first gather + max(rest of alloc, I/O) (+ at most one
 * gather's read, which cannot overlap anything), and the time the reads
 * waited for the allocation (io_idle_ns) is the gaps between the windows.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <linux/err.h>
#include <linux/mm.h>
#include <linux/workqueue.h>
#include <linux/sched.h>
#include <kshim/accounting.h>
#include <kshim/backend.h>
#include <kshim/file.h>
#include "heapread.h"
#include "core_file.h"
#include "costly.h"
#include "testutil.h"

static struct heapread_stats timed_load(uint64_t size, size_t gather_pages, bool sync)
{
	struct heapread_params p;
	struct heapread_stats st = { 0 };
	struct heapread_buffer *buf;
	struct core_file f;

	core_file_open(&f, "timing", size, false);
	f.kf.file.f_op = &costly_fops;
	heapread_params_init(&p);
	p.gather_limit = gather_pages * PAGE_SIZE;
	p.order_mask = 0;	/* single pages: the cost is per page */
	p.sync = sync;
	p.queue_depth = 1;
	current->vclock = 0;
	costly_device_free_at = 0;
	/* Virtual time needs the depth in workers: a queue of our own, from t=0. */
	p.wq = alloc_workqueue("timing", WQ_UNBOUND, p.queue_depth);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.wq);
	buf = heapread_load(&f.kf.file, &p, &st);
	destroy_workqueue(p.wq);
	CU_ASSERT_FATAL(!IS_ERR(buf));
	CU_ASSERT(test_buffer_matches(buf, size));
	heapread_buffer_free(buf);
	core_file_close(&f);
	return st;
}

static void check_formula(u64 a, u64 r)
{
	const uint64_t pages = 256, gather = 16;
	u64 t_alloc = pages * a, t_io = pages * r, t_first = gather * a;
	struct heapread_stats s, y;

	costly_alloc_ns = a;
	costly_read_ns = r;
	y = timed_load(pages * PAGE_SIZE, gather, true);
	CU_ASSERT_EQUAL(y.alloc_done_ns, t_alloc);
	CU_ASSERT_EQUAL(y.total_ns, t_alloc + t_io);
	s = timed_load(pages * PAGE_SIZE, gather, false);
	CU_ASSERT_EQUAL(s.first_gather_ns, t_first);
	CU_ASSERT_EQUAL(s.alloc_done_ns, t_alloc);
	CU_ASSERT_EQUAL(s.io_done_ns, s.total_ns);
	/*
	 * One lane: when allocating is the slower, the device waits between
	 * windows, (gather * (a - r)) before each read but the first; when
	 * reading is, the next window is always ready and it never waits.
	 */
	CU_ASSERT_EQUAL(y.io_idle_ns, 0);
	CU_ASSERT_EQUAL(s.io_idle_ns, a > r ? (pages / gather - 1) * gather * (a - r) : 0);
	/* first gather + max(rest, I/O), give or take the last gather's read */
	CU_ASSERT(s.total_ns >= t_first + max(t_alloc - t_first, t_io));
	CU_ASSERT(s.total_ns <= t_first + max(t_alloc - t_first, t_io) + gather * r);
	CU_ASSERT(s.total_ns < y.total_ns);
}

static void load_timing_io_bound(void)
{
	check_formula(10, 40);
}

static void load_timing_alloc_bound(void)
{
	check_formula(40, 10);
}

static void load_timing_balanced(void)
{
	check_formula(25, 25);
}

/* Undone by kshim_reset_all() after each case. */
static void setup(void)
{
	kshim_set_page_backend(&costly_pages);
	kshim_set_executor(&kshim_inline_executor);
	kshim_set_clock(KSHIM_CLOCK_VIRTUAL);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite_setup("heapread_load_timing", setup);
	test_add_case(s, load_timing_io_bound, NULL);
	test_add_case(s, load_timing_alloc_bound, NULL);
	test_add_case(s, load_timing_balanced, NULL);
	return test_run_cunit();
}
