// SPDX-License-Identifier: GPL-2.0
/*
 * heapread_load_limits: sizes and parameters at their limits. The chunk
 * table grows with what is allocated (not sized for every chunk being a
 * single page) and its allocations never warn; every parameter is bounded
 * so no arithmetic on it can wrap.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <kshim/accounting.h>
#include <kshim/backend.h>
#include <kshim/fault.h>
#include <kshim/file.h>
#include <kshim/memcg.h>
#include <kshim/task.h>
#include <linux/sched/signal.h>
#include "heapread.h"
#include "core_file.h"
#include "testutil.h"

/* A fault policy that fails nothing and notes the largest kmalloc. */
struct kmalloc_watch {
	size_t largest;
	long page_allocs_left;		/* then page allocations fail (-1: never) */
};

static bool watch_kmalloc(void *ctx, long nth, size_t size)
{
	struct kmalloc_watch *w = ctx;

	if (size > w->largest)
		w->largest = size;
	return false;
}

static bool pages_run_out(void *ctx, long nth, gfp_t gfp, unsigned int order)
{
	struct kmalloc_watch *w = ctx;

	return w->page_allocs_left >= 0 && nth >= w->page_allocs_left;
}

/*
 * Expect: a 16 MiB load in 1 MiB chunks needs a table of about 16 entries;
 * no metadata allocation comes near the 64 KiB a table for 4096 single
 * pages takes.
 */
static void load_chunk_table_grows_with_what_is_allocated(void)
{
	struct kmalloc_watch w = { .page_allocs_left = -1 };
	struct kshim_fault_policy policy = { .fail_kmalloc = watch_kmalloc, .ctx = &w };
	const uint64_t size = 16 << 20;
	struct heapread_params p;
	struct heapread_buffer *buf;
	struct core_file f;

	core_file_open(&f, "table", size, false);
	heapread_params_init(&p);
	p.gather_limit = 4 << 20;
	kshim_fault_set(&policy);
	buf = heapread_load(&f.kf.file, &p, NULL);
	kshim_fault_reset();
	CU_ASSERT_FATAL(!IS_ERR(buf));
	CU_ASSERT(test_buffer_matches(buf, size));
	printf("\n    %u chunks; largest metadata allocation %zu bytes", buf->nr_chunks, w.largest);
	CU_ASSERT(w.largest < 4096);
	heapread_buffer_free(buf);
	core_file_close(&f);
}

/*
 * Expect: a 600 GiB buffer on a machine whose pages run out after 64
 * allocations fails with -ENOMEM and no warning: nothing asks kvmalloc()
 * for a 2.4 GB table up front.
 */
static void alloc_huge_len_fails_without_warning(void)
{
	struct kmalloc_watch w = { .page_allocs_left = 64 };
	struct kshim_fault_policy policy = { .fail_kmalloc = watch_kmalloc,
					     .fail_alloc_page = pages_run_out, .ctx = &w };
	struct heapread_params p;
	struct kshim_counts c;
	struct heapread_buffer *buf;

	heapread_params_init(&p);
	p.max_size = LLONG_MAX;
	kshim_fault_set(&policy);
	buf = heapread_alloc(600ULL << 30, &p);
	kshim_fault_reset();
	CU_ASSERT_EQUAL(PTR_ERR(buf), -ENOMEM);
	kshim_counts_get(&c);
	CU_ASSERT_EQUAL(c.warnings, 0);
	CU_ASSERT(w.largest <= INT_MAX);
}

/*
 * Expect: a gather limit near 2^64 (root can set the module parameter), or
 * any parameter outside its documented range, is refused with -EINVAL
 * before anything is computed from it.
 */
static void params_check_bounds_every_parameter(void)
{
	struct heapread_params p;

	heapread_params_init(&p);
	p.gather_limit = SIZE_MAX & PAGE_MASK;
	CU_ASSERT_EQUAL(heapread_params_check(&p), -EINVAL);
	p.gather_limit = HEAPREAD_MAX_GATHER;
	CU_ASSERT_EQUAL(heapread_params_check(&p), 0);
	p.gather_limit = HEAPREAD_MAX_GATHER + PAGE_SIZE;
	CU_ASSERT_EQUAL(heapread_params_check(&p), -EINVAL);
	heapread_params_init(&p);
	p.gather_min = SIZE_MAX & PAGE_MASK;
	CU_ASSERT_EQUAL(heapread_params_check(&p), -EINVAL);
	heapread_params_init(&p);
	p.max_size = -1;
	CU_ASSERT_EQUAL(heapread_params_check(&p), -EINVAL);
}

/* Expect: a load with the largest gather limit reads every byte. */
static void load_largest_gather_limit_reads_everything(void)
{
	const uint64_t size = 3 * PAGE_SIZE + 17;
	struct heapread_params p;
	struct heapread_buffer *buf;
	struct core_file f;

	core_file_open(&f, "biggather", size, false);
	heapread_params_init(&p);
	p.gather_limit = HEAPREAD_MAX_GATHER;
	buf = heapread_load(&f.kf.file, &p, NULL);
	CU_ASSERT_FATAL(!IS_ERR(buf));
	CU_ASSERT(test_buffer_matches(buf, size));
	heapread_buffer_free(buf);
	core_file_close(&f);
}

/* A sparse file of @size bytes: no disk, any size. */
static char *sparse_file(const char *name, uint64_t size)
{
	char *path = test_make_file(name, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	CU_ASSERT_FATAL(truncate(path, size) == 0);
	return path;
}

static long load_path_params(const char *path, const struct heapread_params *p)
{
	struct heapread_buffer *buf;
	struct kshim_file kf;
	int fd = open(path, O_RDONLY);
	long err = 0;

	CU_ASSERT_FATAL(fd >= 0 && kshim_file_open_fd(&kf, fd) == 0);
	buf = heapread_load(&kf.file, p, NULL);
	if (IS_ERR(buf))
		err = PTR_ERR(buf);
	else
		heapread_buffer_free(buf);
	close(fd);
	return err;
}

/*
 * Expect: on a machine of 6 GiB the default max_size lets a 2 GiB file
 * through and stays below the RAM; on one of 4 MiB, a sparse 8 MiB file is
 * -EFBIG by default and -ENOMEM with max_size raised to the sky, each
 * before a single page or object is allocated.
 */
static void load_file_larger_than_ram_is_refused_before_allocating(void)
{
	struct heapread_params p;
	struct kshim_counts c;
	char *path;

	kshim_set_totalram_pages((6ULL << 30) >> PAGE_SHIFT);
	heapread_params_init(&p);
	CU_ASSERT(p.max_size >= 2LL << 30);
	CU_ASSERT(p.max_size < 6LL << 30);
	kshim_set_totalram_pages(1024);
	path = sparse_file("sparse", 8 << 20);
	heapread_params_init(&p);
	CU_ASSERT_EQUAL(load_path_params(path, &p), -EFBIG);
	p.max_size = LLONG_MAX;
	CU_ASSERT_EQUAL(load_path_params(path, &p), -ENOMEM);
	CU_ASSERT_EQUAL(PTR_ERR(heapread_alloc(8 << 20, &p)), -ENOMEM);
	kshim_counts_get(&c);
	CU_ASSERT_EQUAL(c.page_allocs, 0);
	test_remove_file(path);
}

/*
 * Expect: a load whose pages do not fit its memory cgroup fails with
 * -ENOMEM: it does not invoke the cgroup's OOM killer on its caller, and
 * once it failed nothing stays charged. While a loaded buffer is held,
 * its pages and metadata are charged; freed, they are not.
 */
static void load_in_memcg_over_limit_fails_with_enomem(void)
{
	const uint64_t size = 4 << 20;
	struct heapread_params p;
	struct heapread_buffer *buf;
	struct core_file f;

	core_file_open(&f, "memcg", size, false);
	heapread_params_init(&p);
	p.gather_limit = 1 << 20;
	p.gfp = __GFP_ACCOUNT;
	kshim_memcg_set_limit(size / 2);
	buf = heapread_load(&f.kf.file, &p, NULL);
	CU_ASSERT_EQUAL(PTR_ERR(buf), -ENOMEM);
	CU_ASSERT_FALSE(fatal_signal_pending(current));
	kshim_wait_work_idle();
	CU_ASSERT_EQUAL(kshim_memcg_usage(), 0);
	kshim_memcg_set_limit(2 * size);
	buf = heapread_load(&f.kf.file, &p, NULL);
	CU_ASSERT_FATAL(!IS_ERR(buf));
	CU_ASSERT(kshim_memcg_usage() >= size);
	printf("\n    %zu bytes charged while a %llu-byte buffer is held",
	       kshim_memcg_usage(), (unsigned long long)size);
	heapread_buffer_free(buf);
	CU_ASSERT_EQUAL(kshim_memcg_usage(), 0);
	core_file_close(&f);
}

/*
 * Expect: on fragmented memory (2 MiB of contiguous blocks left) a 16 MiB
 * load takes two 1 MiB chunks, then single pages: the table grows from its
 * first guess to over 3500 entries and the content is byte for byte right.
 */
static void load_under_fragmentation_falls_back_and_grows_table(void)
{
	const uint64_t size = 16 << 20;
	struct heapread_params p;
	struct heapread_buffer *buf;
	struct core_file f;

	core_file_open(&f, "fragmented", size, false);
	heapread_params_init(&p);
	p.gather_limit = 4 << 20;
	kshim_set_fragmentation(512);
	buf = heapread_load(&f.kf.file, &p, NULL);
	CU_ASSERT_FATAL(!IS_ERR(buf));
	CU_ASSERT(test_buffer_matches(buf, size));
	printf("\n    %u chunks, table of %u entries", buf->nr_chunks, buf->max_chunks);
	CU_ASSERT_EQUAL(buf->nr_chunks, 2 + (size >> PAGE_SHIFT) - 512);
	CU_ASSERT(buf->max_chunks >= buf->nr_chunks);
	heapread_buffer_free(buf);
	core_file_close(&f);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("heapread_load_limits");
	test_add_case(s, load_chunk_table_grows_with_what_is_allocated, NULL);
	test_add_case(s, alloc_huge_len_fails_without_warning, NULL);
	test_add_case(s, params_check_bounds_every_parameter, NULL);
	test_add_case(s, load_file_larger_than_ram_is_refused_before_allocating, NULL);
	test_add_case(s, load_in_memcg_over_limit_fails_with_enomem, NULL);
	test_add_case(s, load_under_fragmentation_falls_back_and_grows_table, NULL);
	test_add_case(s, load_largest_gather_limit_reads_everything, NULL);
	return test_run_cunit();
}
