// SPDX-License-Identifier: GPL-2.0
/*
 * heapread_load_content: the buffer holds the file byte for byte, then zeroes
 * to the end of its last page, for awkward sizes around pages and gathers,
 * small gathers (many batches), sync and async, buffered and O_DIRECT.
 * Every case ends with nothing allocated, queued or in flight.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <linux/err.h>
#include <linux/mm.h>
#include <kshim/accounting.h>
#include <kshim/file.h>
#include "heapread.h"
#include "core_file.h"
#include "testutil.h"

static bool direct_ok;

/* Load @size bytes with @gather_pages per gather; returns false on any mismatch. */
static bool load_and_check(uint64_t size, size_t gather_pages, bool sync, bool direct,
			   unsigned int qd)
{
	struct heapread_params p;
	struct heapread_stats st;
	struct heapread_buffer *buf;
	struct core_file f;
	bool ok = false;

	core_file_open(&f, "content", size, direct);
	heapread_params_init(&p);
	p.gather_limit = gather_pages * PAGE_SIZE;
	p.sync = sync;
	p.queue_depth = qd;
	buf = heapread_load(&f.kf.file, &p, &st);
	if (IS_ERR(buf)) {
		fprintf(stderr, "load of %llu bytes failed: %ld\n", (unsigned long long)size,
			PTR_ERR(buf));
	} else {
		ok = test_buffer_matches(buf, size);
		CU_ASSERT(test_gathers_fit(&p, st.nr_gathers, buf->len));
		CU_ASSERT(st.alloc_done_ns <= st.total_ns && st.io_done_ns <= st.total_ns);
		heapread_buffer_free(buf);
	}
	/* The caller's file position is not ours to move. */
	CU_ASSERT_EQUAL(lseek(f.fd, 0, SEEK_CUR), 0);
	core_file_close(&f);
	CU_ASSERT(kshim_accounting_report("after a load"));
	return ok;
}

static const size_t gathers[] = { 1, 3, 16 };

/* 1, 4095, 4096, 4097, gather-1, gather, gather+1, three gathers + 1. */
static void check_sizes(bool sync, bool direct, unsigned int qd)
{
	for (size_t g = 0; g < sizeof(gathers) / sizeof(gathers[0]); g++) {
		uint64_t gb = gathers[g] * PAGE_SIZE;
		uint64_t sizes[] = { 1, 4095, 4096, 4097, gb - 1, gb, gb + 1, 3 * gb + 1 };

		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			bool ok = load_and_check(sizes[s], gathers[g], sync, direct, qd);

			if (!ok)
				fprintf(stderr, "  size %llu gather %zu pages sync %d direct %d qd %u\n",
					(unsigned long long)sizes[s], gathers[g], sync, direct, qd);
			CU_ASSERT(ok);
		}
	}
}

static void load_sizes_async_buffered(void)
{
	check_sizes(false, false, 2);
}

static void load_sizes_async_buffered_qd1(void)
{
	check_sizes(false, false, 1);
}

static void load_sizes_sync_buffered(void)
{
	check_sizes(true, false, 1);
}

static void load_sizes_async_direct(void)
{
	check_sizes(false, true, 4);
}

static void load_sizes_sync_direct(void)
{
	check_sizes(true, true, 1);
}

/* Several MiB through order-8 chunks and the default-sized gathers' logic. */
static void load_large_default_gather(void)
{
	CU_ASSERT(load_and_check(9 * 1024 * 1024 + 12345, 32768, false, false, 2));
	CU_ASSERT(load_and_check(9 * 1024 * 1024 + 12345, 64, false, direct_ok, 8));
}

int main(void)
{
	const char *no_direct;
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	no_direct = test_direct_missing();
	direct_ok = !no_direct;
	s = test_add_suite("heapread_load_content");
	test_add_case(s, load_sizes_async_buffered, NULL);
	test_add_case(s, load_sizes_async_buffered_qd1, NULL);
	test_add_case(s, load_sizes_sync_buffered, NULL);
	test_add_case(s, load_large_default_gather, NULL);
	s = test_add_suite("heapread_load_content_direct");
	test_add_case(s, load_sizes_async_direct, no_direct);
	test_add_case(s, load_sizes_sync_direct, no_direct);
	return test_run_cunit();
}
