/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): fault injection at the kernel's own sites. Every hook is off by
 * default and costs one predictable branch when off. A test installs a
 * policy and kshim_fault_reset() removes every policy at teardown.
 */
#ifndef _KSHIM_FAULT_H
#define _KSHIM_FAULT_H

#include <linux/types.h>

struct kshim_fault_policy {
	/* Return true to make this alloc_pages() fail. @nth counts from 0. */
	bool (*fail_alloc_page)(void *ctx, long nth, gfp_t gfp, unsigned int order);
	/* Return true to make this kmalloc() fail. */
	bool (*fail_kmalloc)(void *ctx, long nth, size_t size);
	void *ctx;
};

extern bool kshim_fault_enabled;

void kshim_fault_set(const struct kshim_fault_policy *p);
void kshim_fault_reset(void);

/* The kernel's name for the page allocator's injection site. */
bool should_fail_alloc_page(gfp_t gfp, unsigned int order);
/* kmalloc()'s injection site. */
bool kshim_should_fail_kmalloc(size_t size);

/*
 * Reads that block until released: what a FUSE server that stalls (or is the
 * caller itself), a hard NFS mount or a fanotify permission listener does to
 * a reader. A read backend calls kshim_stall_point(); while the stall is
 * armed the read sleeps there, uninterruptibly as a kworker does (a SIGKILL
 * to the loader does not end it), until kshim_stall_release().
 * kshim_reset_all() releases a stall a test left armed.
 */
void kshim_stall_arm(void);
void kshim_stall_point(void);
void kshim_stall_release(void);
/* Reads asleep in kshim_stall_point() now. */
int kshim_stall_sleepers(void);
/* Wait (up to @timeout_ms) until at least @n reads sleep there. */
bool kshim_stall_wait_sleepers(int n, int timeout_ms);

#endif /* _KSHIM_FAULT_H */
