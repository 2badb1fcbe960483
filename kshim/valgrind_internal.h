/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim internal: exempt a variable that is only ever accessed with C11
 * atomics from helgrind's and drd's race detection. Both see an x86 relaxed
 * atomic load or store as a plain move, so every such flag looks racy; a
 * suppression would have to name every caller and would hide real races
 * there. Used for the SIGKILL flag (task.c) and a lock's owner (mutex.c).
 */
#ifndef _KSHIM_VALGRIND_INTERNAL_H
#define _KSHIM_VALGRIND_INTERNAL_H

#if __has_include(<valgrind/helgrind.h>) && __has_include(<valgrind/drd.h>)
#include <valgrind/helgrind.h>
#include <valgrind/drd.h>	/* after helgrind.h: it redefines the ANNOTATE_ macros */
#define valgrind_atomic_flag(x)	do {					\
	VALGRIND_HG_DISABLE_CHECKING(&(x), sizeof(x));			\
	DRD_IGNORE_VAR(x);						\
} while (0)
#else
#define valgrind_atomic_flag(x)	do { } while (0)
#endif

#endif /* _KSHIM_VALGRIND_INTERNAL_H */
