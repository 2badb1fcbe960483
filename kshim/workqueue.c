// SPDX-License-Identifier: GPL-2.0
/*
 * kshim: workqueues on a pluggable executor. This file keeps the contract
 * every executor shares: an item is queued once until it starts running,
 * starts no earlier (in virtual time) than it was queued, and is counted
 * while pending so a test can see that none is left behind.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/sched.h>
#include <kshim/fault.h>
#include <kshim/task.h>

#include "accounting_internal.h"
#include "workqueue_internal.h"

static const struct kshim_executor *default_executor = &kshim_thread_executor;

void kshim_set_executor(const struct kshim_executor *e)
{
	default_executor = e ? e : &kshim_thread_executor;
}

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...)
{
	struct workqueue_struct *wq;
	va_list ap;

	/* The kernel's kzalloc() of the workqueue can fail: so can this one. */
	if (unlikely(kshim_fault_enabled) && kshim_should_fail_kmalloc(sizeof(*wq)))
		return NULL;
	wq = calloc(1, sizeof(*wq));
	if (!wq)
		return NULL;
	va_start(ap, max_active);
	vsnprintf(wq->name, sizeof(wq->name), fmt, ap);
	va_end(ap);
	if (max_active <= 0 || max_active > WQ_MAX_ACTIVE)
		max_active = WQ_MAX_ACTIVE;
	wq->max_active = max_active;
	wq->exec = default_executor;
	if (wq->exec->start(wq)) {
		free(wq);
		return NULL;
	}
	kshim_count_inc(workqueues_live);
	return wq;
}

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	if (__atomic_exchange_n(&work->pending, true, __ATOMIC_ACQ_REL))
		return false;
	work->vstamp = current->vclock;
	kshim_count_inc(work_pending);
	wq->exec->queue(wq, work);
	return true;
}

static void vclock_max(u64 *v, u64 t)
{
	u64 old = __atomic_load_n(v, __ATOMIC_SEQ_CST);

	while (old < t && !__atomic_compare_exchange_n(v, &old, t, false,
						       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
}

void kshim_work_run(struct workqueue_struct *wq, struct work_struct *work,
		    struct task_struct *worker)
{
	struct task_struct *prev = NULL;

	if (worker)
		prev = kshim_set_current(worker);
	if (current->vclock < work->vstamp)
		current->vclock = work->vstamp;
	__atomic_store_n(&work->pending, false, __ATOMIC_RELEASE);
	/* The item may be freed by its own function: do not touch it after. */
	work->func(work);
	vclock_max(&wq->vdone, current->vclock);
	kshim_count_dec(work_pending);
	if (worker)
		kshim_set_current(prev);
}

/* Waiting for every item means the waiter's clock passes every item's end. */
static void drain(struct workqueue_struct *wq)
{
	u64 vdone;

	wq->exec->drain(wq);
	vdone = __atomic_load_n(&wq->vdone, __ATOMIC_SEQ_CST);
	if (current->vclock < vdone)
		current->vclock = vdone;
}

void flush_workqueue(struct workqueue_struct *wq)
{
	drain(wq);
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	drain(wq);
	wq->exec->stop(wq);
	kshim_count_dec(workqueues_live);
	free(wq);
}

int kshim_wq_max_active(const struct workqueue_struct *wq)
{
	return wq->max_active;
}

void *kshim_wq_executor_data(struct workqueue_struct *wq)
{
	return wq->exec_data;
}

void kshim_wq_set_executor_data(struct workqueue_struct *wq, void *data)
{
	wq->exec_data = data;
}
