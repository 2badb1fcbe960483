// SPDX-License-Identifier: GPL-2.0
/*
 * nodes.c - the module's nodes on this kernel (kernel/README.md, "Nodes").
 * Runs last: heapread.ko is loaded again with its defaults, which on a kernel
 * that exports dma_heap_add() registers a real heap and pins the module.
 *
 * - /dev/heapread takes ALLOC_AND_READ_FILE everywhere (the other checks);
 * - where /sys/class/dma_heap/heapread exists, /dev/dma_heap/heapread is that
 *   real heap: it allocates zeroed buffers by length, its core refuses the
 *   heap flag (EINVAL), and rmmod is refused for good (a heap cannot be
 *   removed);
 * - elsewhere /dev/dma_heap/heapread is a misc device with /dev/heapread's
 *   ABI (the seed's path keeps working), gone after rmmod;
 * - the stock system heap, where the kernel has one, is still the kernel's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ktest.h"

#define KT_HEAP_NODE	"/dev/dma_heap/heapread"
#define KT_HEAP_CLASS	"/sys/class/dma_heap/heapread"

/* A real heap's buffer: by length, zeroed, counted, released on close. */
static void kt_real_heap_alloc_check(int heap)
{
	const char *name = "real-heap-alloc-len-zeroed";
	struct dma_heap_allocation_data data = {
		.len = 1 << 20,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	size_t i;
	uint8_t *map;
	int ret = kt_alloc(heap, &data);

	if (ret) {
		kt_fail(name, "DMA_HEAP_IOCTL_ALLOC len 1 MiB: %s", strerror(-ret));
		return;
	}
	map = mmap(NULL, data.len, PROT_READ, MAP_SHARED, data.fd, 0);
	if (map == MAP_FAILED) {
		kt_fail(name, "mmap: %s", strerror(errno));
		close(data.fd);
		return;
	}
	for (i = 0; i < data.len && !map[i]; i++)
		;
	if (i != data.len)
		kt_fail(name, "byte %zu is 0x%02x", i, map[i]);
	else if (guest_param_read("buffers") != 1)
		kt_fail(name, "%lld buffers live, want 1", guest_param_read("buffers"));
	else
		kt_pass(name);
	munmap(map, data.len);
	close(data.fd);
	if (guest_param_read("buffers") || guest_param_read("pages"))
		kt_fail("real-heap-buffer-released", "buffers=%lld pages=%lld after close",
			guest_param_read("buffers"), guest_param_read("pages"));
	else
		kt_pass("real-heap-buffer-released");
}

static void kt_real_heap_checks(int heap)
{
	int fd = open(kt_path("s12345.bin"), O_RDONLY | O_CLOEXEC);
	int buf = -1, ret;

	kt_real_heap_alloc_check(heap);
	ret = fd < 0 ? -errno : kt_load(heap, fd, &buf);
	if (ret != -EINVAL)
		kt_fail("real-heap-refuses-heap-flag", "ALLOC_AND_READ_FILE: %s, want EINVAL",
			ret ? strerror(-ret) : "succeeded");
	else
		kt_pass("real-heap-refuses-heap-flag");
	if (buf >= 0)
		close(buf);
	if (fd >= 0)
		close(fd);
	ret = kt_module_unload();
	if (ret != -EAGAIN && ret != -EBUSY)
		kt_fail("real-heap-module-pinned", "rmmod: %s, want EAGAIN or EBUSY",
			ret ? strerror(-ret) : "succeeded");
	else
		kt_pass("real-heap-module-pinned");
}

static void kt_misc_heap_checks(int heap)
{
	const struct kt_file *f = kt_file("s12345.bin");
	int fd = open(kt_path(f->name), O_RDONLY | O_CLOEXEC);
	int buf, ret;

	ret = fd < 0 ? -errno : kt_load(heap, fd, &buf);
	if (ret) {
		kt_fail("dma-heap-node-reads-file", "ALLOC_AND_READ_FILE: %s", strerror(-ret));
	} else {
		if (!kt_check_dmabuf("dma-heap-node-reads-file", buf, f->size, NULL))
			kt_pass("dma-heap-node-reads-file");
		close(buf);
	}
	if (fd >= 0)
		close(fd);
	close(heap);
	ret = kt_module_unload();
	if (ret)
		kt_fail("dma-heap-node-rmmod", "rmmod: %s", strerror(-ret));
	else if (!access(KT_HEAP_NODE, F_OK))
		kt_fail("dma-heap-node-rmmod", KT_HEAP_NODE " still exists");
	else
		kt_pass("dma-heap-node-rmmod");
}

void kt_node_checks(void)
{
	int ret = kt_module_load("");
	int heap;

	if (ret) {
		kt_fail("nodes-insmod", "finit_module with the defaults: %s", strerror(-ret));
		return;
	}
	if (access(KT_DEV, R_OK))
		kt_fail("node-heapread", KT_DEV ": %s", strerror(errno));
	else
		kt_pass("node-heapread");
	/* The stock heap, where there is one, keeps its name and its class. */
	if (!access("/sys/class/dma_heap", F_OK)) {
		if (access("/sys/class/dma_heap/system", F_OK) && !access("/dev/dma_heap/system", F_OK))
			kt_fail("stock-system-heap", "/dev/dma_heap/system is not the kernel's heap");
		else
			kt_pass("stock-system-heap");
	}
	heap = open(KT_HEAP_NODE, O_RDONLY | O_CLOEXEC);
	if (heap < 0) {
		kt_fail("node-dma-heap", KT_HEAP_NODE ": %s", strerror(errno));
		return;
	}
	kt_pass("node-dma-heap");
	kt_selftest_checks();
	if (!access(KT_HEAP_CLASS, F_OK)) {
		kt_log("/dev/dma_heap/heapread is a real dma-heap (" KT_HEAP_CLASS ")");
		kt_real_heap_checks(heap);
		close(heap);
	} else {
		kt_log("/dev/dma_heap/heapread is a misc device (no dma_heap_add here)");
		kt_misc_heap_checks(heap);
	}
}
