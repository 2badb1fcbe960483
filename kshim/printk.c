// SPDX-License-Identifier: GPL-2.0 OR MIT
/* kshim: printk, WARN and BUG for userspace. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <linux/bug.h>
#include <linux/printk.h>

#include "accounting_internal.h"

/* Messages above this level are dropped; KSHIM_LOGLEVEL overrides (like loglevel=). */
static int console_loglevel(void)
{
	static int level = -1;

	if (level < 0) {
		const char *env = getenv("KSHIM_LOGLEVEL");

		level = env ? atoi(env) : 4;
	}
	return level;
}

void kshim_printk(int level, const char *fmt, ...)
{
	va_list ap;

	if (level >= console_loglevel())
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void kshim_warn(const char *file, int line, const char *cond)
{
	kshim_count_inc(warnings);
	fprintf(stderr, "WARNING: at %s:%d: %s\n", file, line, cond);
}

void kshim_bug(const char *file, int line, const char *cond)
{
	fprintf(stderr, "kernel BUG at %s:%d: %s\n", file, line, cond);
	abort();
}
