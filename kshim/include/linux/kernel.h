/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (dup): the parts of <linux/kernel.h> that core/ uses, with the
 * kernel's definitions (DIV_ROUND_UP() overflows as the kernel's does).
 */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/bits.h>
#include <linux/minmax.h>
#include <linux/bug.h>
#include <linux/printk.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define __ALIGN_MASK(x, m)	(((x) + (m)) & ~(m))
#define ALIGN(x, a)		__ALIGN_MASK(x, (__typeof__(x))(a) - 1)
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define round_up(x, y)		ALIGN(x, y)
#define round_down(x, y)	ALIGN_DOWN(x, y)
/* For any @y, not only powers of two. */
#define rounddown(x, y)		({ __typeof__(x) __x = (x); __x - (__x % (y)); })

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define might_sleep()	do { } while (0)

#endif /* _LINUX_KERNEL_H */
