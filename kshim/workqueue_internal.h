/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#ifndef _KSHIM_WORKQUEUE_INTERNAL_H
#define _KSHIM_WORKQUEUE_INTERNAL_H

#include <linux/workqueue.h>
#include <kshim/backend.h>

struct workqueue_struct {
	char name[32];
	int max_active;
	const struct kshim_executor *exec;
	void *exec_data;
	u64 vdone;		/* latest virtual end of any item */
};

#endif /* _KSHIM_WORKQUEUE_INTERNAL_H */
