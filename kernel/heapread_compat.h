/* SPDX-License-Identifier: GPL-2.0 */
/*
 * heapread_compat.h - the kernel API differences heapread.ko meets, one
 * wrapper per difference. heapread_config.h, written by compat/compat.sh
 * from a feature test built against the target kernel, says which side of
 * each difference that kernel is on.
 */
#ifndef HEAPREAD_COMPAT_H
#define HEAPREAD_COMPAT_H

#include <linux/mm.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/stringify.h>

#include "heapread_config.h"

/*
 * The @n-th page after @page within one allocation. 7.x removed nth_page():
 * the struct pages of one allocation are contiguous in the memmap there.
 */
#ifdef HAVE_NTH_PAGE
#define heapread_nth_page(page, n)	nth_page(page, n)
#else
#define heapread_nth_page(page, n)	((page) + (n))
#endif

/* MODULE_IMPORT_NS() took a bare identifier before 6.13, a string since. */
#ifdef HAVE_MODULE_IMPORT_NS_IDENT
#define HEAPREAD_IMPORT_NS(ns)	MODULE_IMPORT_NS(ns)
#else
#define HEAPREAD_IMPORT_NS(ns)	MODULE_IMPORT_NS(__stringify(ns))
#endif

/*
 * The typed allocators (7.x), which the engine in core/ uses: kmalloc_obj(P)
 * allocates one object of typeof(P) and returns a pointer of that type,
 * *_objs(P, n) n of them, the size saturating (size_mul()) so that an
 * overflowing count fails; the GFP flags are an optional last argument,
 * GFP_KERNEL when absent. An older kernel gets the same macros over the
 * size-based allocators. Kbuild includes this header first in every file
 * of the module, so that the engine's files need no #ifdef.
 */
#ifndef HAVE_KMALLOC_OBJ
/* @none is always empty: heapread_default_gfp() passes nothing before its first comma. */
#define heapread_default_gfp_(none, gfp, ...)	(none gfp)
#define heapread_default_gfp(...)	heapread_default_gfp_(, ##__VA_ARGS__, GFP_KERNEL)
#define heapread_alloc_objs(alloc, gfp, type, count) \
	((type *)alloc(size_mul(sizeof(type), count), gfp))

#define kmalloc_obj(P, ...) \
	heapread_alloc_objs(kmalloc, heapread_default_gfp(__VA_ARGS__), typeof(P), 1)
#define kmalloc_objs(P, COUNT, ...) \
	heapread_alloc_objs(kmalloc, heapread_default_gfp(__VA_ARGS__), typeof(P), COUNT)
#define kzalloc_obj(P, ...) \
	heapread_alloc_objs(kzalloc, heapread_default_gfp(__VA_ARGS__), typeof(P), 1)
#define kzalloc_objs(P, COUNT, ...) \
	heapread_alloc_objs(kzalloc, heapread_default_gfp(__VA_ARGS__), typeof(P), COUNT)
#define kvmalloc_obj(P, ...) \
	heapread_alloc_objs(kvmalloc, heapread_default_gfp(__VA_ARGS__), typeof(P), 1)
#define kvmalloc_objs(P, COUNT, ...) \
	heapread_alloc_objs(kvmalloc, heapread_default_gfp(__VA_ARGS__), typeof(P), COUNT)
#define kvzalloc_obj(P, ...) \
	heapread_alloc_objs(kvzalloc, heapread_default_gfp(__VA_ARGS__), typeof(P), 1)
#define kvzalloc_objs(P, COUNT, ...) \
	heapread_alloc_objs(kvzalloc, heapread_default_gfp(__VA_ARGS__), typeof(P), COUNT)
#endif

#endif /* HEAPREAD_COMPAT_H */
