/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the tests/core suites that time a load on kshim's virtual clock
 * (load_timing, load_ramp): a page allocator that costs costly_alloc_ns a
 * page and a file whose reads cost costly_read_ns a page on one device.
 */
#ifndef HEAPREAD_TESTS_CORE_COSTLY_H
#define HEAPREAD_TESTS_CORE_COSTLY_H

#include <linux/fs.h>
#include <linux/types.h>
#include <kshim/backend.h>

/* What a page costs to allocate and to read, in virtual ns. */
extern u64 costly_alloc_ns, costly_read_ns;
/*
 * One device: a read occupies it from max(now, costly_device_free_at) for
 * costly_read_ns a page. A timed load sets it to 0 with the clock.
 */
extern u64 costly_device_free_at;

extern const struct kshim_page_backend costly_pages;
/* kshim's pread file operations, with the read's cost on the clock. */
extern const struct file_operations costly_fops;

#endif /* HEAPREAD_TESTS_CORE_COSTLY_H */
