/* SPDX-License-Identifier: GPL-2.0 */
/*
 * heapread_vmap_range.h - a kernel mapping's cache maintenance in steps
 *
 * flush_kernel_vmap_range() and invalidate_kernel_vmap_range() take an int
 * size: a mapping of 2 GiB or more handed over whole would wrap to a
 * negative size, and its end would never be flushed. The exporter walks it
 * in steps of at most HEAPREAD_VMAP_STEP. Only <linux/minmax.h> and
 * <linux/sizes.h>, so that tests/kernel/host checks the steps in userspace
 * against the kernel shim.
 */
#ifndef HEAPREAD_VMAP_RANGE_H
#define HEAPREAD_VMAP_RANGE_H

#include <linux/minmax.h>
#include <linux/sizes.h>
#include <linux/types.h>

/* The largest step: a power of two that an int holds. */
#define HEAPREAD_VMAP_STEP	SZ_1G

/**
 * heapread_vmap_ranges() - call @op on [@vaddr, @vaddr + @len) in steps
 * @vaddr: start of the kernel mapping
 * @len: its length in bytes
 * @op: flush_kernel_vmap_range() or invalidate_kernel_vmap_range()
 *
 * Each call covers at most HEAPREAD_VMAP_STEP bytes, the calls are in
 * address order, contiguous, and cover the range exactly; none for @len 0.
 */
static inline void heapread_vmap_ranges(void *vaddr, size_t len,
					void (*op)(void *vaddr, int size))
{
	size_t off;

	for (off = 0; off < len; off += HEAPREAD_VMAP_STEP)
		op((char *)vaddr + off, min_t(size_t, len - off, HEAPREAD_VMAP_STEP));
}

#endif /* HEAPREAD_VMAP_RANGE_H */
