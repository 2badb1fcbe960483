// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kshim: alloc_pages() over a pluggable backend. A chunk of order n gets an
 * array of 1 << n struct pages (head first) so page + i is valid inside it,
 * as for a compound page. Every chunk is counted per order.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <kshim/backend.h>
#include <kshim/fault.h>

#include "accounting_internal.h"
#include "memcg_internal.h"

static void *heap_alloc(void *ctx, unsigned int order, bool zero, void **cookie)
{
	size_t bytes = PAGE_SIZE << order;
	void *p = aligned_alloc(PAGE_SIZE, bytes);

	if (p && zero)
		memset(p, 0, bytes);
	return p;
}

static void heap_free(void *ctx, void *addr, unsigned int order, void *cookie)
{
	free(addr);
}

static const struct kshim_page_backend heap_backend = {
	.name = "heap",
	.alloc = heap_alloc,
	.free = heap_free,
};

static const struct kshim_page_backend *backend = &heap_backend;
static __thread const struct kshim_page_backend *thread_backend;

void kshim_set_page_backend(const struct kshim_page_backend *b)
{
	backend = b ? b : &heap_backend;
}

const struct kshim_page_backend *kshim_get_page_backend(void)
{
	return backend;
}

void kshim_set_thread_page_backend(const struct kshim_page_backend *b)
{
	thread_backend = b;
}

static struct page *make_chunk(const struct kshim_page_backend *b, void *addr,
			       unsigned int order, bool comp, void *cookie)
{
	unsigned long n = 1UL << order;
	struct page *pages = calloc(n, sizeof(*pages));

	if (!pages)
		return NULL;
	for (unsigned long i = 0; i < n; i++) {
		pages[i].virtual = (char *)addr + i * PAGE_SIZE;
		pages[i].head = pages;
		pages[i].order = comp ? order : 0;
		pages[i].alloc_order = order;
	}
	pages->backend_private = cookie;
	pages->backend = b;
	return pages;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	const struct kshim_page_backend *b = thread_backend ? thread_backend : backend;
	struct page *page;
	void *cookie = NULL;
	int charged;
	void *addr;

	kshim_count_inc(page_allocs);
	if (WARN_ON(order >= KSHIM_MAX_ORDER))
		goto fail;
	if (unlikely(kshim_fault_enabled) && should_fail_alloc_page(gfp, order))
		goto fail;
	if (kshim_fragmented(order))
		goto fail;
	charged = kshim_memcg_charge(gfp, PAGE_SIZE << order);
	if (charged < 0)
		goto fail;
	addr = b->alloc(b->ctx, order, gfp & __GFP_ZERO, &cookie);
	if (!addr)
		goto uncharge;
	page = make_chunk(b, addr, order, gfp & __GFP_COMP, cookie);
	if (!page) {
		b->free(b->ctx, addr, order, cookie);
		goto uncharge;
	}
	page->memcg_charged = charged;
	kshim_count_inc(pages_out[order]);
	return page;
uncharge:
	if (charged)
		kshim_memcg_uncharge(PAGE_SIZE << order);
fail:
	kshim_count_inc(page_alloc_failures);
	return NULL;
}

void __free_pages(struct page *page, unsigned int order)
{
	const struct kshim_page_backend *b;

	if (!page)
		return;
	if (WARN_ON(page->head != page || page->alloc_order != order))
		return;
	b = page->backend;
	if (page->memcg_charged)
		kshim_memcg_uncharge(PAGE_SIZE << order);
	b->free(b->ctx, page->virtual, order, page->backend_private);
	free(page);
	kshim_count_inc(pages_back[order]);
}
