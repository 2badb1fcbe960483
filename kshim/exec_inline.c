// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kshim: the simulator's executor. An item runs at once, inside queue_work(),
 * on the virtual worker (one of max_active) that becomes free first in
 * virtual time; it starts at max(queue time, that worker's clock). Items are
 * therefore run in the order they were queued, which is also the order of
 * their virtual start times, and a run is deterministic. A workqueue of the
 * largest max_active (system_unbound_wq) is modelled as having a worker for
 * every item: each starts at its queue time.
 */
#include <stdlib.h>

#include <linux/sched.h>
#include <kshim/backend.h>
#include <kshim/task.h>

#include "workqueue_internal.h"

struct virtual_workers {
	int nr;
	struct task_struct task[];
};

static int inline_start(struct workqueue_struct *wq)
{
	int nr = kshim_wq_max_active(wq) == WQ_MAX_ACTIVE ? 0 : kshim_wq_max_active(wq);
	struct virtual_workers *vw = calloc(1, sizeof(*vw) + nr * sizeof(vw->task[0]));

	if (!vw)
		return -1;
	vw->nr = nr;
	for (int i = 0; i < nr; i++) {
		kshim_task_init(&vw->task[i], "kworker/u:v", true);
		vw->task[i].vclock = current->vclock;
	}
	kshim_wq_set_executor_data(wq, vw);
	return 0;
}

static void inline_queue(struct workqueue_struct *wq, struct work_struct *work)
{
	struct virtual_workers *vw = kshim_wq_executor_data(wq);
	struct task_struct *worker = &vw->task[0];
	struct task_struct fresh;

	if (!vw->nr) {
		kshim_task_init(&fresh, "kworker/u:v", true);
		fresh.vclock = current->vclock;
		kshim_work_run(wq, work, &fresh);
		return;
	}
	for (int i = 1; i < vw->nr; i++)
		if (vw->task[i].vclock < worker->vclock)
			worker = &vw->task[i];
	kshim_work_run(wq, work, worker);
}

static void inline_drain(struct workqueue_struct *wq)
{
}

static void inline_stop(struct workqueue_struct *wq)
{
	free(kshim_wq_executor_data(wq));
}

const struct kshim_executor kshim_inline_executor = {
	.name = "inline",
	.start = inline_start,
	.queue = inline_queue,
	.drain = inline_drain,
	.stop = inline_stop,
};
