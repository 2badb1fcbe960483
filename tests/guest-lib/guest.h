/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest.h - what the two static programs run in a booted guest share: the
 * module test (tests/kernel/) and the kernel benchmark (bench/kernel/guest/).
 *
 * The test files' content (one word function, so a file written on the host
 * by "PROGRAM gen DIR" is checked in the guest by the same code), the page
 * cache and the module's parameters. Plain libc; each program is compiled
 * with -I tests/guest-lib -I lib/sys and this folder's .c files.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pattern.h"

#define GUEST_PARAMS	"/sys/module/heapread/parameters/"

/*
 * The test file of @size bytes is the pattern (lib/sys/pattern.h) of seed
 * @size: hr_pattern_word(size, i), hr_pattern_byte(size, off). Write it to
 * @path; 0, or -1 with a message on stderr.
 */
int guest_write_file(const char *path, size_t size);

/* sync, then drop the page cache, dentries and inodes; 0 or -errno. */
int guest_drop_caches(void);

/* Write @value to the existing file @path (a sysfs or cgroup file); 0 or -errno. */
int guest_write_text(const char *path, const char *value);
/*
 * Read at most @size - 1 bytes of the small text file @path (a sysfs or
 * cgroup file) into @buf and end them with a NUL; the count, or -1 when it
 * cannot be opened or holds nothing.
 */
ssize_t guest_read_text(const char *path, char *buf, size_t size);

/* Write heapread.ko's parameter @param; 0 or -errno. */
int guest_param_write(const char *param, const char *value);
/* Its value (Y/N read as 1/0), or -1 (with errno) when it cannot be read. */
long long guest_param_read(const char *param);

/*
 * Run the program @argv[0] with @argv, HEAPREAD_TEST_DIR set to @test_dir
 * when it is not NULL; its stdout and stderr, NUL-ended, into @out (at most
 * @len - 1 bytes). Its exit status, or -1 when it could not run or did not
 * exit.
 */
int guest_run(char *const argv[], const char *test_dir, char *out, size_t len);

#endif /* GUEST_H */
