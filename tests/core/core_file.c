// SPDX-License-Identifier: GPL-2.0
/* The tests/core suites' test file (core_file.h). */
#include <fcntl.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "core_file.h"
#include "testutil.h"

void core_file_open(struct core_file *f, const char *name, uint64_t size, bool direct)
{
	f->path = test_make_file(name, size);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->path);
	f->fd = open(f->path, O_RDONLY | O_CLOEXEC | (direct ? O_DIRECT : 0));
	CU_ASSERT_FATAL(f->fd >= 0);
	CU_ASSERT_EQUAL_FATAL(kshim_file_open_fd(&f->kf, f->fd), 0);
}

void core_file_close(struct core_file *f)
{
	close(f->fd);
	test_remove_file(f->path);
}
