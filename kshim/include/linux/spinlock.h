/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: spinlocks are owner-tracking mutexes here (nothing in core/ sleeps under one). */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/mutex.h>

typedef struct mutex spinlock_t;

#define spin_lock_init(l)	mutex_init(l)
#define spin_lock(l)		mutex_lock(l)
#define spin_unlock(l)		mutex_unlock(l)

#endif /* _LINUX_SPINLOCK_H */
