/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: the clock is pluggable (kshim/backend.h): CLOCK_MONOTONIC or virtual time. */
#ifndef _LINUX_TIMEKEEPING_H
#define _LINUX_TIMEKEEPING_H

#include <linux/types.h>

u64 ktime_get_ns(void);

#endif /* _LINUX_TIMEKEEPING_H */
