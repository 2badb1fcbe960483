// SPDX-License-Identifier: GPL-2.0 OR MIT
/* kshim: credentials (linux/cred.h) and the test-side helpers (kshim/task.h). */
#include <linux/bug.h>
#include <linux/cred.h>
#include <linux/slab.h>
#include <kshim/task.h>

/* Never freed: every task starts with it, without a reference of its own. */
struct cred init_cred = { .usage = ATOMIC_INIT(1), .uid = 0 };

void put_cred(const struct cred *cred)
{
	struct cred *c = (struct cred *)cred;

	if (atomic_dec_and_test(&c->usage)) {
		if (WARN_ON(c == &init_cred))
			return;
		kfree(c);
	}
}

const struct cred *override_creds(const struct cred *new)
{
	const struct cred *old = current->cred;

	WARN_ON(!atomic_read(&((struct cred *)new)->usage));
	current->cred = new;
	return old;
}

void revert_creds(const struct cred *old)
{
	current->cred = old;
}

struct cred *kshim_cred_new(unsigned int uid)
{
	struct cred *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (c) {
		atomic_set(&c->usage, 1);
		c->uid = uid;
	}
	return c;
}

void kshim_task_set_cred(struct task_struct *t, const struct cred *cred)
{
	const struct cred *old = t->cred;

	t->cred = cred;
	if (old && old != &init_cred)
		put_cred(old);
}
