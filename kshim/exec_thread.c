// SPDX-License-Identifier: GPL-2.0
/*
 * kshim: the real executor. Each workqueue has up to max_active worker
 * threads, started when items wait and no worker is idle, so at most
 * max_active items run at once and the engine's concurrency is real.
 */
#include <pthread.h>
#include <stdlib.h>

#include <linux/sched.h>
#include <kshim/backend.h>
#include <kshim/task.h>

#include "workqueue_internal.h"

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t more;		/* an item was queued, or stop */
	pthread_cond_t idle;		/* nothing queued and nothing running */
	struct work_struct *head, *tail;
	int running;
	int idle_workers;
	int nr_threads;
	bool stopping;
	struct workqueue_struct *wq;
	pthread_t *threads;
};

static struct work_struct *pop(struct pool *p)
{
	struct work_struct *w = p->head;

	p->head = w->next;
	if (!p->head)
		p->tail = NULL;
	w->next = NULL;
	return w;
}

static void *worker_main(void *arg)
{
	struct pool *p = arg;
	struct task_struct *self = current;

	self->is_worker = true;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		struct work_struct *w;

		p->idle_workers++;
		while (!p->head && !p->stopping)
			pthread_cond_wait(&p->more, &p->lock);
		p->idle_workers--;
		if (!p->head)
			break;
		w = pop(p);
		p->running++;
		pthread_mutex_unlock(&p->lock);
		kshim_work_run(p->wq, w, NULL);
		pthread_mutex_lock(&p->lock);
		p->running--;
		if (!p->head && !p->running)
			pthread_cond_broadcast(&p->idle);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

static int thread_start(struct workqueue_struct *wq)
{
	struct pool *p = calloc(1, sizeof(*p));

	if (!p)
		return -1;
	p->threads = calloc(kshim_wq_max_active(wq), sizeof(*p->threads));
	if (!p->threads) {
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

	pthread_mutex_lock(&p->lock);
	work->next = NULL;
	if (p->tail)
		p->tail->next = work;
	else
		p->head = work;
	p->tail = work;
	if (!p->idle_workers && p->nr_threads < kshim_wq_max_active(wq) &&
	    !pthread_create(&p->threads[p->nr_threads], NULL, worker_main, p))
		p->nr_threads++;
	else
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
		pthread_join(p->threads[i], NULL);
	pthread_cond_destroy(&p->idle);
	pthread_cond_destroy(&p->more);
	pthread_mutex_destroy(&p->lock);
	free(p->threads);
	free(p);
}

const struct kshim_executor kshim_thread_executor = {
	.name = "threads",
	.start = thread_start,
	.queue = thread_queue,
	.drain = thread_drain,
	.stop = thread_stop,
};
