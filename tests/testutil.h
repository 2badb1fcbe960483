/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the CUnit suites: test files with a known byte pattern, byte by
 * byte comparison of a loaded buffer against it, and the exit codes
 * Automake reads (0 pass, 1 fail, 77 skip, 99 hard error).
 */
#ifndef HEAPREAD_TESTUTIL_H
#define HEAPREAD_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pattern.h"

#define TEST_EXIT_PASS	0
#define TEST_EXIT_FAIL	1
#define TEST_EXIT_SKIP	77
#define TEST_EXIT_ERROR	99

struct heapread_buffer;
struct heapread_params;
struct heapread_segment;

/* The pattern every test file holds (lib/sys/pattern.h); a nonzero seed. */
#define TEST_PATTERN_SEED	1

/* The byte every test file holds at @offset: no two pages alike. */
static inline uint8_t test_pattern_byte(uint64_t offset)
{
	return hr_pattern_byte(TEST_PATTERN_SEED, offset);
}

/* Directory for test files: $HEAPREAD_TEST_DIR, else the current directory. */
const char *test_dir(void);

/* Create a file of @size pattern bytes in test_dir(); returns its malloc'd path. */
char *test_make_file(const char *name, uint64_t size);
void test_remove_file(char *path);

/* Can files in test_dir() be opened O_DIRECT? If not, *why says why. */
bool test_dir_supports_direct(const char **why);
/* Why O_DIRECT cases cannot run here (test_add_case()'s @missing), or NULL. */
const char *test_direct_missing(void);
/*
 * A load's reads against its windows: at least one per gather_limit, at
 * most heapread_gather_count() (a lane takes what is ready up to the limit
 * in one read, so ramp windows may merge); exact when nothing ramps.
 */
bool test_gathers_fit(const struct heapread_params *p, unsigned int nr_gathers, size_t len);

/* How many file descriptors this process has open, or -1. */
int test_count_fds(void);
/* NULL when the test directory's files can leave the page cache, else why not. */
const char *test_cache_drop_missing(void);

/*
 * Compare @buf with the pattern for @size bytes and check it is zero up to
 * buf->len; on a mismatch print the first offset that differs and return
 * false.
 */
bool test_buffer_matches(const struct heapread_buffer *buf, uint64_t size);

/*
 * The buffer of a segmented load: segment k holds bytes [offset, offset +
 * length) of a pattern file at its buf_offset (the segments in buffer
 * order), everything else is zero up to buf->len. On a mismatch print the
 * first byte that differs and return false.
 */
bool test_segments_match(const struct heapread_buffer *buf, const struct heapread_segment *segs,
			 unsigned int nr);

/*
 * Register a CUnit suite whose every case ends with kshim_reset_all(): the
 * case fails if it left anything allocated, queued or in flight, and no
 * fault, backend, hook or model setting reaches the next case.
 */
struct CU_Suite *test_add_suite(const char *name);
/* The same, with @setup run before every case (kshim_reset_all() undoes it). */
struct CU_Suite *test_add_suite_setup(const char *name, void (*setup)(void));

/*
 * Register case @fn of suite @s under the function's own name (the one naming
 * scheme of the suites: the suite is the program, folder_program; a case is
 * what_condition_outcome, in snake case). When @missing is not NULL the case
 * needs something this machine lacks: it is not registered, and a line
 * "SKIP suite.case: MISSING" says why. Returns false on a CUnit error.
 */
#define test_add_case(s, fn, missing) test_add_case_named((s), #fn, (fn), (missing))
bool test_add_case_named(struct CU_Suite *s, const char *name, void (*fn)(void),
			 const char *missing);

/*
 * Why io_uring cases cannot run, from the error of a probe that set up a ring
 * (hr_uring_probe()): io_uring refused with -EPERM (a seccomp policy or
 * io_uring_disabled), -ENOSYS (not built in) or -EINVAL (too old) is a
 * missing facility, as liburing's own tests count it. NULL otherwise: any
 * other error is the code's, and the cases run and fail on it.
 */
const char *test_uring_missing(int probe_err);

/*
 * Run the registered CUnit suites; returns a TEST_EXIT_* code. A program
 * none of whose cases could be registered prints so and returns
 * TEST_EXIT_SKIP (77): nothing ran, so nothing passed.
 */
int test_run_cunit(void);

#endif /* HEAPREAD_TESTUTIL_H */
