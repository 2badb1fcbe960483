/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim internal: a task in a killable sleep registers what it sleeps on, so
 * kshim_send_sigkill() can wake it. The registry lock is always taken before
 * the sleeper's own lock.
 */
#ifndef _KSHIM_WAITER_H
#define _KSHIM_WAITER_H

#include <pthread.h>

#include <linux/sched.h>

struct kshim_waiter {
	pthread_mutex_t *lock;
	pthread_cond_t *cond;
};

void kshim_waiter_register(struct task_struct *t, struct kshim_waiter *w);
void kshim_waiter_unregister(struct task_struct *t);
void kshim_waiter_kick(struct task_struct *t);

#endif /* _KSHIM_WAITER_H */
