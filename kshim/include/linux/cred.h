/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): task credentials, reference counted. Contract kept: a
 * task reads its subjective credentials with current_cred(); kworkers run
 * with the kernel's own (init_cred); override_creds() makes @new the current
 * task's credentials until revert_creds(). Of the two contracts the kernel
 * has had, this is the 6.14 one, the stricter: override_creds() takes no
 * reference, so the caller must keep @new alive until revert_creds() (before
 * 6.14 it took one that revert_creds() dropped). A put that frees a
 * credential still in use is a use after free here too.
 */
#ifndef _LINUX_CRED_H
#define _LINUX_CRED_H

#include <linux/atomic.h>
#include <linux/sched.h>
#include <linux/types.h>

struct cred {
	atomic_t usage;
	unsigned int uid;
};

extern struct cred init_cred;

#define current_cred()	((const struct cred *)current->cred)

static inline const struct cred *get_cred(const struct cred *cred)
{
	atomic_inc(&((struct cred *)cred)->usage);
	return cred;
}

#define get_current_cred()	get_cred(current_cred())

void put_cred(const struct cred *cred);
const struct cred *override_creds(const struct cred *new);
void revert_creds(const struct cred *old);

#endif /* _LINUX_CRED_H */
