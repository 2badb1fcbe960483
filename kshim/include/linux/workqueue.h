/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): workqueues. Contracts kept: a work item is never queued
 * twice (queue_work() returns false while it is pending); its pending bit is
 * cleared when it starts, so it can be queued again while it runs, and then
 * runs after that run returns, never beside it (non-reentrancy); at most
 * max_active items of one workqueue run at once; flush_work() waits for one
 * item, destroy_workqueue() for all; system_unbound_wq exists without being
 * allocated. How items run is the executor's business (kshim/backend.h):
 * real threads by default, inline on virtual workers, or virtual workers
 * taking turns in virtual time (the simulator's).
 */
#ifndef _LINUX_WORKQUEUE_H
#define _LINUX_WORKQUEUE_H

#include <linux/types.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	work_func_t func;
	struct work_struct *next;	/* pending list */
	bool pending;
	u64 vstamp;			/* virtual clock of the queuer */
	struct workqueue_struct *wq;	/* where it was last queued */
};

#define WQ_UNBOUND		(1 << 1)
#define WQ_MEM_RECLAIM		(1 << 3)
#define WQ_HIGHPRI		(1 << 4)
#define WQ_MAX_ACTIVE		512

struct workqueue_struct;

#define INIT_WORK(w, f) do {			\
	(w)->func = (f);			\
	(w)->next = NULL;			\
	(w)->pending = false;			\
	(w)->vstamp = 0;			\
	(w)->wq = NULL;				\
} while (0)

struct workqueue_struct *kshim_system_unbound_wq(void);
#define system_unbound_wq	kshim_system_unbound_wq()

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...);
bool queue_work(struct workqueue_struct *wq, struct work_struct *work);
void flush_workqueue(struct workqueue_struct *wq);
bool flush_work(struct work_struct *work);
void destroy_workqueue(struct workqueue_struct *wq);

#endif /* _LINUX_WORKQUEUE_H */
