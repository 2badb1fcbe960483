// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kshim: workqueues on a pluggable executor. This file keeps the contract
 * every executor shares: an item is queued once until it starts running,
 * starts no earlier (in virtual time) than it was queued, and is counted
 * while pending so a test can see that none is left behind.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/sched.h>
#include <kshim/fault.h>
#include <kshim/task.h>

#include "accounting_internal.h"
#include "vtime_internal.h"
#include "workqueue_internal.h"

static const struct kshim_executor *default_executor = &kshim_thread_executor;

void kshim_set_executor(const struct kshim_executor *e)
{
	default_executor = e ? e : &kshim_thread_executor;
}

static struct workqueue_struct *wq_create(const char *name, int max_active,
					  const struct kshim_executor *exec)
{
	struct workqueue_struct *wq = calloc(1, sizeof(*wq));

	if (!wq)
		return NULL;
	snprintf(wq->name, sizeof(wq->name), "%s", name);
	if (max_active <= 0 || max_active > WQ_MAX_ACTIVE)
		max_active = WQ_MAX_ACTIVE;
	wq->max_active = max_active;
	wq->exec = exec;
	if (wq->exec->start(wq)) {
		free(wq);
		return NULL;
	}
	return wq;
}

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...)
{
	struct workqueue_struct *wq;
	char name[32];
	va_list ap;

	/* The kernel's kzalloc() of the workqueue can fail: so can this one. */
	if (unlikely(kshim_fault_enabled) && kshim_should_fail_kmalloc(sizeof(*wq)))
		return NULL;
	va_start(ap, max_active);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	wq = wq_create(name, max_active, default_executor);
	if (!wq)
		return NULL;
	kshim_count_inc(workqueues_live);
	kshim_count_inc(workqueues_allocated);
	return wq;
}

/*
 * system_unbound_wq: created on first use, as the kernel's exists from boot,
 * one per executor (kshim_set_executor() picks which one the caller sees),
 * and not counted as live: its users never destroy it. At exit the real one
 * is stopped if idle, so valgrind sees its threads joined. A caller that
 * needs a queue depth in virtual time brings its own workqueue: the inline
 * one here gives every item a worker of its own.
 */
static struct workqueue_struct *system_unbound[2];
static pthread_mutex_t system_unbound_lock = PTHREAD_MUTEX_INITIALIZER;

static void system_unbound_exit(void)
{
	struct workqueue_struct *wq = system_unbound[0];

	if (wq && !__atomic_load_n(&kshim_counts.work_pending, __ATOMIC_SEQ_CST)) {
		wq->exec->stop(wq);
		free(wq);
		system_unbound[0] = NULL;
	}
}

struct workqueue_struct *kshim_system_unbound_wq(void)
{
	int i = default_executor == &kshim_thread_executor ? 0 : 1;
	struct workqueue_struct *wq;

	pthread_mutex_lock(&system_unbound_lock);
	if (!system_unbound[i]) {
		system_unbound[i] = wq_create("events_unbound", WQ_MAX_ACTIVE, default_executor);
		if (!system_unbound[i])
			abort();
		if (!i)
			atexit(system_unbound_exit);
	}
	wq = system_unbound[i];
	pthread_mutex_unlock(&system_unbound_lock);
	return wq;
}

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	if (__atomic_exchange_n(&work->pending, true, __ATOMIC_ACQ_REL))
		return false;
	work->vstamp = current->vclock;
	work->wq = wq;
	kshim_count_inc(work_pending);
	wq->exec->queue(wq, work);
	return true;
}

/*
 * The count of items not yet finished drops under a lock, so that a waiter
 * in kshim_wait_work_idle() is ordered after everything the items did, as
 * helgrind and drd can see.
 */
static pthread_mutex_t idle_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle_cond = PTHREAD_COND_INITIALIZER;

static void work_done(void)
{
	pthread_mutex_lock(&idle_lock);
	if (!kshim_count_dec(work_pending))
		pthread_cond_broadcast(&idle_cond);
	pthread_mutex_unlock(&idle_lock);
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
	work_done();
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

/* Wait until @work is neither queued nor running; its owner keeps it alive. */
bool flush_work(struct work_struct *work)
{
	struct workqueue_struct *wq = work->wq;
	struct timespec ts = { 0, 100000 };
	bool waited = false;

	if (!wq || !wq->exec->busy)
		return false;
	while (wq->exec->busy(wq, work)) {
		waited = true;
		nanosleep(&ts, NULL);
	}
	return waited;
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	drain(wq);
	wq->exec->stop(wq);
	kshim_count_dec(workqueues_live);
	free(wq);
}

static bool no_work_pending(void *arg, u64 *when)
{
	*when = 0;
	return !__atomic_load_n(&kshim_counts.work_pending, __ATOMIC_SEQ_CST);
}

void kshim_wait_work_idle(void)
{
	kshim_vtime_wait(no_work_pending, NULL);
	pthread_mutex_lock(&idle_lock);
	while (__atomic_load_n(&kshim_counts.work_pending, __ATOMIC_SEQ_CST))
		pthread_cond_wait(&idle_cond, &idle_lock);
	pthread_mutex_unlock(&idle_lock);
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
