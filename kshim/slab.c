// SPDX-License-Identifier: GPL-2.0 OR MIT
/* kshim: kmalloc on the C heap, counted, and failing when a fault policy says so. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/slab.h>
#include <kshim/fault.h>

#include "accounting_internal.h"
#include "memcg_internal.h"

/* Before each object: what kfree() must uncharge. 16 bytes keep malloc's alignment. */
struct kshim_slab_header {
	size_t size;
	size_t charged;
};

void *kmalloc(size_t size, gfp_t gfp)
{
	struct kshim_slab_header *h;
	int charged;

	if (unlikely(kshim_fault_enabled) && kshim_should_fail_kmalloc(size))
		return NULL;
	if (!size)
		return ZERO_SIZE_PTR;
	if (size > SIZE_MAX - sizeof(*h))
		return NULL;
	charged = kshim_memcg_charge(gfp, size);
	if (charged < 0)
		return NULL;
	h = (gfp & __GFP_ZERO) ? calloc(1, sizeof(*h) + size) : malloc(sizeof(*h) + size);
	if (!h) {
		if (charged)
			kshim_memcg_uncharge(size);
		return NULL;
	}
	*h = (struct kshim_slab_header) { .size = size, .charged = charged };
	kshim_count_inc(kmalloc_live);
	return h + 1;
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
	struct kshim_slab_header *h;

	if (ZERO_OR_NULL_PTR(p))
		return;
	h = (struct kshim_slab_header *)p - 1;
	if (h->charged)
		kshim_memcg_uncharge(h->size);
	kshim_count_dec(kmalloc_live);
	free(h);
}
