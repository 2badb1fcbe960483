// SPDX-License-Identifier: GPL-2.0
/*
 * compat: HAVE_DMA_HEAP_ADD link
 * dma_heap_add() and dma_heap_get_drvdata() are exported to modules (namespace DMA_BUF_HEAP, 6.18).
 */
#include <linux/dma-heap.h>
#include <linux/err.h>
#include <linux/module.h>

static struct dma_buf *heapread_compat_allocate(struct dma_heap *heap,
						unsigned long len,
						u32 fd_flags, u64 heap_flags)
{
	return dma_heap_get_drvdata(heap) ? ERR_PTR(-ENOMEM) : NULL;
}

static const struct dma_heap_ops heapread_compat_ops = {
	.allocate = heapread_compat_allocate,
};

static int __init heapread_compat_init(void)
{
	struct dma_heap_export_info info = {
		.name = "heapread-compat",
		.ops = &heapread_compat_ops,
	};

	return PTR_ERR_OR_ZERO(dma_heap_add(&info));
}
module_init(heapread_compat_init);

MODULE_LICENSE("GPL");
/* As MODULE_IMPORT_NS() expands on every kernel, whatever its argument form. */
MODULE_INFO(import_ns, "DMA_BUF_HEAP");
