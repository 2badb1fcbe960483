// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * heapread: the buffer's pages. Chunks are taken in file order, the highest
 * allowed order first while the rest of the file still holds a chunk of that
 * order, falling back to smaller orders as the system heap does. Pages are not
 * zeroed unless asked: a load overwrites them and clears only the tail.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/bitops.h>
#include <linux/gfp.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"

/* As the system heap: big chunks only when they come cheap, no warnings. */
#define HIGH_ORDER_GFP	((GFP_HIGHUSER | __GFP_NOWARN | __GFP_NORETRY | \
			  __GFP_COMP) & ~__GFP_RECLAIM)
/*
 * Single pages try hard (reclaim, compaction) but fail rather than invoke
 * the OOM killer, globally or in the caller's memory cgroup: a load that
 * does not fit gets -ENOMEM instead of killing its caller or a bystander.
 */
#define LOW_ORDER_GFP	(GFP_HIGHUSER | __GFP_COMP | __GFP_RETRY_MAYFAIL)

/* Metadata is the caller's too, and its allocations fail quietly. */
#define META_GFP	(GFP_KERNEL_ACCOUNT | __GFP_NOWARN)
/* Chunks a buffer's tail may need beyond its highest order: 15 of each lower one. */
#define TABLE_SLACK	32

/* A first table: every chunk of the highest allowed order, and a tail. */
static size_t heapread_table_guess(size_t pages, const struct heapread_params *p)
{
	unsigned long orders = p->order_mask | BIT(0);
	unsigned int order = min_t(unsigned int, fls_long(orders) - 1,
				   HEAPREAD_MAX_CHUNK_ORDER);

	return min(pages, (pages >> order) + TABLE_SLACK);
}

/**
 * heapread_buffer_create() - an empty buffer with room for @size bytes
 * @size: bytes of content; the buffer gets PAGE_ALIGN(@size) bytes of pages
 * @p: the parameters: the allowed orders size the first chunk table
 *
 * The chunk table starts with room for chunks of the highest allowed order
 * and grows (heapread_add_chunk()) as smaller ones come: its size follows
 * what is allocated, not the worst case of every chunk a single page.
 *
 * Return: the buffer, or NULL without memory.
 */
struct heapread_buffer *heapread_buffer_create(size_t size,
					       const struct heapread_params *p)
{
	struct heapread_buffer *buf;
	size_t pages = PAGE_ALIGN(size) >> PAGE_SHIFT;
	size_t nr = heapread_table_guess(pages, p);

	if (nr > UINT_MAX)
		return NULL;
	buf = kzalloc_obj(*buf, META_GFP);
	if (!buf)
		return NULL;
	buf->chunks = kvmalloc_objs(*buf->chunks, nr, META_GFP);
	if (!buf->chunks) {
		kfree(buf);
		return NULL;
	}
	buf->max_chunks = nr;
	buf->size = size;
	buf->len = pages << PAGE_SHIFT;
	return buf;
}

/*
 * Double the chunk table (up to one entry a page). The old table is handed
 * to the caller in @retired: readers may still hold windows into it, so the
 * caller frees it when they are done.
 */
static int heapread_grow_table(struct heapread_buffer *buf,
			       struct bio_vec **retired)
{
	size_t pages = buf->len >> PAGE_SHIFT;
	size_t nr = min3(pages, (size_t)buf->max_chunks * 2, (size_t)UINT_MAX);
	struct bio_vec *chunks;

	if (nr <= buf->max_chunks)
		return -ENOMEM;
	chunks = kvmalloc_objs(*chunks, nr, META_GFP);
	if (!chunks)
		return -ENOMEM;
	memcpy(chunks, buf->chunks, buf->nr_chunks * sizeof(*chunks));
	*retired = buf->chunks;
	buf->chunks = chunks;
	buf->max_chunks = nr;
	return 0;
}

static unsigned int chunk_order(struct page *page)
{
	return compound_order(page);
}

/**
 * heapread_add_chunk() - allocate the next chunk of @buf
 * @buf: the buffer being filled
 * @allocated: bytes already allocated; advanced by the chunk's size
 * @max_order: highest order worth trying; lowered after a high order fails
 *             so later chunks do not retry it
 * @p: the load's parameters (allowed orders, extra GFP flags)
 * @extra: GFP flags for this buffer only, e.g. __GFP_ZERO
 * @retired: set to the old chunk table when the table had to grow (the
 *           caller frees it with kvfree() once no reader uses it), else NULL
 *
 * Return: 0, or -ENOMEM when not even a single page (or a larger table)
 * could be had.
 */
int heapread_add_chunk(struct heapread_buffer *buf, size_t *allocated,
		       unsigned int *max_order, const struct heapread_params *p,
		       gfp_t extra, struct bio_vec **retired)
{
	unsigned long orders = p->order_mask | BIT(0);
	size_t left = buf->len - *allocated;
	int order;

	*retired = NULL;
	if (buf->nr_chunks == buf->max_chunks &&
	    heapread_grow_table(buf, retired))
		return -ENOMEM;
	for (order = *max_order; order >= 0; order--) {
		struct page *page;
		gfp_t gfp;

		if (!(orders & BIT(order)) || left < (PAGE_SIZE << order))
			continue;
		gfp = (order ? HIGH_ORDER_GFP : LOW_ORDER_GFP) | p->gfp | extra;
		page = alloc_pages(gfp, order);
		if (!page)
			continue;
		buf->chunks[buf->nr_chunks++] = (struct bio_vec) {
			.bv_page = page,
			.bv_len = PAGE_SIZE << order,
			.bv_offset = 0,
		};
		*allocated += PAGE_SIZE << order;
		*max_order = order;
		return 0;
	}
	return -ENOMEM;
}

/**
 * heapread_buffer_free() - free every chunk of @buf and @buf itself
 * @buf: a buffer from heapread_load() or heapread_alloc(), or NULL
 */
void heapread_buffer_free(struct heapread_buffer *buf)
{
	unsigned int i;

	if (!buf)
		return;
	for (i = 0; i < buf->nr_chunks; i++) {
		struct page *page = buf->chunks[i].bv_page;

		__free_pages(page, chunk_order(page));
	}
	kvfree(buf->chunks);
	kfree(buf);
}

/**
 * heapread_alloc() - a zeroed buffer of @len bytes, as the system heap gives
 * @len: bytes wanted; rounded up to a page
 * @p: parameters (orders, extra GFP flags, @p->max_size)
 *
 * Stops early with -EINTR when the caller gets a fatal signal.
 *
 * Return: the buffer, or ERR_PTR(-EINVAL) for a zero length,
 * ERR_PTR(-EFBIG) above @p->max_size or what a size_t can hold page
 * aligned, ERR_PTR(-ENOMEM) above the RAM or without memory (the memory
 * cgroup's limit included), ERR_PTR(-EINTR).
 */
struct heapread_buffer *heapread_alloc(size_t len,
				       const struct heapread_params *p)
{
	unsigned int max_order = HEAPREAD_MAX_CHUNK_ORDER;
	struct heapread_buffer *buf;
	size_t allocated = 0;
	int err = 0;

	if (!len)
		return ERR_PTR(-EINVAL);
	if (len > p->max_size || len > HEAPREAD_MAX_LEN)
		return ERR_PTR(-EFBIG);
	if (!heapread_fits_ram(len))
		return ERR_PTR(-ENOMEM);
	buf = heapread_buffer_create(len, p);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	while (!err && allocated < buf->len) {
		struct bio_vec *retired = NULL;

		if (fatal_signal_pending(current))
			err = -EINTR;
		else
			err = heapread_add_chunk(buf, &allocated, &max_order, p,
						 __GFP_ZERO, &retired);
		/* No reader here: the old table can go at once. */
		kvfree(retired);
	}
	if (err) {
		heapread_buffer_free(buf);
		return ERR_PTR(err);
	}
	return buf;
}
