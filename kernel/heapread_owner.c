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
 * What cannot be done from a module on 6.1: the workers' CPU time stays with
 * the kworkers (there is no exported way to charge another task's cpu
 * cgroup); the I/O priority of the kiocb comes from the worker (the engine
 * builds the kiocb with init_sync_kiocb()), not from the caller's ioprio;
 * per-task I/O accounting (/proc/PID/io, delay accounting) lands on the
 * kworkers.
 */
#include <linux/cgroup.h>
#include <linux/kthread.h>
#include <linux/memcontrol.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>

#include "heapread_glue.h"

/**
 * heapread_owner_get() - record the current task as the owner of a load
 * @owner: filled with references to the caller's cgroups
 *
 * Must be balanced by heapread_owner_put() once no worker runs any more.
 */
void heapread_owner_get(struct heapread_owner *owner)
{
	owner->memcg = NULL;
	owner->blkcg_css = NULL;
#ifdef CONFIG_MEMCG
	if (current->mm)
		owner->memcg = get_mem_cgroup_from_mm(current->mm);
#endif
#ifdef CONFIG_BLK_CGROUP
	owner->blkcg_css = task_get_css(current, io_cgrp_id);
#endif
}

/**
 * heapread_owner_put() - drop the references taken by heapread_owner_get()
 * @owner: the owner of a finished load
 */
void heapread_owner_put(struct heapread_owner *owner)
{
	mem_cgroup_put(owner->memcg);
	owner->memcg = NULL;
	if (owner->blkcg_css)
		css_put(owner->blkcg_css);
	owner->blkcg_css = NULL;
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
};
