// SPDX-License-Identifier: GPL-2.0
/*
 * sim_content: the unmodified engine, run on the simulated allocator and
 * device in content mode (real memory, the device returns the bytes of a
 * generated file), fills the buffer correctly byte by byte - with short
 * reads, random high-order failures, several workers and unaligned sizes -
 * and gives every page and work item back.
 */
#include <errno.h>
#include <stdint.h>

#include <CUnit/Basic.h>
#include <kshim/accounting.h>

#include "pattern.h"
#include "sim_run.h"
#include "testutil.h"

static const uint64_t sizes[] = { 4096, 12345, (1 << 20) + 12345, 5 << 20 };

static void run_cfg(const char *set, const struct sim_engine_cfg *cfg)
{
	struct sim_profile p;

	sim_profile_default(&p);
	CU_ASSERT_EQUAL_FATAL(sim_profile_set(&p, set), 0);
	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct sim_ctx c;
		struct sim_result r;

		sim_ctx_init(&c, &p, 11 + i, true, NULL);
		CU_ASSERT_EQUAL(sim_run_engine(&c, cfg, sizes[i], &r), 0);
		CU_ASSERT(r.total_ns >= r.io_ns && r.io_ns >= r.first_gather_ns);
		CU_ASSERT(r.total_ns > 0);
		CU_ASSERT(kshim_accounting_clean());
	}
}

static void sim_run_engine_async_direct_short_reads(void)
{
	struct sim_engine_cfg cfg = {
		.direct = true, .queue_depth = 3, .gather = 256 << 10,
		.order_mask = (1UL << 8) | (1UL << 4) | 1, .dma_heap = true,
	};

	run_cfg("short_read=40960", &cfg);
}

static void sim_run_engine_async_buffered_failing_orders(void)
{
	struct sim_engine_cfg cfg = {
		.queue_depth = 2, .gather = 192 << 10, .order_mask = (1UL << 9) | (1UL << 4) | 1,
	};

	run_cfg("fail_rate=0.5", &cfg);
}

static void sim_run_engine_sync_one_read(void)
{
	struct sim_engine_cfg cfg = {
		.direct = true, .sync = true, .gather = UINT64_MAX,
		.order_mask = (1UL << 8) | (1UL << 4) | 1, .dma_heap = true, .vmap = true,
	};

	run_cfg("exhaust_bytes=1M", &cfg);
}

/* The generated file is not trivially constant, so a misplaced page shows. */
static void pattern_byte_varies_by_page_and_seed(void)
{
	unsigned int same = 0;

	for (uint64_t off = 0; off < 65536; off += 4096)
		same += hr_pattern_byte(11, off) == hr_pattern_byte(11, off + 4096) &&
			hr_pattern_byte(11, off + 1) == hr_pattern_byte(11, off + 4097);
	CU_ASSERT(same < 2);
	CU_ASSERT(hr_pattern_byte(11, 5) != hr_pattern_byte(12, 5) ||
		  hr_pattern_byte(11, 6) != hr_pattern_byte(12, 6));
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("sim_content");
	test_add_case(s, sim_run_engine_async_direct_short_reads, NULL);
	test_add_case(s, sim_run_engine_async_buffered_failing_orders, NULL);
	test_add_case(s, sim_run_engine_sync_one_read, NULL);
	test_add_case(s, pattern_byte_varies_by_page_and_seed, NULL);
	return test_run_cunit();
}
