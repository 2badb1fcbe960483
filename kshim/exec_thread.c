// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kshim: the real executor. Each workqueue has up to max_active worker
 * threads, started when items wait and no worker is idle, so at most
 * max_active items run at once and the engine's concurrency is real.
 *
 * Non-reentrancy, as the kernel's workqueues guarantee it: the pending bit
 * is cleared when an item starts, so it can be queued again while it runs;
 * a worker that pops an item another worker is running hands it to that
 * worker (the kernel's find_worker_executing_work()), which runs it after
 * the current run returns. An item never runs twice at once.
 */
#include <pthread.h>
#include <stdlib.h>

#include <linux/sched.h>
#include <kshim/backend.h>
#include <kshim/task.h>

#include "workqueue_internal.h"

struct worker {
	pthread_t thread;
	struct pool *pool;
	/* Compared, never dereferenced: the item may free itself. */
	struct work_struct *current_work;
	struct work_struct *sched_head, *sched_tail;	/* handed over to us */
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t more;		/* an item was queued, or stop */
	pthread_cond_t idle;		/* nothing queued and nothing running */
	struct work_struct *head, *tail;
	int running;
	int idle_workers;
	int nr_queued;			/* items on the list, not yet taken */
	int nr_threads;
	bool stopping;
	struct workqueue_struct *wq;
	struct worker *workers;
};

static void append(struct work_struct **head, struct work_struct **tail,
		   struct work_struct *w)
{
	w->next = NULL;
	if (*tail)
		(*tail)->next = w;
	else
		*head = w;
	*tail = w;
}

static struct work_struct *pop(struct work_struct **head, struct work_struct **tail)
{
	struct work_struct *w = *head;

	*head = w->next;
	if (!*head)
		*tail = NULL;
	w->next = NULL;
	return w;
}

static struct worker *running_elsewhere(struct pool *p, struct work_struct *w)
{
	for (int i = 0; i < p->nr_threads; i++)
		if (p->workers[i].current_work == w)
			return &p->workers[i];
	return NULL;
}

/* Run @w, then whatever other workers handed over to us meanwhile. */
static void run_chain(struct pool *p, struct worker *self, struct work_struct *w)
{
	p->running++;
	for (;;) {
		self->current_work = w;
		pthread_mutex_unlock(&p->lock);
		kshim_work_run(p->wq, w, NULL);
		pthread_mutex_lock(&p->lock);
		self->current_work = NULL;
		if (!self->sched_head)
			break;
		w = pop(&self->sched_head, &self->sched_tail);
	}
	p->running--;
	if (!p->head && !p->running)
		pthread_cond_broadcast(&p->idle);
}

static void *worker_main(void *arg)
{
	struct worker *self = arg;
	struct pool *p = self->pool;

	current->is_worker = true;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		struct work_struct *w;
		struct worker *other;

		p->idle_workers++;
		while (!p->head && !p->stopping)
			pthread_cond_wait(&p->more, &p->lock);
		p->idle_workers--;
		if (!p->head)
			break;
		w = pop(&p->head, &p->tail);
		p->nr_queued--;
		other = running_elsewhere(p, w);
		if (other)
			append(&other->sched_head, &other->sched_tail, w);
		else
			run_chain(p, self, w);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

static int thread_start(struct workqueue_struct *wq)
{
	struct pool *p = calloc(1, sizeof(*p));

	if (!p)
		return -1;
	p->workers = calloc(kshim_wq_max_active(wq), sizeof(*p->workers));
	if (!p->workers) {
		free(p);
		return -1;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->more, NULL);
	pthread_cond_init(&p->idle, NULL);
	p->wq = wq;
	kshim_wq_set_executor_data(wq, p);
	return 0;
}

static void thread_queue(struct workqueue_struct *wq, struct work_struct *work)
{
	struct pool *p = kshim_wq_executor_data(wq);
	struct worker *w;

	pthread_mutex_lock(&p->lock);
	append(&p->head, &p->tail, work);
	p->nr_queued++;
	/*
	 * A worker per waiting item, up to max_active: idle workers already
	 * woken for earlier items do not count, or a burst would run on one.
	 */
	w = &p->workers[p->nr_threads];
	if (p->nr_queued > p->idle_workers && p->nr_threads < kshim_wq_max_active(wq)) {
		w->pool = p;
		if (!pthread_create(&w->thread, NULL, worker_main, w))
			p->nr_threads++;
	}
	pthread_cond_signal(&p->more);
	/* With no thread at all the item could never run: that is a bug here. */
	if (!p->nr_threads)
		abort();
	pthread_mutex_unlock(&p->lock);
}

static void thread_drain(struct workqueue_struct *wq)
{
	struct pool *p = kshim_wq_executor_data(wq);

	pthread_mutex_lock(&p->lock);
	while (p->head || p->running)
		pthread_cond_wait(&p->idle, &p->lock);
	pthread_mutex_unlock(&p->lock);
}

static void thread_stop(struct workqueue_struct *wq)
{
	struct pool *p = kshim_wq_executor_data(wq);

	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->more);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->nr_threads; i++)
		pthread_join(p->workers[i].thread, NULL);
	pthread_cond_destroy(&p->idle);
	pthread_cond_destroy(&p->more);
	pthread_mutex_destroy(&p->lock);
	free(p->workers);
	free(p);
}

static bool listed(const struct work_struct *head, const struct work_struct *w)
{
	for (; head; head = head->next)
		if (head == w)
			return true;
	return false;
}

static bool thread_busy(struct workqueue_struct *wq, struct work_struct *work)
{
	struct pool *p = kshim_wq_executor_data(wq);
	bool busy;

	pthread_mutex_lock(&p->lock);
	busy = listed(p->head, work) || running_elsewhere(p, work);
	for (int i = 0; !busy && i < p->nr_threads; i++)
		busy = listed(p->workers[i].sched_head, work);
	pthread_mutex_unlock(&p->lock);
	return busy;
}

const struct kshim_executor kshim_thread_executor = {
	.name = "threads",
	.start = thread_start,
	.queue = thread_queue,
	.drain = thread_drain,
	.stop = thread_stop,
	.busy = thread_busy,
};
