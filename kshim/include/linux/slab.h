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

/*
 * kshim (dup): 7.x's typed allocators, with its contract. kmalloc_obj(P)
 * allocates one object of typeof(P) (P is a type or an expression such as
 * *ptr) and returns a pointer of that type; kmalloc_objs(P, n) allocates n
 * of them, the size saturating (size_mul()) so that a count that overflows
 * fails instead of allocating less. The GFP flags are an optional last
 * argument, GFP_KERNEL when absent. kz* zero the memory, kv* allocate
 * through kvmalloc() (and its INT_MAX limit); counting, faults and
 * __GFP_ACCOUNT are the allocator's. The *_flex() forms, which also set a
 * __counted_by() counter, are not provided: nothing uses them.
 */
#define __alloc_objs(KMALLOC, GFP, TYPE, COUNT) \
	((TYPE *)KMALLOC(size_mul(sizeof(TYPE), COUNT), GFP))

#define kmalloc_obj(P, ...) \
	__alloc_objs(kmalloc, default_gfp(__VA_ARGS__), typeof(P), 1)
#define kmalloc_objs(P, COUNT, ...) \
	__alloc_objs(kmalloc, default_gfp(__VA_ARGS__), typeof(P), COUNT)
#define kzalloc_obj(P, ...) \
	__alloc_objs(kzalloc, default_gfp(__VA_ARGS__), typeof(P), 1)
#define kzalloc_objs(P, COUNT, ...) \
	__alloc_objs(kzalloc, default_gfp(__VA_ARGS__), typeof(P), COUNT)
#define kvmalloc_obj(P, ...) \
	__alloc_objs(kvmalloc, default_gfp(__VA_ARGS__), typeof(P), 1)
#define kvmalloc_objs(P, COUNT, ...) \
	__alloc_objs(kvmalloc, default_gfp(__VA_ARGS__), typeof(P), COUNT)
#define kvzalloc_obj(P, ...) \
	__alloc_objs(kvzalloc, default_gfp(__VA_ARGS__), typeof(P), 1)
#define kvzalloc_objs(P, COUNT, ...) \
	__alloc_objs(kvzalloc, default_gfp(__VA_ARGS__), typeof(P), COUNT)

#endif /* _LINUX_SLAB_H */
