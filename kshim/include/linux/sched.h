/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): every thread that runs kernel code has a task_struct: the caller's
 * thread gets one when it first asks for current, worker threads get theirs
 * from the executor. vclock is the task's virtual clock (docs/design.md):
 * synchronisation carries it along happens-before; only simulated backends
 * advance it.
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/types.h>

struct kshim_waiter;
struct cred;

struct task_struct {
	int pid;
	char comm[16];
	bool fatal_signal;		/* SIGKILL delivered (kshim_send_sigkill()) */
	bool is_worker;			/* a workqueue worker */
	u64 vclock;			/* virtual ns */
	const struct cred *cred;	/* subjective credentials (linux/cred.h) */
	int ioprio;			/* I/O priority (linux/ioprio.h) */
	struct kshim_waiter *waiting;	/* what a killable wait sleeps on */
	void *sim_private;		/* owned by the simulator */
};

struct task_struct *get_current(void);
#define current get_current()


#endif /* _LINUX_SCHED_H */
