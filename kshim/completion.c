// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kshim: completions. Like the kernel's, a completion needs no teardown: it
 * holds only its count and its virtual stamp, and sleeps happen on one of a
 * few hashed wait buckets (a mutex and a condition variable each). done
 * counts complete() calls (complete_all() saturates it); vstamp carries the
 * latest completer's virtual clock to the waiter.
 */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>

#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/sched/signal.h>

#include "vtime_internal.h"
#include "waiter.h"

#define NR_BUCKETS 64

static struct bucket {
	pthread_mutex_t lock;
	pthread_cond_t wait;
} buckets[NR_BUCKETS];

static pthread_once_t buckets_once = PTHREAD_ONCE_INIT;

static void buckets_init(void)
{
	for (int i = 0; i < NR_BUCKETS; i++) {
		pthread_mutex_init(&buckets[i].lock, NULL);
		pthread_cond_init(&buckets[i].wait, NULL);
	}
}

static struct bucket *bucket_of(struct completion *x)
{
	uintptr_t h = (uintptr_t)x;

	pthread_once(&buckets_once, buckets_init);
	h ^= h >> 12;
	return &buckets[(h >> 4) % NR_BUCKETS];
}

void init_completion(struct completion *x)
{
	x->done = 0;
	x->vstamp = 0;
}

void reinit_completion(struct completion *x)
{
	struct bucket *b = bucket_of(x);

	pthread_mutex_lock(&b->lock);
	x->done = 0;
	pthread_mutex_unlock(&b->lock);
}

static void signal_done(struct completion *x, bool all)
{
	struct bucket *b = bucket_of(x);

	pthread_mutex_lock(&b->lock);
	if (current->vclock > x->vstamp)
		x->vstamp = current->vclock;
	if (all)
		x->done = UINT_MAX;
	else if (x->done != UINT_MAX)
		x->done++;
	pthread_cond_broadcast(&b->wait);
	pthread_mutex_unlock(&b->lock);
}

void complete(struct completion *x)
{
	signal_done(x, false);
}

void complete_all(struct completion *x)
{
	signal_done(x, true);
}

/* Called with the bucket lock held and x->done != 0. */
static void consume(struct completion *x)
{
	if (x->done != UINT_MAX)
		x->done--;
	if (x->vstamp > current->vclock)
		current->vclock = x->vstamp;
}

/* What a sleeper waits for, as the virtual-time executor asks it (vtime_internal.h). */
struct completion_sleep {
	struct completion *x;
	struct task_struct *task;
	bool killable;
};

static bool completion_posted(void *arg, u64 *when)
{
	struct completion_sleep *s = arg;

	*when = __atomic_load_n(&s->x->vstamp, __ATOMIC_ACQUIRE);
	if (__atomic_load_n(&s->x->done, __ATOMIC_ACQUIRE))
		return true;
	*when = 0;
	return s->killable && fatal_signal_pending(s->task);
}

void wait_for_completion(struct completion *x)
{
	struct completion_sleep s = { .x = x, .task = current };
	struct bucket *b = bucket_of(x);

	kshim_vtime_wait(completion_posted, &s);
	pthread_mutex_lock(&b->lock);
	while (!x->done)
		pthread_cond_wait(&b->wait, &b->lock);
	consume(x);
	pthread_mutex_unlock(&b->lock);
}

int wait_for_completion_killable(struct completion *x)
{
	struct bucket *b = bucket_of(x);
	struct kshim_waiter w = { .lock = &b->lock, .cond = &b->wait };
	struct task_struct *t = current;
	struct completion_sleep s = { .x = x, .task = t, .killable = true };
	int ret = 0;

	kshim_vtime_wait(completion_posted, &s);
	kshim_waiter_register(t, &w);
	pthread_mutex_lock(&b->lock);
	while (!x->done && !fatal_signal_pending(t))
		pthread_cond_wait(&b->wait, &b->lock);
	if (x->done)
		consume(x);
	else
		ret = -ERESTARTSYS;
	pthread_mutex_unlock(&b->lock);
	kshim_waiter_unregister(t);
	return ret;
}

bool try_wait_for_completion(struct completion *x)
{
	struct bucket *b = bucket_of(x);
	bool done;

	pthread_mutex_lock(&b->lock);
	done = x->done != 0;
	if (done)
		consume(x);
	pthread_mutex_unlock(&b->lock);
	return done;
}

bool completion_done(struct completion *x)
{
	struct bucket *b = bucket_of(x);
	bool done;

	pthread_mutex_lock(&b->lock);
	done = x->done != 0;
	pthread_mutex_unlock(&b->lock);
	return done;
}
