// SPDX-License-Identifier: GPL-2.0
/*
 * content.c - ALLOC_AND_READ_FILE loads: the dma-buf, mmapped, holds the
 * file byte by byte, buffered and O_DIRECT, with several gather limits,
 * queue depths and the sync mode; the tail past EOF is zero; a direct load
 * leaves no page cache; the file position is not touched; an unlinked file
 * loads.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/dma-buf.h>

#include "ktest.h"

static double kt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Pages of the file resident in the page cache, or -errno. */
long kt_resident(int fd, size_t size)
{
	size_t pages = (size + KT_PAGE - 1) / KT_PAGE, i;
	unsigned char *vec;
	long n = 0;
	void *p;

	p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	vec = malloc(pages);
	if (!vec || mincore(p, size, vec)) {
		n = -errno;
		goto out;
	}
	for (i = 0; i < pages; i++)
		n += vec[i] & 1;
out:
	free(vec);
	munmap(p, size);
	return n;
}

/*
 * Compare the mapped dma-buf with the file itself, read(2) through @path
 * with O_DIRECT, so that the comparison adds nothing to the page cache.
 */
static int kt_compare_file(const uint8_t *map, const char *path, size_t size)
{
	size_t len = (size + KT_PAGE - 1) / KT_PAGE * KT_PAGE, done = 0;
	uint8_t *data = NULL;
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (fd < 0 || posix_memalign((void **)&data, KT_PAGE, len))
		goto out;
	while (done < size) {
		ssize_t n = pread(fd, data + done, len - done, done);

		if (n <= 0)
			goto out;
		done += n;
	}
	ret = memcmp(map, data, size) ? 1 : 0;
out:
	if (fd >= 0)
		close(fd);
	free(data);
	return ret;
}

/*
 * Check the dma-buf @buf against the file of @size: its size, content and
 * zero tail. With @path (a file still linked), also against read(2).
 */
int kt_check_dmabuf(const char *name, int buf, size_t size, const char *path)
{
	size_t len = (size + KT_PAGE - 1) / KT_PAGE * KT_PAGE, i;
	struct dma_buf_sync sync = { DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ };
	off_t end = lseek(buf, 0, SEEK_END);
	uint8_t *map;
	int ret = -1;

	if (end != (off_t)len) {
		kt_fail(name, "dma-buf size %lld, want %zu", (long long)end, len);
		return -1;
	}
	map = mmap(NULL, len, PROT_READ, MAP_SHARED, buf, 0);
	if (map == MAP_FAILED) {
		kt_fail(name, "mmap: %s", strerror(errno));
		return -1;
	}
	if (ioctl(buf, DMA_BUF_IOCTL_SYNC, &sync)) {
		kt_fail(name, "DMA_BUF_IOCTL_SYNC start: %s", strerror(errno));
		goto out;
	}
	i = kt_compare(map, size, 0, size);
	if (i != size) {
		kt_fail(name, "content differs at byte %zu (0x%02x, want 0x%02x)",
			i, map[i], hr_pattern_byte(size, i));
		goto out;
	}
	for (i = size; i < len; i++)
		if (map[i]) {
			kt_fail(name, "byte %zu past EOF is 0x%02x", i, map[i]);
			goto out;
		}
	if (path && kt_compare_file(map, path, size)) {
		kt_fail(name, "content differs from read(2) of %s", path);
		goto out;
	}
	sync.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ;
	if (ioctl(buf, DMA_BUF_IOCTL_SYNC, &sync)) {
		kt_fail(name, "DMA_BUF_IOCTL_SYNC end: %s", strerror(errno));
		goto out;
	}
	ret = 0;
out:
	munmap(map, len);
	return ret;
}

static void kt_load_check(int heap, const char *file, int direct,
			  const char *variant)
{
	const struct kt_file *f = kt_file(file);
	const char *path = kt_path(file);
	char name[128];
	int fd, buf, ret;
	long resident, before = 0;
	off_t pos;
	double t;

	snprintf(name, sizeof(name), "load-%s-%s%s%s", file,
		 direct ? "direct" : "buffered", *variant ? "-" : "", variant);
	if (direct)
		guest_drop_caches();
	fd = open(path, O_RDONLY | O_CLOEXEC | (direct ? O_DIRECT : 0));
	if (fd < 0) {
		kt_fail(name, "open %s: %s", path, strerror(errno));
		return;
	}
	/*
	 * Pages a buffered read left in a per-CPU LRU batch survive
	 * drop_caches: count what is there before the load.
	 */
	if (direct)
		before = kt_resident(fd, f->size);
	lseek(fd, 7, SEEK_SET);
	t = kt_now();
	ret = kt_load(heap, fd, &buf);
	t = kt_now() - t;
	if (ret) {
		kt_fail(name, "ioctl: %s", strerror(-ret));
		close(fd);
		return;
	}
	pos = lseek(fd, 0, SEEK_CUR);
	if (pos != 7) {
		kt_fail(name, "file position moved to %lld", (long long)pos);
		goto out;
	}
	if (direct) {
		resident = kt_resident(fd, f->size);
		if (resident > before) {
			kt_fail(name, "%ld pages in the page cache after a direct load, %ld before",
				resident, before);
			goto out;
		}
	}
	if (kt_check_dmabuf(name, buf, f->size, path))
		goto out;
	kt_log("%s: %zu bytes in %.1f ms%s", name, f->size, t * 1e3,
	       direct ? (before ? ", page cache not grown" :
			 ", 0 pages in the page cache") : "");
	kt_pass(name);
out:
	close(buf);
	close(fd);
}

/* An unlinked file is read through the caller's open file. */
static void kt_unlinked_check(int heap)
{
	const char *name = "load-unlinked-file";
	const struct kt_file *f = kt_file("unlinked.bin");
	int fd, buf, ret;

	fd = open(kt_path(f->name), O_RDONLY | O_CLOEXEC);
	if (fd < 0 || unlink(kt_path(f->name))) {
		kt_fail(name, "open/unlink: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	ret = kt_load(heap, fd, &buf);
	close(fd);
	if (ret) {
		kt_fail(name, "ioctl: %s", strerror(-ret));
		return;
	}
	if (!kt_check_dmabuf(name, buf, f->size, NULL))
		kt_pass(name);
	close(buf);
}

void kt_content_checks(void)
{
	static const char *const sizes[] = {
		"s1.bin", "s4095.bin", "s4096.bin", "s12345.bin", "s8m.bin",
		"gathers.bin", NULL,
	};
	int heap = kt_heap_open();
	int direct, i;

	if (heap < 0) {
		kt_fail("content", "open " KT_DEV ": %s", strerror(errno));
		return;
	}
	/* Direct first: these files have never been in the page cache. */
	for (direct = 1; direct >= 0; direct--)
		for (i = 0; sizes[i]; i++)
			kt_load_check(heap, sizes[i], direct, "");

	/* Many gathers; 1 MiB chunks straddle 3-page gather boundaries. */
	guest_param_write("gather_limit", "12288");
	kt_load_check(heap, "gathers.bin", 0, "gather12k");
	kt_load_check(heap, "gathers.bin", 1, "gather12k");
	guest_param_write("queue_depth", "1");
	kt_load_check(heap, "gathers.bin", 1, "gather12k-qd1");
	guest_param_write("gather_limit", "4096");
	guest_param_write("queue_depth", "8");
	kt_load_check(heap, "gathers.bin", 0, "gather4k-qd8");
	kt_load_check(heap, "s12345.bin", 1, "gather4k-qd8");
	guest_param_write("gather_limit", "65536");
	guest_param_write("queue_depth", "0");
	kt_load_check(heap, "gathers.bin", 1, "gather64k");
	kt_load_check(heap, "s8m.bin", 0, "gather64k");
	guest_param_write("gather_limit", "134217728");

	/* The seed's patch 1: allocate everything, then read. */
	guest_param_write("sync", "1");
	kt_load_check(heap, "s8m.bin", 0, "sync");
	kt_load_check(heap, "s8m.bin", 1, "sync");
	kt_load_check(heap, "s4095.bin", 1, "sync");
	guest_param_write("sync", "0");

	kt_unlinked_check(heap);
	close(heap);
}
