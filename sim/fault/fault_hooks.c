// SPDX-License-Identifier: GPL-2.0
/*
 * Fault plans (fault.h, docs/faults.md): the hooks that make the faults happen
 * (the spec parser is fault_spec.c, its printer fault_print.c). Allocation
 * hooks run from the shim's fault sites (off by default: one predictable branch
 * on kshim_fault_enabled); read hooks run from a struct file_operations put in
 * front of the file's own, so a file without a plan pays nothing at all.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/uio.h>
#include <kshim/fault.h>
#include <kshim/task.h>

#include "fault.h"
#include "pattern.h"

#define GROW_FILL		0xee	/* bytes a grown file gets: never the pattern's zeroes */

/* The plan being applied: one at a time, as the shim's fault policy. */
static struct hr_fault_plan *active;
/*
 * The plan's state that hooks on several workers change: the emulated end of
 * file, the inode size, whether the loader was killed. A plain mutex, which
 * the race detectors understand, rather than relaxed atomics they do not.
 */
static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
/* Its address tells one thread from another without pthread_t in the header. */
static __thread char thread_mark;

/* splitmix64 (pattern.h): a fixed function of (seed, kind, event). */
static uint64_t mix(uint64_t x)
{
	return hr_mix64(x + HR_GOLDEN);
}

static uint64_t event_random(const struct hr_fault_plan *plan, enum hr_fault_kind kind, long nth)
{
	return mix(plan->seed ^ mix(((uint64_t)kind << 48) ^ (uint64_t)nth));
}

static bool event_chance(const struct hr_fault_plan *plan, const struct hr_fault_clause *c,
			 long nth)
{
	return (event_random(plan, c->kind, nth) >> 11) * 0x1p-53 < c->p;
}

static void fired(struct hr_fault_clause *c, bool fatal)
{
	__atomic_add_fetch(&c->fired, 1, __ATOMIC_SEQ_CST);
	if (fatal)
		__atomic_add_fetch(&c->fired_fatal, 1, __ATOMIC_SEQ_CST);
}

static void deliver_sigkill(struct hr_fault_plan *plan)
{
	bool first;

	pthread_mutex_lock(&state_lock);
	first = !plan->signalled;
	plan->signalled = true;
	pthread_mutex_unlock(&state_lock);
	if (first)
		kshim_send_sigkill(plan->loader);
}

static bool signalled(struct hr_fault_plan *plan)
{
	bool ret;

	pthread_mutex_lock(&state_lock);
	ret = plan->signalled;
	pthread_mutex_unlock(&state_lock);
	return ret;
}

/*
 * signal@t: whoever first sees its virtual clock pass the time delivers.
 * Workers' clocks descend from the loader's, so all count from the loader's
 * clock when the plan was applied.
 */
static void check_time(struct hr_fault_plan *plan)
{
	u64 now = current->vclock - plan->vclock_start;

	for (int i = 0; i < plan->nr_clauses; i++) {
		struct hr_fault_clause *c = &plan->clause[i];
		long zero = 0;

		if (c->kind != HR_FAULT_SIGNAL_TIME || now < (u64)c->value)
			continue;
		if (__atomic_compare_exchange_n(&c->fired, &zero, 1, false,
						__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			deliver_sigkill(plan);
	}
}

static bool fault_alloc_page(void *ctx, long nth, gfp_t gfp, unsigned int order)
{
	struct hr_fault_plan *plan = ctx;
	long idx = nth + 1;
	bool fail = false;

	__atomic_store_n(&plan->nr_allocs, idx, __ATOMIC_SEQ_CST);
	__atomic_store_n(&plan->reads_before_last_alloc,
			 __atomic_load_n(&plan->nr_reads, __ATOMIC_SEQ_CST), __ATOMIC_SEQ_CST);
	check_time(plan);
	for (int i = 0; i < plan->nr_clauses; i++) {
		struct hr_fault_clause *c = &plan->clause[i];
		bool hit;

		switch (c->kind) {
		case HR_FAULT_ALLOC_AT:
			hit = c->at == idx;
			break;
		case HR_FAULT_ALLOC_ORDER:
			hit = order >= c->value;
			break;
		case HR_FAULT_ALLOC_PROB:
			hit = event_chance(plan, c, idx);
			break;
		case HR_FAULT_ALLOC_AFTER:
			hit = __atomic_load_n(&plan->pages_granted, __ATOMIC_SEQ_CST) +
			      (1L << order) > c->value;
			break;
		case HR_FAULT_SIGNAL_ALLOC:
			if (c->at == idx) {
				fired(c, false);
				deliver_sigkill(plan);
			}
			continue;
		default:
			continue;
		}
		if (hit) {
			fired(c, order == 0);
			fail = true;
		}
	}
	/* Read workers allocate too (a segment load's bounce pages): atomically. */
	if (!fail)
		__atomic_add_fetch(&plan->pages_granted, 1L << order, __ATOMIC_SEQ_CST);
	return fail;
}

static bool fault_kmalloc(void *ctx, long nth, size_t size)
{
	struct hr_fault_plan *plan = ctx;
	long idx = nth + 1;
	bool fail = false;

	__atomic_store_n(&plan->nr_kmallocs, idx, __ATOMIC_SEQ_CST);
	check_time(plan);
	for (int i = 0; i < plan->nr_clauses; i++) {
		struct hr_fault_clause *c = &plan->clause[i];

		if ((c->kind == HR_FAULT_KMALLOC_AT && c->at == idx) ||
		    (c->kind == HR_FAULT_KMALLOC_PROB && event_chance(plan, c, idx))) {
			fired(c, true);
			fail = true;
		}
	}
	return fail;
}

static bool on_loader_thread(const struct hr_fault_plan *plan)
{
	return &thread_mark == plan->loader_thread;
}

/*
 * read:stall@N: the read blocks, as on a stalled FUSE server or a hard NFS
 * mount, until the plan is removed (after the load returned) or a test
 * releases it (kshim_stall_release()). A read on the loader's own thread
 * (sync, or the inline executor) would wait for itself: it does not stall.
 */
static void read_stall(struct hr_fault_plan *plan, struct hr_fault_clause *c)
{
	if (on_loader_thread(plan))
		return;
	fired(c, false);
	kshim_stall_point();
}

static void sleep_ns(long ns)
{
	struct timespec ts = { ns / 1000000000L, ns % 1000000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * Poll until the loader is (@waiting) or is no longer in its killable wait.
 * Waiting for it to sleep stops when another clause kills it first.
 */
static bool await_loader(struct hr_fault_plan *plan, bool waiting)
{
	long deadline = now_ms() + HR_FAULT_WAIT_TIMEOUT_MS;

	while (kshim_task_in_killable_wait(plan->loader) != waiting) {
		if (waiting && signalled(plan))
			return false;
		if (now_ms() > deadline) {
			__atomic_store_n(&plan->wait_timed_out, true, __ATOMIC_SEQ_CST);
			return false;
		}
		sleep_ns(20000);
	}
	return true;
}

/*
 * signal@wait: hold this read until the loader sleeps in its killable wait,
 * kill it, and hold the read on until the loader has left the wait. Released
 * earlier, the read could complete the load before the woken loader looks,
 * and a completion that is done when the waiter looks wins over the signal
 * (in the kernel too). A read made by the loader itself (sync mode, inline
 * executor) can never see the wait: the clause does not fire.
 */
static void signal_at_wait(struct hr_fault_plan *plan, struct hr_fault_clause *c)
{
	if (on_loader_thread(plan) || !await_loader(plan, true))
		return;
	fired(c, false);
	deliver_sigkill(plan);
	await_loader(plan, false);
}

/* The file changes size: for real through @write_fd, else in the read path. */
static void change_size_locked(struct hr_fault_plan *plan, struct hr_fault_clause *c)
{
	struct inode *inode = file_inode(plan->file);
	int64_t size = i_size_read(inode);

	if (c->kind == HR_FAULT_TRUNCATE) {
		size = c->value;
		if (plan->write_fd >= 0) {
			if (ftruncate(plan->write_fd, size))
				perror("fault: truncate");
		} else if (plan->eof < 0 || size < plan->eof) {
			plan->eof = size;
		}
	} else if (plan->write_fd >= 0) {
		struct stat st;
		char fill[4096];
		long left = c->value;

		memset(fill, GROW_FILL, sizeof(fill));
		if (fstat(plan->write_fd, &st) == 0)
			size = st.st_size;
		while (left > 0) {
			long n = min_t(long, left, sizeof(fill));

			if (pwrite(plan->write_fd, fill, n, size) != n) {
				perror("fault: grow");
				break;
			}
			size += n;
			left -= n;
		}
	} else {
		size += c->value;
	}
	/* What the kernel's inode would now say; the engine sized its buffer before. */
	__atomic_store_n(&inode->i_size, size, __ATOMIC_RELAXED);
	fired(c, false);
}

static void change_size(struct hr_fault_plan *plan, struct hr_fault_clause *c)
{
	pthread_mutex_lock(&state_lock);
	change_size_locked(plan, c);
	pthread_mutex_unlock(&state_lock);
}

static int64_t emulated_eof(struct hr_fault_plan *plan)
{
	int64_t eof;

	pthread_mutex_lock(&state_lock);
	eof = plan->eof;
	pthread_mutex_unlock(&state_lock);
	return eof;
}

/* Faults that replace the read: a negative errno, 0, an overlong count, or 1 to read. */
static ssize_t replaced_read(struct hr_fault_plan *plan, long idx, size_t want)
{
	for (int i = 0; i < plan->nr_clauses; i++) {
		struct hr_fault_clause *c = &plan->clause[i];

		switch (c->kind) {
		case HR_FAULT_READ_AT:
			if (c->at != idx)
				continue;
			break;
		case HR_FAULT_READ_PROB:
			if (!event_chance(plan, c, idx))
				continue;
			break;
		case HR_FAULT_READ_ZERO:
			if (c->at != idx)
				continue;
			fired(c, true);
			return 0;
		case HR_FAULT_READ_LONG:
			if (c->at != idx)
				continue;
			fired(c, true);
			return want + 1;
		default:
			continue;
		}
		fired(c, true);
		return -c->value;
	}
	return 1;
}

static bool direct_io(const struct hr_fault_plan *plan)
{
	return plan->file->f_flags & O_DIRECT;
}

/* How much of @want this read may transfer: read:short. Whole pages for direct I/O. */
static size_t read_limit(struct hr_fault_plan *plan, long idx, size_t want)
{
	size_t limit = want;

	for (int i = 0; i < plan->nr_clauses; i++) {
		struct hr_fault_clause *c = &plan->clause[i];
		size_t len;

		if (c->kind != HR_FAULT_READ_SHORT)
			continue;
		if (c->value)
			len = c->value;
		else
			len = 1 + event_random(plan, c->kind, idx) % want;
		if (direct_io(plan))
			len = max_t(size_t, len & PAGE_MASK, PAGE_SIZE);
		if (len < want)
			fired(c, false);
		limit = min(limit, len);
	}
	return limit;
}

/* read:late: finish the read later, in virtual time and, on a worker, in real time. */
static void read_late(struct hr_fault_plan *plan, long idx)
{
	for (int i = 0; i < plan->nr_clauses; i++) {
		struct hr_fault_clause *c = &plan->clause[i];
		long delay;

		if (c->kind != HR_FAULT_READ_LATE)
			continue;
		delay = event_random(plan, c->kind, idx) % (uint64_t)(c->value + 1);
		current->vclock += delay;
		if (!on_loader_thread(plan))
			sleep_ns(delay);
		fired(c, false);
	}
}

static ssize_t fault_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct hr_fault_plan *plan = active;
	long idx = __atomic_add_fetch(&plan->nr_reads, 1, __ATOMIC_SEQ_CST);
	size_t want = iov_iter_count(to), limit, keep = 0;
	loff_t pos = iocb->ki_pos;
	struct iov_iter part;
	int64_t eof;
	ssize_t ret;

	check_time(plan);
	for (int i = 0; i < plan->nr_clauses; i++) {
		struct hr_fault_clause *c = &plan->clause[i];

		if (c->at != idx)
			continue;
		if (c->kind == HR_FAULT_SIGNAL_READ) {
			fired(c, false);
			deliver_sigkill(plan);
		} else if (c->kind == HR_FAULT_SIGNAL_WAIT) {
			signal_at_wait(plan, c);
		} else if (c->kind == HR_FAULT_TRUNCATE || c->kind == HR_FAULT_GROW) {
			change_size(plan, c);
		} else if (c->kind == HR_FAULT_READ_STALL) {
			read_stall(plan, c);
		}
	}
	ret = replaced_read(plan, idx, want);
	if (ret != 1)
		return ret;
	limit = read_limit(plan, idx, want);
	eof = emulated_eof(plan);
	if (eof >= 0) {
		/* An emulated end of file; direct I/O still reads whole blocks. */
		if (pos >= eof)
			return 0;
		keep = eof - pos;
		limit = min_t(uint64_t, limit, direct_io(plan) ? round_up(keep, PAGE_SIZE) : keep);
	}
	part = *to;
	iov_iter_truncate(&part, limit);
	ret = plan->inner->read_iter(iocb, &part);
	if (eof >= 0 && ret > 0 && (size_t)ret > keep) {
		ret = keep;
		iocb->ki_pos = pos + keep;
	}
	if (ret > 0)
		iov_iter_advance(to, ret);
	read_late(plan, idx);
	check_time(plan);
	return ret;
}

static const struct file_operations fault_fops = {
	.read_iter = fault_read_iter,
};

/**
 * hr_fault_apply() - make @plan's faults happen from now on
 * @plan: a parsed plan; its counters and fired counts start again from zero
 * @file: the file the load reads, whose f_op gets wrapped; NULL for
 *        allocation faults only
 *
 * The calling task is the loader: signals go to it. One plan at a time.
 * Every allocation and read is counted even by an empty plan, so a clean
 * run tells how many events a load makes.
 */
void hr_fault_apply(struct hr_fault_plan *plan, struct file *file)
{
	const struct kshim_fault_policy policy = {
		.fail_alloc_page = fault_alloc_page,
		.fail_kmalloc = fault_kmalloc,
		.ctx = plan,
	};

	if (active) {
		fprintf(stderr, "fault: a plan is already applied\n");
		abort();
	}
	for (int i = 0; i < plan->nr_clauses; i++) {
		plan->clause[i].fired = plan->clause[i].fired_fatal = 0;
		if (plan->clause[i].kind == HR_FAULT_READ_STALL)
			kshim_stall_arm();
	}
	plan->nr_allocs = plan->nr_kmallocs = plan->nr_reads = 0;
	plan->reads_before_last_alloc = 0;
	plan->pages_granted = 0;
	plan->signalled = false;
	plan->wait_timed_out = false;
	plan->eof = -1;
	plan->loader = current;
	plan->loader_thread = &thread_mark;
	plan->vclock_start = current->vclock;
	plan->file = file;
	plan->inner = NULL;
	active = plan;
	if (file) {
		plan->i_size_at_apply = i_size_read(file_inode(file));
		plan->inner = file->f_op;
		file->f_op = &fault_fops;
	}
	kshim_fault_set(&policy);
}

/**
 * hr_fault_remove() - undo hr_fault_apply(), after the load returned
 * @plan: the applied plan; its counts stay readable
 *
 * Restores the file's f_op (and its inode size after an emulated truncate@
 * or grow@), removes the allocation policy and takes back the SIGKILL the
 * plan delivered, so nothing leaks into the next load.
 */
void hr_fault_remove(struct hr_fault_plan *plan)
{
	if (active != plan)
		return;
	kshim_stall_release();
	kshim_fault_reset();
	if (plan->file) {
		plan->file->f_op = plan->inner;
		/* An emulated size change ends with the load: the file never changed. */
		if (plan->write_fd < 0)
			__atomic_store_n(&file_inode(plan->file)->i_size, plan->i_size_at_apply,
					 __ATOMIC_RELAXED);
	}
	if (plan->signalled)
		kshim_clear_sigkill(plan->loader);
	active = NULL;
}

long hr_fault_fired(const struct hr_fault_plan *plan, enum hr_fault_kind kind)
{
	long n = 0;

	for (int i = 0; i < plan->nr_clauses; i++)
		if (plan->clause[i].kind == kind)
			n += __atomic_load_n(&plan->clause[i].fired, __ATOMIC_SEQ_CST);
	return n;
}

long hr_fault_fired_fatal(const struct hr_fault_plan *plan)
{
	long n = 0;

	for (int i = 0; i < plan->nr_clauses; i++)
		n += __atomic_load_n(&plan->clause[i].fired_fatal, __ATOMIC_SEQ_CST);
	return n;
}
