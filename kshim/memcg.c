// SPDX-License-Identifier: GPL-2.0 OR MIT
/* kshim: the modelled memory cgroup and RAM size (kshim/memcg.h). */
#include <limits.h>
#include <unistd.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <kshim/memcg.h>
#include <kshim/task.h>

#include "memcg_internal.h"

static size_t limit, usage;
static unsigned long ram_pages;

void kshim_memcg_set_limit(size_t bytes)
{
	__atomic_store_n(&limit, bytes, __ATOMIC_SEQ_CST);
}

size_t kshim_memcg_usage(void)
{
	return __atomic_load_n(&usage, __ATOMIC_SEQ_CST);
}

int kshim_memcg_charge(gfp_t gfp, size_t bytes)
{
	size_t max = __atomic_load_n(&limit, __ATOMIC_SEQ_CST);

	if (!(gfp & __GFP_ACCOUNT) || current->is_worker)
		return 0;
	if (max && __atomic_add_fetch(&usage, bytes, __ATOMIC_SEQ_CST) > max) {
		__atomic_sub_fetch(&usage, bytes, __ATOMIC_SEQ_CST);
		/* Nothing to reclaim: the memcg OOM killer picks the caller. */
		if (!(gfp & (__GFP_RETRY_MAYFAIL | __GFP_NORETRY)))
			kshim_send_sigkill(current);
		return -1;
	}
	if (!max)
		__atomic_add_fetch(&usage, bytes, __ATOMIC_SEQ_CST);
	return 1;
}

void kshim_memcg_uncharge(size_t bytes)
{
	__atomic_sub_fetch(&usage, bytes, __ATOMIC_SEQ_CST);
}

void kshim_memcg_zero(void)
{
	__atomic_store_n(&usage, 0, __ATOMIC_SEQ_CST);
}

/* Pages of order > 0 chunks still to be had; ULONG_MAX: unlimited. */
static unsigned long high_order_left = ULONG_MAX;

void kshim_set_fragmentation(unsigned long pages)
{
	__atomic_store_n(&high_order_left, pages ? pages : ULONG_MAX, __ATOMIC_SEQ_CST);
}

bool kshim_fragmented(unsigned int order)
{
	unsigned long left = __atomic_load_n(&high_order_left, __ATOMIC_SEQ_CST);
	unsigned long want = 1UL << order;

	if (!order || left == ULONG_MAX)
		return false;
	do {
		if (left < want)
			return true;
	} while (!__atomic_compare_exchange_n(&high_order_left, &left, left - want, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	return false;
}

void kshim_set_totalram_pages(unsigned long pages)
{
	__atomic_store_n(&ram_pages, pages, __ATOMIC_SEQ_CST);
}

unsigned long totalram_pages(void)
{
	unsigned long pages = __atomic_load_n(&ram_pages, __ATOMIC_SEQ_CST);

	return pages ? pages : (unsigned long)sysconf(_SC_PHYS_PAGES);
}
