/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (dup): the kernel's errno values are Linux's userspace values, plus
 * the kernel-internal ones core/ meets. glibc's <errno.h> includes
 * <linux/errno.h> itself, so this file must do what the uapi one does: take
 * <asm/errno.h>.
 */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#include <asm/errno.h>

#define ERESTARTSYS	512

#endif /* _LINUX_ERRNO_H */
