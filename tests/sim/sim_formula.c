// SPDX-License-Identifier: GPL-2.0
/*
 * sim_formula: the seed's formula holds for the engine in the model.
 *   async total = T(first gather) + max(T(rest of alloc), T(I/O))
 *   async total = sync total - overlap, overlap = min(T(rest of alloc), T(I/O))
 * each within one gather's time (allocating and reading one gather), for an
 * allocation-bound, a balanced and an I/O-bound machine.
 */
#include <stdint.h>
#include <stdio.h>

#include <CUnit/Basic.h>
#include <kshim/accounting.h>

#include "sim_run.h"
#include "testutil.h"

#define SIZE	(1ull << 30)
#define GATHER	(64ull << 20)

static uint64_t max64(uint64_t a, uint64_t b) { return a > b ? a : b; }
static uint64_t min64(uint64_t a, uint64_t b) { return a < b ? a : b; }
static uint64_t absdiff(uint64_t a, uint64_t b) { return a > b ? a - b : b - a; }

/* A machine where allocation runs at @alloc_gbps and the device at 2 GB/s. */
static void check_formula(const char *alloc_gbps)
{
	struct sim_engine_cfg async = {
		.direct = true, .queue_depth = 1, .gather = GATHER, .dma_heap = true,
		.order_mask = (1UL << 8) | (1UL << 4) | 1,
		/* The seed's formula is for its fixed gathers, not the engine's steps. */
		.gather_min = UINT64_MAX,
	};
	struct sim_engine_cfg sync = async;
	struct sim_result a, s;
	struct sim_profile p;
	struct sim_ctx c;
	char set[64];
	uint64_t first, rest, io, gather_time;

	sync.sync = true;
	sim_profile_default(&p);
	snprintf(set, sizeof(set), "zero_gbps=%s", alloc_gbps);
	CU_ASSERT_EQUAL_FATAL(sim_profile_set(&p, set), 0);
	CU_ASSERT_EQUAL_FATAL(sim_profile_set(&p, "dev_gbps=2"), 0);
	CU_ASSERT_EQUAL_FATAL(sim_profile_set(&p, "heap_zeroes=1"), 0);
	sim_ctx_init(&c, &p, 1, false, NULL);
	CU_ASSERT_EQUAL_FATAL(sim_run_engine(&c, &sync, SIZE, &s), 0);
	sim_ctx_init(&c, &p, 1, false, NULL);
	CU_ASSERT_EQUAL_FATAL(sim_run_engine(&c, &async, SIZE, &a), 0);
	CU_ASSERT(kshim_accounting_clean());

	first = a.first_gather_ns;
	rest = a.alloc_ns - first;
	io = s.total_ns - s.alloc_ns;		/* the reads alone, from the sync run */
	gather_time = s.alloc_ns / (SIZE / GATHER) + io / (SIZE / GATHER);
	printf("\n  alloc %s GB/s: first %llu rest %llu io %llu async %llu sync %llu\n",
	       alloc_gbps, (unsigned long long)first, (unsigned long long)rest,
	       (unsigned long long)io, (unsigned long long)a.total_ns,
	       (unsigned long long)s.total_ns);
	CU_ASSERT(absdiff(a.total_ns, first + max64(rest, io)) <= gather_time);
	CU_ASSERT(absdiff(a.total_ns, s.total_ns - min64(rest, io)) <= gather_time);
	/* And the overlap is real: async beats sync by at least half the shorter side. */
	CU_ASSERT(s.total_ns - a.total_ns >= min64(rest, io) / 2);
}

static void heapread_load_alloc_bound(void) { check_formula("1"); }
static void heapread_load_balanced(void) { check_formula("2.1"); }
static void heapread_load_io_bound(void) { check_formula("8"); }

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("sim_formula");
	test_add_case(s, heapread_load_alloc_bound, NULL);
	test_add_case(s, heapread_load_balanced, NULL);
	test_add_case(s, heapread_load_io_bound, NULL);
	return test_run_cunit();
}
