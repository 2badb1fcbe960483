/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim (custom): WARN_ON() returns its condition, as in the kernel, and
 * counts what it saw so tests can assert that no warning fired (the kernel's
 * panic_on_warn turns the same report into a crash). BUG_ON() aborts.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>

void kshim_warn(const char *file, int line, const char *cond);
void __attribute__((noreturn)) kshim_bug(const char *file, int line, const char *cond);

#define WARN_ON(cond) ({						\
	int __ret_warn_on = !!(cond);					\
	if (unlikely(__ret_warn_on))					\
		kshim_warn(__FILE__, __LINE__, #cond);			\
	unlikely(__ret_warn_on);					\
})

#define WARN_ON_ONCE(cond)	WARN_ON(cond)

#define BUG_ON(cond) do {						\
	if (unlikely(cond))						\
		kshim_bug(__FILE__, __LINE__, #cond);			\
} while (0)

#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)

#endif /* _LINUX_BUG_H */
