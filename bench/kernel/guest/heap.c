// SPDX-License-Identifier: GPL-2.0
/*
 * heap.c - the schemes that go through a dma-heap: "normal" (the kernel's
 * system heap, mmap, read()), heapread's ALLOC_AND_READ_FILE, allocation
 * alone, and whether sendfile() can fill a dma-buf at all
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include <linux/dma-buf.h>

#include "heapread_uapi.h"
#include "kbench.h"

static size_t kb_page_align(size_t n)
{
	return (n + KB_PAGE - 1) & ~(KB_PAGE - 1);
}

/* DMA_HEAP_IOCTL_ALLOC of @len bytes from @heap; the dma-buf fd or -errno. */
static int kb_heap_alloc(int heap, size_t len)
{
	struct dma_heap_allocation_data data = {
		.len = len,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};

	return ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data) ? -errno : (int)data.fd;
}

static int kb_dmabuf_sync(int buf, __u64 flags)
{
	struct dma_buf_sync sync = { .flags = flags };

	return ioctl(buf, DMA_BUF_IOCTL_SYNC, &sync) ? -errno : 0;
}

/* Map a dma-buf and check a sample of its content (not timed). */
static int kb_check_dmabuf(int buf, size_t size, struct kb_result *r)
{
	size_t len = kb_page_align(size);
	void *p = mmap(NULL, len, PROT_READ, MAP_SHARED, buf, 0);
	int ret;

	if (p == MAP_FAILED)
		return kb_fail(r, "mmap dma-buf", errno);
	ret = kb_check(p, size, r);
	munmap(p, len);
	return ret;
}

/*
 * The seed's "normal": allocate from the system heap, mmap the dma-buf,
 * read() the file into the mapping (buffered: a dma-buf mapping cannot take
 * direct I/O). Phases: alloc, mmap, read.
 */
int kb_normal(const struct kb_scheme *s, const struct kb_file *f, struct kb_result *r)
{
	size_t len = kb_page_align(f->size);
	uint64_t t0, t1, t2;
	int heap, fd, buf, ret = -1;
	void *p;

	(void)s;
	t0 = kb_begin(r);
	fd = kb_open_file(f, false);
	heap = open(KB_SYSTEM_HEAP, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || heap < 0) {
		kb_fail(r, fd < 0 ? "open file" : "open " KB_SYSTEM_HEAP, errno);
		goto out_close;
	}
	buf = kb_heap_alloc(heap, len);
	if (buf < 0) {
		kb_fail(r, "system heap alloc", -buf);
		goto out_close;
	}
	t1 = kb_now_ns();
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, buf, 0);
	if (p == MAP_FAILED) {
		kb_fail(r, "mmap dma-buf", errno);
		goto out_buf;
	}
	t2 = kb_now_ns();
	kb_dmabuf_sync(buf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	ret = kb_read_full(fd, p, len, f->size);
	kb_dmabuf_sync(buf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	kb_end(r, t0);
	kb_phase(r, "alloc", t1 - t0);
	kb_phase(r, "mmap", t2 - t1);
	kb_phase(r, "read", t0 + r->total_ns - t2);
	ret = ret ? kb_fail(r, "read", -ret) : kb_check(p, f->size, r);
	munmap(p, len);
out_buf:
	close(buf);
out_close:
	if (heap >= 0)
		close(heap);
	if (fd >= 0)
		close(fd);
	return ret;
}

int kb_heapread_params(const struct kb_scheme *s)
{
	char v[32];
	int ret;

	snprintf(v, sizeof(v), "%lu", s->gather ? s->gather : KB_GATHER);
	ret = guest_param_write("gather_limit", v);
	snprintf(v, sizeof(v), "%u", s->qd);
	if (!ret)
		ret = guest_param_write("queue_depth", v);
	if (!ret)
		ret = guest_param_write("sync", s->sync ? "Y" : "N");
	snprintf(v, sizeof(v), "%lu", s->no_ramp ? 0UL : KB_GATHER_MIN);
	if (!ret)
		ret = guest_param_write("gather_min", v);
	snprintf(v, sizeof(v), "%lu", s->orders);
	if (!ret)
		ret = guest_param_write("order_mask", v);
	return ret;
}

/*
 * heapread's module: one DMA_HEAP_ALLOC_AND_READ_FILE ioctl. The phases
 * come from the module's own stats line in the kernel log.
 */
int kb_heapread(const struct kb_scheme *s, const struct kb_file *f, struct kb_result *r)
{
	struct dma_heap_allocation_data data = {
		.fd_flags = O_RDWR | O_CLOEXEC,
		.heap_flags = DMA_HEAP_ALLOC_AND_READ_FILE,
	};
	int heap, fd, kmsg, ret;
	uint64_t t0;

	ret = kb_heapread_params(s);
	if (ret)
		return kb_fail(r, "module parameters", -ret);
	kmsg = kb_kmsg_open();
	t0 = kb_begin(r);
	fd = kb_open_file(f, s->direct);
	heap = open(KB_HEAPREAD, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || heap < 0) {
		ret = kb_fail(r, fd < 0 ? "open file" : "open " KB_HEAPREAD, errno);
		goto out;
	}
	data.file_fd = fd;
	ret = ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data);
	kb_end(r, t0);
	if (ret) {
		ret = kb_fail(r, "ALLOC_AND_READ_FILE", errno);
		goto out;
	}
	if (kmsg < 0 || kb_kmsg_stats(kmsg, s->sync, r))
		kb_phase(r, "nostats", 0);
	ret = kb_check_dmabuf(data.fd, f->size, r);
	close(data.fd);
out:
	if (heap >= 0)
		close(heap);
	if (fd >= 0)
		close(fd);
	if (kmsg >= 0)
		close(kmsg);
	return ret;
}

/*
 * Allocation alone: a plain len allocation from heapread's heap (the
 * engine's allocator, the scheme's orders, pages zeroed as the system
 * heap's are).
 */
int kb_len_alloc(size_t len)
{
	int heap, buf;

	heap = open(KB_HEAPREAD, O_RDONLY | O_CLOEXEC);
	if (heap < 0)
		return -errno;
	buf = kb_heap_alloc(heap, kb_page_align(len));
	close(heap);
	if (buf < 0)
		return buf;
	close(buf);
	return 0;
}

int kb_alloc_only(const struct kb_scheme *s, const struct kb_file *f, struct kb_result *r)
{
	int heap, buf, ret;
	uint64_t t0;

	ret = kb_heapread_params(s);
	if (ret)
		return kb_fail(r, "module parameters", -ret);
	heap = open(KB_HEAPREAD, O_RDONLY | O_CLOEXEC);
	if (heap < 0)
		return kb_fail(r, "open " KB_HEAPREAD, errno);
	t0 = kb_begin(r);
	buf = kb_heap_alloc(heap, kb_page_align(f->size));
	kb_end(r, t0);
	close(heap);
	if (buf < 0)
		return kb_fail(r, "heapread len alloc", -buf);
	close(buf);
	return 0;
}

/*
 * The seed's sendfile rows need a dma-buf that takes splice_write; 6.1's
 * dma-buf file has none. Try it once and say what the kernel answered.
 */
const char *kb_sendfile_probe(void)
{
	static char why[160];
	int heap, buf, fd, err = 0;
	ssize_t n = -1;

	heap = open(KB_SYSTEM_HEAP, O_RDONLY | O_CLOEXEC);
	fd = kb_open_file(&kb_files[0], false);
	buf = heap >= 0 ? kb_heap_alloc(heap, kb_files[0].size) : -1;
	if (heap >= 0 && fd >= 0 && buf >= 0) {
		n = sendfile(buf, fd, NULL, kb_files[0].size);
		err = errno;
	}
	if (n >= 0)
		snprintf(why, sizeof(why), "sendfile into a dma-buf returned %zd: unexpected on 6.1", n);
	else
		snprintf(why, sizeof(why), "not possible on 6.1: dma-buf has no splice_write (sendfile: %s)",
			 buf < 0 || fd < 0 ? "setup failed" : strerror(err));
	if (buf >= 0)
		close(buf);
	if (fd >= 0)
		close(fd);
	if (heap >= 0)
		close(heap);
	return why;
}
