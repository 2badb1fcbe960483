// SPDX-License-Identifier: GPL-2.0
/* kshim: kmalloc on the C heap, counted, and failing when a fault policy says so. */
#include <limits.h>
#include <stdlib.h>

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/slab.h>
#include <kshim/fault.h>

#include "accounting_internal.h"

void *kmalloc(size_t size, gfp_t gfp)
{
	void *p;

	if (unlikely(kshim_fault_enabled) && kshim_should_fail_kmalloc(size))
		return NULL;
	if (!size)
		return ZERO_SIZE_PTR;
	p = (gfp & __GFP_ZERO) ? calloc(1, size) : malloc(size);
	if (p)
		kshim_count_inc(kmalloc_live);
	return p;
}

/* The kernel falls back to vmalloc; here it is one heap, with the same limit. */
void *kvmalloc(size_t size, gfp_t gfp)
{
	if (size > INT_MAX) {
		WARN_ON(!(gfp & __GFP_NOWARN));
		return NULL;
	}
	return kmalloc(size, gfp);
}

void kfree(const void *p)
{
	if (ZERO_OR_NULL_PTR(p))
		return;
	kshim_count_dec(kmalloc_live);
	free((void *)p);
}
