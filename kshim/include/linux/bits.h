/* SPDX-License-Identifier: GPL-2.0 */
/* kshim (dup): BIT() and BITS_PER_LONG as <linux/bits.h> defines them. */
#ifndef _LINUX_BITS_H
#define _LINUX_BITS_H

#define BIT(nr)		(1UL << (nr))
#define BITS_PER_LONG	(8 * (int)sizeof(long))

#endif /* _LINUX_BITS_H */
