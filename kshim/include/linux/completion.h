/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: completions on hashed wait buckets (kshim/completion.c). complete() stamps
 * the completion with the completer's virtual clock and a waiter leaves with
 * its clock at least that far. The killable wait returns -ERESTARTSYS when
 * its task is sent SIGKILL, as the kernel's does.
 */
#ifndef _LINUX_COMPLETION_H
#define _LINUX_COMPLETION_H

#include <linux/types.h>

struct completion {
	unsigned int done;
	u64 vstamp;
};

void init_completion(struct completion *x);
void reinit_completion(struct completion *x);
void complete(struct completion *x);
void complete_all(struct completion *x);
void wait_for_completion(struct completion *x);
int wait_for_completion_killable(struct completion *x);
bool completion_done(struct completion *x);

#endif /* _LINUX_COMPLETION_H */
