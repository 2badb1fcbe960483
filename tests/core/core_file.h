/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the tests/core suites: a test file of pattern bytes
 * (test_make_file()), open as a kshim struct file for the engine.
 */
#ifndef HEAPREAD_TESTS_CORE_FILE_H
#define HEAPREAD_TESTS_CORE_FILE_H

#include <stdbool.h>
#include <stdint.h>

#include <kshim/file.h>

struct core_file {
	char *path;
	int fd;
	struct kshim_file kf;
};

/*
 * Create "@name.PID" of @size pattern bytes in test_dir() and open it
 * read-only (O_DIRECT when @direct); a failure is fatal to the case.
 */
void core_file_open(struct core_file *f, const char *name, uint64_t size, bool direct);
/* Close the file and remove it. */
void core_file_close(struct core_file *f);

#endif /* HEAPREAD_TESTS_CORE_FILE_H */
