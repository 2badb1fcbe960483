// SPDX-License-Identifier: GPL-2.0
/* guest.c - the test files' content, the page cache, the module's parameters, running a program */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "guest.h"

int guest_write_file(const char *path, size_t size)
{
	static uint8_t block[1 << 20];
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (size_t off = 0; off < size && !ret; off += sizeof(block)) {
		size_t n = size - off < sizeof(block) ? size - off : sizeof(block);

		for (size_t i = 0; i < n; i += 8) {
			uint64_t w = hr_pattern_word(size, (off + i) / 8);

			memcpy(block + i, &w, n - i < 8 ? n - i : 8);
		}
		if (write(fd, block, n) != (ssize_t)n) {
			fprintf(stderr, "gen: write %s: %s\n", path, strerror(errno));
			ret = -1;
		}
	}
	if (close(fd) && !ret) {
		fprintf(stderr, "gen: close %s: %s\n", path, strerror(errno));
		ret = -1;
	}
	return ret;
}

int guest_drop_caches(void)
{
	int fd, ret = 0;

	sync();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, "3", 1) != 1)
		ret = -errno;
	close(fd);
	return ret;
}

int guest_write_text(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, value, strlen(value)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

int guest_param_write(const char *param, const char *value)
{
	char path[256];

	snprintf(path, sizeof(path), GUEST_PARAMS "%s", param);
	return guest_write_text(path, value);
}

ssize_t guest_read_text(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return n;
}

long long guest_param_read(const char *param)
{
	char path[256], buf[64];

	snprintf(path, sizeof(path), GUEST_PARAMS "%s", param);
	if (guest_read_text(path, buf, sizeof(buf)) < 0)
		return -1;
	if (buf[0] == 'Y' || buf[0] == 'N')
		return buf[0] == 'Y';
	return strtoll(buf, NULL, 0);
}

int guest_run(char *const argv[], const char *test_dir, char *out, size_t len)
{
	int fds[2], status;
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		if (test_dir)
			setenv("HEAPREAD_TEST_DIR", test_dir, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	while (n + 1 < len && (r = read(fds[0], out + n, len - 1 - n)) > 0)
		n += r;
	out[n] = 0;
	close(fds[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}
