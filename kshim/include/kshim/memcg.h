/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): the memory the engine runs in. One modelled memory cgroup,
 * the caller's: allocations with __GFP_ACCOUNT by a task that is not a
 * kworker are charged to it and uncharged when freed. Over its limit an
 * allocation fails; unless it said it may fail (__GFP_RETRY_MAYFAIL or
 * __GFP_NORETRY) the cgroup's OOM killer first kills the allocating task,
 * as the kernel's memcg OOM does to the only task of a cgroup. And the
 * machine's RAM (totalram_pages()), which the engine bounds its loads by,
 * and how fragmented its free memory is.
 */
#ifndef _KSHIM_MEMCG_H
#define _KSHIM_MEMCG_H

#include <linux/types.h>

/* The caller's cgroup limit in bytes; 0: none (the default). */
void kshim_memcg_set_limit(size_t bytes);
/* Bytes charged now. */
size_t kshim_memcg_usage(void);
/* The machine's RAM in pages; 0: the real machine's (the default). */
void kshim_set_totalram_pages(unsigned long pages);

/*
 * Fragmentation: from now on only @pages pages' worth of chunks above order
 * 0 can be had; after that every such allocation fails (no free block of
 * that size is left), as on a machine that has run for long, while single
 * pages still come. 0: no fragmentation (the default).
 */
void kshim_set_fragmentation(unsigned long pages);

#endif /* _KSHIM_MEMCG_H */
