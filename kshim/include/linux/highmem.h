/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (stub): every page is mapped, so kmap_local_page() is
 * page_address() and kunmap_local() does nothing; memzero_page() clears as
 * the kernel's does.
 */
#ifndef _LINUX_HIGHMEM_H
#define _LINUX_HIGHMEM_H

#include <linux/mm.h>
#include <linux/string.h>

static inline void *kmap_local_page(struct page *page)
{
	return page_address(page);
}

static inline void kunmap_local(const void *addr)
{
}

static inline void memzero_page(struct page *page, size_t offset, size_t len)
{
	memset((char *)kmap_local_page(page) + offset, 0, len);
}

#endif /* _LINUX_HIGHMEM_H */
