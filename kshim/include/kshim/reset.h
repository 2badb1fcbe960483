/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom, no kernel counterpart): the common teardown of every test
 * case. One case's fault policy, backend, hook, model limit or pending
 * SIGKILL must never leak into the next, and what a case leaves allocated,
 * queued or in flight must fail that case, not a later one.
 */
#ifndef _KSHIM_RESET_H
#define _KSHIM_RESET_H

#include <linux/types.h>

/*
 * Release every stalled read, wait for the work still queued on the shared
 * workqueues (a load killed mid-read finishes behind its caller), then check
 * the accounting (kshim/accounting.h) and report to stderr what is not clean,
 * naming @when. Then restore every default: fault policy, page backend,
 * executor, clock, the calling task's SIGKILL and credentials, and every
 * model (memory cgroup, fragmentation, RAM size, permission hook). Counters
 * start again from zero, so a leak fails one case only.
 *
 * Return: true if the accounting was clean.
 */
bool kshim_reset_all(const char *when);

#endif /* _KSHIM_RESET_H */
