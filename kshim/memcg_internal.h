/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* kshim internal: charging the modelled memory cgroup (kshim/memcg.h). */
#ifndef _KSHIM_MEMCG_INTERNAL_H
#define _KSHIM_MEMCG_INTERNAL_H

#include <linux/types.h>

/* 1: charged, 0: not accounted, -1: over the limit (the allocation fails). */
int kshim_memcg_charge(gfp_t gfp, size_t bytes);
void kshim_memcg_uncharge(size_t bytes);
/* Should an allocation of @order fail for want of a free block that big? */
bool kshim_fragmented(unsigned int order);
/* After a leak was reported: the next case starts from nothing charged. */
void kshim_memcg_zero(void);

#endif /* _KSHIM_MEMCG_INTERNAL_H */
