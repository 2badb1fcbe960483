// SPDX-License-Identifier: GPL-2.0
/*
 * sim_determinism: the same profile, parameters and seed give the same
 * numbers and the same timeline, byte for byte, whatever the host does;
 * a different seed changes them when the allocator's failures are random.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <kshim/accounting.h>

#include "sim_report.h"
#include "testutil.h"

static char *json_of(const struct sim_profile *p, const struct sim_request *rq)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT_EQUAL(sim_report_json(p, rq, f), 0);
	fclose(f);
	return buf;
}

static void small_request(struct sim_request *rq, unsigned int seed)
{
	sim_request_init(rq);
	rq->sizes[0] = 512 << 10;
	rq->sizes[1] = 8 << 20;
	rq->sizes[2] = 300 << 20;
	rq->nr_sizes = 3;
	rq->seed = seed;
}

static void sim_report_json_same_seed_identical(void)
{
	struct sim_profile p;
	struct sim_request rq;
	char *a, *b;

	sim_profile_default(&p);
	CU_ASSERT_EQUAL(sim_profile_set(&p, "fail_rate=0.3"), 0);
	small_request(&rq, 7);
	a = json_of(&p, &rq);
	b = json_of(&p, &rq);
	CU_ASSERT_PTR_NOT_NULL(strstr(a, "\"total_ns\":"));
	CU_ASSERT_STRING_EQUAL(a, b);
	CU_ASSERT(kshim_accounting_clean());
	free(a);
	free(b);
}

static void sim_report_json_other_seed_differs(void)
{
	struct sim_profile p;
	struct sim_request rq;
	char *a, *b;

	sim_profile_default(&p);
	CU_ASSERT_EQUAL(sim_profile_set(&p, "fail_rate=0.3"), 0);
	small_request(&rq, 7);
	a = json_of(&p, &rq);
	small_request(&rq, 8);
	b = json_of(&p, &rq);
	/* Past the header (which names the seed), the numbers themselves differ. */
	CU_ASSERT(strcmp(strstr(a, "\"rows\""), strstr(b, "\"rows\"")) != 0);
	free(a);
	free(b);
}

static char *timeline_of(const struct sim_profile *p, const char *key, uint64_t size, bool svg)
{
	struct sim_trace tr;
	struct sim_result r;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CU_ASSERT_FATAL(f != NULL);
	sim_trace_init(&tr, key);
	CU_ASSERT_EQUAL(sim_scheme_run(sim_scheme_find(key), p, size, 3, false, &tr, &r), 0);
	CU_ASSERT(tr.nr > 1);
	if (svg)
		sim_trace_write_svg(&tr, f);
	else
		sim_trace_write_json(&tr, f);
	fclose(f);
	sim_trace_release(&tr);
	return buf;
}

static void sim_trace_same_seed_identical(void)
{
	struct sim_profile p;

	sim_profile_default(&p);
	CU_ASSERT_EQUAL(sim_profile_set(&p, "fail_rate=0.2"), 0);
	for (int svg = 0; svg < 2; svg++) {
		char *a = timeline_of(&p, "heapread-direct", 1ull << 30, svg);
		char *b = timeline_of(&p, "heapread-direct", 1ull << 30, svg);

		CU_ASSERT_STRING_EQUAL(a, b);
		/* Both tracks are there: the caller allocating, workers reading. */
		CU_ASSERT_PTR_NOT_NULL(strstr(a, "caller"));
		CU_ASSERT_PTR_NOT_NULL(strstr(a, "worker 0"));
		free(a);
		free(b);
	}
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("sim_determinism");
	test_add_case(s, sim_report_json_same_seed_identical, NULL);
	test_add_case(s, sim_report_json_other_seed_differs, NULL);
	test_add_case(s, sim_trace_same_seed_identical, NULL);
	return test_run_cunit();
}
