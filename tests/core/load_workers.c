// SPDX-License-Identifier: GPL-2.0
/*
 * heapread_load_workers: the reads run on workers the load does not own.
 * A SIGKILL makes the load return -EINTR at once, even while a read is
 * blocked (a stalled FUSE server, a hard NFS mount); what the reads use stays
 * alive until the last one finishes, queued reads are not started, and once
 * the stall ends everything comes back. One shared workqueue serves every
 * load; each load keeps to its own queue depth, and a stalled load does not
 * hold up another's reads.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <linux/cred.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/ioprio.h>
#include <linux/mm.h>
#include <kshim/accounting.h>
#include <kshim/backend.h>
#include <kshim/fault.h>
#include <kshim/file.h>
#include <kshim/task.h>
#include "heapread.h"
#include "testutil.h"

#define GATHER		(4 * PAGE_SIZE)

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * A pread file that counts its reads, how many run at once, and stalls the
 * read numbered @stall_at (from 0) until kshim_stall_release(). Reads that
 * start after @killed is set (the killed load returned) are counted apart.
 */
struct slow_file {
	struct kshim_file kf;		/* first: private_data points here */
	char *path;
	int fd;
	long stall_at;
	int delay_ms;			/* every read sleeps this long first */
	long reads;
	long reads_after_kill;
	int in_flight, peak;
	bool killed;
	pthread_mutex_t lock;
};

static ssize_t slow_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct slow_file *sf = iocb->ki_filp->private_data;
	ssize_t ret;
	long nth;

	pthread_mutex_lock(&sf->lock);
	nth = sf->reads++;
	if (sf->killed)
		sf->reads_after_kill++;
	if (++sf->in_flight > sf->peak)
		sf->peak = sf->in_flight;
	pthread_mutex_unlock(&sf->lock);
	kshim_read_begin();
	if (nth == sf->stall_at)
		kshim_stall_point();
	if (sf->delay_ms)
		sleep_ms(sf->delay_ms);
	kshim_read_end();
	ret = kshim_pread_fops.read_iter(iocb, to);
	pthread_mutex_lock(&sf->lock);
	sf->in_flight--;
	pthread_mutex_unlock(&sf->lock);
	return ret;
}

static const struct file_operations slow_fops = { .read_iter = slow_read_iter };

static void slow_open(struct slow_file *sf, const char *name, uint64_t size)
{
	*sf = (struct slow_file) { .stall_at = -1 };
	pthread_mutex_init(&sf->lock, NULL);
	sf->path = test_make_file(name, size);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sf->path);
	sf->fd = open(sf->path, O_RDONLY);
	CU_ASSERT_FATAL(sf->fd >= 0);
	CU_ASSERT_FATAL(kshim_file_open_fd(&sf->kf, sf->fd) == 0);
	sf->kf.file.f_op = &slow_fops;
}

/* Only once no read can touch it any more (kshim_wait_work_idle()). */
static void slow_close(struct slow_file *sf)
{
	close(sf->fd);
	test_remove_file(sf->path);
	pthread_mutex_destroy(&sf->lock);
}

struct killer {
	struct slow_file *sf;
	struct task_struct *loader;
	bool returned;			/* the loader came back */
	bool released_by_killer;	/* it did not: the killer ended the stall */
	double kill_at;
	pthread_mutex_t lock;
};

/*
 * Wait for the stalled read, kill the loader, and give it 5 s to come back;
 * an engine that waits for its reads would hang forever, so end the stall
 * then and let the test fail instead.
 */
static void *killer_main(void *arg)
{
	struct killer *k = arg;
	bool back = false;

	if (!kshim_stall_wait_sleepers(1, 10000))
		return NULL;
	pthread_mutex_lock(&k->lock);
	k->kill_at = now_s();
	pthread_mutex_unlock(&k->lock);
	kshim_send_sigkill(k->loader);
	for (int i = 0; i < 500 && !back; i++) {
		sleep_ms(10);
		pthread_mutex_lock(&k->lock);
		back = k->returned;
		pthread_mutex_unlock(&k->lock);
	}
	if (!back) {
		pthread_mutex_lock(&k->lock);
		k->released_by_killer = true;
		pthread_mutex_unlock(&k->lock);
		kshim_stall_release();
	}
	return NULL;
}

/*
 * Expect: the load returns -EINTR within a second of the SIGKILL while its
 * third read is still stalled, with that read and the buffer's pages still
 * out; of the 13 gathers still queued none is read once the load returned
 * (the other lane may still start the read of a window it had taken); once
 * the stall ends the pages, the work items and the reads all come back.
 */
static void load_sigkill_returns_while_read_stalled(void)
{
	struct killer k = { .loader = current };
	struct heapread_params p;
	struct heapread_buffer *buf;
	struct slow_file sf;
	pthread_t killer;
	bool stalled, by_killer;
	double dying;

	slow_open(&sf, "stall", 16 * GATHER);
	sf.stall_at = 2;
	k.sf = &sf;
	pthread_mutex_init(&k.lock, NULL);
	heapread_params_init(&p);
	p.gather_limit = GATHER;
	p.queue_depth = 2;
	kshim_stall_arm();
	CU_ASSERT_FATAL(pthread_create(&killer, NULL, killer_main, &k) == 0);
	buf = heapread_load(&sf.kf.file, &p, NULL);
	/* From here on the load is over for its caller: no read may start. */
	pthread_mutex_lock(&sf.lock);
	sf.killed = true;
	pthread_mutex_unlock(&sf.lock);
	stalled = kshim_stall_sleepers() == 1;
	pthread_mutex_lock(&k.lock);
	k.returned = true;
	dying = now_s() - k.kill_at;
	by_killer = k.released_by_killer;
	pthread_mutex_unlock(&k.lock);
	CU_ASSERT_EQUAL(PTR_ERR(buf), -EINTR);
	if (!IS_ERR(buf))
		heapread_buffer_free(buf);
	CU_ASSERT_FALSE(by_killer);
	CU_ASSERT_TRUE(stalled);
	CU_ASSERT(dying < 1.0);
	printf("\n    killed load returned after %.1f ms, its read still stalled: %s\n",
	       dying * 1e3, stalled ? "yes" : "no");
	if (stalled) {
		struct kshim_counts c;

		kshim_counts_get(&c);
		CU_ASSERT(c.reads_in_flight >= 1);
		CU_ASSERT(kshim_pages_live() > 0);
	}
	kshim_stall_release();
	pthread_join(killer, NULL);
	kshim_wait_work_idle();
	/* The other lane may have taken its window before the error was set. */
	CU_ASSERT(sf.reads_after_kill <= 1);
	CU_ASSERT(kshim_accounting_report("after the stall ended"));
	kshim_clear_sigkill(current);
	pthread_mutex_destroy(&k.lock);
	slow_close(&sf);
}

struct bg_load {
	struct slow_file *sf;
	unsigned int qd;
	long err;
	double took;
};

static void *bg_load_main(void *arg)
{
	struct bg_load *l = arg;
	struct heapread_params p;
	struct heapread_buffer *buf;
	double t0 = now_s();

	heapread_params_init(&p);
	p.gather_limit = GATHER;
	p.queue_depth = l->qd;
	buf = heapread_load(&l->sf->kf.file, &p, NULL);
	l->took = now_s() - t0;
	l->err = IS_ERR(buf) ? PTR_ERR(buf) : 0;
	if (!IS_ERR(buf))
		heapread_buffer_free(buf);
	return NULL;
}

/*
 * Expect: while load A's first read is stalled, load B (another file, from
 * another task) loads completely; A completes once the stall ends.
 */
static void load_stalled_load_does_not_block_another(void)
{
	struct slow_file a, b;
	struct bg_load la = { .sf = &a, .qd = 4 }, lb = { .sf = &b, .qd = 4 };
	pthread_t ta, tb;

	slow_open(&a, "stalled", 8 * GATHER);
	slow_open(&b, "other", 8 * GATHER);
	a.stall_at = 0;
	kshim_stall_arm();
	CU_ASSERT_FATAL(pthread_create(&ta, NULL, bg_load_main, &la) == 0);
	CU_ASSERT_FATAL(kshim_stall_wait_sleepers(1, 10000));
	CU_ASSERT_FATAL(pthread_create(&tb, NULL, bg_load_main, &lb) == 0);
	pthread_join(tb, NULL);
	CU_ASSERT_EQUAL(lb.err, 0);
	CU_ASSERT_EQUAL(kshim_stall_sleepers(), 1);
	kshim_stall_release();
	pthread_join(ta, NULL);
	CU_ASSERT_EQUAL(la.err, 0);
	kshim_wait_work_idle();
	slow_close(&a);
	slow_close(&b);
}

#define READY_PAGES	64

/* A ramped load of READY_PAGES: windows from 2 pages up to 16, one lane. */
static void ready_params(struct heapread_params *p)
{
	heapread_params_init(p);
	p->gather_limit = 16 * PAGE_SIZE;
	p->gather_min = 2 * PAGE_SIZE;
	p->queue_depth = 1;
}

struct ready_load {
	struct slow_file *sf;
	struct heapread_stats st;
	long err;
	bool content_ok;
};

static void *ready_load_main(void *arg)
{
	struct ready_load *l = arg;
	struct heapread_params p;
	struct heapread_buffer *buf;

	ready_params(&p);
	buf = heapread_load(&l->sf->kf.file, &p, &l->st);
	l->err = IS_ERR(buf) ? PTR_ERR(buf) : 0;
	if (!IS_ERR(buf)) {
		l->content_ok = test_buffer_matches(buf, READY_PAGES * PAGE_SIZE);
		heapread_buffer_free(buf);
	}
	return NULL;
}

/*
 * Expect: once the allocation has run ahead of the reads (here: all of it,
 * while the first read is held), the lane takes what is ready up to
 * gather_limit in one read, not the ramp's small windows one by one: 1 + 4
 * reads of the 62 pages left instead of heapread_gather_count()'s windows.
 */
static void load_reads_what_is_ready_up_to_the_limit(void)
{
	struct slow_file sf;
	struct ready_load l = { .sf = &sf };
	struct heapread_params p;
	size_t windows, most;
	pthread_t t;
	double t0;

	ready_params(&p);
	windows = heapread_gather_count(&p, READY_PAGES * PAGE_SIZE);
	most = 1 + DIV_ROUND_UP(READY_PAGES - 2, 16) + 1;
	slow_open(&sf, "ready", READY_PAGES * PAGE_SIZE);
	sf.stall_at = 0;
	kshim_stall_arm();
	CU_ASSERT_FATAL(pthread_create(&t, NULL, ready_load_main, &l) == 0);
	CU_ASSERT_FATAL(kshim_stall_wait_sleepers(1, 10000));
	t0 = now_s();
	while (kshim_pages_live() < READY_PAGES && now_s() - t0 < 10)
		sleep_ms(1);
	CU_ASSERT(kshim_pages_live() >= READY_PAGES);
	kshim_stall_release();
	pthread_join(t, NULL);
	kshim_wait_work_idle();
	CU_ASSERT_EQUAL(l.err, 0);
	CU_ASSERT_TRUE(l.content_ok);
	CU_ASSERT(l.st.nr_gathers <= most);
	CU_ASSERT(l.st.nr_gathers < windows);
	printf("\n    %u reads for %zu ramp windows (at most %zu wanted)\n", l.st.nr_gathers, windows,
	       most);
	CU_ASSERT(kshim_accounting_report("after the ready load"));
	slow_close(&sf);
}

/* Expect: three loads at once, each with its own depth, never exceed it. */
static void load_queue_depth_bounds_reads_in_flight(void)
{
	struct slow_file sf[3];
	struct bg_load l[3];
	pthread_t t[3];

	static const char *const names[] = { "depth1", "depth2", "depth3" };

	for (int i = 0; i < 3; i++) {
		slow_open(&sf[i], names[i], 24 * GATHER);
		sf[i].delay_ms = 3;
		l[i] = (struct bg_load) { .sf = &sf[i], .qd = i + 1 };
		CU_ASSERT_FATAL(pthread_create(&t[i], NULL, bg_load_main, &l[i]) == 0);
	}
	for (int i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		CU_ASSERT_EQUAL(l[i].err, 0);
		CU_ASSERT(sf[i].peak >= 1 && sf[i].peak <= (int)l[i].qd);
		printf("\n    queue depth %u: at most %d reads at once", l[i].qd, sf[i].peak);
	}
	/* With 3 ms per read and 24 gathers, depth 3 must overlap some. */
	CU_ASSERT(sf[2].peak >= 2);
	kshim_wait_work_idle();
	for (int i = 0; i < 3; i++)
		slow_close(&sf[i]);
}

/*
 * Expect: loads allocate no workqueue of their own: they share one, so a
 * load pays no alloc_workqueue()/destroy_workqueue() and the depth is the
 * engine's, not a per-node max_active's.
 */
static void load_uses_no_workqueue_of_its_own(void)
{
	struct kshim_counts c;
	struct slow_file sf;
	struct bg_load l = { .sf = &sf, .qd = 2 };

	slow_open(&sf, "shared", 6 * GATHER + 5);
	kshim_counts_get(&c);
	CU_ASSERT_EQUAL(c.workqueues_allocated, 0);
	for (int i = 0; i < 3; i++) {
		bg_load_main(&l);
		CU_ASSERT_EQUAL(l.err, 0);
	}
	kshim_counts_get(&c);
	CU_ASSERT_EQUAL(c.workqueues_allocated, 0);
	kshim_wait_work_idle();
	slow_close(&sf);
}

/* What every read saw: the reader's credentials and the kiocb's priority. */
struct attribution {
	struct kshim_file kf;		/* first: private_data points here */
	pthread_mutex_t lock;
	long reads, other_uid, other_ioprio;
	unsigned int uid;
	int ioprio;
	bool deny_kernel;		/* refuse reads by the kernel's credentials */
};

/* An LSM's view: the credentials of whoever reads. */
static int attribution_permission(void *ctx, struct file *file, int mask)
{
	struct attribution *a = ctx;
	const struct cred *cred = current_cred();
	int ret = 0;

	pthread_mutex_lock(&a->lock);
	a->reads++;
	if (cred->uid != a->uid)
		a->other_uid++;
	if (a->deny_kernel && cred == &init_cred)
		ret = -EACCES;
	pthread_mutex_unlock(&a->lock);
	return ret;
}

static ssize_t attribution_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct attribution *a = iocb->ki_filp->private_data;

	pthread_mutex_lock(&a->lock);
	if (iocb->ki_ioprio != a->ioprio)
		a->other_ioprio++;
	pthread_mutex_unlock(&a->lock);
	return kshim_pread_fops.read_iter(iocb, to);
}

static const struct file_operations attribution_fops = { .read_iter = attribution_read_iter };

static long attribution_load(struct attribution *a, bool sync)
{
	struct heapread_params p;
	struct heapread_buffer *buf;
	char *path = test_make_file("creds", 12 * GATHER + 99);
	long err = 0;
	int fd;

	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	fd = open(path, O_RDONLY);
	CU_ASSERT_FATAL(fd >= 0 && kshim_file_open_fd(&a->kf, fd) == 0);
	a->kf.file.f_op = &attribution_fops;
	heapread_params_init(&p);
	p.gather_limit = GATHER;
	p.queue_depth = 3;
	p.sync = sync;
	buf = heapread_load(&a->kf.file, &p, NULL);
	if (IS_ERR(buf)) {
		err = PTR_ERR(buf);
	} else {
		CU_ASSERT(test_buffer_matches(buf, 12 * GATHER + 99));
		heapread_buffer_free(buf);
	}
	close(fd);
	test_remove_file(path);
	return err;
}

/*
 * Expect: every read of a load, sync or on the workers, runs with the
 * caller's credentials and carries the caller's I/O priority; an LSM that
 * refuses the kernel's own credentials (SELinux on Android) lets the load
 * through.
 */
static void load_reads_carry_the_callers_identity(void)
{
	struct attribution a = { .lock = PTHREAD_MUTEX_INITIALIZER, .uid = 4242,
				 .ioprio = IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 0),
				 .deny_kernel = true };
	struct cred *cred = kshim_cred_new(a.uid);

	CU_ASSERT_PTR_NOT_NULL_FATAL(cred);
	kshim_task_set_cred(current, cred);
	current->ioprio = a.ioprio;
	kshim_set_file_permission_hook(attribution_permission, &a);
	for (int sync = 0; sync <= 1; sync++) {
		a.reads = a.other_uid = a.other_ioprio = 0;
		a.deny_kernel = false;
		CU_ASSERT_EQUAL(attribution_load(&a, sync), 0);
		CU_ASSERT(a.reads >= 13);
		CU_ASSERT_EQUAL(a.other_uid, 0);
		CU_ASSERT_EQUAL(a.other_ioprio, 0);
		printf("\n    %s: %ld reads, %ld with other credentials, %ld with another priority",
		       sync ? "sync" : "async", a.reads, a.other_uid, a.other_ioprio);
		a.deny_kernel = true;
		CU_ASSERT_EQUAL(attribution_load(&a, sync), 0);
	}
	kshim_wait_work_idle();
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("heapread_load_workers");
	test_add_case(s, load_sigkill_returns_while_read_stalled, NULL);
	test_add_case(s, load_stalled_load_does_not_block_another, NULL);
	test_add_case(s, load_queue_depth_bounds_reads_in_flight, NULL);
	test_add_case(s, load_reads_what_is_ready_up_to_the_limit, NULL);
	test_add_case(s, load_uses_no_workqueue_of_its_own, NULL);
	test_add_case(s, load_reads_carry_the_callers_identity, NULL);
	return test_run_cunit();
}
