// SPDX-License-Identifier: GPL-2.0 OR MIT
/* kshim: what has been handed out and not yet returned. */
#include <stdio.h>
#include <string.h>

#include "accounting_internal.h"

struct kshim_counts kshim_counts;

#define load(field)	__atomic_load_n(&kshim_counts.field, __ATOMIC_SEQ_CST)

void kshim_counts_get(struct kshim_counts *c)
{
	for (int o = 0; o < KSHIM_MAX_ORDER; o++) {
		c->pages_out[o] = load(pages_out[o]);
		c->pages_back[o] = load(pages_back[o]);
	}
	c->page_allocs = load(page_allocs);
	c->page_alloc_failures = load(page_alloc_failures);
	c->kmalloc_live = load(kmalloc_live);
	c->work_pending = load(work_pending);
	c->reads_in_flight = load(reads_in_flight);
	c->reads_total = load(reads_total);
	c->workqueues_live = load(workqueues_live);
	c->workqueues_allocated = load(workqueues_allocated);
	c->warnings = load(warnings);
}

long kshim_pages_live(void)
{
	long pages = 0;

	for (int o = 0; o < KSHIM_MAX_ORDER; o++)
		pages += (load(pages_out[o]) - load(pages_back[o])) << o;
	return pages;
}

bool kshim_accounting_clean(void)
{
	return kshim_pages_live() == 0 && load(kmalloc_live) == 0 && load(work_pending) == 0 &&
	       load(reads_in_flight) == 0 && load(workqueues_live) == 0 && load(warnings) == 0;
}

bool kshim_accounting_report(const char *when)
{
	struct kshim_counts c;

	if (kshim_accounting_clean())
		return true;
	kshim_counts_get(&c);
	fprintf(stderr,
		"kshim: not clean %s: pages live %ld, kmalloc live %ld, work pending %ld, reads in flight %ld, workqueues live %ld, warnings %ld\n",
		when, kshim_pages_live(), c.kmalloc_live, c.work_pending, c.reads_in_flight,
		c.workqueues_live, c.warnings);
	return false;
}

void kshim_accounting_reset(void)
{
	for (int o = 0; o < KSHIM_MAX_ORDER; o++) {
		long live = load(pages_out[o]) - load(pages_back[o]);

		__atomic_store_n(&kshim_counts.pages_out[o], live, __ATOMIC_SEQ_CST);
		__atomic_store_n(&kshim_counts.pages_back[o], 0, __ATOMIC_SEQ_CST);
	}
	__atomic_store_n(&kshim_counts.page_allocs, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&kshim_counts.page_alloc_failures, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&kshim_counts.reads_total, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&kshim_counts.workqueues_allocated, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&kshim_counts.warnings, 0, __ATOMIC_SEQ_CST);
}

/* After a case was reported unclean: start the next one from zero. */
void kshim_accounting_zero(void)
{
	long *field = (long *)&kshim_counts;

	/* Every member is a long (kshim/accounting.h). */
	for (size_t i = 0; i < sizeof(kshim_counts) / sizeof(long); i++)
		__atomic_store_n(&field[i], 0, __ATOMIC_SEQ_CST);
}
