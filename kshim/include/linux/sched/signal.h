/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): fatal_signal_pending() reads the flag kshim_send_sigkill()
 * sets (kshim/task.h). Contract kept: once true it stays true for the task,
 * and a killable sleep of that task wakes.
 */
#ifndef _LINUX_SCHED_SIGNAL_H
#define _LINUX_SCHED_SIGNAL_H

#include <linux/sched.h>

bool fatal_signal_pending(struct task_struct *p);

#endif /* _LINUX_SCHED_SIGNAL_H */
