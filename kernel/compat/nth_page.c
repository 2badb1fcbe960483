// SPDX-License-Identifier: GPL-2.0
/*
 * compat: HAVE_NTH_PAGE compile
 * nth_page() exists (7.x removed it: the pages of one allocation are contiguous).
 */
#include <linux/mm.h>
#include <linux/module.h>

struct page *heapread_compat_nth_page(struct page *page);

struct page *heapread_compat_nth_page(struct page *page)
{
	return nth_page(page, 1);
}

MODULE_LICENSE("GPL");
