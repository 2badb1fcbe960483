/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * heapread: a load of several byte ranges ("segments"), of one file or of
 * several, into one buffer. Segment i starts on a page boundary of the
 * buffer, after segment i - 1; the bytes between the end of one segment and
 * the start of the next (and past the last) are zero. One whole file is the
 * one-segment case of what heapread_load() does.
 */
#ifndef _HEAPREAD_SEGMENT_H
#define _HEAPREAD_SEGMENT_H

#include "heapread.h"

/* Most segments one load takes (the module's ioctl copies them in). */
#define HEAPREAD_MAX_SEGMENTS	1024

/**
 * struct heapread_segment - a byte range of a file
 * @file: a regular file opened for reading; O_DIRECT makes its reads direct
 * @offset: first byte
 * @length: bytes; 0 on input means up to the end of the file, and is
 *          replaced by that length
 * @buf_offset: output: where the segment starts in the buffer (a multiple
 *              of PAGE_SIZE)
 */
struct heapread_segment {
	struct file *file;
	loff_t offset;
	size_t length;
	size_t buf_offset;
};

struct heapread_buffer *heapread_load_segments(struct heapread_segment *segs,
					       unsigned int nr_segs,
					       const struct heapread_params *p,
					       struct heapread_stats *stats);
int heapread_segments_layout(struct heapread_segment *segs,
			     unsigned int nr_segs,
			     const struct heapread_params *p, size_t *size);

#endif /* _HEAPREAD_SEGMENT_H */
