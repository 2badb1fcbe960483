/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault plans: every failure the engine can meet, made reproducible in
 * userspace. A plan is parsed from a small text spec (docs/faults.md), e.g.
 *
 *	alloc@17			the 17th alloc_pages() fails
 *	read@3:EIO,signal@alloc=40	the 3rd read fails with -EIO, and the
 *					loader gets SIGKILL at the 40th allocation
 *
 * and applied around one load: allocation faults through the shim's fault
 * policy (kshim_fault_set()), read faults through a struct file_operations
 * that wraps the file's own (pread, simulated device or io_uring alike),
 * signals through kshim_send_sigkill() to the task that applied the plan.
 * Nothing is hooked until hr_fault_apply(); hr_fault_remove() undoes it all.
 *
 * Events are counted from 1 in the order the hooks see them: the buffer's
 * allocations are made by the loader alone, so their order is fixed (a
 * segment load's bounce pages are allocated by its read workers, whose
 * allocations interleave); reads run on several workers, so "the 3rd read"
 * is the 3rd to start.
 */
#ifndef HEAPREAD_SIM_FAULT_H
#define HEAPREAD_SIM_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct file;
struct file_operations;
struct task_struct;

#define HR_FAULT_MAX_CLAUSES	16
/* signal@wait gives up (and sends nothing) after this long without a wait. */
#define HR_FAULT_WAIT_TIMEOUT_MS	30000

enum hr_fault_kind {
	HR_FAULT_ALLOC_AT,	/* alloc@N */
	HR_FAULT_ALLOC_ORDER,	/* alloc:order>=K */
	HR_FAULT_ALLOC_PROB,	/* alloc:p=P */
	HR_FAULT_ALLOC_AFTER,	/* alloc:after=PAGES */
	HR_FAULT_KMALLOC_AT,	/* kmalloc@N */
	HR_FAULT_KMALLOC_PROB,	/* kmalloc:p=P */
	HR_FAULT_READ_AT,	/* read@N[:ERRNO] */
	HR_FAULT_READ_PROB,	/* read:p=P[:ERRNO] */
	HR_FAULT_READ_SHORT,	/* read:short=random | read:short=BYTES */
	HR_FAULT_READ_ZERO,	/* read:zero@N */
	HR_FAULT_READ_LONG,	/* read:long@N */
	HR_FAULT_READ_LATE,	/* read:late[=DURATION] */
	HR_FAULT_READ_STALL,	/* read:stall@N */
	HR_FAULT_SIGNAL_ALLOC,	/* signal@alloc=N */
	HR_FAULT_SIGNAL_READ,	/* signal@read=N */
	HR_FAULT_SIGNAL_WAIT,	/* signal@wait[=N] */
	HR_FAULT_SIGNAL_TIME,	/* signal@t=DURATION, virtual time from hr_fault_apply() */
	HR_FAULT_TRUNCATE,	/* truncate@read=N:SIZE */
	HR_FAULT_GROW,		/* grow@read=N[:BYTES] */
	HR_FAULT_NR_KINDS
};

/**
 * struct hr_fault_clause - one fault of a plan
 * @kind: what it does
 * @at: the event it acts on, counted from 1; 0 for every event
 * @value: errno (positive), order, pages, bytes or nanoseconds, by @kind
 * @p: probability for the :p= kinds
 * @fired: times it acted during the last load (atomic)
 * @fired_fatal: of those, the ones the engine cannot recover from: an
 *               allocation failure of order 0 (a higher order falls back),
 *               any failed kmalloc, read error, zero or overlong read
 */
struct hr_fault_clause {
	enum hr_fault_kind kind;
	long at;
	long value;
	double p;
	long fired;
	long fired_fatal;
};

/**
 * struct hr_fault_plan - a parsed spec and its state during one load
 * @clause: the faults, in spec order
 * @nr_clauses: entries used in @clause
 * @seed: the generator of :p= and random choices (spec "seed=S"; default 1)
 * @write_fd: a writable fd of the file for truncate@ and grow@ to change
 *            the real file (ftruncate, pwrite); -1 (the default) emulates
 *            the change in the read path instead
 *
 * The rest is set by hr_fault_apply() and read after the load:
 * @nr_allocs, @nr_kmallocs, @nr_reads: events seen (allocations include
 * failed ones); @signalled: a SIGKILL was delivered; @reads_before_last_alloc:
 * @nr_reads when the last allocation began.
 */
struct hr_fault_plan {
	struct hr_fault_clause clause[HR_FAULT_MAX_CLAUSES];
	int nr_clauses;
	uint64_t seed;
	int write_fd;

	long nr_allocs;
	long nr_kmallocs;
	long nr_reads;
	long reads_before_last_alloc;
	bool signalled;

	/* private to sim/fault/fault_hooks.c */
	struct task_struct *loader;
	const void *loader_thread;
	struct file *file;
	const struct file_operations *inner;
	long pages_granted;
	int64_t eof;
	int64_t i_size_at_apply;
	uint64_t vclock_start;
	bool wait_timed_out;
};

void hr_fault_plan_init(struct hr_fault_plan *plan);
int hr_fault_parse(const char *spec, struct hr_fault_plan *plan, char *err, size_t errlen);
int hr_fault_format(const struct hr_fault_plan *plan, char *buf, size_t len);
void hr_fault_apply(struct hr_fault_plan *plan, struct file *file);
void hr_fault_remove(struct hr_fault_plan *plan);

/* Did any clause of @kind act? How often, in total? */
long hr_fault_fired(const struct hr_fault_plan *plan, enum hr_fault_kind kind);
long hr_fault_fired_fatal(const struct hr_fault_plan *plan);

/* "EIO" for EIO, or NULL for an errno the parser does not name. */
const char *hr_fault_errno_name(int err);

#endif /* HEAPREAD_SIM_FAULT_H */
