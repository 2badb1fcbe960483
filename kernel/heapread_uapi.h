/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * heapread_uapi.h - userspace ABI of the heapread dma-heap
 *
 * The device /dev/heapread speaks the dma-heap ioctl ABI of
 * <linux/dma-heap.h>, extended as proposed by the DMA_HEAP_ALLOC_AND_READ_FILE
 * patch series: with that heap flag, the allocation is sized from a file and
 * filled with its content; the file descriptor goes in place of the length.
 *
 * This header replaces <linux/dma-heap.h> (it defines the same names): do not
 * include both. It needs only <linux/types.h> and <linux/ioctl.h>, so it can
 * be included from the kernel and from userspace alike.
 */
#ifndef _UAPI_HEAPREAD_H
#define _UAPI_HEAPREAD_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Valid fd_flags: O_CLOEXEC and the access mode (<fcntl.h> defines them). */
#define DMA_HEAP_VALID_FD_FLAGS (O_CLOEXEC | O_ACCMODE)

/*
 * DMA_HEAP_ALLOC_AND_READ_FILE - allocate a buffer of the size of the file
 * given by dma_heap_allocation_data.file_fd (rounded up to a page) and read
 * the file into it before the dma-buf fd is returned. The file is read
 * through the caller's open file: direct I/O when it was opened with
 * O_DIRECT, buffered otherwise; its file position is not changed. The bytes
 * past the end of the file in the last page are zero.
 */
#define DMA_HEAP_ALLOC_AND_READ_FILE	0x1ULL

/* Valid heap_flags. */
#define DMA_HEAP_VALID_HEAP_FLAGS	(DMA_HEAP_ALLOC_AND_READ_FILE)

/**
 * struct dma_heap_allocation_data - metadata passed from userspace for
 *                                   allocations
 * @len:		size of the allocation (without ALLOC_AND_READ_FILE)
 * @file_fd:		file to read (with ALLOC_AND_READ_FILE); the 32 bits
 *			that follow it in the union must then be zero
 * @fd:			will be populated with a fd which provides the
 *			handle to the allocated dma-buf; must be 0 on input
 * @fd_flags:		file descriptor flags used when allocating
 * @heap_flags:		flags passed to heap
 *
 * Provided by userspace as an argument to the ioctl
 */
struct dma_heap_allocation_data {
	union {
		__u64 len;
		__u32 file_fd;
	};
	__u32 fd;
	__u32 fd_flags;
	__u64 heap_flags;
};

#define DMA_HEAP_IOC_MAGIC		'H'

/**
 * DOC: DMA_HEAP_IOCTL_ALLOC - allocate memory from pool
 *
 * Takes a dma_heap_allocation_data struct and returns it with the fd field
 * populated with the dmabuf handle of the allocation.
 */
#define DMA_HEAP_IOCTL_ALLOC	_IOWR(DMA_HEAP_IOC_MAGIC, 0x0,\
				      struct dma_heap_allocation_data)

#endif /* _UAPI_HEAPREAD_H */
