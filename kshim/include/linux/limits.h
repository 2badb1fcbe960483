/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_LIMITS_H
#define _LINUX_LIMITS_H

#include <limits.h>
#include <stdint.h>

#endif /* _LINUX_LIMITS_H */
