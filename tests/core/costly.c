// SPDX-License-Identifier: GPL-2.0
/* The virtual-clock costs of the timed tests/core suites (costly.h). */
#include <stdlib.h>

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <kshim/file.h>
#include "costly.h"

u64 costly_alloc_ns, costly_read_ns, costly_device_free_at;

static void *costly_alloc(void *ctx, unsigned int order, bool zero, void **cookie)
{
	current->vclock += costly_alloc_ns << order;
	return aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);
}

static void costly_free(void *ctx, void *addr, unsigned int order, void *cookie)
{
	free(addr);
}

const struct kshim_page_backend costly_pages = {
	.name = "costly", .alloc = costly_alloc, .free = costly_free,
};

static ssize_t costly_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	ssize_t ret = kshim_pread_fops.read_iter(iocb, to);
	u64 start = max(current->vclock, costly_device_free_at);

	if (ret > 0)
		current->vclock = start + DIV_ROUND_UP((size_t)ret, PAGE_SIZE) * costly_read_ns;
	costly_device_free_at = current->vclock;
	return ret;
}

const struct file_operations costly_fops = { .read_iter = costly_read_iter };
