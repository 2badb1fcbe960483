// SPDX-License-Identifier: GPL-2.0
/*
 * heapread_owner.c - attribute the I/O of read workers to the caller
 *
 * The engine reads gathers from workqueue workers. Left alone, the page cache
 * they fill would be charged to the root memory cgroup and their bios to the
 * root io cgroup, whoever asked for the load. The worker ops below make each
 * worker act for the caller while it reads:
 *
 * - memory: set_active_memcg() with the caller's memcg, so page cache pages
 *   added by buffered reads are charged to the caller (the buffer's own pages
 *   are allocated in the caller's context with __GFP_ACCOUNT anyway);
 * - block I/O: kthread_associate_blkcg() with the caller's io css, so the
 *   bios the worker submits are throttled and accounted in the caller's io
 *   cgroup (blk-throttle, io.latency, io.cost, io.stat).
 *
 * The engine itself (core/load.c) runs every read with the caller's
 * credentials (override_creds()) and builds each kiocb with the caller's I/O
 * priority, so LSMs, audit and fanotify see the caller and the I/O scheduler
 * its class. No kernel-version wrapper is needed for the credentials: the
 * load holds its own reference for as long as any read may run, which keeps
 * one override_creds()/revert_creds() sequence right under the contract
 * before 6.14 (override took a reference that revert dropped) and after it
 * (neither touches the count); kshim models the 6.14 one, the stricter.
 *
 * What cannot be done from a module on 6.1: the workers' CPU time stays with
 * the kworkers (there is no exported way to charge another task's cpu
 * cgroup); per-task I/O accounting (/proc/PID/io, delay accounting) lands on
 * the kworkers.
 */
#include <linux/cgroup.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/memcontrol.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "heapread_glue.h"

/**
 * heapread_owner_create() - record the current task as the owner of a load
 * @file: the file to load; the owner takes over the caller's reference
 *
 * The owner holds what the load's reads use after the ioctl may have
 * returned (a fatal signal does not wait for blocked reads): the file, the
 * caller's cgroups and the module itself. The engine hands it back through
 * heapread_owner_worker_ops.release once the last read is over.
 *
 * Return: the owner, or NULL without memory (the file reference is dropped).
 */
struct heapread_owner *heapread_owner_create(struct file *file)
{
	struct heapread_owner *owner;

	owner = kzalloc(sizeof(*owner), GFP_KERNEL_ACCOUNT);
	if (!owner) {
		fput(file);
		return NULL;
	}
	owner->file = file;
#ifdef CONFIG_MEMCG
	if (current->mm)
		owner->memcg = get_mem_cgroup_from_mm(current->mm);
#endif
#ifdef CONFIG_BLK_CGROUP
	owner->blkcg_css = task_get_css(current, io_cgrp_id);
#endif
	/* The ioctl holds the module; the reads may outlive the ioctl. */
	__module_get(THIS_MODULE);
	atomic_long_inc(&heapread_counters.loads);
	return owner;
}

/*
 * Runs in the last context that used the load: the ioctl, or the worker of
 * the last read. Its module reference goes last: module exit destroys the
 * module's workqueue, which waits for this worker to return.
 */
static void heapread_owner_release(void *ctx)
{
	struct heapread_owner *owner = ctx;

	mem_cgroup_put(owner->memcg);
	if (owner->blkcg_css)
		css_put(owner->blkcg_css);
	fput(owner->file);
	kfree(owner);
	atomic_long_dec(&heapread_counters.loads);
	module_put(THIS_MODULE);
}

/*
 * Workers are workqueue kthreads that start each work item with no remote
 * memcg and no associated blkcg, so detach restores exactly that.
 */
static void heapread_owner_attach(void *ctx)
{
	struct heapread_owner *owner = ctx;

	kthread_associate_blkcg(owner->blkcg_css);
	set_active_memcg(owner->memcg);
}

static void heapread_owner_detach(void *ctx)
{
	set_active_memcg(NULL);
	kthread_associate_blkcg(NULL);
}

/* Worker ops handed to the engine, with a struct heapread_owner as ctx. */
const struct heapread_worker_ops heapread_owner_worker_ops = {
	.attach = heapread_owner_attach,
	.detach = heapread_owner_detach,
	.release = heapread_owner_release,
};
