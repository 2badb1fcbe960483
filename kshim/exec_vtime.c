// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kshim: the virtual-time executor. Each virtual worker is a thread, but
 * only one task runs at a time: the one furthest behind in virtual time,
 * among the thread that drives the workqueues (the one that created the
 * first of them) and the workers. A task hands over when its clock moves
 * (kshim_vclock_sync(), which a model calls after charging it time), when
 * its item returns, and before it sleeps (a completion, a drain,
 * flush_work()). So an item starts once the driver's clock has passed its
 * start time, and each step of a running item happens once every other
 * task has caught up with its clock: what an item sees of the driver's
 * work is what the driver had done by the item's virtual time, as on a
 * machine where both run at once. The inline executor runs an item at its
 * queue time in the queuer's host order, so a reader there never sees the
 * work its queuer does while it reads.
 *
 * Deterministic: every choice is made under one lock by the task that hands
 * over, in virtual-time order; ties go to the driver, then to the workers
 * already running (workqueue by workqueue, worker by worker), then to an
 * item's start.
 *
 * Contracts kept: an item starts at max(its queue time, the clock of the
 * idle worker free first), at most max_active at once (VT_UNBOUND_WORKERS for
 * system_unbound_wq's "a worker for every item"), never twice at once (an
 * item queued again while it runs waits until that run returns); drain()
 * returns once every item queued so far has finished, flush_work() once the
 * item is neither queued nor running.
 *
 * Limits: one driving thread; an item must not wait for what its queuer
 * does after queueing it (as with the inline executor: nothing would run
 * the queuer); a wake-up from a thread outside the executor (a signal sent
 * from another thread) is seen at the next hand-over.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <linux/sched.h>
#include <kshim/backend.h>
#include <kshim/task.h>

#include "vtime_internal.h"
#include "workqueue_internal.h"

#define VT_UNBOUND_WORKERS	64

enum vt_state {
	VT_RUNNING,		/* holds the turn */
	VT_READY,		/* wants it back at its clock */
	VT_SLEEPING,		/* until ready() says so */
	VT_IDLE,		/* a worker without an item */
};

struct vt_task {
	struct task_struct *task;
	pthread_cond_t go;
	enum vt_state state;
	bool (*ready)(void *arg, u64 *when);
	void *arg;
};

struct vt_pool;

struct vt_worker {
	struct vt_task vt;
	struct task_struct task;
	struct vt_pool *pool;
	/* Compared, never dereferenced once it returned: the item may free itself. */
	struct work_struct *work;
	pthread_t thread;
	bool started, stop;
};

struct vt_pool {
	struct workqueue_struct *wq;
	struct work_struct *head, *tail;	/* queued, not started */
	unsigned int nr_running;
	struct vt_pool *next;
	int nr;
	struct vt_worker workers[];
};

static struct {
	pthread_mutex_t lock;
	struct vt_task *running;	/* the task whose turn it is; NULL: nobody's */
	struct vt_task driver;
	struct vt_pool *pools;		/* in creation order */
	unsigned int nr_pools;
} vs = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* The calling thread's task in the executor, or NULL. */
static __thread struct vt_task *vt_self;

struct vt_choice {
	struct vt_task *t;
	struct vt_worker *w;		/* with @work: the worker that starts it */
	struct work_struct *work;
	u64 at;
};

static void consider(struct vt_choice *c, struct vt_task *t, struct vt_worker *w,
		     struct work_struct *work, u64 at)
{
	if (!c->t || at < c->at)
		*c = (struct vt_choice) { .t = t, .w = w, .work = work, .at = at };
}

static u64 max_u64(u64 a, u64 b)
{
	return a > b ? a : b;
}

static void consider_task(struct vt_choice *c, struct vt_task *t)
{
	u64 when = 0;

	if (t->state == VT_READY)
		consider(c, t, NULL, NULL, t->task->vclock);
	else if (t->state == VT_SLEEPING && t->ready(t->arg, &when))
		consider(c, t, NULL, NULL, max_u64(t->task->vclock, when));
}

static bool running_in(const struct vt_pool *p, const struct work_struct *work)
{
	for (int i = 0; i < p->nr; i++)
		if (p->workers[i].work == work)
			return true;
	return false;
}

/* The first queued item of @p that is not running, on the idle worker free first. */
static void consider_start(struct vt_choice *c, struct vt_pool *p)
{
	struct work_struct *work = p->head;
	struct vt_worker *w = NULL;

	while (work && running_in(p, work))
		work = work->next;
	if (!work)
		return;
	for (int i = 0; i < p->nr; i++)
		if (p->workers[i].vt.state == VT_IDLE &&
		    (!w || p->workers[i].task.vclock < w->task.vclock))
			w = &p->workers[i];
	if (w)
		consider(c, &w->vt, w, work, max_u64(work->vstamp, w->task.vclock));
}

static void choose(struct vt_choice *c)
{
	struct vt_pool *p;

	*c = (struct vt_choice) { 0 };
	if (vs.driver.task)
		consider_task(c, &vs.driver);
	for (p = vs.pools; p; p = p->next)
		for (int i = 0; i < p->nr; i++)
			consider_task(c, &p->workers[i].vt);
	for (p = vs.pools; p; p = p->next)
		consider_start(c, p);
}

static void unlink_work(struct vt_pool *p, struct work_struct *work)
{
	struct work_struct **pp = &p->head, *prev = NULL;

	while (*pp != work) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	*pp = work->next;
	if (p->tail == work)
		p->tail = prev;
	work->next = NULL;
}

static void *worker_main(void *arg);

static void start_item(struct vt_worker *w, struct work_struct *work, u64 at)
{
	struct vt_pool *p = w->pool;

	unlink_work(p, work);
	p->nr_running++;
	w->work = work;
	w->task.vclock = at;
	if (w->started)
		return;
	if (pthread_create(&w->thread, NULL, worker_main, w)) {
		fprintf(stderr, "kshim: vtime executor: cannot start a worker thread\n");
		abort();
	}
	w->started = true;
}

/*
 * With vs.lock held, by the task whose turn it is (its state already says
 * what it waits for): give the turn to the task furthest behind, maybe
 * itself. Returns false when no task can run.
 */
static bool hand_over(void)
{
	struct vt_choice c;

	choose(&c);
	if (!c.t) {
		vs.running = NULL;
		return false;
	}
	if (c.work)
		start_item(c.w, c.work, c.at);
	else if (c.t->task->vclock < c.at)
		c.t->task->vclock = c.at;
	c.t->state = VT_RUNNING;
	vs.running = c.t;
	pthread_cond_signal(&c.t->go);
	return true;
}

static void wait_turn(struct vt_task *self)
{
	while (vs.running != self)
		pthread_cond_wait(&self->go, &vs.lock);
}

static void *worker_main(void *arg)
{
	struct vt_worker *w = arg;
	struct vt_pool *p = w->pool;

	kshim_set_current(&w->task);
	vt_self = &w->vt;
	pthread_mutex_lock(&vs.lock);
	for (;;) {
		while (vs.running != &w->vt && !w->stop)
			pthread_cond_wait(&w->vt.go, &vs.lock);
		if (w->stop)
			break;
		pthread_mutex_unlock(&vs.lock);
		kshim_work_run(p->wq, w->work, NULL);
		pthread_mutex_lock(&vs.lock);
		/* Queued again while it ran: its next run starts after this one. */
		for (struct work_struct *q = p->head; q; q = q->next)
			if (q == w->work && q->vstamp < w->task.vclock)
				q->vstamp = w->task.vclock;
		w->work = NULL;
		p->nr_running--;
		w->vt.state = VT_IDLE;
		hand_over();
	}
	pthread_mutex_unlock(&vs.lock);
	return NULL;
}

void kshim_vclock_sync(void)
{
	struct vt_task *self = vt_self;

	if (!self)
		return;
	pthread_mutex_lock(&vs.lock);
	/* The driver's last workqueue was destroyed from another thread. */
	if (!self->task) {
		vt_self = NULL;
	} else if (vs.running == self || !vs.running) {
		self->state = VT_READY;
		hand_over();
		wait_turn(self);
	}
	pthread_mutex_unlock(&vs.lock);
}

void kshim_vtime_wait(bool (*ready)(void *arg, u64 *when), void *arg)
{
	struct vt_task *self = vt_self;

	if (!self)
		return;
	pthread_mutex_lock(&vs.lock);
	if (!self->task) {
		vt_self = NULL;
	} else if (vs.running == self || !vs.running) {
		self->state = VT_SLEEPING;
		self->ready = ready;
		self->arg = arg;
		if (hand_over()) {
			wait_turn(self);
		} else {
			/* Nobody else can run: sleep for real, keeping the turn. */
			self->state = VT_RUNNING;
			vs.running = self;
		}
		self->ready = NULL;
		self->arg = NULL;
	}
	pthread_mutex_unlock(&vs.lock);
}

static int vt_start(struct workqueue_struct *wq)
{
	int nr = kshim_wq_max_active(wq) == WQ_MAX_ACTIVE ? VT_UNBOUND_WORKERS :
		 kshim_wq_max_active(wq);
	struct vt_pool *p = calloc(1, sizeof(*p) + nr * sizeof(p->workers[0]));
	struct vt_pool **pp;

	if (!p)
		return -1;
	p->wq = wq;
	p->nr = nr;
	for (int i = 0; i < nr; i++) {
		struct vt_worker *w = &p->workers[i];

		kshim_task_init(&w->task, "kworker/u:v", true);
		w->task.vclock = current->vclock;
		w->vt.task = &w->task;
		w->vt.state = VT_IDLE;
		pthread_cond_init(&w->vt.go, NULL);
		w->pool = p;
	}
	pthread_mutex_lock(&vs.lock);
	if (!vs.nr_pools) {
		vs.driver = (struct vt_task) { .task = current, .state = VT_RUNNING };
		pthread_cond_init(&vs.driver.go, NULL);
		vs.running = &vs.driver;
		vt_self = &vs.driver;
	} else if (vs.driver.task != current) {
		/* One thread drives them all: another could not take turns with it. */
		pthread_mutex_unlock(&vs.lock);
		for (int i = 0; i < nr; i++)
			pthread_cond_destroy(&p->workers[i].vt.go);
		free(p);
		return -1;
	}
	for (pp = &vs.pools; *pp; pp = &(*pp)->next)
		;
	*pp = p;
	vs.nr_pools++;
	pthread_mutex_unlock(&vs.lock);
	kshim_wq_set_executor_data(wq, p);
	return 0;
}

static void vt_queue(struct workqueue_struct *wq, struct work_struct *work)
{
	struct vt_pool *p = kshim_wq_executor_data(wq);

	pthread_mutex_lock(&vs.lock);
	work->next = NULL;
	if (p->tail)
		p->tail->next = work;
	else
		p->head = work;
	p->tail = work;
	pthread_mutex_unlock(&vs.lock);
}

static bool pool_idle(void *arg, u64 *when)
{
	struct vt_pool *p = arg;

	*when = 0;
	return !p->head && !p->nr_running;
}

struct vt_flush {
	struct vt_pool *p;
	struct work_struct *work;
};

static bool work_idle(void *arg, u64 *when)
{
	struct vt_flush *f = arg;
	struct work_struct *w;

	*when = 0;
	for (w = f->p->head; w; w = w->next)
		if (w == f->work)
			return false;
	return !running_in(f->p, f->work);
}

/* A thread outside the executor cannot take turns: it looks until @ready holds. */
static void poll_until(bool (*ready)(void *arg, u64 *when), void *arg)
{
	struct timespec ts = { 0, 100000 };
	u64 when;

	for (;;) {
		bool done;

		pthread_mutex_lock(&vs.lock);
		done = ready(arg, &when);
		pthread_mutex_unlock(&vs.lock);
		if (done)
			return;
		nanosleep(&ts, NULL);
	}
}

static void vt_drain(struct workqueue_struct *wq)
{
	struct vt_pool *p = kshim_wq_executor_data(wq);

	if (vt_self)
		kshim_vtime_wait(pool_idle, p);
	else
		poll_until(pool_idle, p);
}

/* flush_work(): the wait happens here, in turns; then nothing is busy. */
static bool vt_busy(struct workqueue_struct *wq, struct work_struct *work)
{
	struct vt_flush f = { .p = kshim_wq_executor_data(wq), .work = work };

	if (vt_self)
		kshim_vtime_wait(work_idle, &f);
	else
		poll_until(work_idle, &f);
	return false;
}

static void vt_stop(struct workqueue_struct *wq)
{
	struct vt_pool *p = kshim_wq_executor_data(wq), **pp;

	pthread_mutex_lock(&vs.lock);
	for (pp = &vs.pools; *pp != p; pp = &(*pp)->next)
		;
	*pp = p->next;
	for (int i = 0; i < p->nr; i++) {
		p->workers[i].stop = true;
		pthread_cond_signal(&p->workers[i].vt.go);
	}
	pthread_mutex_unlock(&vs.lock);
	for (int i = 0; i < p->nr; i++) {
		if (p->workers[i].started)
			pthread_join(p->workers[i].thread, NULL);
		pthread_cond_destroy(&p->workers[i].vt.go);
	}
	free(p);
	pthread_mutex_lock(&vs.lock);
	if (!--vs.nr_pools) {
		pthread_cond_destroy(&vs.driver.go);
		vs.driver = (struct vt_task) { 0 };
		vs.running = NULL;
		vt_self = NULL;
	}
	pthread_mutex_unlock(&vs.lock);
}

const struct kshim_executor kshim_vtime_executor = {
	.name = "vtime",
	.start = vt_start,
	.queue = vt_queue,
	.drain = vt_drain,
	.stop = vt_stop,
	.busy = vt_busy,
};
