/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* kshim (dup): the SZ_* constants of <linux/sizes.h> that core/ uses. */
#ifndef _LINUX_SIZES_H
#define _LINUX_SIZES_H

#define SZ_4K		0x00001000
#define SZ_1M		0x00100000
#define SZ_4M		0x00400000
#define SZ_128M		0x08000000
#define SZ_1G		0x40000000

#endif /* _LINUX_SIZES_H */
