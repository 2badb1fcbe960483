/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): kmalloc and friends on the C heap. Contracts kept: every
 * object is counted (kshim/accounting.h) so a test can assert that nothing
 * is left; any allocation may fail (kshim/fault.h); kmalloc(0) returns
 * ZERO_SIZE_PTR, which kfree() accepts and any access faults on; kvmalloc()
 * of more than INT_MAX bytes fails, with a warning unless __GFP_NOWARN;
 * __GFP_ACCOUNT charges the current task's memory cgroup (kshim/memcg.h).
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/overflow.h>

/* As the kernel's: a pointer no allocation returns and no access survives. */
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

void *kmalloc(size_t size, gfp_t gfp);
void kfree(const void *p);
void *kvmalloc(size_t size, gfp_t gfp);

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

static inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (check_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, gfp);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array(n, size, gfp | __GFP_ZERO);
}

static inline void *kvzalloc(size_t size, gfp_t gfp)
{
	return kvmalloc(size, gfp | __GFP_ZERO);
}

static inline void *kvmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (check_mul_overflow(n, size, &bytes))
		return NULL;
	return kvmalloc(bytes, gfp);
}

static inline void *kvcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kvmalloc_array(n, size, gfp | __GFP_ZERO);
}

static inline void kvfree(const void *p)
{
	kfree(p);
}

#endif /* _LINUX_SLAB_H */
