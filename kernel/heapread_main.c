// SPDX-License-Identifier: GPL-2.0
/*
 * heapread_main.c - a dma-heap that can allocate a buffer and fill it with a
 * file's content (DMA_HEAP_ALLOC_AND_READ_FILE)
 *
 * Its nodes (kernel/README.md, "Nodes"), so that one program works on every
 * kernel:
 * - /dev/heapread everywhere: the dma-heap ioctl ABI plus the heap flag (see
 *   heapread_uapi.h);
 * - /dev/dma_heap/heapread (unless dma_heap=N): a real dma-heap, registered
 *   with dma_heap_add(), where the kernel exports it (7.x); the dma-heap core
 *   rejects every heap flag, so that node allocates by length only. Where it
 *   is not exported (6.1, 6.12), a misc device with /dev/heapread's ABI.
 * The work is done by the heapread engine (core/).
 */
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/nospec.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "heapread_compat.h"
#include "heapread_glue.h"
#include "heapread_uapi.h"

struct heapread_counters heapread_counters = {
	.pages = ATOMIC_LONG_INIT(0),
	.buffers = ATOMIC_LONG_INIT(0),
	.loads = ATOMIC_LONG_INIT(0),
	.vmaps = ATOMIC_LONG_INIT(0),
	.mapped = ATOMIC_LONG_INIT(0),
};

/*
 * The reads of every load run here, each load keeping to its own queue
 * depth (the engine's lanes), so max_active is only a ceiling: on 6.1 an
 * unbound workqueue applies it per NUMA node, which the engine's depth does
 * not depend on. The module owns it rather than using system_unbound_wq:
 * destroying it at exit waits for a worker that has just dropped the last
 * reference to the module (heapread_owner.c).
 */
static struct workqueue_struct *heapread_wq;

static unsigned long gather_limit = SZ_128M;
static unsigned long gather_min = HEAPREAD_DEFAULT_GATHER_MIN;
static unsigned long order_mask;
static unsigned int queue_depth;
static unsigned long long max_size;
static bool sync_read;

static int gather_limit_set(const char *val, const struct kernel_param *kp)
{
	unsigned long v;
	int ret;

	ret = kstrtoul(val, 0, &v);
	if (ret)
		return ret;
	if (v < PAGE_SIZE || v > HEAPREAD_MAX_GATHER || !IS_ALIGNED(v, PAGE_SIZE))
		return -EINVAL;
	WRITE_ONCE(*(unsigned long *)kp->arg, v);
	return 0;
}

static const struct kernel_param_ops gather_limit_ops = {
	.set = gather_limit_set,
	.get = param_get_ulong,
};

module_param_cb(gather_limit, &gather_limit_ops, &gather_limit, 0644);
MODULE_PARM_DESC(gather_limit,
		 "Bytes per read batch: a multiple of PAGE_SIZE from one page to 1 TiB (default 128 MiB)");

static int gather_min_set(const char *val, const struct kernel_param *kp)
{
	unsigned long v;
	int ret;

	ret = kstrtoul(val, 0, &v);
	if (ret)
		return ret;
	if (v > HEAPREAD_MAX_GATHER || !IS_ALIGNED(v, PAGE_SIZE))
		return -EINVAL;
	WRITE_ONCE(*(unsigned long *)kp->arg, v);
	return 0;
}

static const struct kernel_param_ops gather_min_ops = {
	.set = gather_min_set,
	.get = param_get_ulong,
};

module_param_cb(gather_min, &gather_min_ops, &gather_min, 0644);
MODULE_PARM_DESC(gather_min,
		 "Step in which an async load hands its allocation to the readers, who read what is ready up to gather_limit at once (multiple of PAGE_SIZE; 0: gather_limit steps; default 8 MiB)");

static int queue_depth_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(val, 0, &v);
	if (ret)
		return ret;
	if (v > HEAPREAD_MAX_QUEUE_DEPTH)
		return -EINVAL;
	WRITE_ONCE(*(unsigned int *)kp->arg, v);
	return 0;
}

static const struct kernel_param_ops queue_depth_ops = {
	.set = queue_depth_set,
	.get = param_get_uint,
};

module_param_cb(queue_depth, &queue_depth_ops, &queue_depth, 0644);
MODULE_PARM_DESC(queue_depth,
		 "Batches read at once, up to the engine's maximum (0: the engine's default)");

static int order_mask_set(const char *val, const struct kernel_param *kp)
{
	unsigned long v;
	int ret;

	ret = kstrtoul(val, 0, &v);
	if (ret)
		return ret;
	if (v >> (HEAPREAD_MAX_CHUNK_ORDER + 1))
		return -EINVAL;
	WRITE_ONCE(*(unsigned long *)kp->arg, v);
	return 0;
}

static const struct kernel_param_ops order_mask_ops = {
	.set = order_mask_set,
	.get = param_get_ulong,
};

module_param_cb(order_mask, &order_mask_ops, &order_mask, 0644);
MODULE_PARM_DESC(order_mask,
		 "Chunk orders the allocator may use, a bit per order up to 10 (0: the engine's default, 8, 4, 0)");

module_param(max_size, ullong, 0644);
MODULE_PARM_DESC(max_size,
		 "Largest file ALLOC_AND_READ_FILE accepts, in bytes; EFBIG above (0: the engine's default, half the RAM); more than the RAM is ENOMEM whatever it says");

module_param_named(sync, sync_read, bool, 0644);
MODULE_PARM_DESC(sync, "Allocate the whole buffer, then read (default: overlap both)");

static int counter_get(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%ld\n", atomic_long_read(kp->arg));
}

static const struct kernel_param_ops counter_ops = {
	.get = counter_get,
};

module_param_cb(pages, &counter_ops, &heapread_counters.pages, 0444);
MODULE_PARM_DESC(pages, "Pages held by live dma-bufs (read-only)");
module_param_cb(buffers, &counter_ops, &heapread_counters.buffers, 0444);
MODULE_PARM_DESC(buffers, "Live dma-bufs (read-only)");
module_param_cb(loads, &counter_ops, &heapread_counters.loads, 0444);
MODULE_PARM_DESC(loads, "Loads whose reads may still run, killed ones included (read-only)");
module_param_cb(vmaps, &counter_ops, &heapread_counters.vmaps, 0444);
MODULE_PARM_DESC(vmaps, "Live dma-bufs with a kernel mapping (read-only)");
module_param_cb(mapped, &counter_ops, &heapread_counters.mapped, 0444);
MODULE_PARM_DESC(mapped, "Attachments DMA-mapped for their device (read-only)");

/* A snapshot of the module parameters for one allocation. */
int heapread_get_params(struct heapread_params *p)
{
	unsigned long long limit = READ_ONCE(max_size);
	unsigned int depth = READ_ONCE(queue_depth);
	unsigned long orders = READ_ONCE(order_mask);

	heapread_params_init(p);
	p->gather_limit = READ_ONCE(gather_limit);
	p->gather_min = READ_ONCE(gather_min);
	if (orders)
		p->order_mask = orders;
	if (depth)
		p->queue_depth = depth;
	if (limit)
		p->max_size = min_t(unsigned long long, limit, MAX_LFS_FILESIZE);
	p->sync = READ_ONCE(sync_read);
	p->gfp |= __GFP_ACCOUNT;
	p->wq = heapread_wq;
	return heapread_params_check(p);
}

/*
 * With ALLOC_AND_READ_FILE the union holds a 32-bit fd: the other bytes of
 * the 64-bit len must be zero, or the caller meant a length.
 */
static bool heapread_fd_shape_ok(const struct dma_heap_allocation_data *data)
{
	u32 rest;

	memcpy(&rest, (const u8 *)&data->len + sizeof(data->file_fd),
	       sizeof(rest));
	return !rest;
}

static struct heapread_buffer *heapread_load_fd(unsigned int fd,
						struct heapread_params *p)
{
	struct heapread_stats stats = {};
	struct heapread_owner *owner;
	struct heapread_buffer *buf;
	struct file *file;

	file = fget(fd);
	if (!file)
		return ERR_PTR(-EBADF);
	owner = heapread_owner_create(file);
	if (!owner)
		return ERR_PTR(-ENOMEM);

	/* The engine releases the owner (and the file) after the last read. */
	p->worker_ops = &heapread_owner_worker_ops;
	p->worker_ctx = owner;
	buf = heapread_load(file, p, &stats);

	/* make bench-kernel parses this line (bench/kernel/guest/sys.c): keep its format. */
	if (!IS_ERR(buf))
		pr_debug("loaded %zu bytes: %u gathers, %u reads (%u short), first gather %llu ns, alloc %llu ns, io %llu ns, total %llu ns, io idle %llu ns\n",
			 buf->size, stats.nr_gathers, stats.nr_reads,
			 stats.nr_short_reads, stats.first_gather_ns,
			 stats.alloc_done_ns, stats.io_done_ns, stats.total_ns,
			 stats.io_idle_ns);
	return buf;
}

static struct heapread_buffer *heapread_alloc_len(u64 len,
						  const struct heapread_params *p)
{
	/* As dma_heap_buffer_alloc(): page-aligned, and not zero. */
	if (!len || len > (u64)SIZE_MAX - PAGE_SIZE + 1)
		return ERR_PTR(-EINVAL);
	len = PAGE_ALIGN(len);
	if (len >> PAGE_SHIFT > totalram_pages())
		return ERR_PTR(-ENOMEM);
	return heapread_alloc(len, p);
}

/*
 * Allocate (and fill) a buffer and export it. The fd is only reserved here;
 * it is installed by the caller after the reply reached userspace.
 */
static int heapread_ioctl_alloc(struct dma_heap_allocation_data *data,
				struct dma_buf **dmabufp)
{
	struct heapread_buffer *buf;
	struct heapread_params p;
	struct dma_buf *dmabuf;
	int fd, ret;

	if (data->fd)
		return -EINVAL;
	if (data->fd_flags & ~DMA_HEAP_VALID_FD_FLAGS)
		return -EINVAL;
	if (data->heap_flags & ~DMA_HEAP_VALID_HEAP_FLAGS)
		return -EINVAL;
	ret = heapread_get_params(&p);
	if (ret)
		return ret;

	if (data->heap_flags & DMA_HEAP_ALLOC_AND_READ_FILE) {
		if (!heapread_fd_shape_ok(data))
			return -EINVAL;
		buf = heapread_load_fd(data->file_fd, &p);
	} else {
		buf = heapread_alloc_len(data->len, &p);
	}
	if (IS_ERR(buf))
		return PTR_ERR(buf);

	dmabuf = heapread_export(buf, data->fd_flags);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);

	fd = get_unused_fd_flags(data->fd_flags);
	if (fd < 0) {
		dma_buf_put(dmabuf);
		return fd;
	}
	data->fd = fd;
	*dmabufp = dmabuf;
	return 0;
}

static const unsigned int heapread_ioctl_cmds[] = {
	DMA_HEAP_IOCTL_ALLOC,
};

/*
 * As dma_heap_ioctl(): dispatch on the command number; a shorter user
 * struct is zero-extended, a longer one is accepted and its extra bytes are
 * left alone (or zeroed when they were not input).
 */
static long heapread_ioctl(struct file *file, unsigned int ucmd,
			   unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	struct dma_heap_allocation_data data = {};
	unsigned int in_size, out_size, drv_size, kcmd;
	struct dma_buf *dmabuf;
	unsigned int nr = _IOC_NR(ucmd);
	int ret;

	if (_IOC_TYPE(ucmd) == HEAPREAD_IOC_MAGIC)
		return heapread_ioctl_segments(file, ucmd, arg);
	if (nr >= ARRAY_SIZE(heapread_ioctl_cmds))
		return -EINVAL;
	nr = array_index_nospec(nr, ARRAY_SIZE(heapread_ioctl_cmds));
	kcmd = heapread_ioctl_cmds[nr];

	drv_size = _IOC_SIZE(kcmd);
	out_size = _IOC_SIZE(ucmd);
	in_size = out_size;
	if ((ucmd & kcmd & IOC_IN) == 0)
		in_size = 0;
	if ((ucmd & kcmd & IOC_OUT) == 0)
		out_size = 0;

	if (kcmd != DMA_HEAP_IOCTL_ALLOC)
		return -ENOTTY;
	if (copy_from_user(&data, uarg, min(in_size, drv_size)))
		return -EFAULT;

	ret = heapread_ioctl_alloc(&data, &dmabuf);
	if (ret)
		return ret;

	/* The fd becomes usable only once the caller can know its number. */
	if (copy_to_user(uarg, &data, min(out_size, drv_size)) ||
	    (out_size > max(in_size, drv_size) &&
	     clear_user(uarg + max(in_size, drv_size),
			out_size - max(in_size, drv_size)))) {
		put_unused_fd(data.fd);
		dma_buf_put(dmabuf);
		return -EFAULT;
	}
	fd_install(data.fd, dmabuf->file);
	return 0;
}

static const struct file_operations heapread_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = heapread_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice heapread_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "heapread",
	.fops = &heapread_fops,
};

static bool dma_heap_node = true;
module_param_named(dma_heap, dma_heap_node, bool, 0444);
MODULE_PARM_DESC(dma_heap,
		 "Also make /dev/dma_heap/heapread: a real dma-heap where dma_heap_add() is exported (the module then stays loaded: a heap cannot be removed), else a node like /dev/heapread (default Y)");

#ifdef HAVE_DMA_HEAP_ADD
/* The dma-heap core has checked fd_flags and heap_flags (it accepts none). */
static struct dma_buf *heapread_heap_allocate(struct dma_heap *heap,
					      unsigned long len, u32 fd_flags,
					      u64 heap_flags)
{
	struct heapread_buffer *buf;
	struct heapread_params p;
	int ret;

	ret = heapread_get_params(&p);
	if (ret)
		return ERR_PTR(ret);
	buf = heapread_alloc_len(len, &p);
	if (IS_ERR(buf))
		return ERR_CAST(buf);
	return heapread_export(buf, fd_flags);
}

static const struct dma_heap_ops heapread_heap_ops = {
	.allocate = heapread_heap_allocate,
};

/*
 * The dma-heap core has no way to remove a heap: once registered, its ops
 * must outlive everything, so the module keeps a reference on itself and
 * rmmod is refused until reboot. Registered last, once nothing can fail.
 */
static int heapread_heap_node_add(void)
{
	struct dma_heap_export_info info = {
		.name = "heapread",
		.ops = &heapread_heap_ops,
	};
	struct dma_heap *heap;

	heap = dma_heap_add(&info);
	if (IS_ERR(heap))
		return PTR_ERR(heap);
	__module_get(THIS_MODULE);
	return 0;
}

static void heapread_heap_node_del(void)
{
}
#else
static struct miscdevice heapread_heap_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "heapread_dma_heap",
	.nodename = "dma_heap/heapread",
	.fops = &heapread_fops,
};

static int heapread_heap_node_add(void)
{
	return misc_register(&heapread_heap_misc);
}

static void heapread_heap_node_del(void)
{
	misc_deregister(&heapread_heap_misc);
}
#endif

static int __init heapread_init(void)
{
	int ret;

	heapread_wq = alloc_workqueue("heapread", WQ_UNBOUND, WQ_MAX_ACTIVE);
	if (!heapread_wq)
		return -ENOMEM;
	ret = misc_register(&heapread_misc);
	if (ret)
		goto err_wq;
	if (dma_heap_node) {
		ret = heapread_heap_node_add();
		if (ret)
			goto err_misc;
	}
	return 0;

err_misc:
	misc_deregister(&heapread_misc);
err_wq:
	destroy_workqueue(heapread_wq);
	return ret;
}

static void __exit heapread_exit(void)
{
	if (dma_heap_node)
		heapread_heap_node_del();
	misc_deregister(&heapread_misc);
	destroy_workqueue(heapread_wq);
}

module_init(heapread_init);
module_exit(heapread_exit);

MODULE_DESCRIPTION("dma-heap that allocates a buffer and reads a file into it");
MODULE_LICENSE("GPL");
HEAPREAD_IMPORT_NS(DMA_BUF);
#ifdef HAVE_DMA_HEAP_ADD
HEAPREAD_IMPORT_NS(DMA_BUF_HEAP);
#endif
