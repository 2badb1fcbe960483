/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KTIME_H
#define _LINUX_KTIME_H

#include <linux/timekeeping.h>

#endif /* _LINUX_KTIME_H */
