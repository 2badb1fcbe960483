/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* kshim internal: the counters behind kshim/accounting.h. */
#ifndef _KSHIM_ACCOUNTING_INTERNAL_H
#define _KSHIM_ACCOUNTING_INTERNAL_H

#include <kshim/accounting.h>

extern struct kshim_counts kshim_counts;

#define kshim_count_add(field, n)	__atomic_add_fetch(&kshim_counts.field, (n), __ATOMIC_SEQ_CST)
#define kshim_count_inc(field)		kshim_count_add(field, 1)
#define kshim_count_dec(field)		kshim_count_add(field, -1)

void kshim_accounting_zero(void);

#endif /* _KSHIM_ACCOUNTING_INTERNAL_H */
