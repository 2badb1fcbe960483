/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): GFP flags and the page allocator entry points. The flags keep their
 * meaning: __GFP_ZERO zeroes, __GFP_NORETRY/__GFP_NOWARN mark an allocation
 * that may fail quietly, and any allocation may fail (see kshim/fault.h).
 */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/types.h>

#define __GFP_DMA		0x01u
#define __GFP_HIGHMEM		0x02u
#define __GFP_RECLAIMABLE	0x10u
#define __GFP_IO		0x40u
#define __GFP_FS		0x80u
#define __GFP_ZERO		0x100u
#define __GFP_DIRECT_RECLAIM	0x400u
#define __GFP_KSWAPD_RECLAIM	0x800u
#define __GFP_NOWARN		0x2000u
#define __GFP_RETRY_MAYFAIL	0x4000u
#define __GFP_NORETRY		0x10000u
#define __GFP_COMP		0x40000u
#define __GFP_HARDWALL		0x100000u
#define __GFP_ACCOUNT		0x400000u

#define __GFP_RECLAIM	(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL	(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_USER	(GFP_KERNEL | __GFP_HARDWALL)
#define GFP_HIGHUSER	(GFP_USER | __GFP_HIGHMEM)

/*
 * kshim (dup): as 7.x's <linux/gfp.h>, the flags given, or GFP_KERNEL when
 * none are: the optional last argument of kmalloc_obj() and friends.
 */
/* @none is always empty: default_gfp() passes nothing before its first comma. */
#define __default_gfp(none, gfp, ...)	(none gfp)
#define default_gfp(...)	__default_gfp(, ##__VA_ARGS__, GFP_KERNEL)

struct page;

struct page *alloc_pages(gfp_t gfp, unsigned int order);
void __free_pages(struct page *page, unsigned int order);

#endif /* _LINUX_GFP_H */
