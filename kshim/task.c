// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kshim: tasks. A thread's task_struct is created the first time it asks for
 * current; executors install their workers' own. SIGKILL is a flag that
 * fatal_signal_pending() reads and that wakes a killable wait.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <linux/cred.h>
#include <linux/sched/signal.h>
#include <kshim/task.h>

#include "waiter.h"

#include "valgrind_internal.h"

static __thread struct task_struct *current_task;
static __thread struct task_struct thread_task;
static int next_pid = 1;

void kshim_task_init(struct task_struct *t, const char *comm, bool is_worker)
{
	memset(t, 0, sizeof(*t));
	t->pid = __atomic_fetch_add(&next_pid, 1, __ATOMIC_RELAXED);
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
	t->is_worker = is_worker;
	/* The kernel's credentials until a test gives others (kshim_task_set_cred()). */
	t->cred = &init_cred;
	valgrind_atomic_flag(t->fatal_signal);
}

struct task_struct *get_current(void)
{
	if (!current_task) {
		kshim_task_init(&thread_task, "user", false);
		current_task = &thread_task;
	}
	return current_task;
}

struct task_struct *kshim_set_current(struct task_struct *t)
{
	struct task_struct *prev = get_current();

	current_task = t;
	return prev;
}

bool fatal_signal_pending(struct task_struct *p)
{
	return __atomic_load_n(&p->fatal_signal, __ATOMIC_ACQUIRE);
}

void kshim_send_sigkill(struct task_struct *t)
{
	__atomic_store_n(&t->fatal_signal, true, __ATOMIC_RELEASE);
	kshim_waiter_kick(t);
}

void kshim_clear_sigkill(struct task_struct *t)
{
	__atomic_store_n(&t->fatal_signal, false, __ATOMIC_RELEASE);
}

