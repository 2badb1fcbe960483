/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): spinlock_t on kshim's owner-tracking mutex. Contract kept:
 * mutual exclusion and lockdep_assert_held(); nothing in core/ sleeps under a
 * spinlock, so sleeping here where the kernel would spin changes no outcome.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/mutex.h>

typedef struct mutex spinlock_t;

#define spin_lock_init(l)	mutex_init(l)
#define spin_lock(l)		mutex_lock(l)
#define spin_unlock(l)		mutex_unlock(l)

#endif /* _LINUX_SPINLOCK_H */
