// SPDX-License-Identifier: GPL-2.0
/*
 * exporter.c - the dma-buf exporter's contracts: a private (copy-on-write)
 * mapping is refused whole, and an in-kernel CPU importer's vmap works: vivid
 * (the virtual video driver, videobuf2-vmalloc) vmaps a dma-buf queued as a
 * capture buffer, writes a frame through the mapping, and vunmaps it when the
 * buffers are freed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/videodev2.h>

#include "ktest.h"

static void kt_mmap_private_check(void)
{
	const char *name = "mmap-private-refused";
	struct dma_heap_allocation_data data = {
		.len = 4 << 20,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	int heap = kt_heap_open();
	void *map;

	if (heap < 0 || kt_alloc(heap, &data)) {
		kt_fail(name, "alloc: %s", strerror(errno));
		goto out;
	}
	/* One page fits the first chunk: remap_pfn_range() alone would take it. */
	map = mmap(NULL, KT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, data.fd, 0);
	if (map != MAP_FAILED) {
		munmap(map, KT_PAGE);
		kt_fail(name, "a MAP_PRIVATE mapping of one page was accepted");
		goto close;
	}
	map = mmap(NULL, data.len, PROT_READ | PROT_WRITE, MAP_PRIVATE, data.fd, 0);
	if (map != MAP_FAILED) {
		munmap(map, data.len);
		kt_fail(name, "a MAP_PRIVATE mapping of 4 MiB (several chunks) was accepted");
	} else if (errno != EINVAL) {
		kt_fail(name, "MAP_PRIVATE: %s, want EINVAL", strerror(errno));
	} else {
		map = mmap(NULL, data.len, PROT_READ | PROT_WRITE, MAP_SHARED, data.fd, 0);
		if (map == MAP_FAILED) {
			kt_fail(name, "MAP_SHARED after it: %s", strerror(errno));
		} else {
			munmap(map, data.len);
			kt_pass(name);
		}
	}
close:
	close(data.fd);
out:
	if (heap >= 0)
		close(heap);
}

/* The first vivid capture device, or -1. */
int kt_vivid_open(void)
{
	for (int i = 0; i < 16; i++) {
		struct v4l2_capability cap = { 0 };
		char path[32];
		int fd;

		snprintf(path, sizeof(path), "/dev/video%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!ioctl(fd, VIDIOC_QUERYCAP, &cap) && !strcmp((char *)cap.driver, "vivid") &&
		    (cap.device_caps & V4L2_CAP_VIDEO_CAPTURE) &&
		    (cap.device_caps & V4L2_CAP_STREAMING))
			return fd;
		close(fd);
	}
	return -1;
}

/* Bytes of @map[0..len) that are not zero. */
static size_t kt_nonzero(const unsigned char *map, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += map[i] != 0;
	return n;
}

static int kt_vivid_capture(const char *name, int video, int buf, size_t len,
			    unsigned int *bytesused)
{
	enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	struct v4l2_requestbuffers req = {
		.count = 1, .type = type, .memory = V4L2_MEMORY_DMABUF,
	};
	struct v4l2_buffer vb = {
		.index = 0, .type = type, .memory = V4L2_MEMORY_DMABUF,
		.m.fd = buf, .length = len,
	};
	struct pollfd pfd = { .fd = video, .events = POLLIN };
	int ret = -1;

	if (ioctl(video, VIDIOC_REQBUFS, &req) || !req.count) {
		kt_fail(name, "REQBUFS DMABUF: %s", strerror(errno));
		return -1;
	}
	/* vb2-vmalloc attaches and vmaps the dma-buf here. */
	if (ioctl(video, VIDIOC_QBUF, &vb)) {
		kt_fail(name, "QBUF: %s", strerror(errno));
		goto free;
	}
	if (ioctl(video, VIDIOC_STREAMON, &type)) {
		kt_fail(name, "STREAMON: %s", strerror(errno));
		goto free;
	}
	if (poll(&pfd, 1, 10000) != 1 || ioctl(video, VIDIOC_DQBUF, &vb)) {
		kt_fail(name, "no frame in 10 s: %s", strerror(errno));
	} else {
		*bytesused = vb.bytesused;
		ret = 0;
	}
	ioctl(video, VIDIOC_STREAMOFF, &type);
free:
	/* Freeing the buffers unmaps: vunmap, detach. */
	req.count = 0;
	ioctl(video, VIDIOC_REQBUFS, &req);
	return ret;
}

static void kt_vmap_check(void)
{
	const char *name = "vmap-vivid-capture";
	struct v4l2_format fmt = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	struct dma_heap_allocation_data data = { .fd_flags = O_RDWR | O_CLOEXEC };
	unsigned int bytesused = 0;
	int video, heap = -1;
	unsigned char *map;

	video = kt_vivid_open();
	if (video < 0) {
		kt_skip(name, "no vivid capture device (vivid and videobuf2 modules)");
		return;
	}
	if (ioctl(video, VIDIOC_G_FMT, &fmt) || !fmt.fmt.pix.sizeimage) {
		kt_fail(name, "G_FMT: %s", strerror(errno));
		goto out;
	}
	heap = kt_heap_open();
	data.len = (fmt.fmt.pix.sizeimage + KT_PAGE - 1) & ~(KT_PAGE - 1);
	if (heap < 0 || kt_alloc(heap, &data)) {
		kt_fail(name, "alloc %llu: %s", (unsigned long long)data.len, strerror(errno));
		goto out;
	}
	if (kt_vivid_capture(name, video, data.fd, data.len, &bytesused))
		goto close_buf;
	map = mmap(NULL, data.len, PROT_READ, MAP_SHARED, data.fd, 0);
	if (map == MAP_FAILED) {
		kt_fail(name, "mmap: %s", strerror(errno));
		goto close_buf;
	}
	kt_log("%s: %ux%u frame, %u bytes captured through the vmap, %zu of them not zero",
	       name, fmt.fmt.pix.width, fmt.fmt.pix.height, bytesused,
	       kt_nonzero(map, bytesused));
	if (!bytesused || !kt_nonzero(map, bytesused))
		kt_fail(name, "the frame vivid wrote through the vmap is not in the buffer");
	else
		kt_pass(name);
	munmap(map, data.len);
close_buf:
	close(data.fd);
	if (guest_param_read("buffers"))
		kt_fail("vmap-vivid-released", "%lld buffers live after the capture",
			guest_param_read("buffers"));
	else
		kt_pass("vmap-vivid-released");
out:
	if (heap >= 0)
		close(heap);
	close(video);
}

void kt_exporter_checks(void)
{
	kt_mmap_private_check();
	kt_vmap_check();
}
