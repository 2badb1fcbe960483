// SPDX-License-Identifier: GPL-2.0 OR MIT
/* kshim: waking a killable sleeper (see waiter.h for the lock order). */
#include <kshim/task.h>

#include "waiter.h"

static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;

void kshim_waiter_register(struct task_struct *t, struct kshim_waiter *w)
{
	pthread_mutex_lock(&registry);
	t->waiting = w;
	pthread_mutex_unlock(&registry);
}

void kshim_waiter_unregister(struct task_struct *t)
{
	pthread_mutex_lock(&registry);
	t->waiting = NULL;
	pthread_mutex_unlock(&registry);
}

bool kshim_task_in_killable_wait(struct task_struct *t)
{
	bool waiting;

	pthread_mutex_lock(&registry);
	waiting = t->waiting != NULL;
	pthread_mutex_unlock(&registry);
	return waiting;
}

void kshim_waiter_kick(struct task_struct *t)
{
	struct kshim_waiter *w;

	pthread_mutex_lock(&registry);
	w = t->waiting;
	if (w) {
		pthread_mutex_lock(w->lock);
		pthread_cond_broadcast(w->cond);
		pthread_mutex_unlock(w->lock);
	}
	pthread_mutex_unlock(&registry);
}
