/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): printk levels; messages go to stderr, filtered by
 * KSHIM_LOGLEVEL as the console is by loglevel=.
 */
#ifndef _LINUX_PRINTK_H
#define _LINUX_PRINTK_H

#include <linux/compiler.h>

#define KERN_ERR	"3"
#define KERN_WARNING	"4"
#define KERN_INFO	"6"
#define KERN_DEBUG	"7"

__printf(2, 3) void kshim_printk(int level, const char *fmt, ...);

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define pr_err(fmt, ...)	kshim_printk(3, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	kshim_printk(4, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	kshim_printk(6, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	kshim_printk(7, pr_fmt(fmt), ##__VA_ARGS__)

#endif /* _LINUX_PRINTK_H */
