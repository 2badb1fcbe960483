// SPDX-License-Identifier: GPL-2.0 OR MIT
/* heapread load --module: the file into a dma-buf by the kernel module. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-buf.h>

#include "heapread_uapi.h"
#include "module_load.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int dmabuf_sync(int fd, uint64_t flags)
{
	struct dma_buf_sync sync = { .flags = flags };

	return ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync) ? -errno : 0;
}

int hr_dmabuf_cpu_access(int fd, bool start)
{
	return dmabuf_sync(fd, (start ? DMA_BUF_SYNC_START : DMA_BUF_SYNC_END) | DMA_BUF_SYNC_RW);
}

/* Compare @map (len bytes) with the file, then the tail with zeroes. */
static int compare_with_file(int fd, const unsigned char *map, uint64_t size, uint64_t len,
			     uint64_t *bad_at)
{
	const size_t chunk = 1 << 20;
	unsigned char *buf = malloc(chunk);
	uint64_t off = 0;

	if (!buf)
		return -ENOMEM;
	*bad_at = UINT64_MAX;
	while (off < size && *bad_at == UINT64_MAX) {
		size_t want = size - off < chunk ? size - off : chunk;
		ssize_t got = pread(fd, buf, want, off);

		if (got <= 0) {
			free(buf);
			return got < 0 ? -errno : -ENODATA;
		}
		if (memcmp(buf, map + off, got))
			for (ssize_t i = 0; i < got; i++)
				if (buf[i] != map[off + i]) {
					*bad_at = off + i;
					break;
				}
		off += got;
	}
	for (off = size; off < len && *bad_at == UINT64_MAX; off++)
		if (map[off])
			*bad_at = off;
	free(buf);
	return 0;
}

static int verify(int dmabuf, int file, struct hr_module_result *res, const char **what)
{
	void *map;
	int err;

	*what = "mmap of the dma-buf";
	map = mmap(NULL, res->len, PROT_READ, MAP_SHARED, dmabuf, 0);
	if (map == MAP_FAILED)
		return -errno;
	err = dmabuf_sync(dmabuf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	if (!err) {
		*what = "reading the file back";
		err = compare_with_file(file, map, res->size, res->len, &res->verify_bad_at);
		dmabuf_sync(dmabuf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	} else {
		*what = "DMA_BUF_IOCTL_SYNC";
	}
	munmap(map, res->len);
	return err;
}

const char *hr_module_find(void)
{
	/* heapread's own node first: it also takes the segment ioctl. */
	static const char *const nodes[] = { HR_MODULE_DEVICE, HR_MODULE_DEVICE_OLD };
	const char *env = secure_getenv("HEAPREAD_MODULE_NODE");

	if (env && *env)
		return env;
	for (unsigned int i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++)
		if (access(nodes[i], F_OK) == 0)
			return nodes[i];
	return NULL;
}

int hr_module_load(const char *device, const char *path, bool direct, bool verify_content,
		   struct hr_module_result *res, const char **what)
{
	struct dma_heap_allocation_data data = { 0 };
	long page = sysconf(_SC_PAGESIZE);
	struct stat st;
	int heap, file, err = 0;
	uint64_t t0;

	*res = (struct hr_module_result) { .dmabuf_fd = -1, .verify_bad_at = UINT64_MAX };
	*what = device ? device : HR_MODULE_DEVICE;
	heap = open(*what, O_RDONLY | O_CLOEXEC);
	if (heap < 0)
		return -errno;
	*what = path;
	file = open(path, O_RDONLY | O_CLOEXEC | (direct ? O_DIRECT : 0));
	if (file < 0 || fstat(file, &st)) {
		err = -errno;
		goto out;
	}
	res->size = st.st_size;
	res->len = (res->size + page - 1) / page * page;
	data.file_fd = file;
	data.fd_flags = O_RDWR | O_CLOEXEC;
	data.heap_flags = DMA_HEAP_ALLOC_AND_READ_FILE;
	*what = "DMA_HEAP_IOCTL_ALLOC (ALLOC_AND_READ_FILE)";
	t0 = now_ns();
	if (ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data)) {
		err = -errno;
		goto out;
	}
	res->ioctl_ns = now_ns() - t0;
	res->dmabuf_fd = data.fd;
	if (verify_content)
		err = verify(data.fd, file, res, what);
out:
	if (file >= 0)
		close(file);
	close(heap);
	return err;
}

/* The request's size is its ABI: max_len took the place of reserved[0]. */
_Static_assert(sizeof(struct heapread_load_segments) == 64, "HEAPREAD_IOCTL_LOAD_SEGMENTS changed size");

int hr_module_load_segments(const char *device, struct hr_module_segment *segs, unsigned int nr,
			    uint64_t max_len, struct hr_module_result *res, const char **what)
{
	struct heapread_segment_data *sd = calloc(nr, sizeof(*sd));
	struct heapread_load_segments req = { 0 };
	long page = sysconf(_SC_PAGESIZE);
	uint64_t t0;
	int heap, err = 0;

	*res = (struct hr_module_result) { .dmabuf_fd = -1, .verify_bad_at = UINT64_MAX };
	if (!sd)
		return -ENOMEM;
	*what = device ? device : HR_MODULE_DEVICE;
	heap = open(*what, O_RDONLY | O_CLOEXEC);
	if (heap < 0) {
		free(sd);
		return -errno;
	}
	for (unsigned int i = 0; i < nr; i++)
		sd[i] = (struct heapread_segment_data) {
			.fd = segs[i].fd, .offset = segs[i].offset, .length = segs[i].length,
		};
	req.segments = (uintptr_t)sd;
	req.nr_segments = nr;
	req.fd_flags = O_RDWR | O_CLOEXEC;
	req.max_len = max_len;
	*what = "HEAPREAD_IOCTL_LOAD_SEGMENTS";
	t0 = now_ns();
	err = ioctl(heap, HEAPREAD_IOCTL_LOAD_SEGMENTS, &req) ? -errno : 0;
	/* A module from before max_len (its first reserved field): without it. */
	if (err == -EINVAL && max_len) {
		req.max_len = 0;
		for (unsigned int i = 0; i < nr; i++)
			sd[i].length = segs[i].length;
		err = ioctl(heap, HEAPREAD_IOCTL_LOAD_SEGMENTS, &req) ? -errno : 0;
	}
	if (!err) {
		res->ioctl_ns = now_ns() - t0;
		res->dmabuf_fd = (int)req.fd;
		res->size = req.size;
		res->len = (req.size + page - 1) / page * page;
		for (unsigned int i = 0; i < nr; i++) {
			segs[i].length = sd[i].length;
			segs[i].buf_offset = sd[i].buf_offset;
		}
	}
	close(heap);
	free(sd);
	return err;
}
