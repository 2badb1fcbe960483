// SPDX-License-Identifier: GPL-2.0
/*
 * heapread_segments.c - HEAPREAD_IOCTL_LOAD_SEGMENTS: byte ranges of files
 * into one dma-buf (heapread_uapi.h), on heapread's own node only
 *
 * The files, the caller's cgroups and the segment table belong to a context
 * with two references: the ioctl's, and the engine's, which it drops through
 * the release hook once no read uses them (after a fatal signal, possibly
 * after the ioctl returned).
 */
#include <linux/dma-buf.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/overflow.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "heapread_glue.h"
#include "heapread_segment.h"
#include "heapread_segments_cap.h"
#include "heapread_uapi.h"

/**
 * struct heapread_segments_ctx - what a segment load lends the engine
 * @refs: the ioctl's reference and the engine's
 * @owner: the caller's cgroups, and a reference to the first file
 * @nr: entries of @segs
 * @segs: the engine's segments, each holding a file reference
 */
struct heapread_segments_ctx {
	refcount_t refs;
	struct heapread_owner *owner;
	unsigned int nr;
	struct heapread_segment segs[];
};

static void heapread_segments_put(struct heapread_segments_ctx *ctx)
{
	unsigned int i;

	if (!refcount_dec_and_test(&ctx->refs))
		return;
	for (i = 0; i < ctx->nr; i++)
		if (ctx->segs[i].file)
			fput(ctx->segs[i].file);
	if (ctx->owner)
		heapread_owner_worker_ops.release(ctx->owner);
	kvfree(ctx);
}

static void heapread_segments_attach(void *arg)
{
	struct heapread_segments_ctx *ctx = arg;

	heapread_owner_worker_ops.attach(ctx->owner);
}

static void heapread_segments_detach(void *arg)
{
	struct heapread_segments_ctx *ctx = arg;

	heapread_owner_worker_ops.detach(ctx->owner);
}

static void heapread_segments_release(void *arg)
{
	heapread_segments_put(arg);
}

static const struct heapread_worker_ops heapread_segments_ops = {
	.attach = heapread_segments_attach,
	.detach = heapread_segments_detach,
	.release = heapread_segments_release,
};

/* Check the request's fixed part; the segments are the engine's to check. */
static int heapread_segments_check(const struct heapread_load_segments *req)
{
	unsigned int i;

	if (req->fd || req->flags || req->fd_flags & ~DMA_HEAP_VALID_FD_FLAGS)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(req->reserved); i++)
		if (req->reserved[i])
			return -EINVAL;
	if (!req->nr_segments)
		return -EINVAL;
	if (req->nr_segments > HEAPREAD_MAX_SEGMENTS)
		return -E2BIG;
	/* No dma-buf fits below one page (heapread_segments_cap()). */
	if (req->max_len && req->max_len < PAGE_SIZE)
		return -EINVAL;
	return 0;
}

/* Take a reference on every segment's file and turn them into engine segments. */
static int heapread_segments_get(struct heapread_segments_ctx *ctx,
				 const struct heapread_segment_data *in)
{
	unsigned int i;

	for (i = 0; i < ctx->nr; i++) {
		if (in[i].flags || in[i].offset > LLONG_MAX)
			return -EINVAL;
		/* Longer than any buffer: the engine's size check says -EFBIG. */
		if (in[i].length > SIZE_MAX)
			return -EFBIG;
		ctx->segs[i].file = fget(in[i].fd);
		if (!ctx->segs[i].file)
			return -EBADF;
		ctx->segs[i].offset = in[i].offset;
		ctx->segs[i].length = in[i].length;
	}
	/* The owner keeps the caller's cgroups (and a file reference of its own). */
	ctx->owner = heapread_owner_create(get_file(ctx->segs[0].file));
	return ctx->owner ? 0 : -ENOMEM;
}

static struct heapread_segments_ctx *
heapread_segments_ctx_create(const struct heapread_load_segments *req,
			     struct heapread_segment_data **inp)
{
	struct heapread_segment_data *in;
	struct heapread_segments_ctx *ctx;
	int err;

	in = memdup_user(u64_to_user_ptr(req->segments),
			 array_size(req->nr_segments, sizeof(*in)));
	if (IS_ERR(in))
		return ERR_CAST(in);
	ctx = kvzalloc(struct_size(ctx, segs, req->nr_segments),
		       GFP_KERNEL_ACCOUNT);
	if (!ctx) {
		kfree(in);
		return ERR_PTR(-ENOMEM);
	}
	refcount_set(&ctx->refs, 1);
	ctx->nr = req->nr_segments;
	err = heapread_segments_get(ctx, in);
	if (err) {
		heapread_segments_put(ctx);
		kfree(in);
		return ERR_PTR(err);
	}
	*inp = in;
	return ctx;
}

/* Load, export, and tell the caller where everything went. */
static int heapread_segments_run(struct heapread_load_segments *req,
				 struct heapread_segments_ctx *ctx,
				 struct heapread_segment_data *in,
				 struct dma_buf **dmabufp)
{
	struct heapread_buffer *buf;
	struct heapread_params p;
	struct dma_buf *dmabuf;
	unsigned int i;
	int fd, err, bound;

	err = heapread_get_params(&p);
	if (err)
		return err;
	bound = heapread_segments_cap(&p, req->max_len);
	if (bound < 0)
		return bound;
	p.worker_ops = &heapread_segments_ops;
	p.worker_ctx = ctx;
	refcount_inc(&ctx->refs);	/* the engine's, dropped by its release */
	buf = heapread_load_segments(ctx->segs, ctx->nr, &p, NULL);
	if (IS_ERR(buf))
		return heapread_segments_cap_err(bound, PTR_ERR(buf));
	for (i = 0; i < ctx->nr; i++) {
		in[i].length = ctx->segs[i].length;
		in[i].buf_offset = ctx->segs[i].buf_offset;
	}
	req->size = buf->size;
	dmabuf = heapread_export(buf, req->fd_flags);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	fd = get_unused_fd_flags(req->fd_flags);
	if (fd < 0) {
		dma_buf_put(dmabuf);
		return fd;
	}
	req->fd = fd;
	*dmabufp = dmabuf;
	return 0;
}

/**
 * heapread_ioctl_segments() - HEAPREAD_IOCTL_LOAD_SEGMENTS
 * @file: the node the ioctl came on
 * @cmd: the command
 * @arg: user pointer to struct heapread_load_segments
 *
 * Return: 0 with the dma-buf fd installed, -ENOTTY for another command or
 * a /dev/dma_heap node, or an error of struct heapread_load_segments.
 */
long heapread_ioctl_segments(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	struct miscdevice *misc = file->private_data;
	void __user *uarg = (void __user *)arg;
	struct heapread_segment_data *in = NULL;
	struct heapread_segments_ctx *ctx;
	struct heapread_load_segments req;
	struct dma_buf *dmabuf = NULL;
	int err;

	/* Only heapread's own node: a dma-heap node keeps the dma-heap ABI. */
	if (cmd != HEAPREAD_IOCTL_LOAD_SEGMENTS || !misc || strcmp(misc->name, "heapread"))
		return -ENOTTY;
	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	err = heapread_segments_check(&req);
	if (err)
		return err;
	ctx = heapread_segments_ctx_create(&req, &in);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	err = heapread_segments_run(&req, ctx, in, &dmabuf);
	heapread_segments_put(ctx);
	/* The fd becomes usable only once the caller can know its number. */
	if (!err && (copy_to_user(u64_to_user_ptr(req.segments), in,
				  array_size(req.nr_segments, sizeof(*in))) ||
		     copy_to_user(uarg, &req, sizeof(req)))) {
		put_unused_fd(req.fd);
		dma_buf_put(dmabuf);
		err = -EFAULT;
	}
	if (!err)
		fd_install(req.fd, dmabuf->file);
	kfree(in);
	return err;
}
