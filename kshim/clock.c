// SPDX-License-Identifier: GPL-2.0 OR MIT
/* kshim: ktime_get_ns() reads the real monotonic clock or the task's virtual one. */
#include <time.h>

#include <linux/sched.h>
#include <linux/timekeeping.h>
#include <kshim/backend.h>

static enum kshim_clock clock_kind = KSHIM_CLOCK_REAL;

void kshim_set_clock(enum kshim_clock clock)
{
	clock_kind = clock;
}

u64 ktime_get_ns(void)
{
	struct timespec ts;

	if (clock_kind == KSHIM_CLOCK_VIRTUAL)
		return current->vclock;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}
