// SPDX-License-Identifier: GPL-2.0
/*
 * kshim_contracts: the shim keeps the kernel's contracts, not just its
 * signatures. WARN_ON() returns its condition and is counted; a mutex knows
 * its owner; a work item is never queued twice while pending and a
 * workqueue never runs more than max_active items at once; a killable wait
 * wakes on SIGKILL; iterators advance as the kernel's do; virtual time
 * follows happens-before; allocations fail when a policy says so.
 */
#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include <CUnit/Basic.h>

#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uio.h>
#include <linux/workqueue.h>
#include <kshim/accounting.h>
#include <kshim/backend.h>
#include <kshim/fault.h>
#include <kshim/file.h>
#include <kshim/memcg.h>
#include <kshim/task.h>
#include "testutil.h"

static void sleep_ms(int ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	nanosleep(&ts, NULL);
}

static void warn_on_returns_condition_and_counts(void)
{
	struct kshim_counts before, after;

	kshim_counts_get(&before);
	CU_ASSERT_FALSE(WARN_ON(0));
	CU_ASSERT_TRUE(WARN_ON(2 > 1));
	kshim_counts_get(&after);
	CU_ASSERT_EQUAL(after.warnings, before.warnings + 1);
	kshim_accounting_reset();
}

static void mutex_knows_its_owner(void)
{
	struct mutex m;

	mutex_init(&m);
	CU_ASSERT_FALSE(mutex_is_locked(&m));
	mutex_lock(&m);
	CU_ASSERT_TRUE(mutex_is_locked(&m));
	CU_ASSERT_TRUE(kshim_mutex_held_by_current(&m));
	CU_ASSERT_FALSE(lockdep_assert_held(&m));
	mutex_unlock(&m);
	CU_ASSERT_TRUE(lockdep_assert_held(&m));	/* fires: not held */
	mutex_destroy(&m);
	kshim_accounting_reset();
}

struct counting_work {
	struct work_struct work;
	int *running, *peak, *runs;
	pthread_mutex_t *lock;
};

static void counting_fn(struct work_struct *w)
{
	struct counting_work *cw = container_of(w, struct counting_work, work);

	pthread_mutex_lock(cw->lock);
	if (++*cw->running > *cw->peak)
		*cw->peak = *cw->running;
	pthread_mutex_unlock(cw->lock);
	sleep_ms(2);
	pthread_mutex_lock(cw->lock);
	--*cw->running;
	++*cw->runs;
	pthread_mutex_unlock(cw->lock);
}

/* 24 items on a workqueue of max_active 3: all run, never more than 3 at once. */
static void workqueue_respects_max_active(void)
{
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct counting_work cw[24];
	int running = 0, peak = 0, runs = 0;
	struct workqueue_struct *wq = alloc_workqueue("test", WQ_UNBOUND, 3);

	CU_ASSERT_PTR_NOT_NULL_FATAL(wq);
	for (int i = 0; i < 24; i++) {
		cw[i] = (struct counting_work) { .running = &running, .peak = &peak,
						 .runs = &runs, .lock = &lock };
		INIT_WORK(&cw[i].work, counting_fn);
		CU_ASSERT_TRUE(queue_work(wq, &cw[i].work));
	}
	flush_workqueue(wq);
	CU_ASSERT_EQUAL(runs, 24);
	CU_ASSERT(peak >= 1 && peak <= 3);
	destroy_workqueue(wq);
	CU_ASSERT(kshim_accounting_report("max_active"));
}

static struct completion gate;

static void gated_fn(struct work_struct *w)
{
	wait_for_completion(&gate);
}

/* While an item is pending (not yet started), queueing it again is refused. */
static void queue_work_refuses_pending_item(void)
{
	struct workqueue_struct *wq = alloc_workqueue("test", WQ_UNBOUND, 1);
	struct work_struct blocker;

	init_completion(&gate);
	INIT_WORK(&blocker, gated_fn);
	CU_ASSERT_TRUE(queue_work(wq, &blocker));
	{
		pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
		int running = 0, peak = 0, runs = 0;
		struct counting_work cw = { .running = &running, .peak = &peak, .runs = &runs,
					    .lock = &lock };

		INIT_WORK(&cw.work, counting_fn);
		CU_ASSERT_TRUE(queue_work(wq, &cw.work));
		CU_ASSERT_FALSE(queue_work(wq, &cw.work));
		complete(&gate);
		destroy_workqueue(wq);
		CU_ASSERT_EQUAL(runs, 1);
	}
	CU_ASSERT(kshim_accounting_report("pending"));
}

struct reentry_work {
	struct work_struct work;
	struct workqueue_struct *wq;
	pthread_mutex_t lock;
	int running, peak, runs;
};

static void reentry_fn(struct work_struct *w)
{
	struct reentry_work *rw = container_of(w, struct reentry_work, work);
	bool first;

	pthread_mutex_lock(&rw->lock);
	if (++rw->running > rw->peak)
		rw->peak = rw->running;
	first = !rw->runs++;
	pthread_mutex_unlock(&rw->lock);
	if (first) {
		/* Queued again while it runs: allowed, the pending bit is clear. */
		CU_ASSERT_TRUE(queue_work(rw->wq, &rw->work));
		sleep_ms(30);
	}
	pthread_mutex_lock(&rw->lock);
	rw->running--;
	pthread_mutex_unlock(&rw->lock);
}

/*
 * Expect: an item queued again while it runs is run again, after the first
 * run returned, never beside it, though idle workers are there to take it.
 */
static void workqueue_requeued_running_item_never_runs_twice_at_once(void)
{
	struct reentry_work rw = { .lock = PTHREAD_MUTEX_INITIALIZER };

	rw.wq = alloc_workqueue("reentry", WQ_UNBOUND, 4);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rw.wq);
	INIT_WORK(&rw.work, reentry_fn);
	CU_ASSERT_TRUE(queue_work(rw.wq, &rw.work));
	flush_workqueue(rw.wq);
	destroy_workqueue(rw.wq);
	CU_ASSERT_EQUAL(rw.runs, 2);
	CU_ASSERT_EQUAL(rw.peak, 1);
}

static void *kill_later(void *arg)
{
	sleep_ms(20);
	kshim_send_sigkill(arg);
	return NULL;
}

static void killable_wait_wakes_on_sigkill(void)
{
	struct completion never;
	pthread_t killer;

	init_completion(&never);
	CU_ASSERT_FATAL(pthread_create(&killer, NULL, kill_later, current) == 0);
	CU_ASSERT_EQUAL(wait_for_completion_killable(&never), -ERESTARTSYS);
	pthread_join(killer, NULL);
	/* A completion that is done wins over a pending signal. */
	complete(&never);
	CU_ASSERT_EQUAL(wait_for_completion_killable(&never), 0);
	kshim_clear_sigkill(current);
	CU_ASSERT_FALSE(fatal_signal_pending(current));
}

static void completion_counts_and_complete_all(void)
{
	struct completion c;

	init_completion(&c);
	CU_ASSERT_FALSE(completion_done(&c));
	complete(&c);
	complete(&c);
	wait_for_completion(&c);
	CU_ASSERT_TRUE(completion_done(&c));
	wait_for_completion(&c);
	CU_ASSERT_FALSE(completion_done(&c));
	complete_all(&c);
	wait_for_completion(&c);
	wait_for_completion(&c);
	CU_ASSERT_TRUE(completion_done(&c));
	reinit_completion(&c);
	CU_ASSERT_FALSE(completion_done(&c));
}

/* Two chunks as bvecs: advance across the boundary, zero, copy, truncate. */
static void iov_iter_bvec_advances_like_the_kernel(void)
{
	struct page *a = alloc_pages(GFP_KERNEL | __GFP_COMP, 1);
	struct page *b = alloc_pages(GFP_KERNEL, 0);
	struct bio_vec bv[2] = {
		{ .bv_page = a, .bv_len = 2 * PAGE_SIZE, .bv_offset = 0 },
		{ .bv_page = b, .bv_len = PAGE_SIZE - 100, .bv_offset = 100 },
	};
	char src[300];
	struct iov_iter it;

	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(compound_order(a), 1);
	CU_ASSERT_EQUAL(compound_order(b), 0);
	CU_ASSERT_PTR_EQUAL(page_address(a + 1), (char *)page_address(a) + PAGE_SIZE);
	memset(src, 0xab, sizeof(src));
	memset(page_address(a), 0x11, 2 * PAGE_SIZE);
	memset(page_address(b), 0x22, PAGE_SIZE);
	iov_iter_bvec(&it, ITER_DEST, bv, 2, 3 * PAGE_SIZE - 100);
	iov_iter_advance(&it, 2 * PAGE_SIZE - 150);
	CU_ASSERT_EQUAL(iov_iter_count(&it), PAGE_SIZE + 50);
	CU_ASSERT_EQUAL(copy_to_iter(src, 300, &it), 300);	/* 150 in a, 150 in b */
	CU_ASSERT_EQUAL(((unsigned char *)page_address(a))[2 * PAGE_SIZE - 151], 0x11);
	CU_ASSERT_EQUAL(((unsigned char *)page_address(a))[2 * PAGE_SIZE - 150], 0xab);
	CU_ASSERT_EQUAL(((unsigned char *)page_address(b))[99], 0x22);
	CU_ASSERT_EQUAL(((unsigned char *)page_address(b))[100], 0xab);
	CU_ASSERT_EQUAL(((unsigned char *)page_address(b))[249], 0xab);
	CU_ASSERT_EQUAL(((unsigned char *)page_address(b))[250], 0x22);
	iov_iter_truncate(&it, 10);
	CU_ASSERT_EQUAL(iov_iter_zero(100, &it), 10);
	CU_ASSERT_EQUAL(((unsigned char *)page_address(b))[259], 0);
	CU_ASSERT_EQUAL(((unsigned char *)page_address(b))[260], 0x22);
	__free_pages(a, 1);
	__free_pages(b, 0);
	CU_ASSERT(kshim_accounting_report("iov_iter"));
}

static bool fail_order_two(void *ctx, long nth, gfp_t gfp, unsigned int order)
{
	return order == 2;
}

static bool fail_every_kmalloc(void *ctx, long nth, size_t size)
{
	return true;
}

static void allocations_fail_by_policy_and_are_counted(void)
{
	struct kshim_fault_policy p = { .fail_alloc_page = fail_order_two,
					.fail_kmalloc = fail_every_kmalloc };
	struct kshim_counts c;
	struct page *pg;

	kshim_accounting_reset();
	kshim_fault_set(&p);
	CU_ASSERT_PTR_NULL(alloc_pages(GFP_KERNEL, 2));
	CU_ASSERT_PTR_NULL(kmalloc(16, GFP_KERNEL));
	pg = alloc_pages(GFP_KERNEL | __GFP_ZERO, 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
	kshim_fault_reset();
	CU_ASSERT_EQUAL(((unsigned char *)page_address(pg))[8 * PAGE_SIZE - 1], 0);
	CU_ASSERT_EQUAL(kshim_pages_live(), 8);
	CU_ASSERT_FALSE(kshim_accounting_clean());
	__free_pages(pg, 3);
	kshim_counts_get(&c);
	CU_ASSERT_EQUAL(c.page_allocs, 2);
	CU_ASSERT_EQUAL(c.page_alloc_failures, 1);
	CU_ASSERT_EQUAL(c.pages_out[3], 1);
	CU_ASSERT_EQUAL(c.pages_back[3], 1);
	CU_ASSERT(kshim_accounting_report("fault policy"));
}

/* Expect: kmalloc(0) is ZERO_SIZE_PTR, not an object; kfree() takes it. */
static void kmalloc_zero_returns_zero_size_ptr(void)
{
	void *p = kmalloc(0, GFP_KERNEL);
	struct kshim_counts c;

	CU_ASSERT_PTR_EQUAL(p, ZERO_SIZE_PTR);
	CU_ASSERT_TRUE(ZERO_OR_NULL_PTR(p));
	kshim_counts_get(&c);
	CU_ASSERT_EQUAL(c.kmalloc_live, 0);
	kfree(p);
	CU_ASSERT_PTR_EQUAL(kvcalloc(0, 16, GFP_KERNEL), ZERO_SIZE_PTR);
}

/* Expect: kvmalloc() above INT_MAX fails, and warns unless __GFP_NOWARN. */
static void kvmalloc_over_int_max_fails_and_warns_unless_nowarn(void)
{
	struct kshim_counts c;

	CU_ASSERT_PTR_NULL(kvmalloc((size_t)INT_MAX + 1, GFP_KERNEL | __GFP_NOWARN));
	kshim_counts_get(&c);
	CU_ASSERT_EQUAL(c.warnings, 0);
	CU_ASSERT_PTR_NULL(kvmalloc_array(1UL << 28, 16, GFP_KERNEL));
	kshim_counts_get(&c);
	CU_ASSERT_EQUAL(c.warnings, 1);
	CU_ASSERT_PTR_NULL(kvmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL));	/* overflow */
	kshim_accounting_reset();
}

/*
 * Expect: kzalloc_obj() and friends allocate the size of the type (times
 * the count), zeroed by kz*, with the GFP flags given or GFP_KERNEL (not
 * charged) without; a count that overflows fails rather than allocating less.
 */
static void typed_allocators_size_zero_and_saturate(void)
{
	static const unsigned char zero[sizeof(long) * 5];
	struct obj { long a[5]; } *p, *arr;
	struct kshim_counts c;

	kshim_memcg_set_limit(1 << 20);
	p = kmalloc_obj(*p, GFP_KERNEL_ACCOUNT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(kshim_memcg_usage(), sizeof(*p));
	kfree(p);
	p = kzalloc_obj(*p, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(kshim_memcg_usage(), sizeof(*p));
	CU_ASSERT_EQUAL(memcmp(p, zero, sizeof(*p)), 0);
	arr = kvzalloc_objs(struct obj, 3, GFP_KERNEL_ACCOUNT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(arr);
	CU_ASSERT_EQUAL(kshim_memcg_usage(), 4 * sizeof(*p));
	CU_ASSERT_EQUAL(memcmp(&arr[2], zero, sizeof(*p)), 0);
	kvfree(arr);
	arr = kzalloc_objs(*arr, 7);	/* GFP_KERNEL: not charged */
	CU_ASSERT_PTR_NOT_NULL_FATAL(arr);
	CU_ASSERT_EQUAL(kshim_memcg_usage(), sizeof(*p));
	CU_ASSERT_EQUAL(memcmp(&arr[6], zero, sizeof(*p)), 0);
	kfree(arr);
	kfree(p);
	/* NOWARN: the kernel warns about a kmalloc() above its largest order. */
	CU_ASSERT_PTR_NULL(kmalloc_objs(*p, SIZE_MAX / 8 + 1, GFP_KERNEL | __GFP_NOWARN));
	CU_ASSERT_PTR_NULL(kvmalloc_objs(*p, SIZE_MAX / 8 + 1, GFP_KERNEL | __GFP_NOWARN));
	kshim_counts_get(&c);
	CU_ASSERT_EQUAL(c.kmalloc_live, 0);
	CU_ASSERT_EQUAL(c.warnings, 0);
	CU_ASSERT_EQUAL(kshim_memcg_usage(), 0);
	kshim_memcg_set_limit(0);
	kshim_accounting_reset();
}

/*
 * Expect: __GFP_ACCOUNT allocations are charged to the caller's memory
 * cgroup and uncharged when freed; over the limit they fail, and one that
 * did not say it may fail gets its task killed by the cgroup's OOM killer.
 */
static void gfp_account_charges_the_memcg_and_fails_over_its_limit(void)
{
	struct page *pg;
	void *obj;

	kshim_memcg_set_limit(3 * PAGE_SIZE);
	pg = alloc_pages(GFP_KERNEL | __GFP_ACCOUNT, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
	obj = kmalloc(100, GFP_KERNEL_ACCOUNT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(obj);
	CU_ASSERT_EQUAL(kshim_memcg_usage(), 2 * PAGE_SIZE + 100);
	CU_ASSERT_PTR_NULL(alloc_pages(GFP_KERNEL | __GFP_ACCOUNT | __GFP_RETRY_MAYFAIL, 1));
	CU_ASSERT_FALSE(fatal_signal_pending(current));
	CU_ASSERT_PTR_NULL(alloc_pages(GFP_KERNEL | __GFP_ACCOUNT, 1));
	CU_ASSERT_TRUE(fatal_signal_pending(current));
	kshim_clear_sigkill(current);
	__free_pages(pg, 1);
	kfree(obj);
	CU_ASSERT_EQUAL(kshim_memcg_usage(), 0);
	kshim_accounting_reset();
}

/*
 * Expect: under fragmentation high orders fail once the contiguous memory
 * left is used, without any injected fault, while single pages still come.
 */
static void high_order_allocations_fail_under_fragmentation(void)
{
	struct page *big, *small;

	kshim_set_fragmentation(8);
	big = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	CU_ASSERT_PTR_NULL(alloc_pages(GFP_KERNEL | __GFP_COMP, 1));
	small = alloc_pages(GFP_KERNEL, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(small);
	__free_pages(big, 3);
	__free_pages(small, 0);
	kshim_accounting_reset();
}

/*
 * Expect: vfs_iocb_iter_read() refuses a file not open for reading (-EBADF)
 * and one without a read method (-EINVAL), calls the permission hook with
 * MAY_READ in the reading task and returns its refusal.
 */
static int deny_reads(void *ctx, struct file *file, int mask)
{
	*(int *)ctx = mask;
	return -EACCES;
}

static ssize_t never_read(struct kiocb *iocb, struct iov_iter *to)
{
	CU_FAIL("the read method ran");
	return -EIO;
}

static void vfs_iocb_iter_read_checks_mode_and_permission(void)
{
	static const struct file_operations fops = { .read_iter = never_read };
	struct page *pg = alloc_pages(GFP_KERNEL, 0);
	struct bio_vec bv = { .bv_page = pg, .bv_len = PAGE_SIZE };
	struct kshim_file kf;
	struct iov_iter it;
	struct kiocb kiocb;
	int mask = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
	kshim_file_init(&kf, &fops, S_IFREG | 0644, PAGE_SIZE, O_WRONLY, FMODE_WRITE);
	init_sync_kiocb(&kiocb, &kf.file);
	iov_iter_bvec(&it, ITER_DEST, &bv, 1, PAGE_SIZE);
	CU_ASSERT_EQUAL(vfs_iocb_iter_read(&kf.file, &kiocb, &it), -EBADF);
	kshim_file_init(&kf, &fops, S_IFREG | 0644, PAGE_SIZE, O_RDONLY, FMODE_READ);
	CU_ASSERT(kf.file.f_mode & FMODE_CAN_READ);
	kf.file.f_mode &= ~FMODE_CAN_READ;
	CU_ASSERT_EQUAL(vfs_iocb_iter_read(&kf.file, &kiocb, &it), -EINVAL);
	kf.file.f_mode |= FMODE_CAN_READ;
	kshim_set_file_permission_hook(deny_reads, &mask);
	CU_ASSERT_EQUAL(vfs_iocb_iter_read(&kf.file, &kiocb, &it), -EACCES);
	CU_ASSERT_EQUAL(mask, MAY_READ);
	kshim_set_file_permission_hook(NULL, NULL);
	__free_pages(pg, 0);
}

struct blocked_read {
	pthread_mutex_t lock;
	bool returned;
};

static void *stalled_reader(void *arg)
{
	struct blocked_read *br = arg;

	kshim_stall_point();
	pthread_mutex_lock(&br->lock);
	br->returned = true;
	pthread_mutex_unlock(&br->lock);
	return NULL;
}

/*
 * Expect: a read that reaches an armed stall blocks, whatever signal its
 * loader gets, until kshim_stall_release(); then it returns.
 */
static void reads_block_until_released(void)
{
	struct blocked_read br = { .lock = PTHREAD_MUTEX_INITIALIZER };
	pthread_t t;
	bool returned;

	kshim_stall_arm();
	CU_ASSERT_FATAL(pthread_create(&t, NULL, stalled_reader, &br) == 0);
	CU_ASSERT_TRUE(kshim_stall_wait_sleepers(1, 5000));
	kshim_send_sigkill(current);
	sleep_ms(30);
	pthread_mutex_lock(&br.lock);
	returned = br.returned;
	pthread_mutex_unlock(&br.lock);
	CU_ASSERT_FALSE(returned);
	kshim_stall_release();
	pthread_join(t, NULL);
	CU_ASSERT_TRUE(br.returned);
	CU_ASSERT_EQUAL(kshim_stall_sleepers(), 0);
	kshim_clear_sigkill(current);
}

struct timed_work {
	struct work_struct work;
	u64 cost;
	struct completion done;
};

static void timed_fn(struct work_struct *w)
{
	struct timed_work *tw = container_of(w, struct timed_work, work);

	current->vclock += tw->cost;
	complete(&tw->done);
}

/*
 * Inline and virtual-time executors, 2 virtual workers: items of 100 ns
 * queued at t=0 and 10 run at 0-100 and 10-110; a third queued at 20 waits
 * for the first worker (100-200). Waiting on them moves the waiter's clock
 * to their end.
 */
static void virtual_time_follows_happens_before_on(const struct kshim_executor *exec)
{
	struct timed_work tw[3];
	struct workqueue_struct *wq;
	struct task_struct *me = current;
	u64 start = me->vclock;

	kshim_set_executor(exec);
	kshim_set_clock(KSHIM_CLOCK_VIRTUAL);
	wq = alloc_workqueue("virtual", WQ_UNBOUND, 2);
	kshim_set_executor(NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(wq);
	for (int i = 0; i < 3; i++) {
		tw[i].cost = 100;
		init_completion(&tw[i].done);
		INIT_WORK(&tw[i].work, timed_fn);
		me->vclock = start + 10 * i;
		queue_work(wq, &tw[i].work);
	}
	CU_ASSERT_EQUAL(ktime_get_ns(), start + 20);
	wait_for_completion(&tw[1].done);
	CU_ASSERT_EQUAL(me->vclock, start + 110);
	wait_for_completion(&tw[2].done);
	CU_ASSERT_EQUAL(me->vclock, start + 200);
	destroy_workqueue(wq);
	CU_ASSERT_EQUAL(me->vclock, start + 200);
	kshim_set_clock(KSHIM_CLOCK_REAL);
	CU_ASSERT(kshim_accounting_report("virtual time"));
}

static void virtual_time_follows_happens_before(void)
{
	virtual_time_follows_happens_before_on(&kshim_inline_executor);
	virtual_time_follows_happens_before_on(&kshim_vtime_executor);
}

/*
 * The queuer publishes @published = i at t = 10 i (charging its time first,
 * as a loader allocates before it opens a window); an item queued at 0
 * looks at 0, at 55 and at 155.
 */
struct watching_work {
	struct work_struct work;
	const int *published;
	int seen[3];
};

static void watching_fn(struct work_struct *w)
{
	struct watching_work *ww = container_of(w, struct watching_work, work);

	ww->seen[0] = *ww->published;
	current->vclock += 55;
	kshim_vclock_sync();
	ww->seen[1] = *ww->published;
	current->vclock += 100;
	kshim_vclock_sync();
	ww->seen[2] = *ww->published;
}

/*
 * Expect (virtual-time executor): an item sees what its queuer did by the
 * item's own virtual time, at its start and after each step, whatever the
 * host order: 0, 5, 15. (Inline, it runs inside queue_work() and sees 0
 * three times.)
 */
static void vtime_items_see_the_queuer_at_their_own_time(void)
{
	struct watching_work ww = { 0 };
	struct workqueue_struct *wq;
	struct task_struct *me = current;
	u64 start = me->vclock;
	int published = 0;

	kshim_set_executor(&kshim_vtime_executor);
	kshim_set_clock(KSHIM_CLOCK_VIRTUAL);
	wq = alloc_workqueue("vtime", WQ_UNBOUND, 1);
	kshim_set_executor(NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(wq);
	ww.published = &published;
	INIT_WORK(&ww.work, watching_fn);
	CU_ASSERT_TRUE(queue_work(wq, &ww.work));
	for (int i = 1; i <= 20; i++) {
		me->vclock = start + 10 * i;
		kshim_vclock_sync();
		published = i;
	}
	destroy_workqueue(wq);
	CU_ASSERT_EQUAL(ww.seen[0], 0);
	CU_ASSERT_EQUAL(ww.seen[1], 5);
	CU_ASSERT_EQUAL(ww.seen[2], 15);
	CU_ASSERT_EQUAL(me->vclock, start + 200);
	kshim_set_clock(KSHIM_CLOCK_REAL);
	CU_ASSERT(kshim_accounting_report("vtime: items see their queuer"));
}

struct requeued_work {
	struct work_struct work;
	int runs, running, peak;
	u64 started[2];
};

static void requeued_fn(struct work_struct *w)
{
	struct requeued_work *rw = container_of(w, struct requeued_work, work);

	if (rw->runs < 2)
		rw->started[rw->runs] = current->vclock;
	rw->runs++;
	if (++rw->running > rw->peak)
		rw->peak = rw->running;
	current->vclock += 100;
	kshim_vclock_sync();
	rw->running--;
}

/*
 * Expect (virtual-time executor, 2 workers): an item queued again at t=50
 * while its run from 0 is at work runs again once that run returned (at
 * 100), not at 50 on the idle worker.
 */
static void vtime_requeued_item_waits_for_its_run(void)
{
	struct requeued_work rw = { 0 };
	struct workqueue_struct *wq;
	struct task_struct *me = current;
	u64 start = me->vclock;

	kshim_set_executor(&kshim_vtime_executor);
	kshim_set_clock(KSHIM_CLOCK_VIRTUAL);
	wq = alloc_workqueue("vtime", WQ_UNBOUND, 2);
	kshim_set_executor(NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(wq);
	INIT_WORK(&rw.work, requeued_fn);
	CU_ASSERT_TRUE(queue_work(wq, &rw.work));
	me->vclock = start + 50;
	kshim_vclock_sync();
	CU_ASSERT_EQUAL(rw.runs, 1);
	CU_ASSERT_TRUE(queue_work(wq, &rw.work));
	flush_work(&rw.work);
	CU_ASSERT_EQUAL(rw.runs, 2);
	CU_ASSERT_EQUAL(rw.peak, 1);
	CU_ASSERT_EQUAL(rw.started[0], start);
	CU_ASSERT_EQUAL(rw.started[1], start + 100);
	destroy_workqueue(wq);
	CU_ASSERT_EQUAL(me->vclock, start + 200);
	kshim_set_clock(KSHIM_CLOCK_REAL);
	CU_ASSERT(kshim_accounting_report("vtime: requeued item"));
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("kshim_contracts");
	CU_add_test(s, "warn_on_returns_condition_and_counts", warn_on_returns_condition_and_counts);
	CU_add_test(s, "mutex_knows_its_owner", mutex_knows_its_owner);
	CU_add_test(s, "workqueue_respects_max_active", workqueue_respects_max_active);
	CU_add_test(s, "queue_work_refuses_pending_item", queue_work_refuses_pending_item);
	CU_add_test(s, "workqueue_requeued_running_item_never_runs_twice_at_once",
		    workqueue_requeued_running_item_never_runs_twice_at_once);
	CU_add_test(s, "killable_wait_wakes_on_sigkill", killable_wait_wakes_on_sigkill);
	CU_add_test(s, "completion_counts_and_complete_all", completion_counts_and_complete_all);
	CU_add_test(s, "iov_iter_bvec_advances_like_the_kernel", iov_iter_bvec_advances_like_the_kernel);
	CU_add_test(s, "allocations_fail_by_policy_and_are_counted",
		    allocations_fail_by_policy_and_are_counted);
	CU_add_test(s, "kmalloc_zero_returns_zero_size_ptr", kmalloc_zero_returns_zero_size_ptr);
	CU_add_test(s, "kvmalloc_over_int_max_fails_and_warns_unless_nowarn",
		    kvmalloc_over_int_max_fails_and_warns_unless_nowarn);
	CU_add_test(s, "typed_allocators_size_zero_and_saturate",
		    typed_allocators_size_zero_and_saturate);
	CU_add_test(s, "gfp_account_charges_the_memcg_and_fails_over_its_limit",
		    gfp_account_charges_the_memcg_and_fails_over_its_limit);
	CU_add_test(s, "high_order_allocations_fail_under_fragmentation",
		    high_order_allocations_fail_under_fragmentation);
	CU_add_test(s, "vfs_iocb_iter_read_checks_mode_and_permission",
		    vfs_iocb_iter_read_checks_mode_and_permission);
	CU_add_test(s, "reads_block_until_released", reads_block_until_released);
	CU_add_test(s, "virtual_time_follows_happens_before", virtual_time_follows_happens_before);
	CU_add_test(s, "vtime_items_see_the_queuer_at_their_own_time",
		    vtime_items_see_the_queuer_at_their_own_time);
	CU_add_test(s, "vtime_requeued_item_waits_for_its_run", vtime_requeued_item_waits_for_its_run);
	return test_run_cunit();
}
