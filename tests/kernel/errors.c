// SPDX-License-Identifier: GPL-2.0
/*
 * errors.c - every bad input gets its errno and leaks nothing; the module
 * parameters reject bad values.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ktest.h"

static void kt_expect(int heap, const char *name,
		      struct dma_heap_allocation_data data, int want)
{
	int ret = kt_alloc(heap, &data);

	if (!ret) {
		close(data.fd);
		kt_fail(name, "succeeded, want %s", strerror(want));
	} else if (ret != -want) {
		kt_fail(name, "got %s, want %s", strerror(-ret), strerror(want));
	} else {
		kt_pass(name);
	}
}

static struct dma_heap_allocation_data kt_file_data(int fd)
{
	struct dma_heap_allocation_data data = {
		.file_fd = fd,
		.fd_flags = O_RDWR | O_CLOEXEC,
		.heap_flags = DMA_HEAP_ALLOC_AND_READ_FILE,
	};

	return data;
}

static void kt_expect_fd(int heap, const char *name, int fd, int want)
{
	if (fd < 0) {
		kt_fail(name, "cannot open the test fd: %s", strerror(errno));
		return;
	}
	kt_expect(heap, name, kt_file_data(fd), want);
	close(fd);
}

void kt_error_checks(void)
{
	struct dma_heap_allocation_data data;
	int heap = kt_heap_open();
	int fd, pipefd[2];

	if (heap < 0) {
		kt_fail("errors", "open " KT_DEV ": %s", strerror(errno));
		return;
	}
	kt_expect(heap, "err-bad-fd", kt_file_data(999), EBADF);
	kt_expect(heap, "err-fd-minus-one", kt_file_data(-1), EBADF);
	kt_expect_fd(heap, "err-o-path-fd",
		     open(kt_path("s4096.bin"), O_PATH | O_CLOEXEC), EBADF);

	fd = open(kt_path("s4096.bin"), O_RDONLY | O_CLOEXEC);
	data = kt_file_data(fd);
	data.fd = 3;
	kt_expect(heap, "err-fd-field-not-zero", data, EINVAL);
	data = kt_file_data(fd);
	data.heap_flags |= 2;
	kt_expect(heap, "err-unknown-heap-flag", data, EINVAL);
	data = kt_file_data(fd);
	data.heap_flags |= 1ULL << 63;
	kt_expect(heap, "err-unknown-heap-flag-63", data, EINVAL);
	data = kt_file_data(fd);
	data.fd_flags |= O_NONBLOCK;
	kt_expect(heap, "err-bad-fd-flags", data, EINVAL);
	/* ALLOC_AND_READ_FILE with a 64-bit len where the fd should be. */
	data = kt_file_data(fd);
	data.len = (1ULL << 32) | (unsigned int)fd;
	kt_expect(heap, "err-file-flag-with-len", data, EINVAL);
	close(fd);

	data = (struct dma_heap_allocation_data){ .fd_flags = O_RDWR };
	kt_expect(heap, "err-len-zero", data, EINVAL);
	data.len = 1ULL << 62;
	kt_expect(heap, "err-len-huge", data, ENOMEM);
	data.len = ~0ULL;
	kt_expect(heap, "err-len-overflow", data, EINVAL);

	kt_expect_fd(heap, "err-directory",
		     open(KT_DATA, O_RDONLY | O_DIRECTORY | O_CLOEXEC), EINVAL);
	if (pipe2(pipefd, O_CLOEXEC)) {
		kt_fail("err-pipe", "pipe: %s", strerror(errno));
	} else {
		kt_expect_fd(heap, "err-pipe", pipefd[0], EINVAL);
		close(pipefd[1]);
	}
	kt_expect_fd(heap, "err-socket",
		     socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), EINVAL);
	kt_expect_fd(heap, "err-write-only-file",
		     open(kt_path("s4096.bin"), O_WRONLY | O_CLOEXEC), EINVAL);
	kt_expect_fd(heap, "err-empty-file",
		     open(kt_path("empty.bin"), O_RDONLY | O_CLOEXEC), EINVAL);
	kt_expect_fd(heap, "err-dev-zero",
		     open("/dev/zero", O_RDONLY | O_CLOEXEC), EINVAL);
	kt_expect_fd(heap, "err-char-device",
		     open(KT_DEV, O_RDONLY | O_CLOEXEC), EINVAL);

	guest_param_write("max_size", "12344");
	kt_expect_fd(heap, "err-file-over-max-size",
		     open(kt_path("s12345.bin"), O_RDONLY | O_CLOEXEC), EFBIG);
	guest_param_write("max_size", "12345");
	fd = open(kt_path("s12345.bin"), O_RDONLY | O_CLOEXEC);
	data = kt_file_data(fd);
	if (kt_alloc(heap, &data)) {
		kt_fail("load-at-max-size", "ioctl: %s", strerror(errno));
	} else {
		if (!kt_check_dmabuf("load-at-max-size", data.fd, 12345, NULL))
			kt_pass("load-at-max-size");
		close(data.fd);
	}
	close(fd);
	guest_param_write("max_size", "0");
	close(heap);

	if (guest_param_read("pages") || guest_param_read("buffers") ||
	    guest_param_read("loads"))
		kt_fail("errors-leak-nothing", "pages=%lld buffers=%lld loads=%lld",
			guest_param_read("pages"), guest_param_read("buffers"),
			guest_param_read("loads"));
	else
		kt_pass("errors-leak-nothing");
}

static void kt_param_expect(const char *name, const char *param,
			    const char *value, int want)
{
	int ret = guest_param_write(param, value);

	if (ret != -want)
		kt_fail(name, "write %s to %s: got %s, want %s", value, param,
			strerror(-ret), strerror(want));
	else
		kt_pass(name);
}

void kt_param_checks(void)
{
	if (guest_param_read("gather_limit") != 128LL << 20)
		kt_fail("param-gather-limit-default", "gather_limit is %lld",
			guest_param_read("gather_limit"));
	else
		kt_pass("param-gather-limit-default");
	kt_param_expect("param-gather-limit-zero", "gather_limit", "0", EINVAL);
	kt_param_expect("param-gather-limit-unaligned", "gather_limit", "4097",
			EINVAL);
	kt_param_expect("param-gather-limit-below-page", "gather_limit", "1000",
			EINVAL);
	kt_param_expect("param-gather-limit-garbage", "gather_limit", "lots",
			EINVAL);
	kt_param_expect("param-gather-limit-one-page", "gather_limit", "4096", 0);
	if (guest_param_read("gather_limit") != 4096)
		kt_fail("param-gather-limit-reads-back", "gather_limit is %lld",
			guest_param_read("gather_limit"));
	else
		kt_pass("param-gather-limit-reads-back");
	guest_param_write("gather_limit", "134217728");
	kt_param_expect("param-queue-depth-too-deep", "queue_depth", "65", EINVAL);
	kt_param_expect("param-queue-depth-max", "queue_depth", "64", 0);
	guest_param_write("queue_depth", "0");
	kt_param_expect("param-pages-read-only", "pages", "0", EACCES);
}
