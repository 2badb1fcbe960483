// SPDX-License-Identifier: GPL-2.0 OR MIT
/* kshim: mutexes that record their owner; recursion and foreign unlocks are bugs. */
#include <linux/bug.h>
#include <linux/mutex.h>

#include "valgrind_internal.h"

void mutex_init(struct mutex *m)
{
	pthread_mutex_init(&m->lock, NULL);
	m->owner = NULL;
	/* Read without the lock, to catch recursion: atomics only. */
	valgrind_atomic_flag(m->owner);
}

void mutex_destroy(struct mutex *m)
{
	WARN_ON(m->owner);
	pthread_mutex_destroy(&m->lock);
}

void mutex_lock(struct mutex *m)
{
	BUG_ON(__atomic_load_n(&m->owner, __ATOMIC_RELAXED) == current);
	pthread_mutex_lock(&m->lock);
	__atomic_store_n(&m->owner, current, __ATOMIC_RELAXED);
}

void mutex_unlock(struct mutex *m)
{
	WARN_ON(__atomic_load_n(&m->owner, __ATOMIC_RELAXED) != current);
	__atomic_store_n(&m->owner, NULL, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&m->lock);
}

bool mutex_is_locked(struct mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) != NULL;
}

bool kshim_mutex_held_by_current(struct mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) == current;
}
