// SPDX-License-Identifier: GPL-2.0
/*
 * hr_fault_spec: the fault spec syntax. Every documented form parses to the
 * clause it names and prints back to a spec that parses to the same plan;
 * every malformed one is refused with one line that names the clause.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "fault.h"
#include "testutil.h"

static bool same_plan(const struct hr_fault_plan *a, const struct hr_fault_plan *b)
{
	if (a->nr_clauses != b->nr_clauses || a->seed != b->seed)
		return false;
	for (int i = 0; i < a->nr_clauses; i++) {
		const struct hr_fault_clause *x = &a->clause[i], *y = &b->clause[i];

		if (x->kind != y->kind || x->at != y->at || x->value != y->value || x->p != y->p)
			return false;
	}
	return true;
}

/* @spec parses to one clause of @kind with @at and @value, and round-trips. */
static void expect_clause(const char *spec, enum hr_fault_kind kind, long at, long value)
{
	struct hr_fault_plan plan, again;
	char err[256] = "", text[512];

	CU_ASSERT_EQUAL_FATAL(hr_fault_parse(spec, &plan, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(err[0], '\0');
	CU_ASSERT_EQUAL_FATAL(plan.nr_clauses, 1);
	CU_ASSERT_EQUAL(plan.clause[0].kind, kind);
	CU_ASSERT_EQUAL(plan.clause[0].at, at);
	CU_ASSERT_EQUAL(plan.clause[0].value, value);
	CU_ASSERT(hr_fault_format(&plan, text, sizeof(text)) < (int)sizeof(text));
	CU_ASSERT_EQUAL_FATAL(hr_fault_parse(text, &again, err, sizeof(err)), 0);
	CU_ASSERT(same_plan(&plan, &again));
	if (!same_plan(&plan, &again))
		fprintf(stderr, "'%s' printed as '%s'\n", spec, text);
}

static void parse_accepts_every_documented_form(void)
{
	expect_clause("alloc@17", HR_FAULT_ALLOC_AT, 17, 0);
	expect_clause("alloc:order>=4", HR_FAULT_ALLOC_ORDER, 0, 4);
	expect_clause("alloc:after=300", HR_FAULT_ALLOC_AFTER, 0, 300);
	expect_clause("kmalloc@2", HR_FAULT_KMALLOC_AT, 2, 0);
	expect_clause("read@3:EIO", HR_FAULT_READ_AT, 3, EIO);
	expect_clause("read@3", HR_FAULT_READ_AT, 3, EIO);
	expect_clause("read@9:ENOSPC", HR_FAULT_READ_AT, 9, ENOSPC);
	expect_clause("read@1:EINTR", HR_FAULT_READ_AT, 1, EINTR);
	expect_clause("read@1:1234", HR_FAULT_READ_AT, 1, 1234);
	expect_clause("read:p=0.5:EAGAIN", HR_FAULT_READ_PROB, 0, EAGAIN);
	expect_clause("read:short=random", HR_FAULT_READ_SHORT, 0, 0);
	expect_clause("read:short=4K", HR_FAULT_READ_SHORT, 0, 4096);
	/* Sizes as every heapread option writes them (hr_parse_size_prefix()). */
	expect_clause("read:short=4KiB", HR_FAULT_READ_SHORT, 0, 4096);
	expect_clause("read:short=1mb", HR_FAULT_READ_SHORT, 0, 1 << 20);
	expect_clause("read:short=512B", HR_FAULT_READ_SHORT, 0, 512);
	expect_clause("read:zero@5", HR_FAULT_READ_ZERO, 5, 0);
	expect_clause("read:long@2", HR_FAULT_READ_LONG, 2, 0);
	expect_clause("read:late", HR_FAULT_READ_LATE, 0, 1000000);
	expect_clause("read:late=250us", HR_FAULT_READ_LATE, 0, 250000);
	expect_clause("signal@alloc=40", HR_FAULT_SIGNAL_ALLOC, 40, 0);
	expect_clause("signal@read=3", HR_FAULT_SIGNAL_READ, 3, 0);
	expect_clause("signal@wait", HR_FAULT_SIGNAL_WAIT, 1, 0);
	expect_clause("signal@wait=7", HR_FAULT_SIGNAL_WAIT, 7, 0);
	expect_clause("signal@t=40ms", HR_FAULT_SIGNAL_TIME, 0, 40000000);
	expect_clause("signal@t=2s", HR_FAULT_SIGNAL_TIME, 0, 2000000000);
	expect_clause("signal@t=15", HR_FAULT_SIGNAL_TIME, 0, 15);
	expect_clause("truncate@read=2:1M", HR_FAULT_TRUNCATE, 2, 1 << 20);
	expect_clause("truncate@read=2:0", HR_FAULT_TRUNCATE, 2, 0);
	expect_clause("grow@read=2", HR_FAULT_GROW, 2, 2 * 4096 + 123);
	expect_clause("grow@read=2:1G", HR_FAULT_GROW, 2, 1L << 30);
}

static void parse_reads_probabilities_and_seed(void)
{
	struct hr_fault_plan plan;
	char err[256];

	CU_ASSERT_EQUAL_FATAL(hr_fault_parse("seed=42, alloc:p=0.01 ,kmalloc:p=1", &plan, err,
					     sizeof(err)), 0);
	CU_ASSERT_EQUAL(plan.seed, 42);
	CU_ASSERT_EQUAL_FATAL(plan.nr_clauses, 2);
	CU_ASSERT_EQUAL(plan.clause[0].kind, HR_FAULT_ALLOC_PROB);
	CU_ASSERT_DOUBLE_EQUAL(plan.clause[0].p, 0.01, 1e-12);
	CU_ASSERT_EQUAL(plan.clause[1].kind, HR_FAULT_KMALLOC_PROB);
	CU_ASSERT_DOUBLE_EQUAL(plan.clause[1].p, 1.0, 0);
}

static void parse_empty_specs_are_empty_plans(void)
{
	struct hr_fault_plan plan;
	char err[256];

	CU_ASSERT_EQUAL(hr_fault_parse("", &plan, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(plan.nr_clauses, 0);
	CU_ASSERT_EQUAL(plan.seed, 1);
	CU_ASSERT_EQUAL(plan.write_fd, -1);
	CU_ASSERT_EQUAL(hr_fault_parse("none", &plan, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(plan.nr_clauses, 0);
}

static void parse_keeps_several_clauses_in_order(void)
{
	const char *spec = "alloc@17,read@3:EIO,signal@alloc=40,read:short=random,grow@read=2";
	struct hr_fault_plan plan;
	char err[256], text[512];

	CU_ASSERT_EQUAL_FATAL(hr_fault_parse(spec, &plan, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(plan.nr_clauses, 5);
	CU_ASSERT_EQUAL(plan.clause[0].kind, HR_FAULT_ALLOC_AT);
	CU_ASSERT_EQUAL(plan.clause[1].kind, HR_FAULT_READ_AT);
	CU_ASSERT_EQUAL(plan.clause[2].kind, HR_FAULT_SIGNAL_ALLOC);
	CU_ASSERT_EQUAL(plan.clause[3].kind, HR_FAULT_READ_SHORT);
	CU_ASSERT_EQUAL(plan.clause[4].kind, HR_FAULT_GROW);
	hr_fault_format(&plan, text, sizeof(text));
	CU_ASSERT_STRING_EQUAL(text, "seed=1,alloc@17,read@3:EIO,signal@alloc=40,"
			       "read:short=random,grow@read=2:8315");
}

/* @spec is refused with one line that quotes clause @nth and contains @why. */
static void expect_error(const char *spec, int nth, const char *why)
{
	struct hr_fault_plan plan;
	char err[256] = "", clause[32];

	CU_ASSERT_EQUAL(hr_fault_parse(spec, &plan, err, sizeof(err)), -EINVAL);
	CU_ASSERT(err[0] != '\0');
	CU_ASSERT(strchr(err, '\n') == NULL);
	snprintf(clause, sizeof(clause), "clause %d", nth);
	if (nth)
		CU_ASSERT(strstr(err, clause) != NULL);
	CU_ASSERT(strstr(err, why) != NULL);
	if (!strstr(err, why) || (nth && !strstr(err, clause)))
		fprintf(stderr, "'%s': got '%s'\n", spec, err);
}

static void parse_rejects_malformed_specs(void)
{
	expect_error("alloc@", 1, "event number");
	expect_error("alloc@0", 1, "count from 1");
	expect_error("alloc@x", 1, "event number");
	expect_error("alloc@3x", 1, "unexpected text");
	expect_error("alloc", 1, "expected alloc@N");
	expect_error("alloc:order>=99", 1, "orders go from 0 to 20");
	expect_error("alloc:p=1.5", 1, "probability");
	expect_error("alloc:p=", 1, "probability");
	expect_error("read@2:EWHAT", 2 - 1, "errno name");
	expect_error("read@2:0", 1, "errno numbers");
	expect_error("read:short=0", 1, "at least 1 byte");
	expect_error("read:short=", 1, "size");
	expect_error("read:late=5parsecs", 1, "unexpected text");
	expect_error("read:sideways", 1, "expected read@N");
	expect_error("signal@lunch", 1, "expected signal@alloc=N");
	expect_error("signal@t=", 1, "duration");
	expect_error("truncate@read=2", 1, "expected :SIZE");
	expect_error("grow@read=2:0", 1, "at least 1 byte");
	expect_error("read@1,,read@2", 2, "empty clause");
	expect_error("read@1,bogus", 2, "unknown fault");
	expect_error("read@1,", 0, "trailing ','");
	expect_error("alloc@99999999999999999999999", 1, "out of range");
	expect_error("grow@read=1:99999999999G", 1, "out of range");
	expect_error("kmalloc@", 1, "event number");
	expect_error("kmalloc", 1, "expected kmalloc@N");
	expect_error("seed=", 1, "seed");
}

static void parse_rejects_too_many_clauses(void)
{
	char spec[1024] = "read@1";
	struct hr_fault_plan plan;
	char err[256];

	for (int i = 1; i < HR_FAULT_MAX_CLAUSES; i++)
		strcat(spec, ",read@1");
	CU_ASSERT_EQUAL(hr_fault_parse(spec, &plan, err, sizeof(err)), 0);
	strcat(spec, ",read@1");
	CU_ASSERT_EQUAL(hr_fault_parse(spec, &plan, err, sizeof(err)), -EINVAL);
	CU_ASSERT(strstr(err, "too many clauses") != NULL);
}

static void errno_names_are_known(void)
{
	CU_ASSERT_STRING_EQUAL(hr_fault_errno_name(EIO), "EIO");
	CU_ASSERT_STRING_EQUAL(hr_fault_errno_name(ENOSPC), "ENOSPC");
	CU_ASSERT_PTR_NULL(hr_fault_errno_name(1234));
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("fault_spec");
	test_add_case(s, parse_accepts_every_documented_form, NULL);
	test_add_case(s, parse_reads_probabilities_and_seed, NULL);
	test_add_case(s, parse_empty_specs_are_empty_plans, NULL);
	test_add_case(s, parse_keeps_several_clauses_in_order, NULL);
	test_add_case(s, parse_rejects_malformed_specs, NULL);
	test_add_case(s, parse_rejects_too_many_clauses, NULL);
	test_add_case(s, errno_names_are_known, NULL);
	return test_run_cunit();
}
