// SPDX-License-Identifier: GPL-2.0
/*
 * hr_fault_backends: a plan wraps any struct file, not only the pread one.
 * The io_uring backend (lib/backend_uring.c) under read errors, short, zero
 * and late reads, a shrinking file and SIGKILL at every kind of point, with
 * real worker threads and the inline executor: the same errno, the same
 * content, nothing left behind (the backend's rings stay the backend's).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/mm.h>

#include "backend_uring.h"
#include "fault_test.h"
#include "testutil.h"

static struct ft_file file;
static struct hr_uring_file uring;

struct expect {
	const char *spec;
	long err;		/* 1: -EINTR or success, by timing */
};

static const struct expect expects[] = {
	{ "none", 0 },
	{ "read@2:EIO", -EIO },
	{ "read@5:ENOSPC", -ENOSPC },
	{ "read:zero@3", -ENODATA },
	{ "read:short=random,read:late=100us", 0 },
	{ "read:short=5000", 0 },
	{ "truncate@read=2:20000", -ENODATA },
	{ "grow@read=1", 0 },
	{ "signal@alloc=2", -EINTR },
	{ "signal@read=3", 1 },
	{ "signal@wait=2", -EINTR },
	{ "alloc:order>=1", 0 },
	{ "kmalloc@3", -ENOMEM },
};

static const struct ft_config configs[] = {
	{ FT_THREADS, 4, BIT(2) | BIT(0), 2 * PAGE_SIZE },
	{ FT_INLINE, 2, HEAPREAD_DEFAULT_ORDERS, 3 * PAGE_SIZE },
	{ FT_SYNC, 1, BIT(0), 4 * PAGE_SIZE },
};

static void uring_file_under_every_fault(void)
{
	for (size_t c = 0; c < ARRAY_SIZE(configs); c++) {
		for (size_t i = 0; i < ARRAY_SIZE(expects); i++) {
			const struct expect *e = &expects[i];
			struct hr_fault_plan plan;
			struct ft_result r;
			bool ok;

			/* signal@wait needs a worker to hold; signal@alloc=2 may come too late in sync. */
			if (configs[c].mode != FT_THREADS && !strncmp(e->spec, "signal@wait", 11))
				continue;
			ft_plan(&plan, e->spec);
			CU_ASSERT(ft_run_file(&file, hr_uring_file_get(&uring), &configs[c], &plan,
					      &r));
			ok = e->err == 1 ? (r.err == 0 || r.err == -EINTR) : r.err == e->err;
			CU_ASSERT(ok);
			if (!ok)
				fprintf(stderr, "io_uring, %s, %s: got %ld, want %ld\n",
					ft_mode_name(configs[c].mode), e->spec, r.err, e->err);
		}
	}
}

int main(void)
{
	const struct hr_uring_opts opts = {
		.qd = 2, .io_size = 8192, .max_readers = 8,
	};
	const char *no_uring = test_uring_missing(hr_uring_probe());
	CU_pSuite s;
	int ret;

	if (!ft_file_create(&file, "backends", 30 * PAGE_SIZE + 333)) {
		fprintf(stderr, "cannot create the test file in %s\n", test_dir());
		return TEST_EXIT_ERROR;
	}
	ret = no_uring ? 0 : hr_uring_file_open(&uring, file.fd, file.size, &opts);
	if (ret) {
		fprintf(stderr, "io_uring file: %s\n", strerror(-ret));
		ft_file_destroy(&file);
		return TEST_EXIT_FAIL;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("fault_backends");
	if (!test_add_case(s, uring_file_under_every_fault, no_uring))
		return TEST_EXIT_ERROR;
	ret = test_run_cunit();
	if (!no_uring)
		hr_uring_file_close(&uring);
	ft_file_destroy(&file);
	return ret;
}
