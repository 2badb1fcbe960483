/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (dup): compiler helpers with the kernel's meaning; READ_ONCE() and
 * WRITE_ONCE() are relaxed atomic accesses, which is what they give on every
 * architecture Linux supports.
 */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define __must_check	__attribute__((warn_unused_result))
#define __always_unused	__attribute__((unused))
#define __maybe_unused	__attribute__((unused))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

/* Relaxed atomic loads and stores: what READ_ONCE/WRITE_ONCE give on every arch. */
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, val)	__atomic_store_n(&(x), (val), __ATOMIC_RELAXED)

#endif /* _LINUX_COMPILER_H */
