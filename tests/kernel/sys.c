// SPDX-License-Identifier: GPL-2.0
/* sys.c - the module, its parameters, the heap device and /proc helpers */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ktest.h"

int kt_heap_open(void)
{
	return open(KT_DEV, O_RDONLY | O_CLOEXEC);
}

/* DMA_HEAP_IOCTL_ALLOC; returns 0 or -errno. */
int kt_alloc(int heap, struct dma_heap_allocation_data *data)
{
	return ioctl(heap, DMA_HEAP_IOCTL_ALLOC, data) ? -errno : 0;
}

/* ALLOC_AND_READ_FILE of @file_fd; returns 0 or -errno. */
int kt_load(int heap, int file_fd, int *dmabuf_fd)
{
	struct dma_heap_allocation_data data = {
		.file_fd = file_fd,
		.fd_flags = O_RDWR | O_CLOEXEC,
		.heap_flags = DMA_HEAP_ALLOC_AND_READ_FILE,
	};
	int ret = kt_alloc(heap, &data);

	if (!ret)
		*dmabuf_fd = data.fd;
	return ret;
}

/* A /proc/meminfo field in KiB, or -1. */
long long kt_meminfo(const char *field)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	size_t len = strlen(field);
	long long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, len) && line[len] == ':') {
			v = strtoll(line + len + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* finit_module() with @params: busybox insmod would retry a failing init. */
int kt_module_load(const char *params)
{
	int fd = open(KT_MODULE, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params, 0) ? -errno : 0;
	close(fd);
	return ret;
}

int kt_module_unload(void)
{
	return syscall(SYS_delete_module, "heapread", O_NONBLOCK) ? -errno : 0;
}
