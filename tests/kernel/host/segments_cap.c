// SPDX-License-Identifier: GPL-2.0
/*
 * kernel_segments_cap: a segment load's max_len (heapread_uapi.h), as the
 * module applies it (kernel/heapread_segments_cap.h), with the real engine
 * over the kernel shim. A buffer of exactly max_len loads, one page more is
 * -E2BIG with nothing allocated; only whole pages of max_len count, below a
 * page it is -EINVAL; a cap above the module's max_size changes nothing and
 * the module's limit stays -EFBIG; a length of 0 is resolved before the cap
 * is checked, so a file that grew by one byte past a page no longer fits.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <linux/err.h>
#include <linux/mm.h>
#include <kshim/accounting.h>
#include <kshim/file.h>

#include "heapread_segment.h"
#include "heapread_segments_cap.h"
#include "testutil.h"

#define FILE_SIZE	12345	/* 4 pages */

/* Load @nr segments of @path as the module does with @max_len; the errno or 0. */
static int load_capped(const char *path, struct heapread_segment *segs, unsigned int nr,
		       u64 max_len, loff_t module_max, size_t *len)
{
	struct heapread_buffer *buf;
	struct heapread_params p;
	struct kshim_file kf;
	int fd = open(path, O_RDONLY | O_CLOEXEC), bound, err = 0;

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(kshim_file_open_fd(&kf, fd) == 0);
	for (unsigned int i = 0; i < nr; i++)
		segs[i].file = &kf.file;
	heapread_params_init(&p);
	if (module_max)
		p.max_size = module_max;
	bound = heapread_segments_cap(&p, max_len);
	if (bound < 0) {
		err = bound;
	} else {
		buf = heapread_load_segments(segs, nr, &p, NULL);
		if (IS_ERR(buf)) {
			err = heapread_segments_cap_err(bound, PTR_ERR(buf));
		} else {
			*len = buf->len;
			heapread_buffer_free(buf);
		}
	}
	/* Refused or freed: not a page, not an object left. */
	CU_ASSERT_EQUAL(kshim_pages_live(), 0);
	close(fd);
	return err;
}

/* A whole file (4 pages) and 5000 bytes of it (2 pages): a 6-page buffer. */
static int load_two(const char *path, u64 max_len, loff_t module_max, size_t *len)
{
	struct heapread_segment segs[2] = {
		{ .offset = 0, .length = 0 },
		{ .offset = 1000, .length = 5000 },
	};

	return load_capped(path, segs, 2, max_len, module_max, len);
}

static void segments_cap_exact_fits_one_byte_less_e2big(void)
{
	char *path = test_make_file("segcap", FILE_SIZE);
	size_t len = 0;

	CU_ASSERT_EQUAL(load_two(path, 0, 0, &len), 0);
	CU_ASSERT_EQUAL(len, 6 * PAGE_SIZE);
	len = 0;
	CU_ASSERT_EQUAL(load_two(path, 6 * PAGE_SIZE, 0, &len), 0);
	CU_ASSERT_EQUAL(len, 6 * PAGE_SIZE);
	/* Only whole pages count: 6 pages and 4095 bytes is a 6-page cap. */
	CU_ASSERT_EQUAL(load_two(path, 7 * PAGE_SIZE - 1, 0, &len), 0);
	CU_ASSERT_EQUAL(load_two(path, 6 * PAGE_SIZE - 1, 0, &len), -E2BIG);
	CU_ASSERT_EQUAL(load_two(path, 5 * PAGE_SIZE, 0, &len), -E2BIG);
	CU_ASSERT_EQUAL(load_two(path, PAGE_SIZE, 0, &len), -E2BIG);
	test_remove_file(path);
}

static void segments_cap_below_a_page_einval(void)
{
	struct heapread_params p;

	heapread_params_init(&p);
	CU_ASSERT_EQUAL(heapread_segments_cap(&p, 1), -EINVAL);
	CU_ASSERT_EQUAL(heapread_segments_cap(&p, PAGE_SIZE - 1), -EINVAL);
	CU_ASSERT_EQUAL(heapread_segments_cap(&p, 0), 0);
	CU_ASSERT_EQUAL(heapread_segments_cap(&p, PAGE_SIZE), 1);
	CU_ASSERT_EQUAL(p.max_size, PAGE_SIZE);
}

static void segments_cap_over_module_max_keeps_efbig(void)
{
	char *path = test_make_file("segcap-max", FILE_SIZE);
	size_t len = 0;

	/* The module's limit (5 pages) is the tighter one: its own errno. */
	CU_ASSERT_EQUAL(load_two(path, 8 * PAGE_SIZE, 5 * PAGE_SIZE, &len), -EFBIG);
	CU_ASSERT_EQUAL(load_two(path, 0, 5 * PAGE_SIZE, &len), -EFBIG);
	/* The cap is the tighter one: E2BIG. */
	CU_ASSERT_EQUAL(load_two(path, 4 * PAGE_SIZE, 5 * PAGE_SIZE, &len), -E2BIG);
	/* A huge cap changes nothing. */
	CU_ASSERT_EQUAL(load_two(path, UINT64_MAX, 0, &len), 0);
	test_remove_file(path);
}

static void segments_cap_checked_after_length_zero_resolved(void)
{
	char *path = test_make_file("segcap-grow", 2 * PAGE_SIZE);
	struct heapread_segment seg = { .offset = 0, .length = 0 };
	size_t len = 0;
	int fd;

	CU_ASSERT_EQUAL(load_capped(path, &seg, 1, 2 * PAGE_SIZE, 0, &len), 0);
	CU_ASSERT_EQUAL(len, 2 * PAGE_SIZE);
	/* The file grows by one byte after the caller sized its cap. */
	fd = open(path, O_WRONLY | O_APPEND);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, "x", 1), 1);
	close(fd);
	seg = (struct heapread_segment) { .offset = 0, .length = 0 };
	CU_ASSERT_EQUAL(load_capped(path, &seg, 1, 2 * PAGE_SIZE, 0, &len), -E2BIG);
	test_remove_file(path);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("kernel_segments_cap");
	test_add_case(s, segments_cap_exact_fits_one_byte_less_e2big, NULL);
	test_add_case(s, segments_cap_below_a_page_einval, NULL);
	test_add_case(s, segments_cap_over_module_max_keeps_efbig, NULL);
	test_add_case(s, segments_cap_checked_after_length_zero_resolved, NULL);
	return test_run_cunit();
}
