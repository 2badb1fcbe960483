/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): completions on hashed wait buckets (kshim/completion.c).
 * Contract kept: a completion needs no teardown; complete() wakes one waiter
 * and complete_all() every later one; the killable wait returns -ERESTARTSYS
 * when its task is sent SIGKILL. Virtual time: complete() stamps the
 * completion with the completer's clock and a waiter leaves at least that far.
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
bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);

#endif /* _LINUX_COMPLETION_H */
