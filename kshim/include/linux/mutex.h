/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): the mutex behind kshim's spinlocks. Contract kept: a lock
 * knows its owner, so lockdep_assert_held() bites, and recursion or an unlock
 * by another task is a counted bug.
 */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <linux/sched.h>
#include <pthread.h>

struct mutex {
	pthread_mutex_t lock;
	struct task_struct *owner;
};

void mutex_init(struct mutex *m);
void mutex_destroy(struct mutex *m);
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_locked(struct mutex *m);
bool kshim_mutex_held_by_current(struct mutex *m);

#endif /* _LINUX_MUTEX_H */
