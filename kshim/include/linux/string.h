/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* kshim (dup): the kernel's string functions are the C library's. */
#ifndef _LINUX_STRING_H
#define _LINUX_STRING_H

#include <string.h>

#endif /* _LINUX_STRING_H */
