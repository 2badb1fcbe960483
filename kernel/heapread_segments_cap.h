/* SPDX-License-Identifier: GPL-2.0 */
/*
 * heapread_segments_cap.h - a caller's cap on the size of one segment load's
 * dma-buf (heapread_load_segments.max_len in heapread_uapi.h)
 *
 * The cap is applied as the engine's size limit, so that it is checked where
 * the module's own max_size is: after the segments' lengths are resolved
 * (a length of 0 becomes the file's size at that moment), before anything is
 * allocated. A file that grows between the caller's fstat() and the load can
 * therefore never give a buffer over the cap. Only core/heapread.h and kernel
 * APIs that kshim provides: tests/kernel/host checks it with the real engine.
 */
#ifndef HEAPREAD_SEGMENTS_CAP_H
#define HEAPREAD_SEGMENTS_CAP_H

#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/types.h>

#include "heapread.h"

/**
 * heapread_segments_cap() - lower the engine's size limit to a caller's cap
 * @p: the load's parameters, @p->max_size already the module's limit
 * @max_len: 0 for no cap, else the largest dma-buf the caller takes; a
 *           dma-buf is whole pages, so only the whole pages of it count
 *
 * Return: -EINVAL for a cap below one page (no buffer fits), 1 when the cap
 * is below the module's limit (then an -EFBIG of the load is the cap's: see
 * heapread_segments_cap_err()), 0 when it changes nothing.
 */
static inline int heapread_segments_cap(struct heapread_params *p, u64 max_len)
{
	u64 cap = max_len & PAGE_MASK;

	if (!max_len)
		return 0;
	if (!cap)
		return -EINVAL;
	if (p->max_size > 0 && cap >= (u64)p->max_size)
		return 0;
	p->max_size = cap;
	return 1;
}

/**
 * heapread_segments_cap_err() - the errno a segment load returns to its caller
 * @bound: what heapread_segments_cap() returned
 * @err: the load's errno (0 or negative)
 *
 * Return: -E2BIG for a buffer over the caller's cap, @err otherwise (-EFBIG
 * stays the module's max_size).
 */
static inline int heapread_segments_cap_err(int bound, int err)
{
	return bound > 0 && err == -EFBIG ? -E2BIG : err;
}

#endif /* HEAPREAD_SEGMENTS_CAP_H */
