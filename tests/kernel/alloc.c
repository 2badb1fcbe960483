// SPDX-License-Identifier: GPL-2.0
/*
 * alloc.c - plain len allocations, as the kernel's system heap does them
 * (page-aligned, zeroed, mmap, DMA_BUF_IOCTL_SYNC), and the ioctl ABI's
 * handling of shorter and longer argument structs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/dma-buf.h>

#include "ktest.h"

static int kt_sync(int buf, unsigned long long flags)
{
	struct dma_buf_sync sync = { flags };

	return ioctl(buf, DMA_BUF_IOCTL_SYNC, &sync) ? -errno : 0;
}

static void kt_len_check(int heap, unsigned long long len)
{
	size_t size = (len + KT_PAGE - 1) / KT_PAGE * KT_PAGE, i;
	struct dma_heap_allocation_data data = {
		.len = len,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	char name[64];
	uint8_t *map;
	off_t end;
	int ret;

	snprintf(name, sizeof(name), "alloc-len-%llu", len);
	ret = kt_alloc(heap, &data);
	if (ret) {
		kt_fail(name, "ioctl: %s", strerror(-ret));
		return;
	}
	end = lseek(data.fd, 0, SEEK_END);
	if (end != (off_t)size) {
		kt_fail(name, "dma-buf size %lld, want %zu", (long long)end, size);
		goto out;
	}
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, data.fd, 0);
	if (map == MAP_FAILED) {
		kt_fail(name, "mmap: %s", strerror(errno));
		goto out;
	}
	ret = kt_sync(data.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
	for (i = 0; !ret && i < size; i++)
		if (map[i]) {
			kt_fail(name, "byte %zu is 0x%02x, not zero", i, map[i]);
			munmap(map, size);
			goto out;
		}
	memset(map, 0x5a, size);
	if (!ret)
		ret = kt_sync(data.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
	munmap(map, size);
	if (ret)
		kt_fail(name, "DMA_BUF_IOCTL_SYNC: %s", strerror(-ret));
	else
		kt_pass(name);
out:
	close(data.fd);
}

/* A 16-byte struct (no heap_flags): zero-extended, so a plain allocation. */
static void kt_short_struct_check(int heap)
{
	const char *name = "ioctl-shorter-struct";
	struct { __u64 len; __u32 fd, fd_flags; } small = {
		4096, 0, O_RDWR | O_CLOEXEC,
	};
	unsigned int cmd = _IOWR(DMA_HEAP_IOC_MAGIC, 0x0, small);

	if (ioctl(heap, cmd, &small)) {
		kt_fail(name, "ioctl: %s", strerror(errno));
		return;
	}
	if (lseek(small.fd, 0, SEEK_END) != 4096)
		kt_fail(name, "no 4096-byte dma-buf at fd %u", small.fd);
	else
		kt_pass(name);
	close(small.fd);
}

/* A longer struct: accepted; the extra bytes are not touched. */
static void kt_long_struct_check(int heap)
{
	const char *name = "ioctl-longer-struct";
	struct {
		struct dma_heap_allocation_data data;
		unsigned char extra[16];
	} big = { .data = { .len = 8192, .fd_flags = O_RDWR | O_CLOEXEC } };
	unsigned int cmd = _IOWR(DMA_HEAP_IOC_MAGIC, 0x0, big);
	size_t i;

	memset(big.extra, 0xaa, sizeof(big.extra));
	if (ioctl(heap, cmd, &big)) {
		kt_fail(name, "ioctl: %s", strerror(errno));
		return;
	}
	for (i = 0; i < sizeof(big.extra); i++)
		if (big.extra[i] != 0xaa)
			break;
	if (lseek(big.data.fd, 0, SEEK_END) != 8192)
		kt_fail(name, "no 8192-byte dma-buf at fd %u", big.data.fd);
	else if (i != sizeof(big.extra))
		kt_fail(name, "extra byte %zu changed", i);
	else
		kt_pass(name);
	close(big.data.fd);
}

/* Same command number with a write-only direction: no struct comes in. */
static void kt_unknown_cmd_check(int heap)
{
	struct dma_heap_allocation_data data = { .len = 4096 };
	int ret;

	ret = ioctl(heap, _IOWR(DMA_HEAP_IOC_MAGIC, 0x1, data), &data) ? -errno : 0;
	if (ret != -EINVAL)
		kt_fail("ioctl-unknown-nr", "got %s, want EINVAL", strerror(-ret));
	else
		kt_pass("ioctl-unknown-nr");
	ret = ioctl(heap, DMA_HEAP_IOCTL_ALLOC, NULL) ? -errno : 0;
	if (ret != -EFAULT)
		kt_fail("ioctl-null-arg", "got %s, want EFAULT", strerror(-ret));
	else
		kt_pass("ioctl-null-arg");
}

void kt_alloc_checks(void)
{
	int heap = kt_heap_open();

	if (heap < 0) {
		kt_fail("alloc", "open " KT_DEV ": %s", strerror(errno));
		return;
	}
	kt_len_check(heap, 1);
	kt_len_check(heap, 4096);
	kt_len_check(heap, 12345);
	kt_len_check(heap, (8 << 20) + 1);
	kt_short_struct_check(heap);
	kt_long_struct_check(heap);
	kt_unknown_cmd_check(heap);
	close(heap);
}
