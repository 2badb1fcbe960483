/* SPDX-License-Identifier: GPL-2.0 */
/*
 * heapread_glue.h - internal interface between the files of the heapread
 * module: the dma-buf exporter, the I/O attribution of read workers and the
 * module-wide counters. The engine itself is core/heapread.h.
 */
#ifndef HEAPREAD_GLUE_H
#define HEAPREAD_GLUE_H

#include <linux/atomic.h>
#include <linux/types.h>

#include "heapread.h"

/*
 * 64-bit kernels only. The engine refuses what a size_t cannot hold and its
 * arithmetic is overflow-checked, but on 32-bit the buffer's pages would be
 * highmem, an unsigned long pfn range and a 4 GiB address space meet a
 * module that no test has ever run there: refuse to build rather than ship
 * it untested.
 */
#if BITS_PER_LONG != 64
#error "heapread: 64-bit kernels only (docs/design.md)"
#endif

struct dma_buf;
struct file;
struct mem_cgroup;
struct cgroup_subsys_state;

/**
 * struct heapread_counters - module-wide counters, read through sysfs
 * @pages: pages held by live dma-bufs of this module
 * @buffers: live dma-bufs of this module
 * @loads: ALLOC_AND_READ_FILE loads whose reads may still run: the ioctl
 *         is in progress, or it returned on a fatal signal and a read is
 *         still blocked
 * @vmaps: live dma-bufs with a kernel mapping (dma_buf_vmap() users)
 * @mapped: attachments whose table is DMA-mapped for their device
 *
 * @vmaps and @mapped change under the buffer's lock with the state they
 * count, so that a test can tell after any mix of concurrent maps, vmaps
 * and CPU-access syncs that none was lost or counted twice.
 */
struct heapread_counters {
	atomic_long_t pages;
	atomic_long_t buffers;
	atomic_long_t loads;
	atomic_long_t vmaps;
	atomic_long_t mapped;
};

extern struct heapread_counters heapread_counters;

struct dma_buf *heapread_export(struct heapread_buffer *buf,
				unsigned int fd_flags);

/**
 * struct heapread_owner - who a load works for, and what its reads use
 * @file: the file being read (a reference of its own)
 * @memcg: memory cgroup of the caller (page cache charged by the workers)
 * @blkcg_css: io cgroup of the caller (bios issued by the workers)
 *
 * Either cgroup pointer is NULL when the kernel lacks the feature.
 */
struct heapread_owner {
	struct file *file;
	struct mem_cgroup *memcg;
	struct cgroup_subsys_state *blkcg_css;
};

struct heapread_owner *heapread_owner_create(struct file *file);

extern const struct heapread_worker_ops heapread_owner_worker_ops;

/* heapread_main.c: the module parameters as engine parameters. */
int heapread_get_params(struct heapread_params *p);
/* heapread_segments.c: HEAPREAD_IOCTL_LOAD_SEGMENTS (heapread_uapi.h). */
long heapread_ioctl_segments(struct file *file, unsigned int cmd,
			     unsigned long arg);

#endif /* HEAPREAD_GLUE_H */
