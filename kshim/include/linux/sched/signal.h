/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_SCHED_SIGNAL_H
#define _LINUX_SCHED_SIGNAL_H

#include <linux/sched.h>

bool fatal_signal_pending(struct task_struct *p);

#endif /* _LINUX_SCHED_SIGNAL_H */
