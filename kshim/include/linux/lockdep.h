/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): lockdep_assert_held() on kshim's owner-tracking locks.
 * Contract kept: the assertion fires (a counted WARN) when the calling task
 * does not hold the lock.
 */
#ifndef _LINUX_LOCKDEP_H
#define _LINUX_LOCKDEP_H

#include <linux/bug.h>
#include <linux/mutex.h>

#define lockdep_assert_held(l)	WARN_ON(!kshim_mutex_held_by_current(l))

#endif /* _LINUX_LOCKDEP_H */
