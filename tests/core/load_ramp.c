// SPDX-License-Identifier: GPL-2.0
/*
 * heapread_load_ramp: an async load's gathers start at gather_min, grow by a
 * quarter at a time up to gather_limit and halve again towards the end (core/gather.c, documented
 * in docs/design.md); the content is the same byte for byte with the ramp on
 * or off; and on the virtual clock the ramp removes both ends' waiting: an
 * I/O-bound load no longer waits for a whole first gather's allocation, an
 * allocation-bound one no longer for a whole last gather's read.
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

static struct heapread_params ramp_params(size_t limit, size_t min)
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

/* 1 GiB, 128 MiB limit, a 2 MiB minimum (KiB). */
static void ramp_default_sequence_1g(void)
{
	static const size_t want_kib[] = {
		2048, 2048, 2048, 2048, 2048, 2560, 3200, 4000, 5000, 6252, 7816, 9768,
		12212, 15264, 19080, 23848, 29812, 37264, 46580, 58224, 72780, 90976,
		113720, 131072, 131072, 108920, 54460, 27228, 13616, 6808, 3404, 2048, 1352,
	};
	struct heapread_params p = ramp_params(SZ_128M, 2 * SZ_1M);
	size_t n[64], nr = cut(&p, SZ_1G, n, 64);

	CU_ASSERT_EQUAL_FATAL(nr, sizeof(want_kib) / sizeof(want_kib[0]));
	for (size_t i = 0; i < nr; i++)
		CU_ASSERT_EQUAL(n[i], want_kib[i] * 1024);
	CU_ASSERT_EQUAL(heapread_gather_count(&p, SZ_1G), nr);
}

/* The defaults: 8 MiB up to 128 MiB, the sequence docs/design.md shows (MiB). */
static void ramp_default_sequence_1g_8m(void)
{
	static const double want_mib[] = {
		8, 8, 8, 8, 8, 10, 12.5, 15.625, 19.5312, 24.4141, 30.5195, 38.1484, 47.6875,
		59.6094, 74.5117, 93.1367, 116.4219, 128, 128, 92.9492, 46.4727, 23.2383, 11.6172,
		8, 3.6172,
	};
	struct heapread_params p;
	size_t n[64], nr;

	heapread_params_init(&p);
	CU_ASSERT_EQUAL(p.gather_min, 8 * SZ_1M);
	CU_ASSERT_EQUAL(p.gather_limit, SZ_128M);
	nr = cut(&p, SZ_1G, n, 64);
	CU_ASSERT_EQUAL_FATAL(nr, sizeof(want_mib) / sizeof(want_mib[0]));
	/* Sizes are rounded up to a page: within 4 KiB of the rule's real values. */
	for (size_t i = 0; i < nr; i++)
		CU_ASSERT(n[i] >= want_mib[i] * SZ_1M - 0.1 * SZ_1M && n[i] <= want_mib[i] * SZ_1M + 0.1 * SZ_1M);
	CU_ASSERT_EQUAL(heapread_gather_count(&p, SZ_1G), nr);
}

/*
 * For many lengths and limits: page-aligned gathers, none above the limit,
 * none below the minimum but the last, growing then shrinking, the first
 * one the minimum, and heapread_gather_count() agrees.
 */
static void ramp_rule_holds(void)
{
	static const size_t limits[] = { 2, 3, 8, 16, 64, 100 };
	static const size_t mins[] = { 1, 2, 3, 8 };
	static size_t n[4096];

	for (size_t l = 0; l < sizeof(limits) / sizeof(limits[0]); l++) {
		for (size_t m = 0; m < sizeof(mins) / sizeof(mins[0]); m++) {
			struct heapread_params p = ramp_params(limits[l] * PAGE_SIZE,
							       mins[m] * PAGE_SIZE);

			for (size_t pages = 1; pages < 700; pages += 1 + pages / 8) {
				size_t len = pages * PAGE_SIZE, nr = cut(&p, len, n, 4096), i = 1;
				bool ramps = p.gather_min < p.gather_limit;

				CU_ASSERT_EQUAL(heapread_gather_count(&p, len), nr);
				CU_ASSERT(n[0] == len || n[0] == (ramps ? p.gather_min : p.gather_limit));
				for (size_t j = 0; j < nr; j++) {
					CU_ASSERT(PAGE_ALIGNED(n[j]));
					CU_ASSERT(n[j] <= p.gather_limit);
					CU_ASSERT(j == nr - 1 || n[j] >= min(p.gather_min, p.gather_limit));
				}
				while (i < nr && n[i] >= n[i - 1])
					i++;
				while (i < nr && n[i] <= n[i - 1])
					i++;
				/* Only the last gather may be shorter than gather_min. */
				CU_ASSERT(i == nr || (i == nr - 1 && n[i] < p.gather_min));
			}
		}
	}
}

/* Ramp off (0, or a minimum at the limit, or sync): fixed gathers. */
static void ramp_off_is_fixed(void)
{
	struct heapread_params off[3] = {
		ramp_params(16 * PAGE_SIZE, 0),
		ramp_params(16 * PAGE_SIZE, 16 * PAGE_SIZE),
		ramp_params(16 * PAGE_SIZE, PAGE_SIZE),
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

static void ramp_min_unaligned_is_einval(void)
{
	struct heapread_params p = ramp_params(16 * PAGE_SIZE, PAGE_SIZE + 1);

	CU_ASSERT_EQUAL(heapread_params_check(&p), -EINVAL);
	p.gather_min = 0;
	CU_ASSERT_EQUAL(heapread_params_check(&p), 0);
	heapread_params_init(&p);
	CU_ASSERT_EQUAL(heapread_params_check(&p), 0);
}

static bool load_and_check(uint64_t size, size_t limit_pages, size_t min_pages, bool direct,
			   unsigned int qd)
{
	struct heapread_params p = ramp_params(limit_pages * PAGE_SIZE, min_pages * PAGE_SIZE);
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
	CU_ASSERT(kshim_accounting_report("after a ramped load"));
	return ok;
}

/* Sizes around pages, the minimum and the limit; ramp on and off; qd 1, 2, 4. */
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
					fprintf(stderr, "  size %llu ramp %s qd %u direct %d\n",
						(unsigned long long)sizes[s], m ? "on" : "off", qds[q],
						direct);
				CU_ASSERT(ok);
			}
}

static void ramp_content_buffered(void)
{
	check_content(false);
}

static void ramp_content_direct(void)
{
	check_content(true);
}

/* The total of a load timed in the virtual-clock world of load_timing.c (costly.h). */
static u64 timed_total(size_t pages, size_t min_pages)
{
	struct heapread_params p = ramp_params(64 * PAGE_SIZE, min_pages * PAGE_SIZE);
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
 * 512 pages, 64-page gathers, 4-page minimum. Without the ramp a load waits
 * for one whole gather at one end; with it, for at most one minimum gather.
 */
static void ramp_removes_first_gather_wait(void)
{
	const u64 pages = 512;

	costly_alloc_ns = 100;
	costly_read_ns = 200;	/* I/O-bound: 102400 ns of reads */
	CU_ASSERT_EQUAL(timed_total(pages, 0), 64 * costly_alloc_ns + pages * costly_read_ns);
	CU_ASSERT(timed_total(pages, 4) <= 4 * costly_alloc_ns + pages * costly_read_ns);
}

static void ramp_removes_last_gather_wait(void)
{
	const u64 pages = 512;

	costly_alloc_ns = 200;	/* allocation-bound: 102400 ns of allocation */
	costly_read_ns = 100;
	CU_ASSERT_EQUAL(timed_total(pages, 0), pages * costly_alloc_ns + 64 * costly_read_ns);
	CU_ASSERT(timed_total(pages, 4) <= pages * costly_alloc_ns + 4 * costly_read_ns);
}

int main(void)
{
	const char *no_direct;
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	no_direct = test_direct_missing();
	s = test_add_suite("heapread_load_ramp");
	test_add_case(s, ramp_default_sequence_1g, NULL);
	test_add_case(s, ramp_default_sequence_1g_8m, NULL);
	test_add_case(s, ramp_rule_holds, NULL);
	test_add_case(s, ramp_off_is_fixed, NULL);
	test_add_case(s, ramp_min_unaligned_is_einval, NULL);
	test_add_case(s, ramp_content_buffered, NULL);
	test_add_case(s, ramp_content_direct, no_direct);
	s = test_add_suite_setup("heapread_load_ramp_timing", use_costly_pages);
	test_add_case(s, ramp_removes_first_gather_wait, NULL);
	test_add_case(s, ramp_removes_last_gather_wait, NULL);
	return test_run_cunit();
}
