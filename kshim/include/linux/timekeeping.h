/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): ktime_get_ns() reads a pluggable clock (kshim/backend.h):
 * CLOCK_MONOTONIC, or the current task's virtual clock for the simulator.
 * Contract kept: the clock never goes backwards for a task.
 */
#ifndef _LINUX_TIMEKEEPING_H
#define _LINUX_TIMEKEEPING_H

#include <linux/types.h>

u64 ktime_get_ns(void);

#endif /* _LINUX_TIMEKEEPING_H */
