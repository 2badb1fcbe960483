/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* kshim (dup): <linux/ktime.h> reaches ktime_get_ns() through timekeeping.h. */
#ifndef _LINUX_KTIME_H
#define _LINUX_KTIME_H

#include <linux/timekeeping.h>

#endif /* _LINUX_KTIME_H */
