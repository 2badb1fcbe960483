/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* kshim (dup): SIZE_MAX, INT_MAX and friends, from the C library's headers. */
#ifndef _LINUX_LIMITS_H
#define _LINUX_LIMITS_H

#include <limits.h>
#include <stdint.h>

#endif /* _LINUX_LIMITS_H */
