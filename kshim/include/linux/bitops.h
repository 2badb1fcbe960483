/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* kshim (dup): fls_long() as <linux/bitops.h> defines it: 0 for 0, else 1 + the top bit. */
#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H

#include <linux/bits.h>

static inline unsigned int fls_long(unsigned long x)
{
	return x ? BITS_PER_LONG - __builtin_clzl(x) : 0;
}

#endif /* _LINUX_BITOPS_H */
