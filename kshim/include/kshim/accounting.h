/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): what the shim has handed out and not yet got back. Tests assert
 * kshim_accounting_clean() after every case: no page, no kmalloc object, no
 * pending or running work item, no read in flight, no live workqueue.
 */
#ifndef _KSHIM_ACCOUNTING_H
#define _KSHIM_ACCOUNTING_H

#include <linux/types.h>

#define KSHIM_MAX_ORDER 11

struct kshim_counts {
	long pages_out[KSHIM_MAX_ORDER];	/* chunks handed out, per order */
	long pages_back[KSHIM_MAX_ORDER];	/* chunks freed, per order */
	long page_allocs;			/* alloc_pages() calls, failed ones too */
	long page_alloc_failures;
	long kmalloc_live;
	long work_pending;			/* queued and not yet finished */
	long reads_in_flight;
	long reads_total;
	long workqueues_live;
	long workqueues_allocated;		/* alloc_workqueue() calls that succeeded */
	long warnings;				/* WARN_ON() that fired */
};

void kshim_counts_get(struct kshim_counts *c);
long kshim_pages_live(void);			/* in 4 KiB pages */
bool kshim_accounting_clean(void);
/* Print what is not clean to stderr; return true if clean. */
bool kshim_accounting_report(const char *when);
/* Zero the cumulative counters (live ones must already be zero). */
void kshim_accounting_reset(void);

#endif /* _KSHIM_ACCOUNTING_H */
