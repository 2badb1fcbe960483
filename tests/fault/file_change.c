// SPDX-License-Identifier: GPL-2.0
/*
 * hr_fault_file_change: the file changes under a load, for real. The fault
 * hook ftruncate()s or extends the real file at the Nth read (from a worker
 * thread when the executor has real threads, from the loader otherwise).
 *
 *  - shrink: the load fails with -ENODATA, even when a single byte goes,
 *    and leaves nothing behind;
 *  - growth: the load succeeds with the size the file had when it began,
 *    the bytes past it in the last page are zero, never the new bytes or
 *    what the page held before (pages come from a backend that dirties them).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <kshim/backend.h>

#include "fault_test.h"
#include "testutil.h"

#define FILE_SIZE	(64 * PAGE_SIZE + 100)
#define DIRT		0xa5

static const struct ft_config configs[] = {
	{ FT_SYNC, 1, BIT(0), 2 * PAGE_SIZE },
	{ FT_INLINE, 2, BIT(4) | BIT(0), 4 * PAGE_SIZE },
	{ FT_THREADS, 1, BIT(2) | BIT(0), PAGE_SIZE },
	{ FT_THREADS, 4, HEAPREAD_DEFAULT_ORDERS, 3 * PAGE_SIZE },
};

static bool direct;

/* Pages that hold garbage until read into: stale bytes cannot hide as zeroes. */
static void *dirty_alloc(void *ctx, unsigned int order, bool zero, void **cookie)
{
	size_t bytes = PAGE_SIZE << order;
	void *p = aligned_alloc(PAGE_SIZE, bytes);

	if (p)
		memset(p, zero ? 0 : DIRT, bytes);
	return p;
}

static void dirty_free(void *ctx, void *addr, unsigned int order, void *cookie)
{
	free(addr);
}

static const struct kshim_page_backend dirty_backend = {
	.name = "dirty",
	.alloc = dirty_alloc,
	.free = dirty_free,
};

/* A fresh file (the last one was changed), its load fd, and a writable fd for the hook. */
static bool fresh_file(struct ft_file *f, int *write_fd, bool o_direct)
{
	*write_fd = -1;
	if (!ft_file_create(f, "change", FILE_SIZE))
		return false;
	if (o_direct) {
		close(f->fd);
		f->fd = open(f->path, O_RDONLY | O_DIRECT);
	}
	*write_fd = open(f->path, O_RDWR);
	return f->fd >= 0 && *write_fd >= 0;
}

static off_t size_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? -1 : st.st_size;
}

static void change_file(const char *spec, long want_err, off_t want_size)
{
	for (int o_direct = 0; o_direct <= (int)direct; o_direct++) {
		for (size_t i = 0; i < ARRAY_SIZE(configs); i++) {
			struct hr_fault_plan plan;
			struct ft_result r;
			struct ft_file f;
			int wfd = -1;

			CU_ASSERT_FATAL(fresh_file(&f, &wfd, o_direct));
			ft_plan(&plan, spec);
			plan.write_fd = wfd;
			kshim_set_page_backend(&dirty_backend);
			CU_ASSERT(ft_run(&f, &configs[i], &plan, &r));
			kshim_set_page_backend(NULL);
			CU_ASSERT_EQUAL(r.err, want_err);
			CU_ASSERT_EQUAL(hr_fault_fired(&plan, plan.clause[0].kind), 1);
			CU_ASSERT_EQUAL(size_of(wfd), want_size);
			if (r.err != want_err) {
				char cfg[96];

				ft_config_describe(&configs[i], cfg, sizeof(cfg));
				fprintf(stderr, "%s, %s%s: got %ld, want %ld\n", spec, cfg,
					o_direct ? ", O_DIRECT" : "", r.err, want_err);
			}
			close(wfd);
			ft_file_destroy(&f);
		}
	}
}

static void shrink_mid_load_gives_enodata(void)
{
	char spec[64];

	change_file("truncate@read=3:0", -ENODATA, 0);
	change_file("truncate@read=2:40965", -ENODATA, 40965);
	change_file("truncate@read=1:8192", -ENODATA, 8192);
	/* One byte less, cut before the last reads. */
	snprintf(spec, sizeof(spec), "truncate@read=3:%lu", FILE_SIZE - 1);
	change_file(spec, -ENODATA, FILE_SIZE - 1);
}

static void growth_mid_load_keeps_the_original_size(void)
{
	change_file("grow@read=1:1", 0, FILE_SIZE + 1);
	change_file("grow@read=2:10000", 0, FILE_SIZE + 10000);
	change_file("grow@read=5:4096", 0, FILE_SIZE + 4096);
}

int main(void)
{
	const char *why;
	CU_pSuite s;

	direct = test_dir_supports_direct(&why);
	if (!direct)
		printf("file_change: O_DIRECT cases skipped: %s\n", why);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("fault_file_change");
	test_add_case(s, shrink_mid_load_gives_enodata, NULL);
	test_add_case(s, growth_mid_load_keeps_the_original_size, NULL);
	return test_run_cunit();
}
