// SPDX-License-Identifier: GPL-2.0
/*
 * heapread_dmabuf.c - export a heapread buffer as a dma-buf
 *
 * A buffer is an array of chunks (struct bio_vec over the head page of a
 * chunk of PAGE_SIZE << order bytes). Importers get one sg_table per
 * attachment with one entry per chunk; userspace gets mmap; in-kernel CPU
 * users get a vmap that is created on demand and only for them (the load
 * itself never vmaps anything).
 */
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/highmem.h>
#include <linux/iosys-map.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "heapread_compat.h"
#include "heapread_glue.h"
#include "heapread_vmap_range.h"

/**
 * struct heapread_dmabuf - private data of an exported buffer
 * @buf: the engine's buffer (chunks, size, len)
 * @lock: protects @attachments, @vaddr and @vmap_count
 * @attachments: list of struct heapread_attachment
 * @vaddr: kernel mapping while @vmap_count > 0
 * @vmap_count: users of @vaddr
 */
struct heapread_dmabuf {
	struct heapread_buffer *buf;
	struct mutex lock;	/* protects attachments, vaddr, vmap_count */
	struct list_head attachments;
	void *vaddr;
	unsigned int vmap_count;
};

/**
 * struct heapread_attachment - one importer's view of a buffer
 * @dev: the importing device
 * @table: one entry per chunk
 * @node: entry in heapread_dmabuf.attachments
 * @mapped: @table is DMA-mapped for @dev
 */
struct heapread_attachment {
	struct device *dev;
	struct sg_table table;
	struct list_head node;
	bool mapped;
};

static int heapread_attach(struct dma_buf *dmabuf,
			   struct dma_buf_attachment *attachment)
{
	struct heapread_dmabuf *hd = dmabuf->priv;
	struct heapread_buffer *buf = hd->buf;
	struct heapread_attachment *a;
	struct scatterlist *sg;
	unsigned int i;
	int ret;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	ret = sg_alloc_table(&a->table, buf->nr_chunks, GFP_KERNEL);
	if (ret) {
		kfree(a);
		return ret;
	}
	for_each_sgtable_sg(&a->table, sg, i)
		sg_set_page(sg, buf->chunks[i].bv_page, buf->chunks[i].bv_len,
			    buf->chunks[i].bv_offset);
	a->dev = attachment->dev;
	INIT_LIST_HEAD(&a->node);
	attachment->priv = a;

	mutex_lock(&hd->lock);
	list_add(&a->node, &hd->attachments);
	mutex_unlock(&hd->lock);
	return 0;
}

static void heapread_detach(struct dma_buf *dmabuf,
			    struct dma_buf_attachment *attachment)
{
	struct heapread_dmabuf *hd = dmabuf->priv;
	struct heapread_attachment *a = attachment->priv;

	mutex_lock(&hd->lock);
	list_del(&a->node);
	mutex_unlock(&hd->lock);
	sg_free_table(&a->table);
	kfree(a);
}

/*
 * @mapped is read under hd->lock by the CPU-access syncs, which walk every
 * attachment: it is written under the same lock, so a sync never sees a
 * table half mapped or already unmapped.
 */
static struct sg_table *heapread_map_dma_buf(struct dma_buf_attachment *attachment,
					     enum dma_data_direction dir)
{
	struct heapread_dmabuf *hd = attachment->dmabuf->priv;
	struct heapread_attachment *a = attachment->priv;
	int ret;

	ret = dma_map_sgtable(attachment->dev, &a->table, dir, 0);
	if (ret)
		return ERR_PTR(ret);
	mutex_lock(&hd->lock);
	if (!a->mapped)
		atomic_long_inc(&heapread_counters.mapped);
	a->mapped = true;
	mutex_unlock(&hd->lock);
	return &a->table;
}

static void heapread_unmap_dma_buf(struct dma_buf_attachment *attachment,
				   struct sg_table *table,
				   enum dma_data_direction dir)
{
	struct heapread_dmabuf *hd = attachment->dmabuf->priv;
	struct heapread_attachment *a = attachment->priv;

	mutex_lock(&hd->lock);
	if (a->mapped)
		atomic_long_dec(&heapread_counters.mapped);
	a->mapped = false;
	mutex_unlock(&hd->lock);
	dma_unmap_sgtable(attachment->dev, table, dir, 0);
}

static int heapread_begin_cpu_access(struct dma_buf *dmabuf,
				     enum dma_data_direction dir)
{
	struct heapread_dmabuf *hd = dmabuf->priv;
	struct heapread_attachment *a;

	mutex_lock(&hd->lock);
	if (hd->vmap_count)
		heapread_vmap_ranges(hd->vaddr, hd->buf->len,
				     invalidate_kernel_vmap_range);
	list_for_each_entry(a, &hd->attachments, node) {
		if (a->mapped)
			dma_sync_sgtable_for_cpu(a->dev, &a->table, dir);
	}
	mutex_unlock(&hd->lock);
	return 0;
}

static int heapread_end_cpu_access(struct dma_buf *dmabuf,
				   enum dma_data_direction dir)
{
	struct heapread_dmabuf *hd = dmabuf->priv;
	struct heapread_attachment *a;

	mutex_lock(&hd->lock);
	if (hd->vmap_count)
		heapread_vmap_ranges(hd->vaddr, hd->buf->len,
				     flush_kernel_vmap_range);
	list_for_each_entry(a, &hd->attachments, node) {
		if (a->mapped)
			dma_sync_sgtable_for_device(a->dev, &a->table, dir);
	}
	mutex_unlock(&hd->lock);
	return 0;
}

static int heapread_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	struct heapread_dmabuf *hd = dmabuf->priv;
	struct heapread_buffer *buf = hd->buf;
	unsigned long addr = vma->vm_start;
	unsigned long skip = vma->vm_pgoff;
	unsigned int i;
	int ret;

	/*
	 * A private mapping is copy-on-write: remap_pfn_range() refuses it
	 * beyond the first chunk (its pfns are not one range), so it would fail
	 * half-way. Refuse it whole, as other exporters do.
	 */
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	/* dma_buf_mmap_internal() has checked that the range fits. */
	for (i = 0; i < buf->nr_chunks && addr < vma->vm_end; i++) {
		unsigned long npages = buf->chunks[i].bv_len >> PAGE_SHIFT;
		unsigned long size;

		if (skip >= npages) {
			skip -= npages;
			continue;
		}
		size = min((npages - skip) << PAGE_SHIFT, vma->vm_end - addr);
		ret = remap_pfn_range(vma, addr,
				      page_to_pfn(buf->chunks[i].bv_page) + skip,
				      size, vma->vm_page_prot);
		if (ret)
			return ret;
		addr += size;
		skip = 0;
	}
	return 0;
}

static void *heapread_vmap_pages(struct heapread_buffer *buf)
{
	unsigned long npages = buf->len >> PAGE_SHIFT;
	struct page **pages;
	unsigned long n = 0;
	unsigned int i, j;
	void *vaddr;

	pages = kvmalloc_array(npages, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < buf->nr_chunks; i++)
		for (j = 0; j < buf->chunks[i].bv_len >> PAGE_SHIFT; j++)
			pages[n++] = heapread_nth_page(buf->chunks[i].bv_page, j);
	vaddr = vmap(pages, n, VM_MAP, PAGE_KERNEL);
	kvfree(pages);
	return vaddr ? vaddr : ERR_PTR(-ENOMEM);
}

static int heapread_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct heapread_dmabuf *hd = dmabuf->priv;
	void *vaddr;

	mutex_lock(&hd->lock);
	if (!hd->vmap_count) {
		vaddr = heapread_vmap_pages(hd->buf);
		if (IS_ERR(vaddr)) {
			mutex_unlock(&hd->lock);
			return PTR_ERR(vaddr);
		}
		hd->vaddr = vaddr;
		atomic_long_inc(&heapread_counters.vmaps);
	}
	hd->vmap_count++;
	iosys_map_set_vaddr(map, hd->vaddr);
	mutex_unlock(&hd->lock);
	return 0;
}

static void heapread_vunmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct heapread_dmabuf *hd = dmabuf->priv;

	mutex_lock(&hd->lock);
	if (!--hd->vmap_count) {
		vunmap(hd->vaddr);
		hd->vaddr = NULL;
		atomic_long_dec(&heapread_counters.vmaps);
	}
	mutex_unlock(&hd->lock);
	iosys_map_clear(map);
}

static void heapread_release(struct dma_buf *dmabuf)
{
	struct heapread_dmabuf *hd = dmabuf->priv;

	/* An importer that released its last reference while vmapped: no leak. */
	if (WARN_ON_ONCE(hd->vmap_count)) {
		vunmap(hd->vaddr);
		atomic_long_dec(&heapread_counters.vmaps);
	}
	atomic_long_sub(hd->buf->len >> PAGE_SHIFT, &heapread_counters.pages);
	atomic_long_dec(&heapread_counters.buffers);
	heapread_buffer_free(hd->buf);
	mutex_destroy(&hd->lock);
	kfree(hd);
}

static const struct dma_buf_ops heapread_dmabuf_ops = {
	.attach = heapread_attach,
	.detach = heapread_detach,
	.map_dma_buf = heapread_map_dma_buf,
	.unmap_dma_buf = heapread_unmap_dma_buf,
	.begin_cpu_access = heapread_begin_cpu_access,
	.end_cpu_access = heapread_end_cpu_access,
	.mmap = heapread_mmap,
	.vmap = heapread_vmap,
	.vunmap = heapread_vunmap,
	.release = heapread_release,
};

/**
 * heapread_export() - wrap a complete buffer in a dma-buf
 * @buf: buffer returned by heapread_load() or heapread_alloc()
 * @fd_flags: flags of the dma-buf's file (O_ACCMODE, O_CLOEXEC)
 *
 * The dma-buf takes @buf over on success and frees it in its release; the
 * module stays pinned while the dma-buf lives. On failure @buf is freed too.
 * No file descriptor is created here.
 *
 * Return: the dma-buf, or an ERR_PTR.
 */
struct dma_buf *heapread_export(struct heapread_buffer *buf,
				unsigned int fd_flags)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct heapread_dmabuf *hd;
	struct dma_buf *dmabuf;

	hd = kzalloc(sizeof(*hd), GFP_KERNEL_ACCOUNT);
	if (!hd) {
		heapread_buffer_free(buf);
		return ERR_PTR(-ENOMEM);
	}
	hd->buf = buf;
	mutex_init(&hd->lock);
	INIT_LIST_HEAD(&hd->attachments);

	exp_info.ops = &heapread_dmabuf_ops;
	exp_info.size = buf->len;
	exp_info.flags = fd_flags;
	exp_info.priv = hd;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		mutex_destroy(&hd->lock);
		kfree(hd);
		heapread_buffer_free(buf);
		return dmabuf;
	}
	atomic_long_add(buf->len >> PAGE_SHIFT, &heapread_counters.pages);
	atomic_long_inc(&heapread_counters.buffers);
	return dmabuf;
}
