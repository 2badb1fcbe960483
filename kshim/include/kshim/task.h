/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* kshim (custom): tasks for tests and executors. */
#ifndef _KSHIM_TASK_H
#define _KSHIM_TASK_H

#include <linux/sched.h>

/* Deliver SIGKILL to @t: fatal_signal_pending() turns true, killable waits wake. */
void kshim_send_sigkill(struct task_struct *t);
/*
 * Is @t asleep in (or entering) a killable wait? Fault hooks poll this to
 * deliver a SIGKILL while the loader waits rather than while it allocates.
 */
bool kshim_task_in_killable_wait(struct task_struct *t);
/* Forget a delivered SIGKILL (a test's teardown). */
void kshim_clear_sigkill(struct task_struct *t);
/* Make @t the current task of the calling thread (executors); returns the previous one. */
struct task_struct *kshim_set_current(struct task_struct *t);
void kshim_task_init(struct task_struct *t, const char *comm, bool is_worker);

struct cred;
/* A credential of @uid with one reference (kfree'd, so counted as kmalloc'd). */
struct cred *kshim_cred_new(unsigned int uid);
/* Make @cred the credentials of @t (as commit_creds()), dropping the old ones. */
void kshim_task_set_cred(struct task_struct *t, const struct cred *cred);

#endif /* _KSHIM_TASK_H */
