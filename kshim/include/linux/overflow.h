/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (dup): check_*_overflow() and size_mul()/size_add() with the
 * kernel's semantics: the check returns true on overflow, the size helpers
 * saturate at SIZE_MAX so an allocation of the result fails.
 */
#ifndef _LINUX_OVERFLOW_H
#define _LINUX_OVERFLOW_H

#include <linux/limits.h>

#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

static inline size_t size_mul(size_t a, size_t b)
{
	size_t r;

	return check_mul_overflow(a, b, &r) ? SIZE_MAX : r;
}

static inline size_t size_add(size_t a, size_t b)
{
	size_t r;

	return check_add_overflow(a, b, &r) ? SIZE_MAX : r;
}

#define struct_size(p, member, n)					\
	size_add(sizeof(*(p)), size_mul(sizeof(*(p)->member), (n)))

#endif /* _LINUX_OVERFLOW_H */
