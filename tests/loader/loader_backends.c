// SPDX-License-Identifier: GPL-2.0
/*
 * The real loader's backends: the engine filling a memfd (lib/backend_memfd.c)
 * through io_uring reads (lib/backend_uring.c), checked byte by byte against
 * files of awkward sizes, O_DIRECT on the test directory when its file system
 * takes it (the build directory; HEAPREAD_TEST_DIR overrides), buffered
 * always. The memfd must hold the file in file order (chunk k at its file
 * offset, visible through the memfd itself), every page must go back, and
 * nothing may stay allocated, queued or in flight after any case.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

#include <linux/err.h>
#include <linux/mm.h>
#include <kshim/accounting.h>
#include <kshim/backend.h>
#include "backend_memfd.h"
#include "backend_uring.h"
#include "cli_table.h"
#include "cli_util.h"
#include "heapread.h"
#include "memfd_buf.h"
#include "pagecache.h"
#include "testutil.h"

#define KIB	1024ULL
#define MIB	(1024 * KIB)
#define GATHER	(64 * KIB)	/* small gathers: many batches per file */

static bool direct_ok;

struct load_case {
	uint64_t size;
	enum hr_page_kind kind;
	bool direct, sync, fixed;
	unsigned int qd;	/* io_uring requests in flight */
	size_t io_size;
};

/* The memfd holds the file: through the mapping and through the memfd's own fd. */
static bool memfd_holds_file(const struct hr_memfd *mem, uint64_t size)
{
	uint8_t *copy = malloc(mem->map_len);
	bool ok = copy && pread(mem->fd, copy, mem->map_len, 0) == (ssize_t)mem->map_len;

	for (uint64_t i = 0; ok && i < mem->map_len; i++) {
		uint8_t want = i < size ? test_pattern_byte(i) : 0;

		if (copy[i] != want || (uint8_t)mem->base[i] != want) {
			fprintf(stderr, "memfd byte %llu: fd 0x%02x, mapping 0x%02x, want 0x%02x\n",
				(unsigned long long)i, copy[i], (uint8_t)mem->base[i], want);
			ok = false;
		}
	}
	free(copy);
	return ok;
}

/* Chunk k starts at the sum of the lengths before it, from the memfd's start. */
static bool chunks_in_file_order(const struct heapread_buffer *buf, const struct hr_memfd *mem)
{
	size_t off = 0;

	for (unsigned int k = 0; k < buf->nr_chunks; k++) {
		char *addr = page_address(buf->chunks[k].bv_page);

		if (addr != mem->base + off) {
			fprintf(stderr, "chunk %u at memfd offset %td, want %zu\n", k, addr - mem->base, off);
			return false;
		}
		off += buf->chunks[k].bv_len;
	}
	return off == buf->len;
}

static void load_case(const struct load_case *c)
{
	struct hr_uring_opts uo = {
		.qd = c->qd ? c->qd : 3, .io_size = c->io_size ? c->io_size : 8 * KIB,
		.dontcache = !c->direct, .fixed = c->fixed, .max_readers = 2,
	};
	char *path = test_make_file("loader", c->size);
	struct hr_memfd_backend mb;
	struct heapread_params p;
	struct heapread_buffer *buf;
	struct hr_uring_file uf;
	struct hr_memfd mem;
	int fd;

	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	fd = open(path, O_RDONLY | (c->direct ? O_DIRECT : 0));
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL_FATAL(hr_memfd_create(&mem, c->size, c->kind), 0);
	CU_ASSERT_EQUAL_FATAL(hr_uring_file_open(&uf, fd, (loff_t)c->size, &uo), 0);
	hr_memfd_backend_init(&mb, &mem, NULL);
	kshim_set_page_backend(&mb.ops);
	heapread_params_init(&p);
	p.gather_limit = GATHER;
	p.sync = c->sync;
	p.order_mask = hr_memfd_order_mask(c->kind);

	buf = heapread_load(hr_uring_file_get(&uf), &p, NULL);
	if (IS_ERR(buf)) {
		fprintf(stderr, "load of %llu bytes failed: %ld\n", (unsigned long long)c->size,
			PTR_ERR(buf));
		CU_FAIL("load failed");
	} else {
		CU_ASSERT(test_buffer_matches(buf, c->size));
		CU_ASSERT(chunks_in_file_order(buf, &mem));
		CU_ASSERT(memfd_holds_file(&mem, c->size));
		heapread_buffer_free(buf);
	}
	CU_ASSERT_EQUAL(mb.live, 0);
	kshim_set_page_backend(NULL);
	hr_uring_file_close(&uf);
	hr_memfd_destroy(&mem);
	close(fd);
	test_remove_file(path);
	CU_ASSERT(kshim_accounting_report("after a load"));
}

/* Sizes around a page, a gather, and several gathers; and 1 MiB chunks across gathers. */
static const uint64_t awkward[] = {
	1, 4095, 4096, 4097, GATHER - 4096, GATHER - 1, GATHER, GATHER + 1,
	3 * GATHER + 1, 2 * MIB + 12345,
};

static void run_sizes(enum hr_page_kind kind, bool direct, bool sync, bool fixed)
{
	for (unsigned int i = 0; i < sizeof(awkward) / sizeof(awkward[0]); i++) {
		struct load_case c = {
			.size = awkward[i], .kind = kind, .direct = direct, .sync = sync, .fixed = fixed,
		};

		load_case(&c);
	}
}

static void memfd_4k_direct_async(void)
{
	run_sizes(HR_PAGES_4K, true, false, false);
}

static void memfd_4k_direct_sync(void)
{
	run_sizes(HR_PAGES_4K, true, true, false);
}

static void memfd_4k_buffered_async(void)
{
	run_sizes(HR_PAGES_4K, false, false, false);
}

static void memfd_4k_direct_regbuf(void)
{
	run_sizes(HR_PAGES_4K, true, false, true);
}

/* 2 MiB chunks (order 9), whatever pages shmem backs them with; tails in single pages. */
static void memfd_huge_chunks(void)
{
	static const uint64_t sizes[] = { 1, 2 * MIB, 2 * MIB + 1, 4 * MIB + 4097 };

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct load_case c = { .size = sizes[i], .kind = HR_PAGES_THP, .direct = direct_ok };

		load_case(&c);
	}
}

static void memfd_hugetlb(void)
{
	struct load_case c = { .size = 2 * MIB + 4097, .kind = HR_PAGES_HUGETLB, .direct = direct_ok };

	load_case(&c);
	c.fixed = true;
	load_case(&c);
}

/* A request size that is not a divisor of the gather, and one request per gather. */
static void uring_request_sizes(void)
{
	struct load_case c = { .size = 3 * GATHER + 4097, .direct = direct_ok, .io_size = 12 * KIB };

	load_case(&c);
	c.io_size = 1 * MIB;
	c.qd = 1;
	load_case(&c);
}

/* Run the engine over @size bytes of a file that holds @file_size; return its error. */
static long load_error(uint64_t file_size, uint64_t size, uint64_t memfd_size)
{
	struct hr_uring_opts uo = { .qd = 2, .io_size = 16 * KIB, .max_readers = 2 };
	char *path = test_make_file("loader-err", file_size);
	struct hr_memfd_backend mb;
	struct heapread_params p;
	struct heapread_buffer *buf;
	struct hr_uring_file uf;
	struct hr_memfd mem;
	long err = 0;
	int fd;

	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	fd = open(path, O_RDONLY);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL_FATAL(hr_memfd_create(&mem, memfd_size, HR_PAGES_4K), 0);
	CU_ASSERT_EQUAL_FATAL(hr_uring_file_open(&uf, fd, (loff_t)size, &uo), 0);
	hr_memfd_backend_init(&mb, &mem, NULL);
	kshim_set_page_backend(&mb.ops);
	heapread_params_init(&p);
	p.gather_limit = GATHER;
	buf = heapread_load(hr_uring_file_get(&uf), &p, NULL);
	if (IS_ERR(buf))
		err = PTR_ERR(buf);
	else
		heapread_buffer_free(buf);
	CU_ASSERT_EQUAL(mb.live, 0);
	kshim_set_page_backend(NULL);
	hr_uring_file_close(&uf);
	hr_memfd_destroy(&mem);
	close(fd);
	test_remove_file(path);
	CU_ASSERT(kshim_accounting_report("after a failed load"));
	return err;
}

/* The file is shorter than the size the load started with: it shrank. */
static void uring_file_shrank_enodata(void)
{
	CU_ASSERT_EQUAL(load_error(100 * KIB + 3, MIB, MIB), -ENODATA);
	CU_ASSERT_EQUAL(load_error(0, MIB, MIB), -ENODATA);
}

/* The memfd runs out of pages: the load fails cleanly with every chunk back. */
static void memfd_too_small_enomem(void)
{
	CU_ASSERT_EQUAL(load_error(MIB, MIB, 3 * GATHER), -ENOMEM);
}

/* Reads at the iovec level: EOF prefix, merging, errors. */
static void uring_readv_prefix_merge_errors(void)
{
	struct hr_uring_opts uo = { .qd = 4, .io_size = 4 * KIB, .max_readers = 1 };
	char *path = test_make_file("readv", 10000);
	struct hr_uring_pool *pool;
	struct hr_uring_stats st;
	struct iovec iov[4];
	uint8_t *a = NULL, *b = NULL;
	int fd;

	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	CU_ASSERT_EQUAL_FATAL(posix_memalign((void **)&a, 4096, 16 * KIB), 0);
	CU_ASSERT_EQUAL_FATAL(posix_memalign((void **)&b, 4096, 16 * KIB), 0);
	for (int direct = 0; direct <= (int)direct_ok; direct++) {
		fd = open(path, O_RDONLY | (direct ? O_DIRECT : 0));
		CU_ASSERT_FATAL(fd >= 0);
		CU_ASSERT_EQUAL_FATAL(hr_uring_pool_new(&pool, fd, &uo), 0);
		/* Two neighbouring iovecs become one segment, then 4 KiB requests; EOF at 10000. */
		memset(a, 0xaa, 16 * KIB);
		iov[0] = (struct iovec) { a, 8 * KIB };
		iov[1] = (struct iovec) { a + 8 * KIB, 8 * KIB };
		CU_ASSERT_EQUAL(hr_uring_pool_readv(pool, iov, 2, 0), 10000);
		for (int i = 0; i < 10000; i++)
			if (a[i] != test_pattern_byte(i)) {
				CU_FAIL("readv content");
				break;
			}
		hr_uring_pool_stats(pool, &st);
		CU_ASSERT_EQUAL(st.requests, 4);	/* 3 full, 1 short */
		CU_ASSERT_EQUAL(st.short_reads, 1);
		/* Separate buffers, from an offset: the prefix across both. */
		iov[0] = (struct iovec) { b, 4 * KIB };
		iov[1] = (struct iovec) { a, 4 * KIB };
		CU_ASSERT_EQUAL(hr_uring_pool_readv(pool, iov, 2, 4096), 10000 - 4096);
		CU_ASSERT(b[0] == test_pattern_byte(4096) && b[4095] == test_pattern_byte(8191));
		CU_ASSERT(a[0] == test_pattern_byte(8192) && a[1807] == test_pattern_byte(9999));
		/* At and past EOF: nothing, not an error. */
		iov[0] = (struct iovec) { b, 4 * KIB };
		CU_ASSERT_EQUAL(hr_uring_pool_readv(pool, iov, 1, 12288), 0);
		hr_uring_pool_free(pool);
		close(fd);
	}
	/* A file not open for reading: the request's error comes back. */
	fd = open(path, O_WRONLY);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL_FATAL(hr_uring_pool_new(&pool, fd, &uo), 0);
	iov[0] = (struct iovec) { a, 4 * KIB };
	CU_ASSERT_EQUAL(hr_uring_pool_readv(pool, iov, 1, 0), -EBADF);
	hr_uring_pool_free(pool);
	close(fd);
	uo.qd = 0;
	CU_ASSERT_EQUAL(hr_uring_pool_new(&pool, 0, &uo), -EINVAL);
	free(a);
	free(b);
	test_remove_file(path);
}

/* A buffered read leaves the file cached; the drop empties it, checked by mincore. */
static void pagecache_drop_verified(void)
{
	char *path = test_make_file("cache", 256 * KIB + 5);
	char buf[4096];
	int fd;

	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	fd = open(path, O_RDONLY);
	CU_ASSERT_FATAL(fd >= 0);
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	CU_ASSERT_EQUAL(hr_pagecache_resident(fd, 256 * KIB + 5), 256 * KIB + 5);
	if (RUNNING_ON_VALGRIND) {
		/* valgrind reads the head of every file mapped (mincore's mapping): a few pages. */
		hr_pagecache_drop(fd, 256 * KIB + 5);
		CU_ASSERT(hr_pagecache_resident(fd, 256 * KIB + 5) <= 16 * (int64_t)KIB);
	} else {
		CU_ASSERT_EQUAL(hr_pagecache_drop(fd, 256 * KIB + 5), 0);
		CU_ASSERT_EQUAL(hr_pagecache_resident(fd, 256 * KIB + 5), 0);
	}
	close(fd);
	test_remove_file(path);
}

/* Huge kinds size the memfd in whole huge pages; 4k in pages. */
static void memfd_sizes_alignment(void)
{
	struct hr_memfd mem;

	CU_ASSERT_EQUAL(hr_memfd_create(&mem, 0, HR_PAGES_4K), -EINVAL);
	CU_ASSERT_EQUAL_FATAL(hr_memfd_create(&mem, 4097, HR_PAGES_4K), 0);
	CU_ASSERT_EQUAL(mem.map_len, 8192);
	CU_ASSERT_EQUAL((uintptr_t)mem.base % (2 * MIB), 0);
	CU_ASSERT_EQUAL(hr_memfd_populate(&mem, 4096, 8192), -EINVAL);
	CU_ASSERT_EQUAL(hr_memfd_populate(&mem, 0, 8192), 0);
	CU_ASSERT_EQUAL(mem.populated, 8192);
	hr_memfd_destroy(&mem);
	hr_memfd_destroy(&mem);
	CU_ASSERT_EQUAL_FATAL(hr_memfd_create(&mem, 2 * MIB + 1, HR_PAGES_THP), 0);
	CU_ASSERT_EQUAL(mem.map_len, 4 * MIB);
	hr_memfd_destroy(&mem);
}

static void cli_parse_size(void)
{
	static const struct { const char *s; int err; uint64_t v; } cases[] = {
		{ "4096", 0, 4096 }, { "4K", 0, 4096 }, { "4k", 0, 4096 }, { "4KiB", 0, 4096 },
		{ "4kb", 0, 4096 }, { "128M", 0, 128 * MIB }, { "1G", 0, 1024 * MIB },
		{ "2T", 0, 2048ULL * 1024 * MIB }, { "0", 0, 0 }, { "7B", 0, 7 },
		{ "", -EINVAL, 0 }, { "-1", -EINVAL, 0 }, { "1.5G", -EINVAL, 0 },
		{ "12X", -EINVAL, 0 }, { "K", -EINVAL, 0 }, { "4 K", -EINVAL, 0 }, { "4KK", -EINVAL, 0 },
		{ "99999999999999999999", -ERANGE, 0 }, { "18014398509481984K", -ERANGE, 0 },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t v = 12345;
		int err = hr_parse_size(cases[i].s, &v);

		if (err != cases[i].err || (!err && v != cases[i].v))
			fprintf(stderr, "'%s': err %d value %llu\n", cases[i].s, err, (unsigned long long)v);
		CU_ASSERT_EQUAL(err, cases[i].err);
		if (!err)
			CU_ASSERT_EQUAL(v, cases[i].v);
	}
}

static void cli_table_cells(void)
{
	struct hr_table *t = hr_table_new(NULL, 1, 2);
	uint64_t min, med, max;
	unsigned int n;
	char s[32];

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_FALSE(hr_table_cell(t, 0, 0, &min, &med, &max, &n));
	hr_table_add(t, 0, 0, 30);
	hr_table_add(t, 0, 0, 10);
	hr_table_add(t, 0, 0, 20);
	CU_ASSERT(hr_table_cell(t, 0, 0, &min, &med, &max, &n));
	CU_ASSERT(min == 10 && med == 20 && max == 30 && n == 3);
	hr_table_add(t, 0, 1, 5);
	hr_table_add(t, 0, 1, 8);
	CU_ASSERT(hr_table_cell(t, 0, 1, &min, &med, &max, &n));
	CU_ASSERT(min == 5 && med == 6 && max == 8 && n == 2);
	hr_table_free(t);
	hr_format_ns(s, sizeof(s), 1520790492);
	CU_ASSERT_STRING_EQUAL(s, "1,520,790,492");
	hr_format_ns(s, sizeof(s), 999);
	CU_ASSERT_STRING_EQUAL(s, "999");
	hr_format_size_short(s, sizeof(s), 512 * KIB);
	CU_ASSERT_STRING_EQUAL(s, "512KB");
}

int main(void)
{
	const char *direct_why = NULL, *hugetlb_why = NULL, *uring_why, *no_direct, *no_uring;
	char why[256];
	CU_pSuite s;

	direct_ok = test_dir_supports_direct(&direct_why);
	if (hr_page_kind_check(HR_PAGES_HUGETLB, 2 * MIB + 4097, why, sizeof(why)))
		hugetlb_why = why;
	uring_why = test_uring_missing(hr_uring_probe());
	/* A direct case needs both; the first missing one is the reason. */
	no_uring = uring_why;
	no_direct = uring_why ? uring_why : direct_ok ? NULL : direct_why;
	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("loader_backends");
	if (!test_add_case(s, memfd_4k_direct_async, no_direct) ||
	    !test_add_case(s, memfd_4k_direct_sync, no_direct) ||
	    !test_add_case(s, memfd_4k_buffered_async, no_uring) ||
	    !test_add_case(s, memfd_4k_direct_regbuf, no_direct) ||
	    !test_add_case(s, memfd_huge_chunks, no_uring) ||
	    !test_add_case(s, memfd_hugetlb, no_uring ? no_uring : hugetlb_why) ||
	    !test_add_case(s, uring_request_sizes, no_uring) ||
	    !test_add_case(s, uring_file_shrank_enodata, no_uring) ||
	    !test_add_case(s, memfd_too_small_enomem, no_uring))
		return TEST_EXIT_ERROR;
	s = test_add_suite("loader_backends_parts");
	if (!test_add_case(s, uring_readv_prefix_merge_errors, no_uring) ||
	    !test_add_case(s, pagecache_drop_verified, NULL) ||
	    !test_add_case(s, memfd_sizes_alignment, NULL) ||
	    !test_add_case(s, cli_parse_size, NULL) ||
	    !test_add_case(s, cli_table_cells, NULL))
		return TEST_EXIT_ERROR;
	return test_run_cunit();
}
