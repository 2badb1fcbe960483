/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* kshim (dup): BIT() and BITS_PER_LONG as <linux/bits.h> defines them. */
#ifndef _LINUX_BITS_H
#define _LINUX_BITS_H

#define BIT(nr)		(1UL << (nr))
#define BITS_PER_LONG	(8 * (int)sizeof(long))
#define BIT_ULL(nr)	(1ULL << (nr))
#define GENMASK_ULL(h, l) \
	(((~0ULL) - (1ULL << (l)) + 1) & (~0ULL >> (63 - (h))))

#endif /* _LINUX_BITS_H */
