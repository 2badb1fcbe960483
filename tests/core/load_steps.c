// SPDX-License-Identifier: GPL-2.0
/*
 * heapread_load_steps: an async load hands its allocation to the readers in
 * steps of gather_min (core/gather.c, documented in docs/design.md), the
 * last step what is left; without steps (gather_min 0 or >= gather_limit,
 * or sync) in gathers of gather_limit. The content is the same byte for
 * byte either way, and on the virtual clock the steps remove the waiting
 * at both ends: an I/O-bound load does not wait for a whole first gather's
 * allocation, an allocation-bound one not for a whole last gather's read,
 * and when both go at the same speed the reads trail the allocation by one
 * step, not one gather.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <linux/err.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <kshim/accounting.h>
#include <kshim/backend.h>
#include <kshim/file.h>
#include "heapread.h"
#include "costly.h"
#include "core_file.h"
#include "testutil.h"

static struct heapread_params step_params(size_t limit, size_t min)
{
	struct heapread_params p;

	heapread_params_init(&p);
	p.gather_limit = limit;
	p.gather_min = min;
	return p;
}

/* Cut @len into gathers; their sizes in @n[] (at most @max); the count. */
static size_t cut(const struct heapread_params *p, size_t len, size_t *n, size_t max)
{
	size_t pos = 0, nr = 0;

	while (pos < len && nr < max) {
		size_t end = heapread_gather_end(p, pos, len);

		CU_ASSERT_FATAL(end > pos && end <= len);
		n[nr++] = end - pos;
		pos = end;
	}
	CU_ASSERT_EQUAL(pos, len);
	return nr;
}

/* The defaults: 1 GiB in 128 steps of 8 MiB; 10 MiB more is one short step. */
static void steps_default_sequence(void)
{
	struct heapread_params p;
	size_t n[256], nr;

	heapread_params_init(&p);
	CU_ASSERT_EQUAL(p.gather_min, 8 * SZ_1M);
	CU_ASSERT_EQUAL(p.gather_limit, SZ_128M);
	nr = cut(&p, SZ_1G, n, 256);
	CU_ASSERT_EQUAL_FATAL(nr, 128);
	for (size_t i = 0; i < nr; i++)
		CU_ASSERT_EQUAL(n[i], 8 * SZ_1M);
	CU_ASSERT_EQUAL(heapread_gather_count(&p, SZ_1G), 128);
	nr = cut(&p, SZ_1G + 10 * SZ_1M, n, 256);
	CU_ASSERT_EQUAL_FATAL(nr, 130);
	CU_ASSERT_EQUAL(n[128], 8 * SZ_1M);
	CU_ASSERT_EQUAL(n[129], 2 * SZ_1M);
	CU_ASSERT_EQUAL(heapread_gather_count(&p, SZ_1G + 10 * SZ_1M), 130);
}

/*
 * For many lengths, limits and minimums: page-aligned gathers, every one
 * the step (gather_min when it is below the limit, else the limit) but a
 * shorter last one, and heapread_gather_count() agrees.
 */
static void steps_rule_holds(void)
{
	static const size_t limits[] = { 2, 3, 8, 16, 64, 100 };
	static const size_t mins[] = { 1, 2, 3, 8 };
	static size_t n[4096];

	for (size_t l = 0; l < sizeof(limits) / sizeof(limits[0]); l++) {
		for (size_t m = 0; m < sizeof(mins) / sizeof(mins[0]); m++) {
			struct heapread_params p = step_params(limits[l] * PAGE_SIZE,
							       mins[m] * PAGE_SIZE);
			size_t step = p.gather_min < p.gather_limit ? p.gather_min : p.gather_limit;

			for (size_t pages = 1; pages < 700; pages += 1 + pages / 8) {
				size_t len = pages * PAGE_SIZE, nr = cut(&p, len, n, 4096);

				CU_ASSERT_EQUAL(heapread_gather_count(&p, len), nr);
				for (size_t j = 0; j < nr; j++) {
					CU_ASSERT(PAGE_ALIGNED(n[j]));
					CU_ASSERT(j == nr - 1 ? n[j] <= step : n[j] == step);
				}
			}
		}
	}
}

/* No steps (0, or a minimum at the limit, or sync): gathers of the limit. */
static void steps_off_is_fixed(void)
{
	struct heapread_params off[3] = {
		step_params(16 * PAGE_SIZE, 0),
		step_params(16 * PAGE_SIZE, 16 * PAGE_SIZE),
		step_params(16 * PAGE_SIZE, PAGE_SIZE),
	};
	size_t n[64];

	off[2].sync = true;
	for (int k = 0; k < 3; k++) {
		size_t nr = cut(&off[k], 100 * PAGE_SIZE, n, 64);

		CU_ASSERT_EQUAL(nr, 7);
		CU_ASSERT_EQUAL(heapread_gather_count(&off[k], 100 * PAGE_SIZE), 7);
		for (size_t i = 0; i < 6; i++)
			CU_ASSERT_EQUAL(n[i], 16 * PAGE_SIZE);
		CU_ASSERT_EQUAL(n[6], 4 * PAGE_SIZE);
	}
}

static void steps_min_unaligned_is_einval(void)
{
	struct heapread_params p = step_params(16 * PAGE_SIZE, PAGE_SIZE + 1);

	CU_ASSERT_EQUAL(heapread_params_check(&p), -EINVAL);
	p.gather_min = 0;
	CU_ASSERT_EQUAL(heapread_params_check(&p), 0);
	heapread_params_init(&p);
	CU_ASSERT_EQUAL(heapread_params_check(&p), 0);
}

static bool load_and_check(uint64_t size, size_t limit_pages, size_t min_pages, bool direct,
			   unsigned int qd)
{
	struct heapread_params p = step_params(limit_pages * PAGE_SIZE, min_pages * PAGE_SIZE);
	struct heapread_stats st;
	struct heapread_buffer *buf;
	struct core_file f;
	bool ok = false;

	core_file_open(&f, "ramp", size, direct);
	p.queue_depth = qd;
	buf = heapread_load(&f.kf.file, &p, &st);
	if (IS_ERR(buf)) {
		fprintf(stderr, "load of %llu bytes failed: %ld\n", (unsigned long long)size,
			PTR_ERR(buf));
	} else {
		ok = test_buffer_matches(buf, size);
		CU_ASSERT(test_gathers_fit(&p, st.nr_gathers, buf->len));
		heapread_buffer_free(buf);
	}
	core_file_close(&f);
	CU_ASSERT(kshim_accounting_report("after a load in steps"));
	return ok;
}

/* Sizes around pages, the minimum and the limit; steps on and off; qd 1, 2, 4. */
static void check_content(bool direct)
{
	static const unsigned int qds[] = { 1, 2, 4 };
	const size_t limit = 16, minp = 2;
	const uint64_t lb = limit * PAGE_SIZE, mb = minp * PAGE_SIZE;
	const uint64_t sizes[] = { 1, 4097, mb - 1, mb, mb + 1, lb - 1, lb + 1,
				   3 * lb + 1, 10 * lb + 12345, 300 * PAGE_SIZE + 7 };

	for (size_t q = 0; q < sizeof(qds) / sizeof(qds[0]); q++)
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
			for (size_t m = 0; m < 2; m++) {
				bool ok = load_and_check(sizes[s], limit, m ? minp : 0, direct, qds[q]);

				if (!ok)
					fprintf(stderr, "  size %llu steps %s qd %u direct %d\n",
						(unsigned long long)sizes[s], m ? "on" : "off", qds[q],
						direct);
				CU_ASSERT(ok);
			}
}

static void steps_content_buffered(void)
{
	check_content(false);
}

static void steps_content_direct(void)
{
	check_content(true);
}

/* The total of a load timed in the virtual-clock world of load_timing.c (costly.h). */
static u64 timed_total(size_t pages, size_t min_pages)
{
	struct heapread_params p = step_params(64 * PAGE_SIZE, min_pages * PAGE_SIZE);
	struct heapread_stats st = { 0 };
	struct heapread_buffer *buf;
	struct core_file f;

	core_file_open(&f, "ramptime", pages * PAGE_SIZE, false);
	f.kf.file.f_op = &costly_fops;
	p.order_mask = 0;
	p.queue_depth = 1;
	current->vclock = 0;
	costly_device_free_at = 0;
	buf = heapread_load(&f.kf.file, &p, &st);
	CU_ASSERT_FATAL(!IS_ERR(buf));
	CU_ASSERT(test_buffer_matches(buf, pages * PAGE_SIZE));
	heapread_buffer_free(buf);
	core_file_close(&f);
	return st.total_ns;
}

static void use_costly_pages(void)
{
	kshim_set_page_backend(&costly_pages);
	kshim_set_clock(KSHIM_CLOCK_VIRTUAL);
	kshim_set_executor(&kshim_inline_executor);
}

/*
 * 512 pages, 64-page gathers, 4-page minimum. Without steps a load waits
 * for one whole gather at one end; with them, for at most one step.
 */
static void steps_remove_first_gather_wait(void)
{
	const u64 pages = 512;

	costly_alloc_ns = 100;
	costly_read_ns = 200;	/* I/O-bound: 102400 ns of reads */
	CU_ASSERT_EQUAL(timed_total(pages, 0), 64 * costly_alloc_ns + pages * costly_read_ns);
	CU_ASSERT(timed_total(pages, 4) <= 4 * costly_alloc_ns + pages * costly_read_ns);
}

static void steps_remove_last_gather_wait(void)
{
	const u64 pages = 512;

	costly_alloc_ns = 200;	/* allocation-bound: 102400 ns of allocation */
	costly_read_ns = 100;
	CU_ASSERT_EQUAL(timed_total(pages, 0), pages * costly_alloc_ns + 64 * costly_read_ns);
	CU_ASSERT(timed_total(pages, 4) <= pages * costly_alloc_ns + 4 * costly_read_ns);
}

/*
 * Allocation and reads at the same speed: with gathers of 64 pages the
 * reads trail the allocation by a whole gather, which is still to be read
 * when the allocation ends (the last 64 pages' worth); with 4-page steps
 * by one step.
 */
static void steps_trail_balanced_allocation(void)
{
	const u64 pages = 512;

	costly_alloc_ns = 100;
	costly_read_ns = 100;
	CU_ASSERT(timed_total(pages, 0) >= pages * costly_alloc_ns + 64 * costly_read_ns);
	CU_ASSERT_EQUAL(timed_total(pages, 4), pages * costly_alloc_ns + 4 * costly_read_ns);
}

int main(void)
{
	const char *no_direct;
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	no_direct = test_direct_missing();
	s = test_add_suite("heapread_load_steps");
	test_add_case(s, steps_default_sequence, NULL);
	test_add_case(s, steps_rule_holds, NULL);
	test_add_case(s, steps_off_is_fixed, NULL);
	test_add_case(s, steps_min_unaligned_is_einval, NULL);
	test_add_case(s, steps_content_buffered, NULL);
	test_add_case(s, steps_content_direct, no_direct);
	s = test_add_suite_setup("heapread_load_steps_timing", use_costly_pages);
	test_add_case(s, steps_remove_first_gather_wait, NULL);
	test_add_case(s, steps_remove_last_gather_wait, NULL);
	test_add_case(s, steps_trail_balanced_allocation, NULL);
	return test_run_cunit();
}
