// SPDX-License-Identifier: GPL-2.0
/*
 * kernel_vmap_ranges: the dma-buf exporter's cache maintenance of a vmap
 * (kernel/heapread_vmap_range.h, used by begin/end_cpu_access) walks the
 * mapping in steps an int size holds. For lengths just below, at and above
 * every multiple of 1 GiB up to 4 GiB (and a 64 GiB one): the calls are
 * contiguous, in order, each of 1 byte to 1 GiB, as many as 1 GiB steps
 * fit, and cover exactly the mapping. Nothing is mapped: the flush is a
 * recorder, so buffers larger than this machine's memory are checked too
 * (the guest has 1.5 GiB).
 */
#include <stdint.h>
#include <stdio.h>

#include <CUnit/Basic.h>

#include "heapread_vmap_range.h"
#include "testutil.h"

#define MAX_CALLS	128
#define BASE		((uintptr_t)1 << 40)	/* a made-up, never dereferenced address */

static struct { uintptr_t addr; int size; } calls[MAX_CALLS];
static unsigned int nr_calls;

static void record(void *vaddr, int size)
{
	if (nr_calls < MAX_CALLS)
		calls[nr_calls] = (typeof(calls[0])) { (uintptr_t)vaddr, size };
	nr_calls++;
}

static bool steps_cover(size_t len)
{
	uint64_t want_calls = (len + SZ_1G - 1) / SZ_1G;
	uintptr_t next = BASE;

	nr_calls = 0;
	heapread_vmap_ranges((void *)BASE, len, record);
	if (nr_calls != want_calls) {
		fprintf(stderr, "len %zu: %u calls, want %llu\n", len, nr_calls,
			(unsigned long long)want_calls);
		return false;
	}
	for (unsigned int i = 0; i < nr_calls; i++) {
		if (calls[i].addr != next || calls[i].size <= 0 || calls[i].size > SZ_1G) {
			fprintf(stderr, "len %zu: call %u at +%llu size %d, want at +%llu, 1..%d bytes\n",
				len, i, (unsigned long long)(calls[i].addr - BASE), calls[i].size,
				(unsigned long long)(next - BASE), SZ_1G);
			return false;
		}
		/* Every step but the last is a whole 1 GiB. */
		if (i + 1 < nr_calls && calls[i].size != SZ_1G) {
			fprintf(stderr, "len %zu: call %u of %d bytes is not the last\n", len, i,
				calls[i].size);
			return false;
		}
		next += (unsigned int)calls[i].size;
	}
	if (next - BASE != len) {
		fprintf(stderr, "len %zu: the calls cover %llu bytes\n", len,
			(unsigned long long)(next - BASE));
		return false;
	}
	return true;
}

static void vmap_ranges_small_lengths_one_call(void)
{
	CU_ASSERT(steps_cover(0));
	CU_ASSERT(steps_cover(1));
	CU_ASSERT(steps_cover(4096));
	CU_ASSERT(steps_cover(12345 * 4096UL));
}

static void vmap_ranges_around_each_gib_multiple_exact(void)
{
	for (size_t g = 1; g <= 4; g++) {
		size_t len = g * (size_t)SZ_1G;

		CU_ASSERT(steps_cover(len - 4096));
		CU_ASSERT(steps_cover(len - 1));
		CU_ASSERT(steps_cover(len));
		CU_ASSERT(steps_cover(len + 1));
		CU_ASSERT(steps_cover(len + 4096));
	}
}

static void vmap_ranges_over_2gib_no_int_overflow(void)
{
	/* An int size would wrap here: 2 GiB is INT_MAX + 1. */
	CU_ASSERT(steps_cover((size_t)SZ_1G * 2));
	CU_ASSERT(steps_cover((size_t)SZ_1G * 3 + 12345));
	CU_ASSERT(steps_cover((size_t)SZ_1G * 64 + 4096));
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("kernel_vmap_ranges");
	test_add_case(s, vmap_ranges_small_lengths_one_call, NULL);
	test_add_case(s, vmap_ranges_around_each_gib_multiple_exact, NULL);
	test_add_case(s, vmap_ranges_over_2gib_no_int_overflow, NULL);
	return test_run_cunit();
}
