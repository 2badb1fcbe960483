/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Loading a file through the kernel module: one DMA_HEAP_IOCTL_ALLOC with
 * DMA_HEAP_ALLOC_AND_READ_FILE on /dev/heapread gives a dma-buf fd that
 * already holds the file. Plain libc and uapi: no kshim types.
 */
#ifndef HEAPREAD_MODULE_LOAD_H
#define HEAPREAD_MODULE_LOAD_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The module's nodes (kernel/README.md): /dev/heapread on every kernel; older
 * modules made /dev/dma_heap/heapread only, which on kernels that export
 * dma_heap_add() is now a real dma-heap that refuses the heap flag.
 */
#define HR_MODULE_DEVICE "/dev/heapread"
#define HR_MODULE_DEVICE_OLD "/dev/dma_heap/heapread"

struct hr_module_result {
	int dmabuf_fd;			/* the caller closes it */
	uint64_t size;			/* the file's size */
	uint64_t len;			/* the buffer's: size rounded up to a page */
	uint64_t ioctl_ns;		/* allocation and reads, in the kernel */
	uint64_t verify_bad_at;		/* first wrong byte, or UINT64_MAX */
};

/*
 * The module's node, as `heapread load --module` finds it: $HEAPREAD_MODULE_NODE
 * if set, else the first of the nodes the module creates that exists, else
 * NULL.
 */
const char *hr_module_find(void);

/* DMA_BUF_IOCTL_SYNC around CPU access to a mapped dma-buf: 0 or -errno. */
int hr_dmabuf_cpu_access(int fd, bool start);

/*
 * Load @path (O_DIRECT if @direct) through @device (NULL: HR_MODULE_DEVICE).
 * With @verify, mmap the dma-buf and compare it with the file byte by byte,
 * and the tail past EOF with zeroes. Returns 0 or a negative errno; *what
 * names the step that failed, for the one-line message.
 */
int hr_module_load(const char *device, const char *path, bool direct, bool verify,
		   struct hr_module_result *res, const char **what);

/* One segment of hr_module_load_segments(): in fd, offset, length (0: to the end); out length, buf_offset. */
struct hr_module_segment {
	int fd;
	uint64_t offset;
	uint64_t length;
	uint64_t buf_offset;
};

/*
 * Segments of files into one dma-buf through HEAPREAD_IOCTL_LOAD_SEGMENTS on
 * @device (heapread's own node), the dma-buf at most @max_len bytes (0: no
 * cap; the module says -E2BIG above it, after it resolved the lengths). A
 * module from before max_len refuses it with -EINVAL: the load is then made
 * again without it. 0 or -errno (-ENOTTY: a module or a node without the
 * ioctl); *what names the step that failed.
 */
int hr_module_load_segments(const char *device, struct hr_module_segment *segs, unsigned int nr,
			    uint64_t max_len, struct hr_module_result *res, const char **what);

#endif /* HEAPREAD_MODULE_LOAD_H */
