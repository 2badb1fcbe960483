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

/*
 * heapread's own extension: byte ranges of files ("segments") into one
 * dma-buf. A new command number with a struct of its own, never a longer
 * dma_heap_allocation_data: the dma-heap ABI accepts a longer struct and
 * ignores its tail (the kernel's dmabuf-heap selftest sends one with garbage
 * in it), so a tail could never carry meaning there. It is taken only on
 * heapread's own node, /dev/heapread, not on a /dev/dma_heap node.
 */
#define HEAPREAD_IOC_MAGIC		0xB7

/* Most segments one HEAPREAD_IOCTL_LOAD_SEGMENTS takes. */
#define HEAPREAD_MAX_SEGMENTS		1024

/**
 * struct heapread_segment_data - one segment: a byte range of a file
 * @fd:		the file, open for reading; with O_DIRECT its reads are direct
 *		(a range whose offset is not block aligned is read direct
 *		through a bounce buffer: never -EINVAL for an alignment)
 * @flags:	must be 0
 * @offset:	first byte
 * @length:	in: bytes, 0 meaning up to the end of the file; out: the
 *		bytes placed (0 resolved), so no caller needs an fstat() that
 *		races with the file
 * @buf_offset:	out: where the segment starts in the buffer, a multiple of
 *		the page size; each segment starts at the first page boundary
 *		after the previous one, and every byte no segment covers is 0
 */
struct heapread_segment_data {
	__s32 fd;
	__u32 flags;
	__u64 offset;
	__u64 length;
	__u64 buf_offset;
};

/**
 * struct heapread_load_segments - HEAPREAD_IOCTL_LOAD_SEGMENTS's argument
 * @segments:	user pointer to @nr_segments struct heapread_segment_data,
 *		read and written back
 * @nr_segments: 1 to HEAPREAD_MAX_SEGMENTS
 * @fd_flags:	flags of the dma-buf fd: O_CLOEXEC and the access mode
 * @fd:		out: the dma-buf; must be 0 on input
 * @flags:	must be 0
 * @size:	out: bytes from the buffer's start to the end of the last
 *		segment; the dma-buf is that rounded up to a page
 * @max_len:	0, or the largest dma-buf the caller takes (a device's
 *		per-allocation cap): a load whose buffer would be larger fails
 *		with E2BIG before anything is allocated. Checked after the
 *		lengths of 0 are resolved, so a file that grows after the
 *		caller looked at it cannot give a buffer over the cap. Only its
 *		whole pages count; below one page it is EINVAL. (It was the
 *		first reserved field: a module from before it refuses a
 *		nonzero value with EINVAL.)
 * @reserved:	must be 0
 *
 * Errors, each before anything is allocated: EINVAL (a nonzero fd, flags or
 * reserved field, bad fd_flags, no segment, a file that is not regular or
 * not open for reading, a max_len below one page), E2BIG (too many
 * segments, or the buffer over max_len), EBADF (a segment's fd), ENODATA
 * (an empty file), ENXIO (an offset at or past the end of its file), ERANGE
 * (a length running past it), EFBIG (the buffer over the module's
 * max_size). During the load: ENOMEM, EINTR (a fatal signal), ENODATA (a
 * file shrank under its segment), or a read's own error.
 */
struct heapread_load_segments {
	__u64 segments;
	__u32 nr_segments;
	__u32 fd_flags;
	__u32 fd;
	__u32 flags;
	__u64 size;
	__u64 max_len;
	__u64 reserved[3];
};

/**
 * DOC: HEAPREAD_IOCTL_LOAD_SEGMENTS - segments of files into one dma-buf
 *
 * Allocates a buffer for the segments and reads them into it, allocation
 * overlapped with the reads as for ALLOC_AND_READ_FILE, and returns the
 * dma-buf fd with each segment's place and length.
 */
#define HEAPREAD_IOCTL_LOAD_SEGMENTS	_IOWR(HEAPREAD_IOC_MAGIC, 0x0,\
					      struct heapread_load_segments)

#endif /* _UAPI_HEAPREAD_H */
