// SPDX-License-Identifier: GPL-2.0
/* kshim: kmalloc on the C heap, counted, and failing when a fault policy says so. */
#include <stdlib.h>

#include <linux/compiler.h>
#include <linux/slab.h>
#include <kshim/fault.h>

#include "accounting_internal.h"

void *kmalloc(size_t size, gfp_t gfp)
{
	void *p;

	if (unlikely(kshim_fault_enabled) && kshim_should_fail_kmalloc(size))
		return NULL;
	p = (gfp & __GFP_ZERO) ? calloc(1, size ? size : 1) : malloc(size ? size : 1);
	if (p)
		kshim_count_inc(kmalloc_live);
	return p;
}

void kfree(const void *p)
{
	if (!p)
		return;
	kshim_count_dec(kmalloc_live);
	free((void *)p);
}
