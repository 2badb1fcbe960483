/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (dup + custom): I/O priorities as <linux/ioprio.h> encodes them, and
 * the task's own. Contract kept: init_sync_kiocb() gives a kiocb the priority
 * of the task that builds it, so a kworker's kiocb carries the kworker's.
 */
#ifndef _LINUX_IOPRIO_H
#define _LINUX_IOPRIO_H

#include <linux/sched.h>

#define IOPRIO_CLASS_SHIFT		13
#define IOPRIO_PRIO_VALUE(class, data)	(((class) << IOPRIO_CLASS_SHIFT) | (data))
#define IOPRIO_PRIO_CLASS(ioprio)	((ioprio) >> IOPRIO_CLASS_SHIFT)

enum {
	IOPRIO_CLASS_NONE,
	IOPRIO_CLASS_RT,
	IOPRIO_CLASS_BE,
	IOPRIO_CLASS_IDLE,
};

static inline int get_current_ioprio(void)
{
	return current->ioprio;
}

#endif /* _LINUX_IOPRIO_H */
