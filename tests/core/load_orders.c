// SPDX-License-Identifier: GPL-2.0
/*
 * heapread_load_orders: chunks of mixed order (8, 4, 0 and others allowed by
 * order_mask) straddling gather boundaries in every way; the content is still
 * right, no gather reads past its window and every chunk is freed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <linux/err.h>
#include <linux/mm.h>
#include <kshim/accounting.h>
#include <kshim/fault.h>
#include <kshim/file.h>
#include "heapread.h"
#include "testutil.h"

/* Fail orders above @cap[k] for the k-th successful-or-not allocation call. */
struct order_script {
	unsigned int caps[8];		/* cap for calls [switch_at[i], switch_at[i+1]) */
	long switch_at[8];
	int nr;
};

static bool scripted_failure(void *ctx, long nth, gfp_t gfp, unsigned int order)
{
	const struct order_script *s = ctx;
	unsigned int cap = s->caps[0];

	for (int i = 0; i < s->nr; i++)
		if (nth >= s->switch_at[i])
			cap = s->caps[i];
	return order > cap;
}

static bool load_with_orders(uint64_t size, size_t gather_pages, unsigned long mask,
			     struct order_script *script, unsigned int *orders_seen)
{
	struct kshim_fault_policy policy = { .fail_alloc_page = scripted_failure, .ctx = script };
	struct heapread_params p;
	struct heapread_buffer *buf;
	struct kshim_file kf;
	char *path = test_make_file("orders", size);
	bool ok = false;
	int fd = open(path, O_RDONLY);

	CU_ASSERT_FATAL(fd >= 0 && kshim_file_open_fd(&kf, fd) == 0);
	heapread_params_init(&p);
	p.gather_limit = gather_pages * PAGE_SIZE;
	p.order_mask = mask;
	p.queue_depth = 3;
	if (script)
		kshim_fault_set(&policy);
	buf = heapread_load(&kf.file, &p, NULL);
	kshim_fault_reset();
	if (!IS_ERR(buf)) {
		ok = test_buffer_matches(buf, size);
		*orders_seen = 0;
		for (unsigned int i = 0; i < buf->nr_chunks; i++)
			*orders_seen |= 1u << compound_order(buf->chunks[i].bv_page);
		heapread_buffer_free(buf);
	}
	close(fd);
	test_remove_file(path);
	CU_ASSERT(kshim_accounting_report("orders"));
	return ok;
}

/* The default orders drop from 8 to 4 to 0 at varied points. */
static void load_orders_8_4_0_dropping(void)
{
	static const long drops[][2] = { { 0, 0 }, { 1, 3 }, { 2, 2 }, { 3, 9 }, { 5, 20 } };
	const uint64_t size = 6 * 1024 * 1024 + 3 * PAGE_SIZE + 99;
	const size_t gathers[] = { 1, 3, 5, 16, 300 };

	for (size_t d = 0; d < sizeof(drops) / sizeof(drops[0]); d++) {
		for (size_t g = 0; g < sizeof(gathers) / sizeof(gathers[0]); g++) {
			struct order_script s = {
				.caps = { 8, 4, 0 },
				.switch_at = { 0, drops[d][0], drops[d][1] },
				.nr = 3,
			};
			unsigned int seen = 0;

			CU_ASSERT(load_with_orders(size, gathers[g], HEAPREAD_DEFAULT_ORDERS, &s, &seen));
			if (drops[d][0] > 0)
				CU_ASSERT(seen & (1u << 8));
			CU_ASSERT(seen & 1u);
		}
	}
}

/* Orders other than the system heap's: 2 MiB chunks, 8 KiB chunks, odd mixes. */
static void load_orders_other_masks(void)
{
	static const unsigned long masks[] = { BIT(9), BIT(1), BIT(3) | BIT(1), BIT(10) | BIT(2) };
	const uint64_t size = 5 * 1024 * 1024 + 5;

	for (size_t m = 0; m < sizeof(masks) / sizeof(masks[0]); m++) {
		for (size_t gather = 1; gather <= 7; gather += 3) {
			unsigned int seen = 0;

			CU_ASSERT(load_with_orders(size, gather, masks[m], NULL, &seen));
			CU_ASSERT(seen & masks[m]);
		}
	}
}

/* With no high order available, everything still loads from single pages. */
static void load_orders_only_single_pages(void)
{
	struct order_script s = { .caps = { 0 }, .switch_at = { 0 }, .nr = 1 };
	unsigned int seen = 0;

	CU_ASSERT(load_with_orders(2 * 1024 * 1024 + 1, 3, HEAPREAD_DEFAULT_ORDERS, &s, &seen));
	CU_ASSERT_EQUAL(seen, 1u);
}

/* The buffer from heapread_alloc() is zeroed, whatever its orders. */
static void alloc_len_is_zeroed(void)
{
	struct heapread_params p;
	struct heapread_buffer *buf;
	const size_t len = 3 * 1024 * 1024 + 1;

	heapread_params_init(&p);
	buf = heapread_alloc(len, &p);
	CU_ASSERT_FATAL(!IS_ERR(buf));
	CU_ASSERT_EQUAL(buf->len, PAGE_ALIGN(len));
	for (unsigned int c = 0; c < buf->nr_chunks; c++) {
		const unsigned char *mem = page_address(buf->chunks[c].bv_page);

		for (unsigned int i = 0; i < buf->chunks[c].bv_len; i++)
			if (mem[i]) {
				CU_FAIL("heapread_alloc() buffer not zeroed");
				break;
			}
	}
	heapread_buffer_free(buf);
	CU_ASSERT_EQUAL(PTR_ERR(heapread_alloc(0, &p)), -EINVAL);
	p.max_size = 4096;
	CU_ASSERT_EQUAL(PTR_ERR(heapread_alloc(4097, &p)), -EFBIG);
	CU_ASSERT(kshim_accounting_report("alloc"));
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("heapread_load_orders");
	test_add_case(s, load_orders_8_4_0_dropping, NULL);
	test_add_case(s, load_orders_other_masks, NULL);
	test_add_case(s, load_orders_only_single_pages, NULL);
	test_add_case(s, alloc_len_is_zeroed, NULL);
	return test_run_cunit();
}
