/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (dup + custom): page geometry (PAGE_SIZE 4 KiB, PAGE_ALIGN) as the
 * kernel defines it, and the struct page accessors core/ uses over kshim's
 * struct page (mm_types.h).
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/mm_types.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(addr)	ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGNED(addr)	IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)
#define MAX_ORDER	11

/* The machine's RAM, in pages (kshim/memcg.h can model another machine's). */
unsigned long totalram_pages(void);

static inline void *page_address(const struct page *page)
{
	return page->virtual;
}

static inline struct page *compound_head(struct page *page)
{
	return page->head;
}

static inline unsigned int compound_order(struct page *page)
{
	return page->head == page ? page->order : 0;
}

static inline unsigned long page_size(struct page *page)
{
	return PAGE_SIZE << compound_order(page);
}

static inline struct page *nth_page(struct page *page, unsigned long n)
{
	return page + n;
}

#endif /* _LINUX_MM_H */
