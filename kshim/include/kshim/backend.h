/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): the pluggable parts below the kernel APIs. Each one is an ops table
 * that a program installs before it runs the engine; the defaults are real
 * (malloc pages, real threads, CLOCK_MONOTONIC). File I/O is plugged per
 * struct file through its f_op (kshim/file.h).
 *
 * A translation unit that includes kshim headers must not include the
 * system's uapi <linux/...> headers: a backend that needs both (io_uring,
 * memfd) keeps its libc/uapi half in a file of its own behind plain C types.
 */
#ifndef _KSHIM_BACKEND_H
#define _KSHIM_BACKEND_H

#include <linux/types.h>

struct page;
struct workqueue_struct;
struct work_struct;
struct task_struct;

/*
 * Page allocator backend. alloc() returns the address of 1 << order
 * contiguous, PAGE_SIZE-aligned pages (zeroed if @zero), or NULL; it may
 * advance current->vclock for the time the allocation costs. @cookie is kept
 * in page->backend_private and handed back to free().
 */
struct kshim_page_backend {
	const char *name;
	void *(*alloc)(void *ctx, unsigned int order, bool zero, void **cookie);
	void (*free)(void *ctx, void *addr, unsigned int order, void *cookie);
	void *ctx;
};

/* NULL restores the default (aligned heap memory). */
void kshim_set_page_backend(const struct kshim_page_backend *b);
const struct kshim_page_backend *kshim_get_page_backend(void);

/*
 * The backend of the calling thread's allocations, over the process's one
 * (NULL: the process's again). Several loads run at once in one process
 * (libheapread), each allocating from its own memfd in its own thread; a
 * chunk goes back to the backend that gave it, from whichever thread frees it.
 */
void kshim_set_thread_page_backend(const struct kshim_page_backend *b);

/*
 * Executor: how a workqueue runs its items. start() is called by
 * alloc_workqueue(), queue() for each queued item (the item is on no list
 * yet; the executor must eventually call kshim_work_run()), drain() by
 * flush/destroy and must return only when every item queued so far has
 * finished, stop() by destroy_workqueue() after the drain. busy() tells
 * flush_work() whether @work is queued or running (NULL: never, for an
 * executor that runs items inside queue_work()).
 */
struct kshim_executor {
	const char *name;
	int (*start)(struct workqueue_struct *wq);
	void (*queue)(struct workqueue_struct *wq, struct work_struct *work);
	void (*drain)(struct workqueue_struct *wq);
	void (*stop)(struct workqueue_struct *wq);
	bool (*busy)(struct workqueue_struct *wq, struct work_struct *work);
};

extern const struct kshim_executor kshim_thread_executor;
extern const struct kshim_executor kshim_inline_executor;
/*
 * The simulator's: one thread per virtual worker, taking turns with the
 * thread that drives them in virtual-time order (kshim/exec_vtime.c), so an
 * item sees what its queuer had done by the item's own virtual time.
 */
extern const struct kshim_executor kshim_vtime_executor;

/* Used by workqueues allocated after the call; NULL restores real threads. */
void kshim_set_executor(const struct kshim_executor *e);

/*
 * Wait until no work item is queued or running on any workqueue: what a
 * module's exit gets from destroy_workqueue(). A load killed mid-read returns
 * before its reads do; its caller waits here before it frees the file.
 */
void kshim_wait_work_idle(void);

/* For executors: run @work as @worker, with its virtual clock at least the queuer's. */
void kshim_work_run(struct workqueue_struct *wq, struct work_struct *work,
		    struct task_struct *worker);
int kshim_wq_max_active(const struct workqueue_struct *wq);
void *kshim_wq_executor_data(struct workqueue_struct *wq);
void kshim_wq_set_executor_data(struct workqueue_struct *wq, void *data);

/* Clock: real CLOCK_MONOTONIC, or the current task's virtual clock. */
enum kshim_clock {
	KSHIM_CLOCK_REAL,
	KSHIM_CLOCK_VIRTUAL,
};
void kshim_set_clock(enum kshim_clock clock);
/*
 * The calling task's virtual clock moved forward (a model charged it time):
 * under the virtual-time executor, every task behind it in virtual time takes
 * its turn first. Elsewhere nothing.
 */
void kshim_vclock_sync(void);

#endif /* _KSHIM_BACKEND_H */
